// Port for API keys. Keys are stored by their SHA-256 hash; the plain key never reaches a store.
import type { Role } from '../../domain/auth/roles.js';

export interface ApiKeyRecord {
  id: string;
  tenantId: string;
  name: string;
  role: Role;
  /** Hex SHA-256 of the full key. */
  keyHash: string;
  /** The first characters of the key, safe to show in listings. */
  keyPrefix: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface ApiKeyStore {
  insertKey(record: ApiKeyRecord): Promise<void>;
  /**
   * Inserts the key only if the store holds no key at all, atomically (instances starting together
   * on one database create one first key, not one each). True when it was inserted.
   */
  insertKeyIfNone(record: ApiKeyRecord): Promise<boolean>;
  findKeyByHash(keyHash: string): Promise<ApiKeyRecord | undefined>;
  findKeyById(id: string): Promise<ApiKeyRecord | undefined>;
  /** All keys, or one tenant's, oldest first. */
  listKeys(tenantId?: string): Promise<ApiKeyRecord[]>;
  /** Marks a key revoked; false when it does not exist or was already revoked. */
  revokeKey(id: string, revokedAt: string): Promise<boolean>;
  countKeys(): Promise<number>;
}
