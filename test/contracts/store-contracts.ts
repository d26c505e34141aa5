// Contract suites every storage backend must pass: the same expectations for SQLite today and
// for each backend added later. A backend's test file calls runStorageContracts with an opener.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CacheEntry } from '../../src/stores/cache-store.js';
import type { Storage } from '../../src/stores/storage.js';

export function runStorageContracts(backend: string, open: () => Promise<Storage>): void {
  describe(`${backend} storage contract`, () => {
    let storage: Storage;
    before(async () => {
      storage = await open();
    });
    after(async () => {
      await storage.close();
    });

    test('ping answers', async () => {
      await storage.ping();
    });

    test('api keys: insert, find by hash and id, list by tenant, revoke once', async () => {
      const base = { name: 'k', role: 'user' as const, keyPrefix: 'sk-syn-abc', createdAt: '2026-01-01T00:00:00.000Z', revokedAt: null };
      await storage.apiKeys.insertKey({ ...base, id: 'key_a', tenantId: 't1', keyHash: 'hash-a' });
      await storage.apiKeys.insertKey({ ...base, id: 'key_b', tenantId: 't2', keyHash: 'hash-b' });
      assert.equal((await storage.apiKeys.findKeyByHash('hash-a'))?.id, 'key_a');
      assert.equal((await storage.apiKeys.findKeyById('key_b'))?.tenantId, 't2');
      assert.equal(await storage.apiKeys.findKeyByHash('missing'), undefined);
      assert.deepEqual((await storage.apiKeys.listKeys('t1')).map((k) => k.id), ['key_a']);
      assert.ok((await storage.apiKeys.listKeys()).length >= 2);
      assert.ok((await storage.apiKeys.countKeys()) >= 2);
      assert.equal(await storage.apiKeys.revokeKey('key_a', '2026-01-02T00:00:00.000Z'), true);
      assert.equal(await storage.apiKeys.revokeKey('key_a', '2026-01-03T00:00:00.000Z'), false);
      assert.equal((await storage.apiKeys.findKeyById('key_a'))?.revokedAt, '2026-01-02T00:00:00.000Z');
      await assert.rejects(storage.apiKeys.insertKey({ ...base, id: 'key_c', tenantId: 't1', keyHash: 'hash-a' }));
    });

    test('cache: put, get within the tenant only, replace by key, delete, expire, usage', async () => {
      const entry = (id: string, tenantId: string, cacheKey: string, extra: Partial<CacheEntry> = {}): CacheEntry => ({
        id,
        tenantId,
        cacheKey,
        model: 'gpt-4o',
        response: { id, choices: [] },
        promptTokens: 10,
        completionTokens: 5,
        sizeBytes: 20,
        createdAt: 1000,
        expiresAt: 10_000,
        lastHitAt: 1000,
        hitCount: 0,
        ...extra,
      });
      await storage.cache.putEntries([entry('e1', 't1', 'k1')]);
      await storage.cache.putEntries([entry('e2', 't2', 'k1')]);
      assert.deepEqual((await storage.cache.getEntry('t1', 'k1'))?.response, { id: 'e1', choices: [] });
      assert.equal((await storage.cache.getEntry('t2', 'k1'))?.id, 'e2');
      assert.equal(await storage.cache.getEntry('t3', 'k1'), undefined);
      await storage.cache.putEntries([entry('e3', 't1', 'k1', { model: 'other' })]);
      assert.equal((await storage.cache.getEntry('t1', 'k1'))?.id, 'e3');
      await storage.cache.recordHits([{ id: 'e3', hits: 4, lastHitAt: 2000 }]);
      const usage = await storage.cache.usageByTenantAndModel('t1');
      assert.deepEqual(usage, [{ tenantId: 't1', model: 'other', entries: 1, hits: 4, promptTokensSaved: 40, completionTokensSaved: 20 }]);
      assert.equal(await storage.cache.deleteEntry('t2', 'e3'), undefined, 'another tenant cannot delete it');
      assert.equal((await storage.cache.deleteEntry('t1', 'e3'))?.cacheKey, 'k1');
      await storage.cache.putEntries([entry('e4', 't1', 'k4', { expiresAt: 500 })]);
      assert.deepEqual(await storage.cache.deleteExpired(600), [{ tenantId: 't1', cacheKey: 'k4' }]);
      assert.deepEqual(await storage.cache.deleteEntries('t2', 'gpt-4o'), ['k1']);
    });

    test('cache: evictBeyond keeps the most recently used', async () => {
      for (let i = 0; i < 6; i++) {
        await storage.cache.putEntries([{
          id: `lru${i}`, tenantId: 'lru', cacheKey: `k${i}`, model: 'm', response: {}, promptTokens: 0,
          completionTokens: 0, sizeBytes: 2, createdAt: i, expiresAt: 1e15, lastHitAt: 100 + i, hitCount: 0,
        }]);
      }
      await storage.cache.recordHits([{ id: 'lru0', hits: 1, lastHitAt: 1000 }]);
      const before = await storage.cache.countEntries();
      const removed = await storage.cache.evictBeyond(before - 2);
      assert.deepEqual(removed.map((r) => r.cacheKey).sort(), ['k1', 'k2']);
      assert.ok(await storage.cache.getEntry('lru', 'k0'), 'recently hit entry survives');
    });

    test('cache: semantic fields are written after the entry and listed per embedder, live entries only', async () => {
      const base = { model: 'm', response: {}, promptTokens: 0, completionTokens: 0, sizeBytes: 2, createdAt: 1, lastHitAt: 1, hitCount: 0 };
      await storage.cache.putEntries([
        { ...base, id: 's1', tenantId: 'sem', cacheKey: 'a', expiresAt: 1e15 },
        { ...base, id: 's2', tenantId: 'sem', cacheKey: 'b', expiresAt: 100 },
      ]);
      const vector = Float32Array.from([0.6, 0.8, 0]);
      const semantic = { partition: 'p', text: 'hello', context: ['earlier'], embedderId: 'e1', vector };
      await storage.cache.putSemantic([
        { tenantId: 'sem', cacheKey: 'a', semantic },
        { tenantId: 'sem', cacheKey: 'b', semantic },
      ]);
      const rows = await storage.cache.listSemantic('e1', 1000);
      assert.equal(rows.length, 1, 'the expired entry is not listed');
      assert.deepEqual({ ...rows[0]!, vector: [...rows[0]!.vector] }, {
        tenantId: 'sem', cacheKey: 'a', expiresAt: 1e15, partition: 'p', text: 'hello', context: ['earlier'], embedderId: 'e1',
        vector: [...vector],
      });
      assert.deepEqual(await storage.cache.listSemantic('other-embedder', 1000), []);
      await storage.cache.putEntries([{ ...base, id: 's3', tenantId: 'sem', cacheKey: 'c', expiresAt: 1e15, semantic: { ...semantic, text: 'inline' } }]);
      assert.ok((await storage.cache.listSemantic('e1', 1000)).some((row) => row.text === 'inline'));
    });

    test('settings: merge per tenant', async () => {
      assert.deepEqual(await storage.settings.getTenantSettings('s1'), {});
      await storage.settings.updateTenantSettings('s1', { rateLimitTier: 'pro' });
      assert.deepEqual(await storage.settings.updateTenantSettings('s1', { cacheTtlSecs: 60 }), { rateLimitTier: 'pro', cacheTtlSecs: 60 });
      assert.ok((await storage.settings.listTenantSettings()).some((s) => s.tenantId === 's1'));
      assert.deepEqual(await storage.settings.updateTenantSettings('s1', { rateLimitTier: null }), { cacheTtlSecs: 60 });
    });
  });
}
