// Runs the whole storage contract (API keys, cache, settings, memory, contributors, session metrics)
// against PostgreSQL, in a schema of its own that is dropped afterwards.
import { describe } from 'node:test';
import { openPostgresStorage } from '../../src/stores/postgres/postgres-storage.js';
import { runStorageContracts } from '../contracts/store-contracts.js';
import { testPostgresOptions } from '../helpers/postgres-test-database.js';
import { needPostgres, testSchema } from '../helpers/test-services.js';

describe('postgres storage', await needPostgres(), () => {
  const schema = testSchema('contract');
  runStorageContracts('postgres', () => openPostgresStorage(testPostgresOptions(schema)));
});
