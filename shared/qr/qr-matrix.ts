/**
 * The one shape a QR code takes between parsing and rendering: the modules only, no quiet zone,
 * no colours, no markup. Everything the plugin puts in a page is rebuilt from this, so nothing
 * from the source text can reach the output except these bits.
 */
export interface QrMatrix {
  /** Modules per side, without the quiet zone (21..177 for a real QR code). */
  size: number;
  /** Row-major, `size * size` entries, 1 = dark module, 0 = light. */
  dark: Uint8Array;
}

export function createQrMatrix(size: number): QrMatrix {
  return { size, dark: new Uint8Array(size * size) };
}

/** True when the module at (row, col) is dark; false outside the matrix. */
export function isDark(m: QrMatrix, row: number, col: number): boolean {
  if (row < 0 || col < 0 || row >= m.size || col >= m.size) return false;
  return m.dark[row * m.size + col] === 1;
}

export function qrMatricesEqual(a: QrMatrix, b: QrMatrix): boolean {
  if (a.size !== b.size || a.dark.length !== b.dark.length) return false;
  for (let i = 0; i < a.dark.length; i++) if (a.dark[i] !== b.dark[i]) return false;
  return true;
}
