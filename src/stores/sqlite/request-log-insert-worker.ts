// Worker thread of the SQLite request log: its own connection to the database file, inserting the
// batches the main thread posts (UTF-8 JSON of each row's column values) and running its pruning statements, answering each with its id
// (with the rows changed, or the error).
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { prepareRequestLogInsert } from './sqlite-request-log-store.js';

const db = new Database((workerData as { path: string }).path);
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');
const insert = prepareRequestLogInsert(db);

const decoder = new TextDecoder();

parentPort!.on('message', (message: { id: number; rows?: Uint8Array; sql?: string; params?: unknown[] }) => {
  try {
    if (message.rows !== undefined) {
      insert(JSON.parse(decoder.decode(message.rows)) as unknown[][]);
      parentPort!.postMessage({ id: message.id });
    } else {
      const changes = db.prepare(message.sql!).run(...(message.params ?? [])).changes;
      parentPort!.postMessage({ id: message.id, changes });
    }
  } catch (error) {
    parentPort!.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
});
