// Numbered schema migrations for PostgreSQL, applied in order at start (see migration-runner.ts).
// Text keys use the "C" collation so that ordering matches SQLite's byte order.
import { MEMORY_TABLES } from './memory-migration.js';

export interface PostgresMigration {
  version: number;
  name: string;
  sql: string;
}

export const postgresMigrations: PostgresMigration[] = [
  {
    version: 1,
    name: 'api keys, cache entries with semantic fields, tenant settings',
    sql: `
      CREATE TABLE api_keys (
        id          TEXT COLLATE "C" PRIMARY KEY,
        tenant_id   TEXT COLLATE "C" NOT NULL,
        name        TEXT NOT NULL,
        role        TEXT NOT NULL CHECK (role IN ('admin', 'user', 'readonly')),
        key_hash    TEXT COLLATE "C" NOT NULL UNIQUE,
        key_prefix  TEXT NOT NULL,
        created_at  TEXT COLLATE "C" NOT NULL,
        revoked_at  TEXT
      );
      CREATE INDEX api_keys_tenant ON api_keys (tenant_id);

      CREATE TABLE cache_entries (
        id                 TEXT COLLATE "C" PRIMARY KEY,
        tenant_id          TEXT COLLATE "C" NOT NULL,
        cache_key          TEXT COLLATE "C" NOT NULL,
        model              TEXT COLLATE "C" NOT NULL,
        response           TEXT NOT NULL,
        prompt_tokens      BIGINT NOT NULL,
        completion_tokens  BIGINT NOT NULL,
        size_bytes         BIGINT NOT NULL,
        created_at         BIGINT NOT NULL,
        expires_at         BIGINT NOT NULL,
        last_hit_at        BIGINT NOT NULL,
        hit_count          BIGINT NOT NULL DEFAULT 0,
        semantic_partition TEXT,
        prompt_text        TEXT,
        prompt_context     TEXT,
        embedder_id        TEXT COLLATE "C",
        embedding          BYTEA,
        UNIQUE (tenant_id, cache_key)
      );
      CREATE INDEX cache_entries_expiry ON cache_entries (expires_at);
      CREATE INDEX cache_entries_recency ON cache_entries (last_hit_at);
      CREATE INDEX cache_entries_tenant_model ON cache_entries (tenant_id, model);
      CREATE INDEX cache_entries_embedder ON cache_entries (embedder_id);

      CREATE TABLE tenant_settings (
        tenant_id TEXT COLLATE "C" PRIMARY KEY,
        settings  TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'memory: projects, branches, milestones (tsvector, embeddings), log, contributors, sessions',
    sql: MEMORY_TABLES,
  },
  {
    version: 3,
    name: 'gateway secrets shared by every instance (the generated JWT signing secret)',
    sql: `
      CREATE TABLE gateway_secrets (
        name       TEXT COLLATE "C" PRIMARY KEY,
        value      TEXT NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
      );
    `,
  },
  {
    version: 4,
    name: 'agent sessions: proxy usage per (tenant, agent session id)',
    sql: `
      CREATE TABLE agent_sessions (
        tenant_id      TEXT COLLATE "C" NOT NULL,
        session_id     TEXT COLLATE "C" NOT NULL,
        agent_type     TEXT COLLATE "C" NOT NULL,
        requests       BIGINT NOT NULL,
        cache_hits     BIGINT NOT NULL,
        input_tokens   BIGINT NOT NULL,
        output_tokens  BIGINT NOT NULL,
        cost_usd       DOUBLE PRECISION NOT NULL,
        cost_saved_usd DOUBLE PRECISION NOT NULL,
        first_seen_at  BIGINT NOT NULL,
        last_seen_at   BIGINT NOT NULL,
        PRIMARY KEY (tenant_id, session_id)
      );
      CREATE INDEX agent_sessions_tenant_recent ON agent_sessions (tenant_id, last_seen_at, session_id);
      CREATE INDEX agent_sessions_recent ON agent_sessions (last_seen_at, tenant_id, session_id);
    `,
  },
  {
    version: 5,
    name: 'memory: the Idempotency-Key a milestone was stored with, unique per tenant and project',
    sql: `
      ALTER TABLE memory_milestones ADD COLUMN idempotency_key TEXT COLLATE "C";
      CREATE UNIQUE INDEX memory_milestones_idempotency ON memory_milestones (tenant_id, project_id, idempotency_key)
        WHERE idempotency_key IS NOT NULL;
    `,
  },
  {
    version: 6,
    name: 'request log: one row per proxied call, shared by every instance',
    sql: `
      CREATE TABLE request_log (
        id                  TEXT COLLATE "C" PRIMARY KEY,
        ts                  BIGINT NOT NULL,
        tenant_id           TEXT COLLATE "C" NOT NULL,
        key_id              TEXT COLLATE "C",
        endpoint            TEXT COLLATE "C" NOT NULL,
        provider            TEXT COLLATE "C" NOT NULL,
        model               TEXT COLLATE "C" NOT NULL,
        status              INTEGER NOT NULL,
        cache_status        TEXT COLLATE "C" NOT NULL,
        cache_tier          TEXT COLLATE "C",
        similarity          DOUBLE PRECISION,
        latency_ms          DOUBLE PRECISION NOT NULL,
        upstream_latency_ms DOUBLE PRECISION,
        input_tokens        BIGINT NOT NULL,
        output_tokens       BIGINT NOT NULL,
        cost                DOUBLE PRECISION NOT NULL,
        cost_saved          DOUBLE PRECISION NOT NULL,
        coalesced           SMALLINT NOT NULL,
        agent_type          TEXT COLLATE "C",
        agent_session_id    TEXT COLLATE "C",
        request_id          TEXT COLLATE "C" NOT NULL,
        error_type          TEXT COLLATE "C",
        request_body        TEXT,
        response_body       TEXT
      );
      CREATE INDEX request_log_tenant_ts ON request_log (tenant_id, ts);
      CREATE INDEX request_log_ts ON request_log (ts);
    `,
  },
  {
    version: 7,
    name: 'memory: the milestones\' text search index takes new rows directly (fastupdate off), so no search reads a pending list',
    // With fastupdate (the default) new rows wait in a pending list that every search reads in
    // full, up to gin_pending_list_limit (4 MB, some 5,000 milestones), until a vacuum merges it;
    // milestones are written far less often than searched. The list already there is merged now.
    sql: `
      ALTER INDEX memory_milestones_search SET (fastupdate = off);
      SELECT gin_clean_pending_list('memory_milestones_search'::regclass);
    `,
  },
  {
    version: 8,
    name: "session metrics: WorldFlow's branch, agent type, compactions and tool calls by kind",
    sql: `
      ALTER TABLE memory_sessions ADD COLUMN branch_name TEXT COLLATE "C";
      ALTER TABLE memory_sessions ADD COLUMN agent_type TEXT COLLATE "C";
      ALTER TABLE memory_sessions ADD COLUMN compaction_count BIGINT;
      ALTER TABLE memory_sessions ADD COLUMN tool_calls_read BIGINT;
      ALTER TABLE memory_sessions ADD COLUMN tool_calls_search BIGINT;
      ALTER TABLE memory_sessions ADD COLUMN tool_calls_edit BIGINT;
      ALTER TABLE memory_sessions ADD COLUMN tool_calls_execute BIGINT;
      ALTER TABLE memory_sessions ADD COLUMN tool_calls_agent BIGINT;
    `,
  },
  {
    version: 9,
    name: 'cache: the semantic index loads a page at a time along (embedder, recency, id)',
    // The load asks for the next page of an embedder's entries in (last_hit_at, id) order. With
    // only an index on embedder_id the planner read every entry of the embedder and sorted them
    // for each page: the load grew with the square of the entries (16 minutes at 1M). The new
    // index serves each page as one range read, and makes the one on embedder_id alone redundant.
    sql: `
      CREATE INDEX cache_entries_semantic_load ON cache_entries (embedder_id, last_hit_at, id);
      DROP INDEX cache_entries_embedder;
    `,
  },
];
