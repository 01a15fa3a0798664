/**
 * The "code-input" chunk of the hosted runtime: the code input element, fetched the first time
 * Bubble runs a hook of a code input on the page (elements/code-input/element.lazy.ts).
 */
import { registerChunk } from '../shared/chunks/registry.js';
import { codeInputElement } from '../elements/code-input/element.js';

registerChunk('code-input', codeInputElement);
