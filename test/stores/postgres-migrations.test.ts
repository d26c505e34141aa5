// Several instances starting at once on a fresh schema: every migration is applied exactly once,
// every instance starts, and a later start applies nothing.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { applyPostgresMigrations } from '../../src/stores/postgres/migration-runner.js';
import { postgresMigrations, type PostgresMigration } from '../../src/stores/postgres/migrations.js';
import { PostgresDatabase } from '../../src/stores/postgres/postgres-database.js';
import { openPostgresStorage } from '../../src/stores/postgres/postgres-storage.js';
import { dropSchema, runAdminSql, testPostgresOptions, uniqueSchemaName } from '../helpers/postgres-test-database.js';

const schemas: string[] = [];
after(async () => {
  for (const schema of schemas) await dropSchema(schema);
});

function freshSchema(): string {
  const schema = uniqueSchemaName('migrate');
  schemas.push(schema);
  return schema;
}

/** Fails if applied twice (CREATE TABLE without IF NOT EXISTS), and is slow enough for the others to queue. */
const probe: PostgresMigration = { version: 1000, name: 'probe', sql: 'SELECT pg_sleep(0.2); CREATE TABLE migration_probe (id INTEGER)' };

describe('postgres migrations', () => {
  test('concurrent runs on a fresh schema all succeed and apply each migration once', async () => {
    const schema = freshSchema();
    const migrations = [...postgresMigrations, probe];
    const instances = [0, 1, 2].map(() => new PostgresDatabase(testPostgresOptions(schema)));
    try {
      const applied = await Promise.all(instances.map((db) => applyPostgresMigrations(db.pool, schema, migrations)));
      const all = applied.flat().sort((a, b) => a - b);
      assert.deepEqual(all, migrations.map((m) => m.version).sort((a, b) => a - b), 'each version applied by exactly one run');
      const rows = await instances[0]!.rows<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      assert.deepEqual(rows.map((r) => r.version), migrations.map((m) => m.version));
      assert.deepEqual(await applyPostgresMigrations(instances[1]!.pool, schema, migrations), [], 'a later start applies nothing');
    } finally {
      await Promise.all(instances.map((db) => db.close()));
    }
  });

  test('two storages opened at once on a fresh schema share the same tables', async () => {
    const schema = freshSchema();
    const [a, b] = await Promise.all([openPostgresStorage(testPostgresOptions(schema)), openPostgresStorage(testPostgresOptions(schema))]);
    try {
      await a.settings.updateTenantSettings('shared', { cacheTtlSecs: 5 });
      assert.deepEqual(await b.settings.getTenantSettings('shared'), { cacheTtlSecs: 5 });
      const { rows } = await runAdminSql('SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $1 AND tablename = $2', [schema, 'cache_entries']);
      assert.equal(rows[0].n, 1);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  test('a failing migration is rolled back and not recorded', async () => {
    const schema = freshSchema();
    const db = new PostgresDatabase(testPostgresOptions(schema));
    try {
      const broken: PostgresMigration = { version: 2000, name: 'broken', sql: 'CREATE TABLE half_done (id INTEGER); SELECT no_such_function()' };
      await assert.rejects(applyPostgresMigrations(db.pool, schema, [...postgresMigrations, broken]), { name: 'StoreError', code: 'database' });
      const rows = await db.rows<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      assert.deepEqual(rows.map((r) => r.version), postgresMigrations.map((m) => m.version));
      const tables = await db.rows('SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = $2', [schema, 'half_done']);
      assert.equal(tables.length, 0);
    } finally {
      await db.close();
    }
  });
});
