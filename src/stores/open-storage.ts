// Chooses the storage backend from configuration: PostgreSQL when `database.url` is set (every store,
// shared by all instances), otherwise the embedded SQLite file in the data directory.
import type { Config } from '../config/schema.js';
import { openPostgresStorage } from './postgres/postgres-storage.js';
import { openSqliteStorage } from './sqlite/sqlite-storage.js';
import type { Storage } from './ports/storage.js';

export async function openStorage(config: Config): Promise<Storage> {
  const { url, schema, poolSize, connectTimeoutMs, statementTimeoutMs } = config.database;
  if (url) return openPostgresStorage({ url, schema, poolSize, connectTimeoutMs, statementTimeoutMs });
  return openSqliteStorage(config.dataDir);
}
