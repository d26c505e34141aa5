// Request bodies the hit shortcut parsed and validated for a route, remembered by their exact
// text. A client that repeats a request sends the same text, which parses to the same body and
// passes the route's schema the same way (its defaults applied the same way): parsing and
// validating it again was about a thirtieth of a cache hit's CPU. Remembered bodies are frozen, so
// that one request cannot change what the next is answered from: nothing on the hit path writes to
// a body, and should anything try, the shortcut hands the request to Fastify, which parses its text
// anew. Short texts only (as the cache-key memo keeps them), and a bounded number per route, the
// oldest going first.
import { MEMO_MAX_TEXT } from '../../domain/cache/cache-key-memo.js';

/** Bodies remembered per route: a client's repeated requests, with room to spare; at most a few MB of text and objects. */
const MAX_BODIES = 256;

/** What a text parses to for a route: the valid body, or undefined when it is not valid JSON or fails the schema. */
export type BodyParser = (text: string) => unknown;

export class ParsedBodies {
  private readonly bodies = new Map<string, unknown>();

  /** `parse`: the route's parser and schema. */
  constructor(
    private readonly parse: BodyParser,
    private readonly maxEntries = MAX_BODIES,
    private readonly maxText = MEMO_MAX_TEXT,
  ) {}

  /** The valid body `text` parses to (undefined when none); parsed only when not remembered. */
  bodyOf(text: string): unknown {
    if (text.length > this.maxText) return this.parse(text);
    const known = this.bodies.get(text);
    if (known !== undefined) return known;
    const body = this.parse(text);
    if (body === undefined) return undefined;
    if (this.bodies.size >= this.maxEntries) this.bodies.delete(this.bodies.keys().next().value as string);
    this.bodies.set(text, deepFreeze(body));
    return body;
  }
}

/** Freezes a parsed JSON value and everything in it (iteratively: bodies are depth-checked, but need not be shallow). */
function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null || Object.isFrozen(node)) continue;
    Object.freeze(node);
    for (const child of Object.values(node)) stack.push(child);
  }
  return value;
}
