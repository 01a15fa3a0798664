/** The SVG namespace: the only one our output uses and the only one the parser reads. */
export const SVG_NS = 'http://www.w3.org/2000/svg';
