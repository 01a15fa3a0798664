/**
 * SVG markup as a base64 data URI: it contains only [A-Za-z0-9+/=], so it is safe in any
 * attribute or CSS context, and an <img> (or a Bubble Image element) showing it runs nothing
 * and loads nothing.
 */
export function svgToDataUri(svg: string): string {
  return `data:image/svg+xml;base64,${btoa(/^[\x20-\x7e]*$/.test(svg) ? svg : utf8AsLatin1(svg))}`;
}

/** Our markup is ASCII (numbers and colours), which btoa takes as is; anything else as UTF-8 bytes. */
function utf8AsLatin1(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  const chunk = 0x8000; // String.fromCharCode has an argument-count limit
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return binary;
}
