// RequestLogStore on SQLite: the shared SQL for reads; batches are inserted, and old rows pruned, by
// a worker thread with its own connection to the same file, so the binding and B-tree work of
// thousands of rows a second does not take turns with requests on the main thread (an in-memory
// database, which a second connection cannot open, does both in the thread).
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { EncodedRowBatch } from '../sql/encoded-row-batch.js';
import { REQUEST_LOG_COLUMNS } from '../sql/request-log-columns.js';
import { SqlRequestLogStore } from '../sql/sql-request-log-store.js';
import type { SqliteDatabase } from './database.js';

/** Rows per INSERT statement: one statement per row costs more in binding overhead than the row itself. */
const ROWS_PER_STATEMENT = 50;
/** Rows per transaction in the worker: short write locks, so the main connection never waits long. */
const ROWS_PER_TRANSACTION = 500;

/**
 * Inserts rows given as their column values (columnValues), ROWS_PER_TRANSACTION a transaction. The
 * values of a statement's rows are copied into one array that is spread into the call: better-sqlite3
 * then binds each argument as it comes, where an array argument costs it a property read per value
 * (with `Array.prototype.flat` before it, that was 2.7 of a row's 6.7 µs; bench:proxy, 2026-12-07).
 */
export function prepareRequestLogInsert(db: SqliteDatabase): (rows: unknown[][]) => void {
  const width = REQUEST_LOG_COLUMNS.length;
  const placeholders = `(${REQUEST_LOG_COLUMNS.map(() => '?').join(', ')})`;
  const insertSql = (rows: number) =>
    `INSERT OR IGNORE INTO request_log (${REQUEST_LOG_COLUMNS.join(', ')}) VALUES ${Array(rows).fill(placeholders).join(', ')}`;
  const insertMany = db.prepare(insertSql(ROWS_PER_STATEMENT));
  const insertOne = db.prepare(insertSql(1));
  const values: unknown[] = new Array(ROWS_PER_STATEMENT * width);
  const insertChunk = db.transaction((rows: unknown[][], from: number, to: number) => {
    let at = from;
    for (; at + ROWS_PER_STATEMENT <= to; at += ROWS_PER_STATEMENT) {
      let next = 0;
      for (let row = at; row < at + ROWS_PER_STATEMENT; row++) {
        const columns = rows[row]!;
        for (let column = 0; column < width; column++) values[next++] = columns[column];
      }
      insertMany.run(...values);
    }
    for (; at < to; at++) insertOne.run(...rows[at]!);
  });
  return (rows) => {
    for (let at = 0; at < rows.length; at += ROWS_PER_TRANSACTION) {
      insertChunk.immediate(rows, at, Math.min(rows.length, at + ROWS_PER_TRANSACTION));
    }
  };
}

export interface SqliteRequestLog {
  store: SqlRequestLogStore;
  close(): Promise<void>;
}

export function openSqliteRequestLog(db: SqliteDatabase): SqliteRequestLog {
  const statements = new Map<string, Database.Statement<unknown[]>>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    return statement;
  };
  const inserter = db.memory ? inThreadInserter(db) : workerInserter(db.name);
  const store = new SqlRequestLogStore({
    all: async (sql, params) => prepared(sql).all(...params) as Record<string, unknown>[],
    run: (sql, params) => inserter.run(sql, params),
    insert: (batch) => inserter.insert(batch),
  });
  return { store, close: () => inserter.close() };
}

interface Inserter {
  insert(batch: EncodedRowBatch): Promise<void>;
  /** A write statement (the pruning); resolves with the rows it changed. */
  run(sql: string, params: unknown[]): Promise<number>;
  close(): Promise<void>;
}

function inThreadInserter(db: SqliteDatabase): Inserter {
  const insert = prepareRequestLogInsert(db);
  return {
    insert: async (batch) => insert(batch.values()),
    run: async (sql, params) => db.prepare(sql).run(...params).changes,
    close: async () => undefined,
  };
}

function workerInserter(path: string): Inserter {
  let worker: Worker | undefined;
  let sequence = 0;
  const waiting = new Map<number, { resolve: (changes: number) => void; reject: (error: Error) => void }>();
  const failAll = (error: Error) => {
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
    worker = undefined;
  };
  const start = (): Worker => {
    const started = new Worker(new URL('./request-log-insert-worker.js', import.meta.url), { workerData: { path } });
    started.unref();
    started.on('message', (reply: { id: number; changes?: number; error?: string }) => {
      const pending = waiting.get(reply.id);
      waiting.delete(reply.id);
      if (reply.error === undefined) pending?.resolve(reply.changes ?? 0);
      else pending?.reject(new Error(reply.error));
    });
    started.on('error', (error) => failAll(error));
    started.on('exit', () => failAll(new Error('request log worker exited')));
    return started;
  };
  const ask = (message: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<number> => {
    worker ??= start();
    const id = ++sequence;
    const done = new Promise<number>((resolve, reject) => waiting.set(id, { resolve, reject }));
    worker.postMessage({ id, ...message }, transfer);
    return done;
  };
  return {
    // The batch's UTF-8 bytes, moved to the worker rather than copied.
    insert: async (batch) => {
      const bytes = batch.bytes();
      await ask({ rows: bytes }, [bytes.buffer]);
    },
    run: (sql, params) => ask({ sql, params }),
    async close() {
      const running = worker;
      worker = undefined;
      if (running) await running.terminate();
    },
  };
}
