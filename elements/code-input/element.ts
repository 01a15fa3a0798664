/**
 * Bubble's hooks for the Supabase MFA code input: properties in → the boxes (boxes.ts); the code
 * out as the Code / Is complete states and the Code changed / Code completed events. It never
 * talks to Supabase: builders wire Code completed to the Supabase MFA element's verify action.
 * update() runs on every property change and data load, so it reconfigures only when an input
 * actually changed.
 */
import { ElementView } from '../../shared/bubble/element-view.js';
import { describeThrown, reportTo } from '../../shared/bubble/guard.js';
import { defineElement } from '../../shared/bubble/define-element.js';
import type { BubbleInstance } from '../../shared/bubble/types.js';
import { CODE_INPUT_INITIAL_STATES, CODE_INPUT_PROPERTY_NAMES, type CodeInputEvent, type CodeInputStates } from '../../shared/generated/plugin.js';
import { CodeBoxes } from './boxes.js';
import { settingsFrom } from './settings.js';

interface CodeInputData {
  view: ElementView<CodeInputStates, CodeInputEvent>;
  boxes: CodeBoxes;
  lastInput: string;
  /** The complete code Code completed last fired for; empty once the code is incomplete again. */
  completed: string;
}

const dataOf = (instance: BubbleInstance) => instance.data.codeInput as CodeInputData | undefined;

function published(data: CodeInputData, code: string, complete: boolean): void {
  data.view.publishAll({ code: code || null, is_complete: complete });
  data.view.trigger('code_changed');
  if (!complete) data.completed = '';
  else if (data.completed !== code) {
    data.completed = code;
    data.view.trigger('code_completed');
  }
}

export const codeInputElement = defineElement(CODE_INPUT_PROPERTY_NAMES, {
  initialize(instance, context) {
    const view = new ElementView<CodeInputStates, CodeInputEvent>(instance);
    view.publishAll(CODE_INPUT_INITIAL_STATES);
    const report = reportTo(context);
    const data: CodeInputData = {
      view,
      lastInput: '',
      completed: '',
      // DOM events run outside Bubble's code boxes: never let one throw into the page.
      boxes: new CodeBoxes(instance.canvas[0]!, (code, complete) => {
        try {
          published(data, code, complete);
        } catch (e) {
          report(`Supabase MFA code input: publishing the code failed (${describeThrown(e)}).`);
        }
      }),
    };
    instance.data.codeInput = data;
  },

  update(instance, p, context) {
    const data = dataOf(instance);
    if (!data) return;
    const input = JSON.stringify(p);
    if (input === data.lastInput) return;
    const first = data.lastInput === '';
    data.lastInput = input;
    data.boxes.configure(settingsFrom(p, reportTo(context)));
    if (first && p.autofocus) data.boxes.focus();
  },

  actions: {
    clear(instance) {
      dataOf(instance)?.boxes.clear();
    },
    focus(instance) {
      dataOf(instance)?.boxes.focus();
    },
    show_error(instance, p) {
      dataOf(instance)?.boxes.showError((p.message ?? '').trim(), p.clear_code === true);
    },
  },
});
