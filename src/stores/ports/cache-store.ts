// Port for the response cache's durable entries. The domain keeps a bounded in-memory LRU in
// front of it (src/domain/cache/response-cache.ts); this store is the source of truth.

export interface CacheEntry {
  id: string;
  tenantId: string;
  /** Hex SHA-256 of the canonical request (see src/domain/cache/cache-key.ts). */
  cacheKey: string;
  model: string;
  /** The full `chat.completion` body as returned to the first caller. */
  response: unknown;
  promptTokens: number;
  completionTokens: number;
  sizeBytes: number;
  createdAt: number;
  expiresAt: number;
  lastHitAt: number;
  hitCount: number;
  /** The semantic layer's view of the request, when it has one (see SemanticFields). */
  semantic?: SemanticFields;
}

/** What the semantic layer needs to rebuild its index after a restart. */
export interface SemanticFields {
  /** Hash of everything that must match exactly (tenant, model, system prompt, parameters, ...). */
  partition: string;
  /** The last user message, as embedded. */
  text: string;
  /** Earlier user turns, oldest first. */
  context: string[];
  embedderId: string;
  vector: Float32Array;
}

export interface SemanticRow extends SemanticFields {
  tenantId: string;
  cacheKey: string;
  expiresAt: number;
}

export interface CacheHitRecord {
  id: string;
  hits: number;
  lastHitAt: number;
}

/** Aggregates per tenant and model. */
export interface CacheUsageRow {
  tenantId: string;
  model: string;
  entries: number;
  hits: number;
  promptTokensSaved: number;
  completionTokensSaved: number;
}

export interface CacheStore {
  getEntry(tenantId: string, cacheKey: string): Promise<CacheEntry | undefined>;
  /** An entry by its id (`ce_...`), within the tenant; used to promote it into memory. */
  getEntryById(tenantId: string, id: string): Promise<CacheEntry | undefined>;
  /** Inserts each entry, or replaces the one with the same tenant and key; all or none. */
  putEntries(entries: CacheEntry[]): Promise<void>;
  deleteEntry(tenantId: string, id: string): Promise<CacheEntry | undefined>;
  /** Deletes a tenant's entries (optionally one model's); returns the removed keys. */
  deleteEntries(tenantId: string, model?: string): Promise<string[]>;
  /** Deletes expired entries; returns their keys. */
  deleteExpired(now: number): Promise<Array<{ tenantId: string; cacheKey: string }>>;
  /** Records the semantic fields of entries already stored (written after the entry itself). */
  putSemantic(rows: Array<{ tenantId: string; cacheKey: string; semantic: SemanticFields }>): Promise<void>;
  /** Live entries that have semantic fields from the given embedder, for rebuilding the index. */
  listSemantic(embedderId: string, now: number): Promise<SemanticRow[]>;
  /** Deletes least recently used entries until at most `keep` remain; returns the removed keys. */
  evictBeyond(keep: number): Promise<Array<{ tenantId: string; cacheKey: string }>>;
  recordHits(hits: CacheHitRecord[]): Promise<void>;
  countEntries(): Promise<number>;
  usageByTenantAndModel(tenantId?: string): Promise<CacheUsageRow[]>;
}
