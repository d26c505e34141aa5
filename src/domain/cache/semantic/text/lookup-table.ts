// Word tables without a prototype, so that looking up "constructor" or "toString" (real words in
// real prompts) finds nothing instead of an Object method.

export function lookupTable<T>(entries: Record<string, T> = {}): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, entries);
}
