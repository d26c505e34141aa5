// A throw-away PostgreSQL schema per test run, on the development/CI server (127.0.0.1:5432,
// database `test`), dropped afterwards. SYNAPSE_TEST_DATABASE_URL points the tests elsewhere.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { PostgresOptions } from '../../src/stores/postgres/postgres-database.js';

export const TEST_DATABASE_URL = process.env.SYNAPSE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function uniqueSchemaName(label = 'test'): string {
  return `synapse_${label}_${randomBytes(6).toString('hex')}`;
}

export function testPostgresOptions(schema: string, overrides: Partial<PostgresOptions> = {}): PostgresOptions {
  return { url: TEST_DATABASE_URL, schema, poolSize: 5, connectTimeoutMs: 2_000, statementTimeoutMs: 5_000, ...overrides };
}

/** Runs one statement on a connection of its own (for setup and clean-up outside the stores). */
export async function runAdminSql(sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2_000 });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

export async function dropSchema(schema: string): Promise<void> {
  await runAdminSql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
}
