// The semantic cache's texts reader: a bounded LRU of recently indexed or verified entries'
// texts, and the store for the rest (one indexed read per candidate that reaches verification).
// An entry indexed moments ago is held until the write-behind has stored its texts (written()),
// however many entries are indexed meanwhile.
import { LRUCache } from 'lru-cache';
import type { CacheStore } from '../../../stores/ports/cache-store.js';
import type { EntryTextReader, EntryTexts } from './entry-texts.js';

export class StoredEntryTexts implements EntryTextReader {
  private readonly recent: LRUCache<string, EntryTexts>;
  /** Indexed, not yet in the store. */
  private readonly unwritten = new Map<string, EntryTexts>();

  constructor(
    private readonly store: CacheStore,
    capacity: number,
  ) {
    this.recent = new LRUCache({ max: Math.max(1, capacity) });
  }

  read(id: string): EntryTexts | undefined | Promise<EntryTexts | undefined> {
    const held = this.recent.get(id) ?? this.unwritten.get(id);
    if (held) return held;
    const { tenantId, cacheKey } = splitEntryId(id);
    return this.store.getSemanticTexts(tenantId, cacheKey).then((texts) => {
      if (texts) this.recent.set(id, texts);
      return texts;
    });
  }

  added(id: string, texts: EntryTexts): void {
    this.recent.set(id, texts);
  }

  /** Texts this instance is about to write: held, whatever the LRU evicts, until written(). */
  addedUnwritten(id: string, texts: EntryTexts): void {
    this.recent.set(id, texts);
    this.unwritten.set(id, texts);
  }

  /** The store holds these entries' texts now (or never will: their write failed). */
  written(ids: string[]): void {
    for (const id of ids) this.unwritten.delete(id);
  }

  removed(id: string): void {
    this.recent.delete(id);
    this.unwritten.delete(id);
  }
}

/**
 * The semantic index's entry id: tenant id, ':', cache key (a hash, never holding ':'). Joined,
 * not concatenated: V8 keeps a concatenation as a string object pointing at both parts, and the
 * index holds an id per entry for as long as the entry lives (a flat string is 60 bytes less).
 */
export function entryId(tenantId: string, cacheKey: string): string {
  return [tenantId, cacheKey].join(':');
}

export function splitEntryId(id: string): { tenantId: string; cacheKey: string } {
  const at = id.lastIndexOf(':');
  return { tenantId: id.slice(0, at), cacheKey: id.slice(at + 1) };
}
