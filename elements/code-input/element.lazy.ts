/**
 * The hosted core's twin of element.ts (same export; entries/hosted-runtime.ts registers it): the
 * code input element's code is the
 * "code-input" chunk (entries/code-input-chunk.ts), fetched with an integrity check the first
 * time Bubble runs one of its hooks, so a page without a code input never downloads it.
 */
import { lazyElement } from '../../shared/chunks/lazy-element.js';
import { CODE_INPUT_INITIAL_STATES, CODE_INPUT_PROPERTY_NAMES } from '../../shared/generated/plugin.js';

export const codeInputElement = lazyElement('the code input', 'code-input', 'code-input', CODE_INPUT_PROPERTY_NAMES, CODE_INPUT_INITIAL_STATES);
