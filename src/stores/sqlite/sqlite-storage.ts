// The embedded default backend: every store on one SQLite file in the data directory.
import { join } from 'node:path';
import type { Storage } from '../ports/storage.js';
import { openSqliteRequestLog } from './sqlite-request-log-store.js';
import { openSqlite } from './database.js';
import { sqliteMigrations } from './migrations.js';
import { SqliteAgentSessionStore } from './sqlite-agent-session-store.js';
import { SqliteApiKeyStore } from './sqlite-api-key-store.js';
import { SqliteCacheStore } from './sqlite-cache-store.js';
import { SqliteContributorStore } from './sqlite-contributor-store.js';
import { SqliteMemoryStore } from './sqlite-memory-store.js';
import { SqliteSessionMetricsStore } from './sqlite-session-metrics-store.js';
import { SqliteSettingsStore } from './sqlite-settings-store.js';

export const SQLITE_FILE_NAME = 'synapse.db';

/** Opens `<dataDir>/synapse.db`, or an in-memory database when dataDir is `:memory:`. */
export function openSqliteStorage(dataDir: string): Storage {
  const db = openSqlite(dataDir === ':memory:' ? ':memory:' : join(dataDir, SQLITE_FILE_NAME), sqliteMigrations);
  const ping = db.prepare('SELECT 1');
  const requestLog = openSqliteRequestLog(db);
  return {
    backend: 'sqlite',
    apiKeys: new SqliteApiKeyStore(db),
    cache: new SqliteCacheStore(db),
    settings: new SqliteSettingsStore(db),
    memory: new SqliteMemoryStore(db),
    contributors: new SqliteContributorStore(db),
    sessionMetrics: new SqliteSessionMetricsStore(db),
    agentSessions: new SqliteAgentSessionStore(db),
    requestLog: requestLog.store,
    async ping() {
      ping.get();
    },
    async close() {
      await requestLog.close();
      if (db.open) db.close();
    },
  };
}
