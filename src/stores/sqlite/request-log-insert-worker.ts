// Worker thread of the SQLite request log: its own connection to the database file, inserting the
// batches the main thread posts and answering each with its id (and the error, if it failed).
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { RequestLogRow } from '../request-log-store.js';
import { prepareRequestLogInsert } from './sqlite-request-log-store.js';

const db = new Database((workerData as { path: string }).path);
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');
const insert = prepareRequestLogInsert(db);

parentPort!.on('message', (batch: { id: number; rows: string }) => {
  try {
    insert(JSON.parse(batch.rows) as RequestLogRow[]);
    parentPort!.postMessage({ id: batch.id });
  } catch (error) {
    parentPort!.postMessage({ id: batch.id, error: error instanceof Error ? error.message : String(error) });
  }
});
