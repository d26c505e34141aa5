// Brings a PostgreSQL schema up to date with numbered migrations. Safe when several instances start
// at once: a session advisory lock per schema serializes them, and each migration is applied in its
// own transaction together with its schema_migrations row, so every version is applied exactly once.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { assertSchemaName } from './postgres-database.js';
import { toStoreError } from '../driver-errors.js';
import type { PostgresMigration } from './migrations.js';

/** Migrations may take longer than a request's statement; waiting for another instance's lock too. */
const MIGRATION_TIMEOUT_MS = 120_000;

/** Applies the pending migrations to `schema` (created if missing); returns the versions this call applied. */
export async function applyPostgresMigrations(
  pool: pg.Pool,
  schema: string,
  migrations: PostgresMigration[],
): Promise<number[]> {
  assertSchemaName(schema);
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw toStoreError('PostgreSQL', error);
  }
  const lockKey = advisoryLockKey(schema);
  let locked = false;
  // A checked-out connection that breaks between statements emits 'error'; unheard, it would crash.
  const onError = (): void => {};
  client.on('error', onError);
  try {
    await slow(client, `SET statement_timeout = ${MIGRATION_TIMEOUT_MS}`);
    await slow(client, 'SELECT pg_advisory_lock($1::bigint)', [lockKey]);
    locked = true;
    await slow(client, `CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await slow(client, `SET search_path TO ${schema}`);
    await slow(client, `CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const applied = new Set(
      (await slow(client, 'SELECT version FROM schema_migrations')).rows.map((r) => r.version as number),
    );
    const done: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      await applyOne(client, migration);
      done.push(migration.version);
    }
    return done;
  } catch (error) {
    throw toStoreError('PostgreSQL', error);
  } finally {
    await releaseSession(client, locked ? lockKey : undefined);
    client.off('error', onError);
  }
}

async function applyOne(client: pg.PoolClient, migration: PostgresMigration): Promise<void> {
  await slow(client, 'BEGIN');
  try {
    await slow(client, migration.sql);
    await slow(client, 'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
      migration.version,
      migration.name,
      new Date().toISOString(),
    ]);
    await slow(client, 'COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/** Unlocks and restores the pooled connection's settings; a connection that cannot be restored is destroyed. */
async function releaseSession(client: pg.PoolClient, lockKey: string | undefined): Promise<void> {
  try {
    if (lockKey !== undefined) await client.query('SELECT pg_advisory_unlock($1::bigint)', [lockKey]);
    await client.query('RESET statement_timeout; RESET search_path');
    client.release();
  } catch (error) {
    client.release(error as Error);
  }
}

/** A query allowed the migration timeout instead of the pool's per-request one. */
function slow(client: pg.PoolClient, text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  // query_timeout per query is honoured by node-postgres but missing from its type definitions.
  return client.query({ text, values, query_timeout: MIGRATION_TIMEOUT_MS } as pg.QueryConfig);
}

/** A 64-bit lock id per schema, so deployments in different schemas never wait for each other. */
function advisoryLockKey(schema: string): string {
  return createHash('sha256').update(`synapse:migrations:${schema}`).digest().readBigInt64BE(0).toString();
}
