// RequestLogStore on SQLite: the shared SQL run synchronously, a batch inserted in one transaction.
import { REQUEST_LOG_COLUMNS, SqlRequestLogStore, columnValues } from '../sql/sql-request-log-store.js';
import type { RequestLogRow } from '../request-log-store.js';
import type Database from 'better-sqlite3';
import type { SqliteDatabase } from './database.js';

export function createSqliteRequestLogStore(db: SqliteDatabase): SqlRequestLogStore {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO request_log (${REQUEST_LOG_COLUMNS.join(', ')}) VALUES (${REQUEST_LOG_COLUMNS.map(() => '?').join(', ')})`,
  );
  const insertAll = db.transaction((rows: RequestLogRow[]) => {
    for (const row of rows) insert.run(...columnValues(row));
  });
  const statements = new Map<string, Database.Statement<unknown[]>>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    return statement;
  };
  return new SqlRequestLogStore({
    all: async (sql, params) => prepared(sql).all(...params) as Record<string, unknown>[],
    run: async (sql, params) => prepared(sql).run(...params).changes,
    insert: async (rows) => void insertAll.immediate(rows),
  });
}
