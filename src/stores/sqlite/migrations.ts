// Numbered schema migrations for SQLite, applied in order at start inside one transaction each.

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const sqliteMigrations: Migration[] = [
  {
    version: 1,
    name: 'api keys, cache entries, tenant settings',
    sql: `
      CREATE TABLE api_keys (
        id          TEXT PRIMARY KEY,
        tenant_id   TEXT NOT NULL,
        name        TEXT NOT NULL,
        role        TEXT NOT NULL CHECK (role IN ('admin', 'user', 'readonly')),
        key_hash    TEXT NOT NULL UNIQUE,
        key_prefix  TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        revoked_at  TEXT
      );
      CREATE INDEX api_keys_tenant ON api_keys (tenant_id);

      CREATE TABLE cache_entries (
        id                TEXT PRIMARY KEY,
        tenant_id         TEXT NOT NULL,
        cache_key         TEXT NOT NULL,
        model             TEXT NOT NULL,
        response          TEXT NOT NULL,
        prompt_tokens     INTEGER NOT NULL,
        completion_tokens INTEGER NOT NULL,
        size_bytes        INTEGER NOT NULL,
        created_at        INTEGER NOT NULL,
        expires_at        INTEGER NOT NULL,
        last_hit_at       INTEGER NOT NULL,
        hit_count         INTEGER NOT NULL DEFAULT 0,
        UNIQUE (tenant_id, cache_key)
      );
      CREATE INDEX cache_entries_expiry ON cache_entries (expires_at);
      CREATE INDEX cache_entries_recency ON cache_entries (last_hit_at);
      CREATE INDEX cache_entries_tenant_model ON cache_entries (tenant_id, model);

      CREATE TABLE tenant_settings (
        tenant_id TEXT PRIMARY KEY,
        settings  TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'semantic fields of cache entries',
    sql: `
      ALTER TABLE cache_entries ADD COLUMN semantic_partition TEXT;
      ALTER TABLE cache_entries ADD COLUMN prompt_text TEXT;
      ALTER TABLE cache_entries ADD COLUMN prompt_context TEXT;
      ALTER TABLE cache_entries ADD COLUMN embedder_id TEXT;
      ALTER TABLE cache_entries ADD COLUMN embedding BLOB;
      CREATE INDEX cache_entries_embedder ON cache_entries (embedder_id);
    `,
  },
];
