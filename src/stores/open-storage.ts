// Chooses the storage backend from configuration. SQLite is the embedded default.
import type { Config } from '../config/schema.js';
import { openSqliteStorage } from './sqlite/sqlite-storage.js';
import type { Storage } from './storage.js';

export function openStorage(config: Config): Storage {
  return openSqliteStorage(config.dataDir);
}
