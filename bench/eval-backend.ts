// The storage backend of the memory evaluations: SQLite by default (the gateway's temporary data
// directory), or SYNAPSE_EVAL_BACKEND=postgres, a schema of the run's own on
// SYNAPSE_EVAL_DATABASE_URL, else the tests' database from the PG* variables (default
// postgres://postgres@127.0.0.1:5432/test), dropped afterwards.
import pg from 'pg';
import { TEST_DATABASE_URL, uniqueSchemaName } from '../test/helpers/postgres-test-database.js';

export const EVAL_BACKEND = process.env.SYNAPSE_EVAL_BACKEND ?? 'sqlite';
const DATABASE_URL = process.env.SYNAPSE_EVAL_DATABASE_URL ?? TEST_DATABASE_URL;

/** The gateway's environment for the backend, and what to clean up after it. */
export function evalBackendEnv(label: string): { env: Record<string, string>; cleanUp(): Promise<void> } {
  if (EVAL_BACKEND === 'sqlite') return { env: {}, cleanUp: async () => undefined };
  if (EVAL_BACKEND !== 'postgres') throw new Error(`SYNAPSE_EVAL_BACKEND: unknown backend ${EVAL_BACKEND} (sqlite or postgres)`);
  const schema = uniqueSchemaName(label);
  return {
    env: { SYNAPSE_DATABASE_URL: DATABASE_URL, SYNAPSE_DATABASE_SCHEMA: schema },
    async cleanUp() {
      const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 2_000 });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
