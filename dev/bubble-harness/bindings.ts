/**
 * Dynamic expressions between elements, as in Bubble's editor ("Field X = Element A's state Y"):
 * whenever `source` publishes `state`, `target`'s `field` takes the value and Bubble runs the
 * target's update — on a later task, as Bubble does, not inside publishState.
 */
import { sameValue } from './bubble-values.js';
import type { ElementInstance } from './element-instance.js';

interface Binding {
  target: ElementInstance;
  field: string;
  source: ElementInstance;
  state: string;
}

export class Bindings {
  private readonly all: Binding[] = [];
  private pending = 0;

  /** `later` runs a function on a later task of the page (the page's setTimeout). */
  constructor(private readonly later: (fn: () => void) => void) {}

  bind(target: ElementInstance, field: string, source: ElementInstance, state: string): void {
    if (!target.spec.fields.some((f) => f.name === field)) throw new TypeError(`test error: ${target.spec.display} has no field "${field}"`);
    if (!source.spec.states.some((s) => s.name === state)) throw new TypeError(`test error: ${source.spec.display} has no state "${state}"`);
    this.all.push({ target, field, source, state });
    if (state in source.states) target.setFields({ [field]: source.states[state] ?? null });
  }

  /** `source` published `state`: every field bound to it follows on a later task. */
  propagate(source: ElementInstance, state: string): void {
    for (const b of this.all) {
      if (b.source !== source || b.state !== state) continue;
      this.pending++;
      this.later(() => {
        this.pending--;
        const value = source.states[state] ?? null;
        if (!sameValue(b.target.fields[b.field] ?? null, value)) b.target.setFields({ [b.field]: value });
      });
    }
  }

  /** Resolves once every bound field has caught up with its state. */
  async settled(timeout = 5000): Promise<void> {
    const end = Date.now() + timeout;
    while (this.pending > 0) {
      if (Date.now() > end) throw new Error('bound fields did not settle');
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}
