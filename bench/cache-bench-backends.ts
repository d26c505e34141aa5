// Where npm run bench:cache keeps its entries (BENCH_CACHE_BACKENDS, default `sqlite,postgres`):
// `sqlite`, the data directory's SQLite file; `postgres`, a schema on BENCH_CACHE_DATABASE_URL (else
// the test database of the PG* variables) with Redis (REDIS_URL, default redis://127.0.0.1:6379) as
// the shared tier, under a key prefix. Both are the run's own and removed afterwards, unless the
// run keeps its data (BENCH_CACHE_DATA_DIR): then they are named after the size and reused.
import { adminSql } from './admin-sql.js';
import { TEST_DATABASE_URL, uniqueSchemaName } from '../test/helpers/postgres-test-database.js';
import { TEST_REDIS_URL, deleteKeys, openTestRedis, uniqueKeyPrefix } from '../test/helpers/redis-test-connection.js';

export type CacheBenchBackend = 'sqlite' | 'postgres';

const DATABASE_URL = process.env.BENCH_CACHE_DATABASE_URL ?? TEST_DATABASE_URL;

export interface BackendTarget {
  backend: CacheBenchBackend;
  /** The gateway's environment for it (none for SQLite: the data directory). */
  env: Record<string, string>;
  /** A label for the table. */
  label: string;
  /** Removes the data (nothing when kept). */
  drop(): Promise<void>;
}

export function parseBackends(text: string): CacheBenchBackend[] {
  return text.split(',').map((name) => {
    const backend = name.trim();
    if (backend !== 'sqlite' && backend !== 'postgres') throw new Error(`BENCH_CACHE_BACKENDS: unknown backend ${backend}`);
    return backend;
  });
}

/** The target of one run; `keptAs` names data kept for reuse (the size), else it is the run's own. */
export function backendTarget(backend: CacheBenchBackend, keptAs: string | undefined): BackendTarget {
  if (backend === 'sqlite') return { backend, env: {}, label: 'sqlite', drop: async () => undefined };
  const schema = keptAs ? `synapse_cachebench_${keptAs}` : uniqueSchemaName('cachebench');
  const prefix = keptAs ? `synapse-bench:cache-${keptAs}:` : uniqueKeyPrefix('cachebench');
  return {
    backend,
    env: { SYNAPSE_DATABASE_URL: DATABASE_URL, SYNAPSE_DATABASE_SCHEMA: schema, SYNAPSE_REDIS_URL: TEST_REDIS_URL, SYNAPSE_REDIS_PREFIX: prefix },
    label: 'postgres + redis',
    async drop() {
      if (keptAs) return;
      await adminSql(DATABASE_URL, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await deleteKeys(prefix);
    },
  };
}

/** Why PostgreSQL + Redis cannot be used, or undefined when both answer. */
export async function postgresUnavailable(): Promise<string | undefined> {
  try {
    await adminSql(DATABASE_URL, 'SELECT 1');
  } catch {
    return `${DATABASE_URL.replace(/\/\/[^@]*@/, '//')} unreachable`;
  }
  try {
    const connection = await openTestRedis(uniqueKeyPrefix('cachebench-probe'));
    await connection.close();
  } catch {
    return `${TEST_REDIS_URL.replace(/\/\/[^@]*@/, '//')} unreachable`;
  }
  return undefined;
}
