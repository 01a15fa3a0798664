/**
 * Entry of the code input runtime script, loaded by the code input element's header: the element
 * and its DOM, nothing else (no Supabase client, no DOMPurify).
 */
import { registerElement } from '../shared/bubble/registry.js';
import { codeInputElement } from '../elements/code-input/element.js';

registerElement('code_input', codeInputElement);
