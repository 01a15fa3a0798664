/** A JSON-safe copy of a state value (what crosses page.evaluate): Dates become { $date: ISO string }. */
export function toJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(toJson);
  if (Object.prototype.toString.call(v) === '[object Date]') return { $date: (v as Date).toISOString() };
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x)]));
  return v;
}
