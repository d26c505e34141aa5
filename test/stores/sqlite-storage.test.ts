// Runs the storage contract against the embedded SQLite backend, on a file and in memory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { openSqliteStorage } from '../../src/stores/sqlite/sqlite-storage.js';
import { runStorageContracts } from '../contracts/store-contracts.js';

const dir = mkdtempSync(join(tmpdir(), 'synapse-sqlite-contract-'));
after(() => rmSync(dir, { recursive: true, force: true }));

runStorageContracts('sqlite (file)', async () => openSqliteStorage(dir));
runStorageContracts('sqlite (memory)', async () => openSqliteStorage(':memory:'));
