// Field-by-field difference of two JSON values, as dotted paths: shows which request fields
// change between two identical CLI runs (session ids, item ids, dates) and must stay out of a cache key.
export interface FieldDifference {
  path: string;
  a: unknown;
  b: unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function diffJson(a: unknown, b: unknown, path = '$', out: FieldDifference[] = []): FieldDifference[] {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) diffJson(a[i], b[i], `${path}[${i}]`, out);
  } else if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) diffJson(a[key], b[key], `${path}.${key}`, out);
  } else if (JSON.stringify(a) !== JSON.stringify(b)) {
    out.push({ path, a, b });
  }
  return out;
}

/** Long strings (system prompts) are shortened around their first difference so a report stays readable. */
export function describeDifference(d: FieldDifference, width = 160): string {
  const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v) ?? 'undefined');
  let a = show(d.a);
  let b = show(d.b);
  if (a.length > width || b.length > width) {
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    const from = Math.max(0, i - 40);
    a = `…${a.slice(from, from + width)}…`;
    b = `…${b.slice(from, from + width)}…`;
  }
  return `${d.path}\n    run 1: ${a}\n    run 2: ${b}`;
}
