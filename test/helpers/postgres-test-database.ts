// The PostgreSQL the tests and benchmarks use, from the usual libpq variables: PGHOST (127.0.0.1),
// PGPORT (5432), PGUSER (postgres), PGPASSWORD (none) and PGDATABASE (test). Each run works in
// schemas of its own; test/helpers/test-services.ts drops them when a test file ends.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { PostgresOptions } from '../../src/stores/postgres/postgres-database.js';

export const TEST_DATABASE_URL = databaseUrlFromEnvironment(process.env);

/** A postgres:// URL from the PG* variables, with their libpq-style defaults for the test server. */
export function databaseUrlFromEnvironment(env: Record<string, string | undefined>): string {
  const host = env.PGHOST || '127.0.0.1';
  const user = encodeURIComponent(env.PGUSER || 'postgres');
  const password = env.PGPASSWORD ? `:${encodeURIComponent(env.PGPASSWORD)}` : '';
  const database = encodeURIComponent(env.PGDATABASE || 'test');
  return `postgres://${user}${password}@${host.includes(':') ? `[${host}]` : host}:${env.PGPORT || '5432'}/${database}`;
}

/** The test database URL with its host and port replaced (to go through a relay on this machine). */
export function testDatabaseUrlAt(host: string, port: number): string {
  const url = new URL(TEST_DATABASE_URL);
  url.hostname = host;
  url.port = String(port);
  return url.toString();
}

/** The test server's address, for messages and relays. */
export function testDatabaseTarget(): { host: string; port: number; label: string } {
  const url = new URL(TEST_DATABASE_URL);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(url.port || 5432);
  return { host, port, label: `${decodeURIComponent(url.username)}@${url.host}${url.pathname}` };
}

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
