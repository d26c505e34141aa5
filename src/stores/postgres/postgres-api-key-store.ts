// ApiKeyStore on PostgreSQL.
import type { ApiKeyRecord, ApiKeyStore } from '../ports/api-key-store.js';
import type { PostgresDatabase, SqlRunner } from './postgres-database.js';

interface ApiKeyRow {
  id: string;
  tenant_id: string;
  name: string;
  role: ApiKeyRecord['role'];
  key_hash: string;
  key_prefix: string;
  created_at: string;
  revoked_at: string | null;
}

const toRecord = (row: ApiKeyRow): ApiKeyRecord => ({
  id: row.id,
  tenantId: row.tenant_id,
  name: row.name,
  role: row.role,
  keyHash: row.key_hash,
  keyPrefix: row.key_prefix,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
});

const COLUMNS = 'id, tenant_id, name, role, key_hash, key_prefix, created_at, revoked_at';

export class PostgresApiKeyStore implements ApiKeyStore {
  constructor(private readonly db: PostgresDatabase) {}

  async insertKey(record: ApiKeyRecord): Promise<void> {
    await insertRecord(this.db, record);
  }

  async insertKeyIfNone(record: ApiKeyRecord): Promise<boolean> {
    // The table lock (which blocks other writers, not readers) makes count-then-insert atomic across
    // instances; it lasts until the transaction ends.
    return this.db.transaction(async (tx) => {
      await tx.run('LOCK TABLE api_keys IN SHARE ROW EXCLUSIVE MODE');
      const [row] = await tx.rows<{ n: number }>('SELECT count(*)::int AS n FROM api_keys');
      if (row!.n > 0) return false;
      await insertRecord(tx, record);
      return true;
    });
  }


  async findKeyByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const [row] = await this.db.rows<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys WHERE key_hash = $1`, [keyHash]);
    return row && toRecord(row);
  }

  async findKeyById(id: string): Promise<ApiKeyRecord | undefined> {
    const [row] = await this.db.rows<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys WHERE id = $1`, [id]);
    return row && toRecord(row);
  }

  async listKeys(tenantId?: string): Promise<ApiKeyRecord[]> {
    const rows =
      tenantId === undefined
        ? await this.db.rows<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys ORDER BY created_at, id`)
        : await this.db.rows<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys WHERE tenant_id = $1 ORDER BY created_at, id`, [
            tenantId,
          ]);
    return rows.map(toRecord);
  }

  async revokeKey(id: string, revokedAt: string): Promise<boolean> {
    return (await this.db.run('UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [revokedAt, id])) === 1;
  }

  async countKeys(): Promise<number> {
    const [row] = await this.db.rows<{ count: number }>('SELECT count(*) AS count FROM api_keys');
    return row!.count;
  }
}

function insertRecord(db: SqlRunner, record: ApiKeyRecord): Promise<number> {
  return db.run(`INSERT INTO api_keys (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
    record.id,
    record.tenantId,
    record.name,
    record.role,
    record.keyHash,
    record.keyPrefix,
    record.createdAt,
    record.revokedAt,
  ]);
}
