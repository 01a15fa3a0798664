/**
 * The value every state has before anything happened. Bubble's state initialisation boxes and
 * the generated initial-state constants (which initialize() publishes) both come from here.
 */
import type { StateDef } from './plugin-def.js';

export function initialStateValue(s: Pick<StateDef, 'type' | 'list'>): [] | false | 0 | null {
  if (s.list) return [];
  if (s.type === 'boolean') return false;
  if (s.type === 'number') return 0;
  return null;
}
