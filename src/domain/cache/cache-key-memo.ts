// Cache keys remembered by the exact request text they were computed from. Computing a key walks the
// parsed body into canonical JSON and hashes it (about 4% of a cache hit's CPU); a client that repeats
// a request sends the same text, and the same text parses to the same body, so its key is the same.
// Only for protocols whose key material is the body alone (`wholeBody`): a protocol that adds to the
// material (anthropic-beta flags, a translation's upstream model) is computed every time. Short
// texts only, and a bounded number, so the memo stays small.
import { computeCacheKey } from './cache-key.js';

/** Key material that is the body itself: the one kind whose key the request text decides alone. */
export function wholeBody<Body>(body: Body): Record<string, unknown> {
  return body as Record<string, unknown>;
}

/** The protocol parts a key needs (a CompletionProtocol has them). */
export interface KeyedProtocol<Body> {
  readonly keyspace: string;
  keyMaterial(body: Body): Record<string, unknown>;
}

/** Texts longer than this are not remembered (their parse costs more than their key anyway). */
export const MEMO_MAX_TEXT = 4096;
export const MEMO_MAX_ENTRIES = 1024;

export class CacheKeyMemo {
  /** Keys by tenant, keyspace and scope, then by text: the text, the long part, is looked up as the string it is (V8 keeps its hash). */
  private readonly keys = new Map<string, Map<string, string>>();
  private size = 0;

  constructor(
    private readonly maxEntries = MEMO_MAX_ENTRIES,
    private readonly maxText = MEMO_MAX_TEXT,
  ) {}

  /**
   * The key of `body` for the tenant. `bodyText`, when given, must be the exact JSON text `body` was
   * parsed from, unchanged since (the HTTP layer's request body); `scope`, the workspace the request
   * was asked from (workspace-scope.ts), is part of the key.
   */
  keyOf<Body>(tenantId: string, protocol: KeyedProtocol<Body>, body: Body, bodyText?: string, scope?: string): string {
    if (bodyText === undefined || bodyText.length > this.maxText || protocol.keyMaterial !== wholeBody) {
      return computeCacheKey(tenantId, protocol.keyMaterial(body), protocol.keyspace, scope);
    }
    const partition = tenantId + '\u0000' + protocol.keyspace + '\u0000' + (scope ?? '');
    let texts = this.keys.get(partition);
    const known = texts?.get(bodyText);
    if (known !== undefined) return known;
    const key = computeCacheKey(tenantId, protocol.keyMaterial(body), protocol.keyspace, scope);
    if (this.size >= this.maxEntries) this.forgetOldest();
    if (!texts) this.keys.set(partition, (texts = new Map()));
    texts.set(bodyText, key);
    this.size++;
    return key;
  }

  /** The oldest entry of the oldest partition goes: a key still in use is computed again once, then kept again. */
  private forgetOldest(): void {
    const [partition, texts] = this.keys.entries().next().value as [string, Map<string, string>];
    texts.delete(texts.keys().next().value as string);
    this.size--;
    if (texts.size === 0) this.keys.delete(partition);
  }
}
