// The one driver-error mapper (src/stores/driver-errors.ts) on both real SQL drivers: SQLite's busy
// lock and unique / primary-key violations, PostgreSQL's unique violation and a refused statement,
// each becoming the StoreError the HTTP layer answers (503 for a busy database, 500 otherwise)
// without the driver's text. The stores' own duplicate inserts are in the api-key contract.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { toErrorResponse, toSynapseError } from '../../src/http/error-response.js';
import { mappingDriverErrors, toStoreError } from '../../src/stores/driver-errors.js';
import { StoreError } from '../../src/stores/ports/store-error.js';
import { PostgresDatabase } from '../../src/stores/postgres/postgres-database.js';
import { testPostgresOptions } from '../helpers/postgres-test-database.js';
import { needPostgres, testSchema } from '../helpers/test-services.js';

/** The StoreError a call rejects (or throws) with. */
async function storeErrorOf(work: () => unknown): Promise<StoreError> {
  const error = await (async () => work())().then(
    () => assert.fail('expected a failure'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof StoreError, `a StoreError, not ${String(error)}`);
  return error;
}

describe('SQLite errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'synapse-driver-errors-'));
  const path = join(dir, 'errors.db');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (id TEXT PRIMARY KEY, name TEXT UNIQUE)');
  db.prepare('INSERT INTO t VALUES (?, ?)').run('a', 'alpha');
  after(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const store = mappingDriverErrors('SQLite', {
    insert: async (id: string, name: string) => void db.prepare('INSERT INTO t VALUES (?, ?)').run(id, name),
    insertNow: (id: string, name: string) => db.prepare('INSERT INTO t VALUES (?, ?)').run(id, name).changes,
    broken: async () => db.prepare('SELECT missing_column FROM t').all(),
  });

  test('a primary-key and a unique violation are conflicts, thrown or rejected', async () => {
    const pk = await storeErrorOf(() => store.insert('a', 'other'));
    assert.equal(pk.failure, 'conflict');
    assert.equal(pk.driverCode, 'SQLITE_CONSTRAINT_PRIMARYKEY');
    const unique = await storeErrorOf(() => store.insertNow('b', 'alpha'));
    assert.equal(unique.failure, 'conflict');
    assert.equal(unique.driverCode, 'SQLITE_CONSTRAINT_UNIQUE');
    assert.equal(store.insertNow('c', 'gamma'), 1, 'a call that works answers as before');
    const response = toErrorResponse(toSynapseError(unique, 1024));
    assert.equal(response.status, 500);
    assert.equal(response.body.error.type, 'database_error');
    assert.doesNotMatch(JSON.stringify(response.body), /UNIQUE|constraint/i);
  });

  test('a write while another connection holds the write lock is busy: 503, retry', async () => {
    const other = new Database(path);
    other.pragma('busy_timeout = 0');
    db.exec('BEGIN IMMEDIATE');
    try {
      const busy = await storeErrorOf(() => mappingDriverErrors('SQLite', { write: () => other.prepare('INSERT INTO t VALUES (?, ?)').run('d', 'delta') }).write());
      assert.equal(busy.failure, 'unavailable');
      assert.match(busy.driverCode ?? '', /^SQLITE_BUSY/);
      const response = toErrorResponse(toSynapseError(busy, 1024));
      assert.equal(response.status, 503);
      assert.equal(response.body.error.message, 'SQLite is busy; retry later');
    } finally {
      db.exec('ROLLBACK');
      other.close();
    }
  });

  test('any other refusal is a plain failure', async () => {
    const failed = await storeErrorOf(() => store.broken());
    assert.equal(failed.failure, 'failed');
    assert.equal(failed.driverCode, 'SQLITE_ERROR');
  });
});

describe('PostgreSQL errors', await needPostgres(), () => {
  const schema = testSchema('driver_errors');
  let db: PostgresDatabase;

  test('a primary-key and a unique violation are conflicts; another refusal a failure', async () => {
    db = new PostgresDatabase(testPostgresOptions(schema));
    try {
      await db.run(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await db.run('CREATE TABLE t (id TEXT PRIMARY KEY, name TEXT UNIQUE)');
      await db.run('INSERT INTO t VALUES ($1, $2)', ['a', 'alpha']);
      const pk = await storeErrorOf(() => db.run('INSERT INTO t VALUES ($1, $2)', ['a', 'other']));
      assert.deepEqual([pk.failure, pk.driverCode, pk.backend], ['conflict', '23505', 'PostgreSQL']);
      const unique = await storeErrorOf(() => db.transaction((tx) => tx.run('INSERT INTO t VALUES ($1, $2)', ['b', 'alpha'])));
      assert.deepEqual([unique.failure, unique.driverCode], ['conflict', '23505']);
      const failed = await storeErrorOf(() => db.rows('SELECT missing_column FROM t'));
      assert.deepEqual([failed.failure, failed.driverCode], ['failed', '42703']);
      assert.equal(toErrorResponse(toSynapseError(unique, 1024)).body.error.type, 'database_error');
    } finally {
      await db.close();
    }
  });
});

test('toStoreError keeps a StoreError as it is', () => {
  const original = new StoreError('PostgreSQL', 'unavailable', new Error('x'));
  assert.equal(toStoreError('SQLite', original), original);
});
