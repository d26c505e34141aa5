// The SQLite data directory and every file the gateway writes into it are private to the user it
// runs as: the directory 0700, the database, its -wal and -shm files and the generated JWT secret
// 0600, whatever the umask. A database file left world-readable by an older version is tightened.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { JWT_SECRET_FILE } from '../../src/config/jwt-secret.js';
import { openSqliteStorage, SQLITE_FILE_NAME } from '../../src/stores/sqlite/sqlite-storage.js';
import { startTestGateway } from '../helpers/test-gateway.js';

const root = mkdtempSync(join(tmpdir(), 'synapse-modes-'));
const modeOf = (path: string): string => (statSync(path).mode & 0o777).toString(8);
let previousUmask: number;

before(() => {
  previousUmask = process.umask(0o022); // the usual default, under which files come out 0644
});
after(() => {
  process.umask(previousUmask);
  rmSync(root, { recursive: true, force: true });
});

describe('SQLite file modes', () => {
  test('a gateway started on a new data directory creates it 0700 and its files 0600', async () => {
    const dataDir = join(root, 'fresh', 'data');
    const gw = await startTestGateway({ dataDir });
    try {
      // A write, so the WAL and its shared-memory index exist.
      const created = await gw.request('/api/v1/keys', { body: { name: 'mode-probe' } });
      assert.equal(created.status, 201);
      assert.equal(modeOf(dataDir), '700', 'data directory');
      for (const name of [SQLITE_FILE_NAME, `${SQLITE_FILE_NAME}-wal`, `${SQLITE_FILE_NAME}-shm`, JWT_SECRET_FILE]) {
        const path = join(dataDir, name);
        assert.ok(existsSync(path), `${name} exists`);
        assert.equal(modeOf(path), '600', name);
      }
    } finally {
      await gw.close();
    }
  });

  test('a world-readable database from an older version is made 0600 when opened', async () => {
    const dataDir = join(root, 'older');
    const storage = openSqliteStorage(dataDir);
    await storage.close();
    const path = join(dataDir, SQLITE_FILE_NAME);
    chmodSync(path, 0o644);
    writeFileSync(`${path}-wal`, '', { mode: 0o644 });
    chmodSync(`${path}-wal`, 0o644);
    const reopened = openSqliteStorage(dataDir);
    try {
      await reopened.apiKeys.countKeys();
      assert.equal(modeOf(path), '600');
      assert.equal(modeOf(`${path}-wal`), '600');
    } finally {
      await reopened.close();
    }
  });
});
