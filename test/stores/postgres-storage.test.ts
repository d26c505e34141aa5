// Runs the whole storage contract (API keys, cache, settings, memory, contributors, session metrics)
// against PostgreSQL, in a schema of its own that is dropped afterwards.
import { after } from 'node:test';
import { openPostgresStorage } from '../../src/stores/postgres/postgres-storage.js';
import { runStorageContracts } from '../contracts/store-contracts.js';
import { dropSchema, testPostgresOptions, uniqueSchemaName } from '../helpers/postgres-test-database.js';

const schema = uniqueSchemaName('contract');
after(() => dropSchema(schema));

runStorageContracts('postgres', () => openPostgresStorage(testPostgresOptions(schema)));
