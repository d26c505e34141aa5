// Creating, listing, revoking and checking API keys. A raw key is looked up in the store on
// every request, so revoking it takes effect at once, whoever revoked it. A token is checked
// against its key's standing (revoked or not, its tenant and role now), cached for a second to
// keep a store read off the hot path; a revocation through this service updates that cache at once.
import { randomBytes } from 'node:crypto';
import { SynapseError } from '../../errors.js';
import type { ApiKeyRecord, ApiKeyStore } from '../../stores/ports/api-key-store.js';
import { displayPrefix, generateApiKey, hashApiKey, looksLikeApiKey } from './api-key-codec.js';
import type { Principal } from './principal.js';
import type { Role } from './roles.js';

export interface CreateKeyInput {
  tenantId: string;
  role: Role;
  name: string;
  /** A caller-chosen key (bootstrap); generated when absent. */
  key?: string;
}

export interface CreatedKey {
  record: ApiKeyRecord;
  /** The plain key: returned once, never stored. */
  key: string;
}

/** What a key allows now: the tenant and role in its record, while it is not revoked. */
export interface KeyStanding {
  tenantId: string;
  role: Role;
}

export const DEFAULT_TENANT = 'default';
const KEY_STATUS_TTL_MS = 1_000;
const KEY_STATUS_CACHE_LIMIT = 10_000;

export class ApiKeyService {
  /** Per key id: its standing, or null when it is unknown or revoked. */
  private readonly keyStatus = new Map<string, { standing: KeyStanding | null; checkedAt: number }>();

  constructor(
    private readonly store: ApiKeyStore,
    private readonly now: () => number = Date.now,
  ) {}

  async createKey(input: CreateKeyInput): Promise<CreatedKey> {
    const created = this.prepareKey(input);
    await this.store.insertKey(created.record);
    return created;
  }

  /** A new key and its record, not stored yet. */
  private prepareKey(input: CreateKeyInput): CreatedKey {
    const key = input.key ?? generateApiKey();
    const record: ApiKeyRecord = {
      id: `key_${randomBytes(9).toString('base64url')}`,
      tenantId: input.tenantId,
      name: input.name,
      role: input.role,
      keyHash: hashApiKey(key),
      keyPrefix: displayPrefix(key),
      createdAt: new Date(this.now()).toISOString(),
      revokedAt: null,
    };
    return { record, key };
  }

  listKeys(tenantId?: string): Promise<ApiKeyRecord[]> {
    return this.store.listKeys(tenantId);
  }

  findKey(id: string): Promise<ApiKeyRecord | undefined> {
    return this.store.findKeyById(id);
  }

  async revokeKey(id: string): Promise<ApiKeyRecord> {
    const record = await this.store.findKeyById(id);
    if (!record) throw new SynapseError('not_found', { what: `API key '${id}'` });
    if (record.revokedAt === null) {
      const revokedAt = new Date(this.now()).toISOString();
      await this.store.revokeKey(id, revokedAt);
      record.revokedAt = revokedAt;
    }
    this.keyStatus.set(id, { standing: null, checkedAt: performance.now() });
    return record;
  }

  /** Resolves a plain API key to its principal; unknown and revoked keys are the same 401. */
  async authenticateKey(key: string): Promise<{ principal: Principal; record: ApiKeyRecord }> {
    if (!looksLikeApiKey(key)) throw new SynapseError('invalid_api_key');
    const record = await this.store.findKeyByHash(hashApiKey(key));
    if (!record || record.revokedAt !== null) throw new SynapseError('invalid_api_key');
    return { principal: { tenantId: record.tenantId, role: record.role, keyId: record.id, via: 'api_key' }, record };
  }

  /**
   * The key's standing if it was read less than a second ago, synchronously: null when it is
   * unknown or revoked; undefined when it has to be read again.
   */
  standingCached(keyId: string): KeyStanding | null | undefined {
    const known = this.keyStatus.get(keyId);
    return known && performance.now() - known.checkedAt < KEY_STATUS_TTL_MS ? known.standing : undefined;
  }

  /** The key's tenant and role now (as of at most a second ago); null when it is unknown or revoked. */
  async standing(keyId: string): Promise<KeyStanding | null> {
    const cached = this.standingCached(keyId);
    if (cached !== undefined) return cached;
    const checkedAt = performance.now();
    const record = await this.store.findKeyById(keyId);
    const standing = record !== undefined && record.revokedAt === null ? { tenantId: record.tenantId, role: record.role } : null;
    if (this.keyStatus.size >= KEY_STATUS_CACHE_LIMIT) this.keyStatus.clear();
    this.keyStatus.set(keyId, { standing, checkedAt });
    return standing;
  }

  /** Creates `key` as an admin of the default tenant unless a key with that value exists. */
  async ensureBootstrapKey(key: string): Promise<boolean> {
    if (await this.store.findKeyByHash(hashApiKey(key))) return false;
    try {
      await this.createKey({ tenantId: DEFAULT_TENANT, role: 'admin', name: 'bootstrap', key });
    } catch (error) {
      // Instances starting together on one database race for it: the loser finds the winner's key.
      if (await this.store.findKeyByHash(hashApiKey(key))) return false;
      throw error;
    }
    return true;
  }

  /** On a first start with no keys at all, creates an admin key and returns it (to print once). */
  async createFirstAdminKey(): Promise<CreatedKey | undefined> {
    if ((await this.store.countKeys()) > 0) return undefined;
    const created = this.prepareKey({ tenantId: DEFAULT_TENANT, role: 'admin', name: 'first-admin' });
    // Instances starting together on one empty database: only one of them creates (and prints) it.
    return (await this.store.insertKeyIfNone(created.record)) ? created : undefined;
  }
}
