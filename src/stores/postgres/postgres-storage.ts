// The PostgreSQL backend: every store on one connection pool, in one schema, brought up to date with
// the numbered migrations at open. Chosen when `database.url` (SYNAPSE_DATABASE_URL) is set.
import type { Storage } from '../ports/storage.js';
import { createPostgresRequestLogStore } from './postgres-request-log-store.js';
import { applyPostgresMigrations } from './migration-runner.js';
import { postgresMigrations } from './migrations.js';
import { PostgresAgentSessionStore } from './postgres-agent-session-store.js';
import { PostgresApiKeyStore } from './postgres-api-key-store.js';
import { PostgresCacheStore } from './postgres-cache-store.js';
import { PostgresContributorStore } from './postgres-contributor-store.js';
import { PostgresDatabase, type PostgresOptions } from './postgres-database.js';
import { PostgresMemoryStore } from './postgres-memory-store.js';
import { PostgresSecretStore } from './postgres-secret-store.js';
import { PostgresSessionMetricsStore } from './postgres-session-metrics-store.js';
import { PostgresSettingsStore } from './postgres-settings-store.js';

export type { PostgresOptions } from './postgres-database.js';

export interface PostgresStorage extends Storage {
  readonly backend: 'postgres';
  /** The pool and schema the stores share, for stores added beside these. */
  readonly database: PostgresDatabase;
}

/**
 * Connects, applies pending migrations and opens the stores. Rejects with a StoreError
 * (`service_unavailable`) when PostgreSQL cannot be reached within `connectTimeoutMs`.
 */
export async function openPostgresStorage(options: PostgresOptions): Promise<PostgresStorage> {
  const database = new PostgresDatabase(options);
  try {
    await applyPostgresMigrations(database.pool, database.schema, postgresMigrations);
  } catch (error) {
    await database.close();
    throw error;
  }
  return {
    backend: 'postgres',
    apiKeys: new PostgresApiKeyStore(database),
    cache: new PostgresCacheStore(database),
    settings: new PostgresSettingsStore(database),
    memory: new PostgresMemoryStore(database),
    contributors: new PostgresContributorStore(database),
    sessionMetrics: new PostgresSessionMetricsStore(database),
    agentSessions: new PostgresAgentSessionStore(database),
    requestLog: createPostgresRequestLogStore(database),
    secrets: new PostgresSecretStore(database),
    database,
    async ping() {
      await database.rows('SELECT 1');
    },
    close: () => database.close(),
  };
}
