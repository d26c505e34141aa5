// RequestLogStore on PostgreSQL: the shared SQL with `?` turned into `$n`, a batch inserted as one
// INSERT over unnest()ed arrays; every instance on the database appends to the same table.
import { REQUEST_LOG_COLUMNS } from '../sql/request-log-columns.js';
import { SqlRequestLogStore } from '../sql/sql-request-log-store.js';
import type { SqlRunner } from './postgres-database.js';

const TYPES = [
  'text', 'bigint', 'text', 'text', 'text', 'text', 'text', 'int', 'text', 'text', 'float8', 'float8', 'float8',
  'bigint', 'bigint', 'float8', 'float8', 'smallint', 'text', 'text', 'text', 'text', 'text', 'text',
];

const INSERT = `INSERT INTO request_log (${REQUEST_LOG_COLUMNS.join(', ')})
  SELECT * FROM unnest(${TYPES.map((type, i) => `$${i + 1}::${type}[]`).join(', ')})
  ON CONFLICT (id) DO NOTHING`;

export function createPostgresRequestLogStore(db: SqlRunner): SqlRequestLogStore {
  return new SqlRequestLogStore({
    all: (sql, params) => db.rows<Record<string, unknown>>(numbered(sql), params),
    run: (sql, params) => db.run(numbered(sql), params),
    insert: async (batch) => {
      const columns = TYPES.map(() => [] as unknown[]);
      for (const values of batch.values()) values.forEach((value, i) => columns[i]!.push(value));
      await db.run(INSERT, columns);
    },
  });
}

function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
