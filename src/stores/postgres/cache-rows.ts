// Row shapes of cache_entries on PostgreSQL and their conversion to and from the CacheStore types.
import type { CacheEntry, SemanticFields, SemanticRow } from '../ports/cache-store.js';

export const ENTRY_COLUMNS = [
  'id', 'tenant_id', 'cache_key', 'model', 'response', 'prompt_tokens', 'completion_tokens', 'size_bytes',
  'created_at', 'expires_at', 'last_hit_at', 'hit_count',
] as const;

/** The semantic fields' columns and their SQL types (the types name the arrays of a batched update). */
const SEMANTIC_COLUMN_TYPES = {
  semantic_partition: 'text',
  prompt_text: 'text',
  prompt_context: 'text',
  embedder_id: 'text',
  embedding: 'bytea',
} as const;

export const SEMANTIC_COLUMNS = Object.keys(SEMANTIC_COLUMN_TYPES) as Array<keyof typeof SEMANTIC_COLUMN_TYPES>;

/** `$n::type[]` for each of SEMANTIC_COLUMNS, numbered from `first`. */
export function semanticArrayParameters(first: number): string[] {
  return SEMANTIC_COLUMNS.map((column, i) => `$${first + i}::${SEMANTIC_COLUMN_TYPES[column]}[]`);
}

export interface CacheRow {
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

export interface SemanticDbRow {
  id: string;
  last_hit_at: number;
  tenant_id: string;
  cache_key: string;
  expires_at: number;
  semantic_partition: string;
  prompt_text: string;
  prompt_context: string;
  embedder_id: string;
  embedding: Buffer;
}

export const toEntry = (row: CacheRow): CacheEntry => ({
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

export const toSemanticRow = (row: SemanticDbRow): SemanticRow => ({
  tenantId: row.tenant_id,
  cacheKey: row.cache_key,
  expiresAt: row.expires_at,
  cursor: { lastHitAt: row.last_hit_at, id: row.id },
  partition: row.semantic_partition,
  text: row.prompt_text,
  context: JSON.parse(row.prompt_context) as string[],
  embedderId: row.embedder_id,
  vector: toVector(row.embedding),
});

/** Values for ENTRY_COLUMNS followed by SEMANTIC_COLUMNS. */
export function entryValues({ semantic, ...entry }: CacheEntry): unknown[] {
  return [
    entry.id, entry.tenantId, entry.cacheKey, entry.model, JSON.stringify(entry.response), entry.promptTokens,
    entry.completionTokens, entry.sizeBytes, entry.createdAt, entry.expiresAt, entry.lastHitAt, entry.hitCount,
    ...semanticValues(semantic),
  ];
}

/** Values for SEMANTIC_COLUMNS; all null without semantic fields. */
export function semanticValues(semantic: SemanticFields | undefined): unknown[] {
  if (!semantic) return [null, null, null, null, null];
  const { vector } = semantic;
  return [
    semantic.partition,
    semantic.text,
    JSON.stringify(semantic.context),
    semantic.embedderId,
    Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength),
  ];
}

/** A bytea of float32 values; copied so the vector is aligned and does not alias the driver's buffer. */
function toVector(bytes: Buffer): Float32Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}

/** `($1, $2, ...), ($n+1, ...)` for `rowCount` rows of `width` parameters. */
export function placeholders(rowCount: number, width: number): string {
  const rows: string[] = [];
  for (let r = 0; r < rowCount; r++) {
    const cells = Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`);
    rows.push(`(${cells.join(', ')})`);
  }
  return rows.join(', ');
}
