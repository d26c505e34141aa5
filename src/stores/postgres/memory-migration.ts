// Migration 2's tables: the memory API on PostgreSQL. Sequence numbers and content hashes are
// unique per branch by index (the store also serializes appends with a branch row lock), and each
// milestone carries its weighted tsvector, kept by PostgreSQL as a generated column: its own
// contribution (A), purpose and progress (B), and `context`, the branch's two previous contributions (D).

export const MEMORY_TABLES = `
  CREATE TABLE memory_projects (
    tenant_id   TEXT COLLATE "C" NOT NULL,
    project_id  TEXT COLLATE "C" NOT NULL,
    name        TEXT NOT NULL,
    roadmap     TEXT NOT NULL,
    created_at  TEXT COLLATE "C" NOT NULL,
    updated_at  TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (tenant_id, project_id)
  );

  CREATE TABLE memory_branches (
    tenant_id      TEXT COLLATE "C" NOT NULL,
    project_id     TEXT COLLATE "C" NOT NULL,
    branch_name    TEXT COLLATE "C" NOT NULL,
    parent_branch  TEXT,
    purpose        TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('active', 'merged', 'abandoned')),
    agent_id       TEXT,
    created_at     TEXT COLLATE "C" NOT NULL,
    abandon_reason TEXT,
    merged_into    TEXT,
    PRIMARY KEY (tenant_id, project_id, branch_name),
    FOREIGN KEY (tenant_id, project_id) REFERENCES memory_projects (tenant_id, project_id) ON DELETE CASCADE
  );

  CREATE TABLE memory_milestones (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    milestone_id        TEXT COLLATE "C" NOT NULL UNIQUE,
    tenant_id           TEXT COLLATE "C" NOT NULL,
    project_id          TEXT COLLATE "C" NOT NULL,
    branch_name         TEXT COLLATE "C" NOT NULL,
    branch_purpose      TEXT NOT NULL,
    cumulative_progress TEXT NOT NULL,
    this_contribution   TEXT NOT NULL,
    content_hash        TEXT COLLATE "C" NOT NULL,
    sequence_number     INTEGER NOT NULL CHECK (sequence_number > 0),
    agent_id            TEXT COLLATE "C" NOT NULL,
    agent_type          TEXT NOT NULL,
    kind                TEXT NOT NULL CHECK (kind IN ('commit', 'merge', 'promote')),
    created_at          TEXT COLLATE "C" NOT NULL,
    context             TEXT NOT NULL DEFAULT '',
    search_vector       TSVECTOR GENERATED ALWAYS AS (
      setweight(to_tsvector('english', this_contribution), 'A') ||
      setweight(to_tsvector('english', branch_purpose), 'B') ||
      setweight(to_tsvector('english', cumulative_progress), 'B') ||
      setweight(to_tsvector('english', context), 'D')
    ) STORED,
    UNIQUE (tenant_id, project_id, branch_name, sequence_number),
    FOREIGN KEY (tenant_id, project_id, branch_name)
      REFERENCES memory_branches (tenant_id, project_id, branch_name) ON DELETE CASCADE
  );
  -- A merge milestone is always recorded; any other is stored once per branch and content.
  CREATE UNIQUE INDEX memory_milestones_hash ON memory_milestones (tenant_id, project_id, branch_name, content_hash)
    WHERE kind <> 'merge';
  CREATE INDEX memory_milestones_recent ON memory_milestones (tenant_id, created_at);
  CREATE INDEX memory_milestones_project_recent ON memory_milestones (tenant_id, project_id, created_at);
  CREATE INDEX memory_milestones_agent ON memory_milestones (tenant_id, agent_id, created_at);
  CREATE INDEX memory_milestones_search ON memory_milestones USING GIN (search_vector);

  CREATE TABLE memory_milestone_embeddings (
    milestone_id TEXT COLLATE "C" PRIMARY KEY REFERENCES memory_milestones (milestone_id) ON DELETE CASCADE,
    embedder_id  TEXT COLLATE "C" NOT NULL,
    vector       BYTEA NOT NULL
  );
  CREATE INDEX memory_milestone_embeddings_embedder ON memory_milestone_embeddings (embedder_id);

  CREATE TABLE memory_log_entries (
    entry_id        TEXT COLLATE "C" PRIMARY KEY,
    tenant_id       TEXT COLLATE "C" NOT NULL,
    project_id      TEXT COLLATE "C" NOT NULL,
    branch_name     TEXT COLLATE "C" NOT NULL,
    agent_id        TEXT NOT NULL,
    phase           TEXT NOT NULL CHECK (phase IN ('observation', 'thought', 'action')),
    content         TEXT NOT NULL,
    sequence_number INTEGER NOT NULL CHECK (sequence_number > 0),
    created_at      TEXT COLLATE "C" NOT NULL,
    UNIQUE (tenant_id, project_id, branch_name, sequence_number),
    FOREIGN KEY (tenant_id, project_id, branch_name)
      REFERENCES memory_branches (tenant_id, project_id, branch_name) ON DELETE CASCADE
  );

  CREATE TABLE memory_contributors (
    tenant_id      TEXT COLLATE "C" NOT NULL,
    contributor_id TEXT COLLATE "C" NOT NULL,
    display_name   TEXT NOT NULL,
    agent_ids      TEXT[] NOT NULL,
    role           TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (tenant_id, contributor_id)
  );

  CREATE TABLE memory_sessions (
    tenant_id             TEXT COLLATE "C" NOT NULL,
    project_id            TEXT COLLATE "C" NOT NULL,
    session_id            TEXT COLLATE "C" NOT NULL,
    agent_id              TEXT NOT NULL,
    milestones_recalled   BIGINT NOT NULL,
    tool_calls_total      BIGINT NOT NULL,
    session_duration_secs DOUBLE PRECISION NOT NULL,
    started_at            TEXT NOT NULL,
    ended_at              TEXT NOT NULL,
    milestones_stored     BIGINT,
    files_modified        BIGINT,
    errors_encountered    BIGINT,
    tokens_used           BIGINT,
    user_corrections      BIGINT,
    recorded_at           TEXT NOT NULL,
    PRIMARY KEY (tenant_id, project_id, session_id),
    FOREIGN KEY (tenant_id, project_id) REFERENCES memory_projects (tenant_id, project_id) ON DELETE CASCADE
  );
`;
