// CacheStore on PostgreSQL. Responses are stored as JSON text (byte-for-byte what was cached),
// vectors as bytea of float32; batches are written with one multi-row statement where possible.
import type { CacheEntry, CacheHitRecord, CacheStore, CacheUsageRow, SemanticCursor, SemanticFields, SemanticRow } from '../ports/cache-store.js';
import {
  ENTRY_COLUMNS, SEMANTIC_COLUMNS, entryValues, placeholders, semanticArrayParameters, semanticValues, toEntry, toSemanticRow,
  type CacheRow, type SemanticDbRow,
} from './cache-rows.js';
import type { PostgresDatabase, SqlRunner } from './postgres-database.js';

type CacheKeyRef = { tenantId: string; cacheKey: string };
type Nullable<T> = { [K in keyof T]: T[K] | null };

const ALL_COLUMNS = [...ENTRY_COLUMNS, ...SEMANTIC_COLUMNS];
const SELECT_ENTRY = `SELECT ${ENTRY_COLUMNS.join(', ')} FROM cache_entries`;
/** Rows per INSERT: well under PostgreSQL's 65,535 parameters per statement. */
const ROWS_PER_STATEMENT = 1_000;

/** A replaced entry takes the new values and starts counting hits again, as on SQLite. */
const UPSERT_TAIL = `ON CONFLICT (tenant_id, cache_key) DO UPDATE SET
  ${ALL_COLUMNS.filter((c) => c !== 'tenant_id' && c !== 'cache_key' && c !== 'hit_count')
    .map((c) => `${c} = excluded.${c}`)
    .join(', ')}, hit_count = 0`;

const toKeyRef = (row: { tenant_id: string; cache_key: string }): CacheKeyRef => ({
  tenantId: row.tenant_id,
  cacheKey: row.cache_key,
});

export class PostgresCacheStore implements CacheStore {
  constructor(private readonly db: PostgresDatabase) {}

  async getEntry(tenantId: string, cacheKey: string): Promise<CacheEntry | undefined> {
    const [row] = await this.db.rows<CacheRow>(`${SELECT_ENTRY} WHERE tenant_id = $1 AND cache_key = $2`, [tenantId, cacheKey]);
    return row && toEntry(row);
  }

  /** With its semantic fields when it has them: promoting an entry into memory needs the request text. */
  async getEntryById(tenantId: string, id: string): Promise<CacheEntry | undefined> {
    const [row] = await this.db.rows<CacheRow & Nullable<SemanticDbRow>>(
      `SELECT ${ALL_COLUMNS.join(', ')} FROM cache_entries WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    if (!row) return undefined;
    const entry = toEntry(row);
    if (row.semantic_partition !== null && row.embedding !== null) {
      const { partition, text, context, embedderId, vector } = toSemanticRow(row as CacheRow & SemanticDbRow);
      entry.semantic = { partition, text, context, embedderId, vector };
    }
    return entry;
  }

  async putEntries(entries: CacheEntry[]): Promise<void> {
    // One statement cannot touch a row twice; the last entry for a key wins, as sequential upserts would.
    const latest = [...new Map(entries.map((e) => [`${e.tenantId}\u0000${e.cacheKey}`, e])).values()];
    if (latest.length === 0) return;
    if (latest.length <= ROWS_PER_STATEMENT) return void (await upsertEntries(this.db, latest));
    await this.db.transaction(async (tx) => {
      for (let i = 0; i < latest.length; i += ROWS_PER_STATEMENT) await upsertEntries(tx, latest.slice(i, i + ROWS_PER_STATEMENT));
    });
  }

  async deleteEntry(tenantId: string, id: string): Promise<CacheEntry | undefined> {
    const [row] = await this.db.rows<CacheRow>(
      `DELETE FROM cache_entries WHERE tenant_id = $1 AND id = $2 RETURNING ${ENTRY_COLUMNS.join(', ')}`,
      [tenantId, id],
    );
    return row && toEntry(row);
  }

  async deleteEntries(tenantId: string, model?: string): Promise<string[]> {
    const rows =
      model === undefined
        ? await this.db.rows<{ cache_key: string }>('DELETE FROM cache_entries WHERE tenant_id = $1 RETURNING cache_key', [tenantId])
        : await this.db.rows<{ cache_key: string }>(
            'DELETE FROM cache_entries WHERE tenant_id = $1 AND model = $2 RETURNING cache_key',
            [tenantId, model],
          );
    return rows.map((row) => row.cache_key);
  }

  async deleteExpired(now: number): Promise<CacheKeyRef[]> {
    const rows = await this.db.rows<{ tenant_id: string; cache_key: string }>(
      'DELETE FROM cache_entries WHERE expires_at <= $1 RETURNING tenant_id, cache_key',
      [now],
    );
    return rows.map(toKeyRef);
  }

  async putSemantic(rows: Array<{ tenantId: string; cacheKey: string; semantic: SemanticFields }>): Promise<void> {
    // One UPDATE per batch (a statement per row kept a busy cache's writes behind its stores);
    // one statement cannot update a row twice, so the last fields for a key win, as sequential updates would.
    const latest = [...new Map(rows.map((row) => [`${row.tenantId}\u0000${row.cacheKey}`, row])).values()];
    if (latest.length === 0) return;
    const columns: unknown[][] = [[], [], ...SEMANTIC_COLUMNS.map(() => [])];
    for (const row of latest) {
      [row.tenantId, row.cacheKey, ...semanticValues(row.semantic)].forEach((value, i) => columns[i]!.push(value));
    }
    await this.db.run(
      `UPDATE cache_entries c SET ${SEMANTIC_COLUMNS.map((c) => `${c} = v.${c}`).join(', ')}
       FROM unnest($1::text[], $2::text[], ${semanticArrayParameters(3).join(', ')}) AS v(tenant_id, cache_key, ${SEMANTIC_COLUMNS.join(', ')})
       WHERE c.tenant_id = v.tenant_id AND c.cache_key = v.cache_key`,
      columns,
    );
  }

  async listSemantic(embedderId: string, now: number, page?: { after?: SemanticCursor; limit: number }): Promise<SemanticRow[]> {
    const after = page?.after;
    // Each page must be one range read of cache_entries_semantic_load. Right after a bulk fill,
    // before autovacuum has analyzed the table, the planner takes the rows past the cursor for a
    // few hundred and reads and sorts them all instead (335 ms a page at 1M entries, against 2 ms):
    // the plans that do so are ruled out for this transaction (set_config, local: one round trip).
    const rows = await this.db.transaction(async (tx) => {
      await tx.run("SELECT set_config('enable_bitmapscan', 'off', true), set_config('enable_seqscan', 'off', true)");
      return tx.rows<SemanticDbRow>(
        `SELECT id, last_hit_at, tenant_id, cache_key, expires_at, ${SEMANTIC_COLUMNS.join(', ')}
         FROM cache_entries WHERE embedder_id = $1 AND expires_at > $2 AND embedding IS NOT NULL
           ${after ? 'AND last_hit_at >= $4 AND (last_hit_at, id) > ($4, $5)' : ''}
         ORDER BY last_hit_at, id LIMIT $3`,
        [embedderId, now, page?.limit ?? null, ...(after ? [after.lastHitAt, after.id] : [])],
      );
    });
    return rows.map(toSemanticRow);
  }

  async getSemanticTexts(tenantId: string, cacheKey: string): Promise<{ text: string; context: string[] } | undefined> {
    const [row] = await this.db.rows<{ prompt_text: string; prompt_context: string }>(
      'SELECT prompt_text, prompt_context FROM cache_entries WHERE tenant_id = $1 AND cache_key = $2 AND prompt_text IS NOT NULL',
      [tenantId, cacheKey],
    );
    return row ? { text: row.prompt_text, context: JSON.parse(row.prompt_context) as string[] } : undefined;
  }

  async evictBeyond(keep: number): Promise<CacheKeyRef[]> {
    const rows = await this.db.rows<{ tenant_id: string; cache_key: string }>(
      `DELETE FROM cache_entries WHERE id IN (
         SELECT id FROM cache_entries ORDER BY last_hit_at ASC
         LIMIT greatest(0, (SELECT count(*) FROM cache_entries) - $1))
       RETURNING tenant_id, cache_key`,
      [keep],
    );
    return rows.map(toKeyRef);
  }

  async recordHits(hits: CacheHitRecord[]): Promise<void> {
    if (hits.length === 0) return;
    // Summed per entry first: one UPDATE ... FROM applies a single source row to each entry.
    const merged = new Map<string, CacheHitRecord>();
    for (const hit of hits) {
      const seen = merged.get(hit.id);
      merged.set(hit.id, seen ? { id: hit.id, hits: seen.hits + hit.hits, lastHitAt: Math.max(seen.lastHitAt, hit.lastHitAt) } : hit);
    }
    const ordered = [...merged.values()];
    await this.db.run(
      `UPDATE cache_entries AS c SET hit_count = c.hit_count + h.hits, last_hit_at = greatest(c.last_hit_at, h.last_hit_at)
       FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS h(id, hits, last_hit_at) WHERE c.id = h.id`,
      [ordered.map((h) => h.id), ordered.map((h) => h.hits), ordered.map((h) => h.lastHitAt)],
    );
  }

  async countEntries(): Promise<number> {
    const [row] = await this.db.rows<{ count: number }>('SELECT count(*) AS count FROM cache_entries');
    return row!.count;
  }

  async usageByTenantAndModel(tenantId?: string): Promise<CacheUsageRow[]> {
    const where = tenantId === undefined ? '' : 'WHERE tenant_id = $1';
    return this.db.rows<CacheUsageRow>(
      `SELECT tenant_id AS "tenantId", model, count(*) AS entries, coalesce(sum(hit_count), 0) AS hits,
         coalesce(sum(hit_count * prompt_tokens), 0) AS "promptTokensSaved",
         coalesce(sum(hit_count * completion_tokens), 0) AS "completionTokensSaved"
       FROM cache_entries ${where} GROUP BY tenant_id, model ORDER BY tenant_id, model`,
      tenantId === undefined ? [] : [tenantId],
    );
  }
}

async function upsertEntries(db: SqlRunner, entries: CacheEntry[]): Promise<void> {
  await db.run(
    `INSERT INTO cache_entries (${ALL_COLUMNS.join(', ')}) VALUES ${placeholders(entries.length, ALL_COLUMNS.length)} ${UPSERT_TAIL}`,
    entries.flatMap(entryValues),
  );
}
