/**
 * A tiny synthetic plugin in Bubble's on-disk layout, for the harness's own tests: one element
 * ("Probe", ID AAD) with a field of each kind, a state of each type, two events and one action,
 * plus one server-side action. Code boxes are given as text, so a test can make them misbehave.
 */
import type { PluginFiles } from '../../dev/bubble-harness/index.js';

export interface SyntheticBoxes {
  initialize?: string;
  update?: string;
  preview?: string;
  action?: string;
  server?: string;
  header?: string;
  pluginHeader?: string;
  stateInit?: string;
}

const NOOP2 = 'function(instance, context) {\n}\n';
const NOOP3 = 'function(instance, properties, context) {\n}\n';

export const PROBE_STATES = [
  ['AAI', 'label', 'text', false],
  ['AAJ', 'count', 'number', false],
  ['AAK', 'ok', 'boolean', false],
  ['AAL', 'when', 'date', false],
  ['AAM', 'picture', 'image', false],
  ['AAN', 'tags', 'text', true],
  ['AAO', 'numbers', 'number', true],
] as const;

export function syntheticPlugin(boxes: SyntheticBoxes = {}): PluginFiles {
  const el = 'elements/AAD-850m8';
  const states: Record<string, unknown> = {};
  const files: PluginFiles = {};
  for (const [id, name, value, list] of PROBE_STATES) {
    const fn = boxes.stateInit ?? `function(properties, context) {\n  return ${list ? '[]' : value === 'boolean' ? 'false' : 'null'};\n}\n`;
    states[id] = { caption: name, name, value, ...(list ? { is_list: true } : {}), initialization_code: { fn } };
    files[`${el}/states/${id}-x/initialization.js`] = fn;
  }
  Object.assign(files, {
    'meta_data.json': JSON.stringify({ name: 'Probe plugin' }),
    'shared_tech_params.json': JSON.stringify({
      dependencies: { plugin_api_version: '4', use_jquery: false },
      shared_keys: {
        AAA: { caption: 'Public key', type: 'client_safe' },
        AAB: { caption: 'Secret key', type: 'secure' },
        AAC: { caption: 'Blank key', type: 'client_safe' },
      },
    }),
    'html_headers.html': boxes.pluginHeader ?? '',
    [`${el}/params.json`]: JSON.stringify({
      display: 'Probe',
      default_dim: { width: 120, height: 60 },
      add_is_visible: true,
      fields: {
        AAE: { caption: 'Text', name: 'text', editor: 'DynamicValue', value: 'text', rank: 0, optional: true },
        AAF: { caption: 'Size', name: 'size', editor: 'DynamicValue', value: 'number', rank: 1, optional: true, default_val: '4' },
        AAG: { caption: 'Enabled', name: 'enabled', editor: 'Checkbox', rank: 2, default_val: true },
        AAH: { caption: 'Mode', name: 'mode', editor: 'Dropdown', rank: 3, options: 'fast,slow', default_val: 'fast' },
        AAP: { caption: 'Colour', name: 'colour', editor: 'Color', rank: 4, optional: true, default_val: 'rgba(0, 0, 0, 1)' },
        AAQ: { caption: 'Items', name: 'items', editor: 'DynamicValue', value: 'text', is_list: true, rank: 5, optional: true },
        AAR: { caption: 'Flag', name: 'flag', editor: 'Checkbox', rank: 6 },
        AAS: { caption: 'Other', name: 'other', editor: 'DynamicValue', value: 'text', rank: 7, optional: true },
      },
      states,
      events: { AAT: { caption: 'Done', name: 'done' }, AAU: { caption: 'Failed', name: 'failed' } },
    }),
    [`${el}/initialize.js`]: boxes.initialize ?? NOOP2,
    [`${el}/update.js`]: boxes.update ?? NOOP3,
    [`${el}/preview.js`]: boxes.preview ?? 'function(instance, properties) {\n}\n',
    [`${el}/reset.js`]: NOOP2,
    [`${el}/headers.html`]: boxes.header ?? '',
    [`${el}/element_actions/AAV-x/params.json`]: JSON.stringify({
      caption: 'Do it',
      fields: {
        AAW: { caption: 'Code', name: 'code', editor: 'DynamicValue', value: 'text', rank: 0 },
        AAX: { caption: 'Channel', name: 'channel', editor: 'Dropdown', options: 'sms,whatsapp', default_val: 'sms', rank: 1 },
      },
    }),
    [`${el}/element_actions/AAV-x/run.js`]: boxes.action ?? NOOP3,
    'actions/AAY-x/params.json': JSON.stringify({
      display: 'Probe - server',
      type: 'server_side',
      fields: { AAZ: { caption: 'User', name: 'user_id', editor: 'DynamicValue', value: 'text', rank: 0 } },
      return_value: {
        AAa: { caption: 'Result', name: 'result', value: 'text', rank: 0 },
        AAb: { caption: 'Ids', name: 'ids', value: 'text', is_list: true, rank: 1 },
      },
    }),
    'actions/AAY-x/client.js': 'function(properties, context) {\n\n\n\n}\n',
    'actions/AAY-x/server.js': boxes.server ?? 'async function(properties, context) {\n  return { result: null, ids: [] };\n}\n',
  });
  return files;
}
