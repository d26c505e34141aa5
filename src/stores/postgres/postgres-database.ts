// A node-postgres pool bound to one schema, with timeouts on connecting and on every statement,
// and every driver failure turned into a StoreError. The stores only see SqlRunner.
import pg from 'pg';
import { toStoreError } from '../driver-errors.js';

export interface PostgresOptions {
  url: string;
  /** Lower-case SQL identifier; the tables live there (search_path). */
  schema: string;
  poolSize: number;
  connectTimeoutMs: number;
  statementTimeoutMs: number;
}

/** What a store runs its SQL on: the pool, or one transaction's connection. */
export interface SqlRunner {
  rows<R>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Runs a statement and returns the number of rows it touched. */
  run(sql: string, params?: unknown[]): Promise<number>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** bigint and numeric as JS numbers: counters, sums and millisecond timestamps fit in 2^53. */
const numberTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID || oid === NUMERIC_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid PostgreSQL schema name: ${schema}`);
}

export class PostgresDatabase implements SqlRunner {
  readonly schema: string;
  readonly pool: pg.Pool;

  constructor(options: PostgresOptions) {
    assertSchemaName(options.schema);
    this.schema = options.schema;
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize,
      connectionTimeoutMillis: options.connectTimeoutMs,
      statement_timeout: options.statementTimeoutMs,
      // The client-side bound for a server that stopped answering altogether.
      query_timeout: options.statementTimeoutMs + 1_000,
      idle_in_transaction_session_timeout: options.statementTimeoutMs * 3,
      keepAlive: true,
      application_name: 'synapse',
      options: `-c search_path=${options.schema}`,
      types: numberTypes,
    });
    // An idle connection that breaks must not crash the process; the next query reports it.
    this.pool.on('error', () => {});
  }

  async rows<R>(sql: string, params: unknown[] = []): Promise<R[]> {
    try {
      return (await this.pool.query(sql, params)).rows as R[];
    } catch (error) {
      throw toStoreError('PostgreSQL', error);
    }
  }

  async run(sql: string, params: unknown[] = []): Promise<number> {
    try {
      return (await this.pool.query(sql, params)).rowCount ?? 0;
    } catch (error) {
      throw toStoreError('PostgreSQL', error);
    }
  }

  /** Runs `work` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
  async transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw toStoreError('PostgreSQL', error);
    }
    let broken: Error | undefined;
    // A checked-out connection that breaks between statements emits 'error'; unheard, it would crash.
    const onError = (error: Error): void => {
      broken = error;
    };
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await work(clientRunner(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw toStoreError('PostgreSQL', error);
    } finally {
      // A broken connection is destroyed rather than handed to the next caller.
      client.off('error', onError);
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}

function clientRunner(client: pg.PoolClient): SqlRunner {
  return {
    async rows<R>(sql: string, params: unknown[] = []) {
      return (await client.query(sql, params)).rows as R[];
    },
    async run(sql: string, params: unknown[] = []) {
      return (await client.query(sql, params)).rowCount ?? 0;
    },
  };
}
