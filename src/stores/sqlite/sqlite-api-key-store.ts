// ApiKeyStore on SQLite.
import type { ApiKeyRecord, ApiKeyStore } from '../ports/api-key-store.js';
import type { SqliteDatabase } from './database.js';

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

export class SqliteApiKeyStore implements ApiKeyStore {
  private readonly insert;
  private readonly byHash;
  private readonly byId;
  private readonly all;
  private readonly ofTenant;
  private readonly revoke;
  private readonly count;
  private readonly insertFirst;

  constructor(db: SqliteDatabase) {
    this.insert = db.prepare(`INSERT INTO api_keys
      (id, tenant_id, name, role, key_hash, key_prefix, created_at, revoked_at)
      VALUES (@id, @tenantId, @name, @role, @keyHash, @keyPrefix, @createdAt, @revokedAt)`);
    this.byHash = db.prepare('SELECT * FROM api_keys WHERE key_hash = ?');
    this.byId = db.prepare('SELECT * FROM api_keys WHERE id = ?');
    this.all = db.prepare('SELECT * FROM api_keys ORDER BY created_at, id');
    this.ofTenant = db.prepare('SELECT * FROM api_keys WHERE tenant_id = ? ORDER BY created_at, id');
    this.revoke = db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
    this.count = db.prepare('SELECT count(*) FROM api_keys').pluck();
    this.insertFirst = db.transaction((record: ApiKeyRecord): boolean => {
      if ((this.count.get() as number) > 0) return false;
      this.insert.run(record);
      return true;
    });
  }

  async insertKey(record: ApiKeyRecord): Promise<void> {
    this.insert.run(record);
  }

  async insertKeyIfNone(record: ApiKeyRecord): Promise<boolean> {
    // One synchronous transaction: nothing can write between the count and the insert.
    return this.insertFirst.immediate(record);
  }

  async findKeyByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const row = this.byHash.get(keyHash) as ApiKeyRow | undefined;
    return row && toRecord(row);
  }

  async findKeyById(id: string): Promise<ApiKeyRecord | undefined> {
    const row = this.byId.get(id) as ApiKeyRow | undefined;
    return row && toRecord(row);
  }

  async listKeys(tenantId?: string): Promise<ApiKeyRecord[]> {
    const rows = (tenantId === undefined ? this.all.all() : this.ofTenant.all(tenantId)) as ApiKeyRow[];
    return rows.map(toRecord);
  }

  async revokeKey(id: string, revokedAt: string): Promise<boolean> {
    return this.revoke.run(revokedAt, id).changes === 1;
  }

  async countKeys(): Promise<number> {
    return this.count.get() as number;
  }
}
