/**
 * The code input's editor preview, bundled into its own preview code box: Bubble's editor may
 * not run element headers. It draws the boxes with the builder's look; nothing can be typed.
 */
import { readProps, type BubbleProperties } from '../../shared/bubble/props.js';
import type { BubbleInstance } from '../../shared/bubble/types.js';
import { CODE_INPUT_PROPERTY_NAMES, type CodeInputFields } from '../../shared/generated/plugin.js';
import { CodeBoxes } from './boxes.js';
import { settingsFrom } from './settings.js';

export function preview(instance: BubbleInstance, properties: BubbleProperties): void {
  const fields = readProps<CodeInputFields>(properties, CODE_INPUT_PROPERTY_NAMES.fields);
  new CodeBoxes(instance.canvas[0]!, () => undefined, false).configure(settingsFrom(fields, () => undefined));
}
