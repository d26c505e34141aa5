// Contract every ApiKeyStore implementation must pass; called inside a backend's describe block.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ApiKeyStore } from '../../src/stores/ports/api-key-store.js';
import { StoreError } from '../../src/stores/ports/store-error.js';

export function runApiKeyStoreContracts(store: () => ApiKeyStore): void {
  test('api keys: of concurrent first-key inserts into an empty store exactly one wins, then none', async () => {
    assert.equal(await store().countKeys(), 0, 'this test runs on a fresh store');
    const first = (n: number) => ({
      id: `key_first_${n}`,
      tenantId: 'default',
      name: 'first-admin',
      role: 'admin' as const,
      keyHash: `hash-first-${n}`,
      keyPrefix: 'sk-syn-fst',
      createdAt: '2026-01-01T00:00:00.000Z',
      revokedAt: null,
    });
    const outcomes = await Promise.all(Array.from({ length: 8 }, (_, n) => store().insertKeyIfNone(first(n))));
    assert.equal(outcomes.filter(Boolean).length, 1);
    assert.equal(await store().countKeys(), 1);
    assert.equal(await store().insertKeyIfNone(first(99)), false);
  });

  test('api keys: insert, find by hash and id, list by tenant, revoke once', async () => {
    const base = { name: 'k', role: 'user' as const, keyPrefix: 'sk-syn-abc', createdAt: '2026-01-01T00:00:00.000Z', revokedAt: null };
    await store().insertKey({ ...base, id: 'key_a', tenantId: 't1', keyHash: 'hash-a' });
    await store().insertKey({ ...base, id: 'key_b', tenantId: 't2', keyHash: 'hash-b' });
    assert.equal((await store().findKeyByHash('hash-a'))?.id, 'key_a');
    assert.equal((await store().findKeyById('key_b'))?.tenantId, 't2');
    assert.equal(await store().findKeyByHash('missing'), undefined);
    assert.deepEqual((await store().listKeys('t1')).map((k) => k.id), ['key_a']);
    assert.ok((await store().listKeys()).length >= 2);
    assert.ok((await store().countKeys()) >= 2);
    assert.equal(await store().revokeKey('key_a', '2026-01-02T00:00:00.000Z'), true);
    assert.equal(await store().revokeKey('key_a', '2026-01-03T00:00:00.000Z'), false);
    assert.equal((await store().findKeyById('key_a'))?.revokedAt, '2026-01-02T00:00:00.000Z');
    // A duplicate key hash (unique) or id (primary key) is a StoreError conflict on every backend.
    const conflict = (error: unknown) => error instanceof StoreError && error.failure === 'conflict';
    await assert.rejects(store().insertKey({ ...base, id: 'key_c', tenantId: 't1', keyHash: 'hash-a' }), conflict);
    await assert.rejects(store().insertKey({ ...base, id: 'key_b', tenantId: 't1', keyHash: 'hash-new' }), conflict);
  });
}
