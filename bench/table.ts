/** Markdown table helpers. */

export interface TableRow {
  row: string;
  ours: string;
  anchor: string;
  ratio: string;
  target: string;
  met: string;
}

const HEADER: TableRow = { row: 'Row', ours: 'Ours', anchor: 'Anchor', ratio: 'Ratio', target: 'Target', met: 'Met?' };
const KEYS: Array<keyof TableRow> = ['row', 'ours', 'anchor', 'ratio', 'target', 'met'];

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function markdownTable(rows: TableRow[]): string {
  const all = [HEADER, ...rows].map((r) => KEYS.map((k) => cell(r[k])));
  const widths = KEYS.map((_, i) => Math.max(3, ...all.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(all[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...all.slice(1).map(line)].join('\n');
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
export const ms = (v: number) => (v >= 100 ? `${v.toFixed(0)} ms` : v >= 10 ? `${v.toFixed(1)} ms` : v >= 1 ? `${v.toFixed(2)} ms` : `${v.toFixed(3)} ms`);
export const times = (r: number) => (Number.isFinite(r) ? (r >= 0.01 ? `${r.toFixed(2)}×` : `${r.toFixed(4)}×`) : '—');
export const yesNo = (b: boolean) => (b ? 'yes' : 'no');
