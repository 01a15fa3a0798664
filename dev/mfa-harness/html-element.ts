/**
 * Bubble's HTML element as the founding how-to uses it: a box in a group, whose content Bubble
 * sets from dynamic data with jQuery's .html() (live HTML: scripts in it run). Tests put the MFA
 * element's QR code (SVG) state in it exactly that way and check what the box then holds.
 */
import { inspectQrBox, type QrDomReport } from './qr-dom.js';

export interface HtmlElementOptions {
  /** Width and height of the HTML element, px. */
  side: number;
  /** The group's background (a white or a dark group). */
  background: string;
}

/** The page's jQuery, as far as the HTML element uses it. */
type WithHtml = Window & { jQuery?: (el: unknown) => { html(text: string): unknown } };

/** Places (or resizes) group#<id>-group > div#<id> at the top left of the page, above the rest. */
export function placeHtmlElement(win: Window, id: string, { side, background }: HtmlElementOptions): void {
  const doc = win.document;
  let group = doc.getElementById(`${id}-group`);
  if (!group) {
    group = doc.createElement('div');
    group.id = `${id}-group`;
    const box = doc.createElement('div');
    box.id = id;
    group.appendChild(box);
    doc.body.appendChild(group);
  }
  group.style.cssText = `position:fixed;left:0;top:0;z-index:9999;padding:24px;background:${background}`;
  (group.firstElementChild as HTMLElement).style.cssText = `width:${side}px;height:${side}px;overflow:hidden`;
}

/** Sets the HTML element's content as Bubble does (jQuery .html(); empty for no value) and reports what it holds. */
export function setHtmlElement(win: Window, id: string, html: string | null): QrDomReport {
  const box = win.document.getElementById(id);
  const jq = (win as unknown as WithHtml).jQuery;
  if (!box || !jq) throw new Error(`no HTML element #${id} (or no jQuery on the page)`);
  jq(box).html(html ?? '');
  return inspectQrBox(box);
}

/** What the HTML element holds now. */
export function htmlElementReport(win: Window, id: string): QrDomReport {
  const box = win.document.getElementById(id);
  if (!box) throw new Error(`no HTML element #${id}`);
  return inspectQrBox(box);
}
