// One statement on a PostgreSQL connection of its own, for the benchmarks' setup and clean-up
// (a reachability probe, ANALYZE, dropping a run's schema) outside the stores.
import pg from 'pg';

export async function adminSql(databaseUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query(sql);
  } finally {
    await client.end().catch(() => undefined);
  }
}
