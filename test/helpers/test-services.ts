// PostgreSQL and Redis for the suites that need them. A test file checks each service once (a short
// connect); when it is down, the suites that need it are skipped with one line saying what to
// start, or, with SYNAPSE_TEST_SERVICES=required (CI), the file fails once with that line. Schemas
// and key prefixes taken through here are dropped when the file ends, passed or failed, and
// checked gone.
//
//   const postgres = await needPostgres();
//   describe('postgres storage', postgres, () => { const schema = testSchema('contract'); ... });
import { after, test } from 'node:test';
import { Redis } from 'ioredis';
import pg from 'pg';
import { deleteKeys, TEST_REDIS_URL, testRedisTarget, uniqueKeyPrefix } from './redis-test-connection.js';
import { runAdminSql, TEST_DATABASE_URL, testDatabaseTarget, uniqueSchemaName } from './postgres-test-database.js';

/** Options for `describe`/`test`: empty when the service is up, `skip` with the reason when not. */
export type ServiceGate = { skip?: string };

const CONNECT_TIMEOUT_MS = 3_000;
const required = process.env.SYNAPSE_TEST_SERVICES === 'required';
const probes = new Map<string, Promise<string | undefined>>();
const failuresReported = new Set<string>();
const schemas = new Set<string>();
const keyPrefixes = new Set<string>();

/** Gate for suites that need the test PostgreSQL (PG* variables; README, "Development"). */
export function needPostgres(): Promise<ServiceGate> {
  return gate('PostgreSQL', probePostgres);
}

/** Gate for suites that need the test Redis (REDIS_URL). */
export function needRedis(): Promise<ServiceGate> {
  return gate('Redis', probeRedis);
}

/** One gate for suites that need several services: skipped with the first missing one's line. */
export function allOf(...gates: ServiceGate[]): ServiceGate {
  return gates.find((gate) => gate.skip !== undefined) ?? {};
}

/** A schema name for this file's own use, dropped (and checked gone) when the file's tests end. */
export function testSchema(label: string): string {
  const schema = uniqueSchemaName(label);
  schemas.add(schema);
  return schema;
}

/** A Redis key prefix for this file's own use, whose keys are deleted when the file's tests end. */
export function testKeyPrefix(label: string): string {
  const prefix = uniqueKeyPrefix(label);
  keyPrefixes.add(prefix);
  return prefix;
}

async function gate(service: string, probe: () => Promise<string | undefined>): Promise<ServiceGate> {
  let probed = probes.get(service);
  if (!probed) probes.set(service, (probed = probe()));
  const problem = await probed;
  if (problem === undefined) return {};
  if (required && !failuresReported.has(service)) {
    failuresReported.add(service);
    test(`${service} is reachable (SYNAPSE_TEST_SERVICES=required)`, () => {
      const failure = new Error(problem);
      failure.stack = `Error: ${problem}`; // the line says it all; a stack into this helper would not help
      throw failure;
    });
  }
  return { skip: problem };
}

async function probePostgres(): Promise<string | undefined> {
  const { label } = testDatabaseTarget();
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const database = new URL(TEST_DATABASE_URL).pathname.slice(1);
    if (code === '3D000') {
      return `PostgreSQL at ${label} has no database '${database}': create it with \`createdb -h ${testDatabaseTarget().host} -U postgres ${database}\``;
    }
    if (code === '28P01' || code === '28000') {
      return `PostgreSQL at ${label} refused the login (${(error as Error).message}): set PGUSER and PGPASSWORD`;
    }
    return (
      `PostgreSQL not reachable at ${label} (${describeError(error)}): start it and create the test database ` +
      `(README, "Development"), or point PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE at one`
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function probeRedis(): Promise<string | undefined> {
  const client = new Redis(TEST_REDIS_URL, {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  // ioredis rejects connect() with "Connection is closed."; the cause comes as an error event.
  let cause: unknown;
  client.on('error', (error: unknown) => (cause ??= error));
  try {
    await client.connect();
    await client.ping();
    return undefined;
  } catch (error) {
    return `Redis not reachable at ${testRedisTarget().label} (${describeError(cause ?? error)}): start it (\`redis-server --daemonize yes\`), or point REDIS_URL at one`;
  } finally {
    client.disconnect();
  }
}

function describeError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code !== '') return code;
  return (error as Error).message?.split('\n')[0] || String(error);
}

// Registered once per test file, at its root: runs after every suite's own hooks (which close the
// gateways and pools first), whether the tests passed or not.
after(async () => {
  const problems: string[] = [];
  if (schemas.size > 0 && (await probes.get('PostgreSQL')) === undefined) {
    const names = [...schemas];
    for (const schema of names) {
      await runAdminSql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch((error: unknown) => problems.push(`${schema}: ${describeError(error)}`));
    }
    const left = await runAdminSql('SELECT schema_name FROM information_schema.schemata WHERE schema_name = ANY($1)', [names]);
    if (left.rows.length > 0) problems.push(`schemas left behind: ${left.rows.map((row: { schema_name: string }) => row.schema_name).join(', ')}`);
  }
  if (keyPrefixes.size > 0 && (await probes.get('Redis')) === undefined) {
    for (const prefix of keyPrefixes) {
      await deleteKeys(prefix).catch((error: unknown) => problems.push(`Redis keys ${prefix}*: ${describeError(error)}`));
    }
  }
  if (problems.length > 0) throw new Error(`test clean-up failed: ${problems.join('; ')}`);
});
