// The embedded default backend: every store on one SQLite file in the data directory, each
// throwing StoreError (src/stores/driver-errors.ts) rather than the driver's SqliteError.
import { join } from 'node:path';
import { mappingDriverErrors } from '../driver-errors.js';
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
    apiKeys: mappingDriverErrors('SQLite', new SqliteApiKeyStore(db)),
    cache: mappingDriverErrors('SQLite', new SqliteCacheStore(db)),
    settings: mappingDriverErrors('SQLite', new SqliteSettingsStore(db)),
    memory: mappingDriverErrors('SQLite', new SqliteMemoryStore(db)),
    contributors: mappingDriverErrors('SQLite', new SqliteContributorStore(db)),
    sessionMetrics: mappingDriverErrors('SQLite', new SqliteSessionMetricsStore(db)),
    agentSessions: mappingDriverErrors('SQLite', new SqliteAgentSessionStore(db)),
    requestLog: mappingDriverErrors('SQLite', requestLog.store),
    async ping() {
      ping.get();
    },
    async close() {
      await requestLog.close();
      if (db.open) db.close();
    },
  };
}
