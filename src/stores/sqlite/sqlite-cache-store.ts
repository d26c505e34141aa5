// CacheStore on SQLite. Responses are stored as JSON text; hit counters are written in batches.
import type { CacheEntry, CacheHitRecord, CacheStore, CacheUsageRow, SemanticFields, SemanticRow } from '../ports/cache-store.js';
import type { SqliteDatabase } from './database.js';

interface CacheRow {
  id: string;
  tenant_id: string;
  cache_key: string;
  model: string;
  response: string;
  prompt_tokens: number;
  completion_tokens: number;
  size_bytes: number;
  created_at: number;
  expires_at: number;
  last_hit_at: number;
  hit_count: number;
}

interface SemanticDbRow {
  tenant_id: string;
  cache_key: string;
  expires_at: number;
  semantic_partition: string;
  prompt_text: string;
  prompt_context: string;
  embedder_id: string;
  embedding: Buffer;
}

/** A BLOB of float32 values; copied so the vector does not alias the driver's buffer. */
function toVector(blob: Buffer): Float32Array {
  const copy = new Uint8Array(blob.byteLength);
  copy.set(blob);
  return new Float32Array(copy.buffer);
}

function semanticColumns(semantic: SemanticFields | undefined): Record<string, unknown> {
  return {
    semanticPartition: semantic?.partition ?? null,
    promptText: semantic?.text ?? null,
    promptContext: semantic ? JSON.stringify(semantic.context) : null,
    embedderId: semantic?.embedderId ?? null,
    embedding: semantic ? Buffer.from(semantic.vector.buffer, semantic.vector.byteOffset, semantic.vector.byteLength) : null,
  };
}

const toEntry = (row: CacheRow): CacheEntry => ({
  id: row.id,
  tenantId: row.tenant_id,
  cacheKey: row.cache_key,
  model: row.model,
  response: JSON.parse(row.response) as unknown,
  promptTokens: row.prompt_tokens,
  completionTokens: row.completion_tokens,
  sizeBytes: row.size_bytes,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  lastHitAt: row.last_hit_at,
  hitCount: row.hit_count,
});

export class SqliteCacheStore implements CacheStore {
  private readonly db: SqliteDatabase;
  private readonly select;
  private readonly upsert;
  private readonly selectById;
  private readonly deleteById;
  private readonly expired;
  private readonly count;
  private readonly semanticUpdate;
  private readonly hit;

  constructor(db: SqliteDatabase) {
    this.db = db;
    this.select = db.prepare('SELECT * FROM cache_entries WHERE tenant_id = ? AND cache_key = ?');
    this.upsert = db.prepare(`INSERT INTO cache_entries
      (id, tenant_id, cache_key, model, response, prompt_tokens, completion_tokens, size_bytes,
       created_at, expires_at, last_hit_at, hit_count,
       semantic_partition, prompt_text, prompt_context, embedder_id, embedding)
      VALUES (@id, @tenantId, @cacheKey, @model, @response, @promptTokens, @completionTokens,
       @sizeBytes, @createdAt, @expiresAt, @lastHitAt, @hitCount,
       @semanticPartition, @promptText, @promptContext, @embedderId, @embedding)
      ON CONFLICT (tenant_id, cache_key) DO UPDATE SET
        id = excluded.id, model = excluded.model, response = excluded.response,
        prompt_tokens = excluded.prompt_tokens, completion_tokens = excluded.completion_tokens,
        size_bytes = excluded.size_bytes, created_at = excluded.created_at,
        expires_at = excluded.expires_at, last_hit_at = excluded.last_hit_at, hit_count = 0,
        semantic_partition = excluded.semantic_partition, prompt_text = excluded.prompt_text,
        prompt_context = excluded.prompt_context, embedder_id = excluded.embedder_id,
        embedding = excluded.embedding`);
    this.selectById = db.prepare('SELECT * FROM cache_entries WHERE tenant_id = ? AND id = ?');
    this.deleteById = db.prepare('DELETE FROM cache_entries WHERE id = ?');
    this.expired = db.prepare('DELETE FROM cache_entries WHERE expires_at <= ? RETURNING tenant_id, cache_key');
    this.count = db.prepare('SELECT count(*) FROM cache_entries').pluck();
    this.semanticUpdate = db.prepare(`UPDATE cache_entries SET semantic_partition = @semanticPartition,
      prompt_text = @promptText, prompt_context = @promptContext, embedder_id = @embedderId,
      embedding = @embedding WHERE tenant_id = @tenantId AND cache_key = @cacheKey`);
    this.hit = db.prepare(
      'UPDATE cache_entries SET hit_count = hit_count + ?, last_hit_at = max(last_hit_at, ?) WHERE id = ?',
    );
  }

  async getEntry(tenantId: string, cacheKey: string): Promise<CacheEntry | undefined> {
    const row = this.select.get(tenantId, cacheKey) as CacheRow | undefined;
    return row && toEntry(row);
  }

  async getEntryById(tenantId: string, id: string): Promise<CacheEntry | undefined> {
    const row = this.selectById.get(tenantId, id) as (CacheRow & Partial<SemanticDbRow>) | undefined;
    if (!row) return undefined;
    const entry = toEntry(row);
    if (row.semantic_partition && row.prompt_text !== undefined && row.embedder_id && row.embedding) {
      entry.semantic = {
        partition: row.semantic_partition,
        text: row.prompt_text,
        context: JSON.parse(row.prompt_context ?? '[]') as string[],
        embedderId: row.embedder_id,
        vector: toVector(row.embedding),
      };
    }
    return entry;
  }

  async putEntries(entries: CacheEntry[]): Promise<void> {
    this.db.transaction(() => {
      for (const { semantic, ...entry } of entries) {
        this.upsert.run({ ...entry, response: JSON.stringify(entry.response), ...semanticColumns(semantic) });
      }
    })();
  }

  async deleteEntry(tenantId: string, id: string): Promise<CacheEntry | undefined> {
    const row = this.selectById.get(tenantId, id) as CacheRow | undefined;
    if (!row) return undefined;
    this.deleteById.run(id);
    return toEntry(row);
  }

  async deleteEntries(tenantId: string, model?: string): Promise<string[]> {
    const sql =
      model === undefined
        ? 'DELETE FROM cache_entries WHERE tenant_id = ? RETURNING cache_key'
        : 'DELETE FROM cache_entries WHERE tenant_id = ? AND model = ? RETURNING cache_key';
    const args = model === undefined ? [tenantId] : [tenantId, model];
    return this.db.prepare(sql).pluck().all(...args) as string[];
  }

  async deleteExpired(now: number): Promise<Array<{ tenantId: string; cacheKey: string }>> {
    const rows = this.expired.all(now) as Array<{ tenant_id: string; cache_key: string }>;
    return rows.map((row) => ({ tenantId: row.tenant_id, cacheKey: row.cache_key }));
  }

  async putSemantic(rows: Array<{ tenantId: string; cacheKey: string; semantic: SemanticFields }>): Promise<void> {
    this.db.transaction(() => {
      for (const row of rows) this.semanticUpdate.run({ tenantId: row.tenantId, cacheKey: row.cacheKey, ...semanticColumns(row.semantic) });
    })();
  }

  async listSemantic(embedderId: string, now: number): Promise<SemanticRow[]> {
    const rows = this.db
      .prepare(
        `SELECT tenant_id, cache_key, expires_at, semantic_partition, prompt_text, prompt_context, embedder_id, embedding
         FROM cache_entries WHERE embedder_id = ? AND expires_at > ? AND embedding IS NOT NULL`,
      )
      .all(embedderId, now) as SemanticDbRow[];
    return rows.map((row) => ({
      tenantId: row.tenant_id,
      cacheKey: row.cache_key,
      expiresAt: row.expires_at,
      partition: row.semantic_partition,
      text: row.prompt_text,
      context: JSON.parse(row.prompt_context) as string[],
      embedderId: row.embedder_id,
      vector: toVector(row.embedding),
    }));
  }

  async evictBeyond(keep: number): Promise<Array<{ tenantId: string; cacheKey: string }>> {
    const rows = this.db
      .prepare(
        `DELETE FROM cache_entries WHERE id IN (
           SELECT id FROM cache_entries ORDER BY last_hit_at ASC
           LIMIT max(0, (SELECT count(*) FROM cache_entries) - ?))
         RETURNING tenant_id, cache_key`,
      )
      .all(keep) as Array<{ tenant_id: string; cache_key: string }>;
    return rows.map((row) => ({ tenantId: row.tenant_id, cacheKey: row.cache_key }));
  }

  async recordHits(hits: CacheHitRecord[]): Promise<void> {
    this.db.transaction(() => {
      for (const record of hits) this.hit.run(record.hits, record.lastHitAt, record.id);
    })();
  }

  async countEntries(): Promise<number> {
    return this.count.get() as number;
  }

  async usageByTenantAndModel(tenantId?: string): Promise<CacheUsageRow[]> {
    const where = tenantId === undefined ? '' : 'WHERE tenant_id = ?';
    const rows = this.db
      .prepare(
        `SELECT tenant_id AS tenantId, model, count(*) AS entries, coalesce(sum(hit_count), 0) AS hits,
           coalesce(sum(hit_count * prompt_tokens), 0) AS promptTokensSaved,
           coalesce(sum(hit_count * completion_tokens), 0) AS completionTokensSaved
         FROM cache_entries ${where} GROUP BY tenant_id, model ORDER BY tenant_id, model`,
      )
      .all(...(tenantId === undefined ? [] : [tenantId])) as CacheUsageRow[];
    return rows;
  }
}
