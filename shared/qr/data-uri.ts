/**
 * SVG markup as a base64 data URI: it contains only [A-Za-z0-9+/=], so it is safe in any
 * attribute or CSS context, and an <img> (or a Bubble Image element) showing it runs nothing
 * and loads nothing.
 */
export function svgToDataUri(svg: string): string {
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  const chunk = 0x8000; // String.fromCharCode has an argument-count limit
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}
