/**
 * A typed face on Bubble's instance: publish only declared states with their declared value
 * types, trigger only declared events (the type parameters come from shared/generated/plugin.ts,
 * which is generated from plugin.json). Publishing skips values that did not change, because
 * every publishState makes Bubble re-evaluate the page's conditions.
 */
import type { BubbleInstance } from './types.js';

export class ElementView<States extends object, Event extends string> {
  readonly #published = new Map<keyof States, unknown>();

  constructor(readonly instance: BubbleInstance) {}

  publish<K extends keyof States>(name: K, value: States[K]): void {
    const before = this.#published.get(name);
    if (this.#published.has(name) && sameValue(before, value)) return;
    this.#published.set(name, value);
    this.instance.publishState(name as string, value);
  }

  publishAll(values: Partial<States>): void {
    for (const name of Object.keys(values) as Array<keyof States>) this.publish(name, values[name] as States[typeof name]);
  }

  /** The value last published, so actions can default to it (e.g. the last factor id). */
  current<K extends keyof States>(name: K): States[K] | undefined {
    return this.#published.get(name) as States[K] | undefined;
  }

  trigger(name: Event): void {
    this.instance.triggerEvent(name);
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}
