// Text every store keeps exactly, on SQLite and PostgreSQL alike: no NUL character (U+0000),
// which PostgreSQL's text cannot hold at all, and no unpaired UTF-16 surrogate, which no UTF-8 can
// (each backend stored its own mangled version: one or three U+FFFD). Memory fields must be
// storable text (400 otherwise); proxied prompts and answers may hold anything, since they are
// stored as JSON text, where such characters are escaped. Paired surrogates (emoji) are fine.

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const STORABLE_TEXT_RULE = 'must not contain NUL characters (U+0000) or unpaired UTF-16 surrogates';

export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

/**
 * The path (`agentIds[1]`, `a.b`) of the first string or object key in a JSON value that is not
 * storable text; `''` when the value itself is such a string; undefined when all are storable.
 * Iterative, so a deeply nested body cannot overflow the stack.
 */
export function findUnstorableText(value: unknown): string | undefined {
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length > 0) {
    const [node, path] = stack.pop()!;
    if (typeof node === 'string') {
      if (!isStorableText(node)) return path;
    } else if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push([node[i], `${path}[${i}]`]);
    } else if (typeof node === 'object' && node !== null) {
      const entries = Object.entries(node);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        const childPath = path ? `${path}.${key}` : key;
        if (!isStorableText(key)) return childPath;
        stack.push([child, childPath]);
      }
    }
  }
  return undefined;
}
