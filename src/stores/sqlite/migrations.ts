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
  {
    version: 3,
    name: 'memory: projects, branches, milestones (FTS5, embeddings), log, contributors, sessions',
    sql: `
      CREATE TABLE memory_projects (
        tenant_id   TEXT NOT NULL,
        project_id  TEXT NOT NULL,
        name        TEXT NOT NULL,
        roadmap     TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        PRIMARY KEY (tenant_id, project_id)
      );

      CREATE TABLE memory_branches (
        tenant_id      TEXT NOT NULL,
        project_id     TEXT NOT NULL,
        branch_name    TEXT NOT NULL,
        parent_branch  TEXT,
        purpose        TEXT NOT NULL,
        status         TEXT NOT NULL CHECK (status IN ('active', 'merged', 'abandoned')),
        agent_id       TEXT,
        created_at     TEXT NOT NULL,
        abandon_reason TEXT,
        merged_into    TEXT,
        PRIMARY KEY (tenant_id, project_id, branch_name),
        FOREIGN KEY (tenant_id, project_id) REFERENCES memory_projects (tenant_id, project_id) ON DELETE CASCADE
      );

      CREATE TABLE memory_milestones (
        id                  INTEGER PRIMARY KEY,
        milestone_id        TEXT NOT NULL UNIQUE,
        tenant_id           TEXT NOT NULL,
        project_id          TEXT NOT NULL,
        branch_name         TEXT NOT NULL,
        branch_purpose      TEXT NOT NULL,
        cumulative_progress TEXT NOT NULL,
        this_contribution   TEXT NOT NULL,
        content_hash        TEXT NOT NULL,
        sequence_number     INTEGER NOT NULL,
        agent_id            TEXT NOT NULL,
        agent_type          TEXT NOT NULL,
        kind                TEXT NOT NULL,
        created_at          TEXT NOT NULL,
        UNIQUE (tenant_id, project_id, branch_name, sequence_number),
        FOREIGN KEY (tenant_id, project_id, branch_name)
          REFERENCES memory_branches (tenant_id, project_id, branch_name) ON DELETE CASCADE
      );
      CREATE INDEX memory_milestones_hash ON memory_milestones (tenant_id, project_id, branch_name, content_hash);
      CREATE INDEX memory_milestones_recent ON memory_milestones (tenant_id, created_at);
      CREATE INDEX memory_milestones_project_recent ON memory_milestones (tenant_id, project_id, created_at);
      CREATE INDEX memory_milestones_agent ON memory_milestones (tenant_id, agent_id, created_at);

      CREATE VIRTUAL TABLE memory_milestone_fts USING fts5(
        branch_purpose, cumulative_progress, this_contribution,
        content = 'memory_milestones', content_rowid = 'id', tokenize = 'porter unicode61'
      );

      CREATE TABLE memory_milestone_embeddings (
        milestone_id TEXT PRIMARY KEY REFERENCES memory_milestones (milestone_id) ON DELETE CASCADE,
        embedder_id  TEXT NOT NULL,
        vector       BLOB NOT NULL
      );
      CREATE INDEX memory_milestone_embeddings_embedder ON memory_milestone_embeddings (embedder_id);

      CREATE TABLE memory_log_entries (
        entry_id        TEXT PRIMARY KEY,
        tenant_id       TEXT NOT NULL,
        project_id      TEXT NOT NULL,
        branch_name     TEXT NOT NULL,
        agent_id        TEXT NOT NULL,
        phase           TEXT NOT NULL CHECK (phase IN ('observation', 'thought', 'action')),
        content         TEXT NOT NULL,
        sequence_number INTEGER NOT NULL,
        created_at      TEXT NOT NULL,
        UNIQUE (tenant_id, project_id, branch_name, sequence_number),
        FOREIGN KEY (tenant_id, project_id, branch_name)
          REFERENCES memory_branches (tenant_id, project_id, branch_name) ON DELETE CASCADE
      );

      CREATE TABLE memory_contributors (
        tenant_id      TEXT NOT NULL,
        contributor_id TEXT NOT NULL,
        display_name   TEXT NOT NULL,
        agent_ids      TEXT NOT NULL,
        role           TEXT,
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL,
        PRIMARY KEY (tenant_id, contributor_id)
      );

      CREATE TABLE memory_sessions (
        tenant_id             TEXT NOT NULL,
        project_id            TEXT NOT NULL,
        session_id            TEXT NOT NULL,
        agent_id              TEXT NOT NULL,
        milestones_recalled   INTEGER NOT NULL,
        tool_calls_total      INTEGER NOT NULL,
        session_duration_secs REAL NOT NULL,
        started_at            TEXT NOT NULL,
        ended_at              TEXT NOT NULL,
        milestones_stored     INTEGER,
        files_modified        INTEGER,
        errors_encountered    INTEGER,
        tokens_used           INTEGER,
        user_corrections      INTEGER,
        recorded_at           TEXT NOT NULL,
        PRIMARY KEY (tenant_id, project_id, session_id),
        FOREIGN KEY (tenant_id, project_id) REFERENCES memory_projects (tenant_id, project_id) ON DELETE CASCADE
      );
    `,
  },
  {
    version: 4,
    name: 'memory: milestone search context (previous two contributions of the branch) and scope tokens in the FTS5 index',
    sql: `
      ALTER TABLE memory_milestones ADD COLUMN search_context TEXT NOT NULL DEFAULT '';
      ALTER TABLE memory_milestones ADD COLUMN search_scope TEXT NOT NULL DEFAULT '';
      UPDATE memory_milestones SET search_scope =
        't' || lower(hex(tenant_id)) || ' p' || lower(hex(tenant_id || char(0) || project_id));
      UPDATE memory_milestones SET search_context = coalesce(
        (SELECT p.this_contribution FROM memory_milestones p
          WHERE p.tenant_id = memory_milestones.tenant_id AND p.project_id = memory_milestones.project_id
            AND p.branch_name = memory_milestones.branch_name AND p.sequence_number = memory_milestones.sequence_number - 1)
        || char(10) ||
        (SELECT p.this_contribution FROM memory_milestones p
          WHERE p.tenant_id = memory_milestones.tenant_id AND p.project_id = memory_milestones.project_id
            AND p.branch_name = memory_milestones.branch_name AND p.sequence_number = memory_milestones.sequence_number - 2),
        (SELECT p.this_contribution FROM memory_milestones p
          WHERE p.tenant_id = memory_milestones.tenant_id AND p.project_id = memory_milestones.project_id
            AND p.branch_name = memory_milestones.branch_name AND p.sequence_number = memory_milestones.sequence_number - 1),
        '');

      DROP TABLE memory_milestone_fts;
      CREATE VIRTUAL TABLE memory_milestone_fts USING fts5(
        branch_purpose, cumulative_progress, this_contribution, search_context, search_scope,
        content = 'memory_milestones', content_rowid = 'id', tokenize = 'porter unicode61'
      );
      INSERT INTO memory_milestone_fts (memory_milestone_fts) VALUES ('rebuild');
    `,
  },
  {
    version: 5,
    name: 'agent sessions: proxy usage per (tenant, agent session id)',
    sql: `
      CREATE TABLE agent_sessions (
        tenant_id      TEXT NOT NULL,
        session_id     TEXT NOT NULL,
        agent_type     TEXT NOT NULL,
        requests       INTEGER NOT NULL,
        cache_hits     INTEGER NOT NULL,
        input_tokens   INTEGER NOT NULL,
        output_tokens  INTEGER NOT NULL,
        cost_usd       REAL NOT NULL,
        cost_saved_usd REAL NOT NULL,
        first_seen_at  INTEGER NOT NULL,
        last_seen_at   INTEGER NOT NULL,
        PRIMARY KEY (tenant_id, session_id)
      );
      CREATE INDEX agent_sessions_tenant_recent ON agent_sessions (tenant_id, last_seen_at, session_id);
      CREATE INDEX agent_sessions_recent ON agent_sessions (last_seen_at, tenant_id, session_id);
    `,
  },
  {
    version: 6,
    name: 'memory: the Idempotency-Key a milestone was stored with, unique per tenant and project',
    sql: `
      ALTER TABLE memory_milestones ADD COLUMN idempotency_key TEXT;
      CREATE UNIQUE INDEX memory_milestones_idempotency ON memory_milestones (tenant_id, project_id, idempotency_key)
        WHERE idempotency_key IS NOT NULL;
    `,
  },
  {
    version: 7,
    name: 'request log: one row per proxied call',
    sql: `
      CREATE TABLE request_log (
        id                  TEXT PRIMARY KEY,
        ts                  INTEGER NOT NULL,
        tenant_id           TEXT NOT NULL,
        key_id              TEXT,
        endpoint            TEXT NOT NULL,
        provider            TEXT NOT NULL,
        model               TEXT NOT NULL,
        status              INTEGER NOT NULL,
        cache_status        TEXT NOT NULL,
        cache_tier          TEXT,
        similarity          REAL,
        latency_ms          REAL NOT NULL,
        upstream_latency_ms REAL,
        input_tokens        INTEGER NOT NULL,
        output_tokens       INTEGER NOT NULL,
        cost                REAL NOT NULL,
        cost_saved          REAL NOT NULL,
        coalesced           INTEGER NOT NULL,
        agent_type          TEXT,
        agent_session_id    TEXT,
        request_id          TEXT NOT NULL,
        error_type          TEXT,
        request_body        TEXT,
        response_body       TEXT
      );
      CREATE INDEX request_log_tenant_ts ON request_log (tenant_id, ts);
      CREATE INDEX request_log_ts ON request_log (ts);
    `,
  },
  {
    version: 8,
    name: "session metrics: WorldFlow's branch, agent type, compactions and tool calls by kind",
    sql: `
      ALTER TABLE memory_sessions ADD COLUMN branch_name TEXT;
      ALTER TABLE memory_sessions ADD COLUMN agent_type TEXT;
      ALTER TABLE memory_sessions ADD COLUMN compaction_count INTEGER;
      ALTER TABLE memory_sessions ADD COLUMN tool_calls_read INTEGER;
      ALTER TABLE memory_sessions ADD COLUMN tool_calls_search INTEGER;
      ALTER TABLE memory_sessions ADD COLUMN tool_calls_edit INTEGER;
      ALTER TABLE memory_sessions ADD COLUMN tool_calls_execute INTEGER;
      ALTER TABLE memory_sessions ADD COLUMN tool_calls_agent INTEGER;
    `,
  },
];
