/**
 * What the QR element shows in Bubble's editor: three finder patterns on a 21-module grid,
 * built from constants, so builders see the size and quiet zone without real data.
 */
export function placeholderQrSvg(): string {
  const finder = (x: number, y: number) => `M${x} ${y}h7v7h-7zM${x + 1} ${y + 1}v5h5v-5zM${x + 2} ${y + 2}h3v3h-3z`;
  const d = [finder(4, 4), finder(18, 4), finder(4, 18)].join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 29 29" shape-rendering="crispEdges"><rect width="29" height="29" fill="#ffffff"/><path fill="#000000" fill-rule="evenodd" d="${d}"/></svg>`;
}
