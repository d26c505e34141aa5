// Contract every CacheStore implementation must pass; called inside a backend's describe block.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CacheEntry, CacheStore } from '../../src/stores/ports/cache-store.js';

export function runCacheStoreContracts(store: () => CacheStore): void {
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
    await store().putEntries([entry('e1', 't1', 'k1')]);
    await store().putEntries([entry('e2', 't2', 'k1')]);
    assert.deepEqual((await store().getEntry('t1', 'k1'))?.response, { id: 'e1', choices: [] });
    assert.equal((await store().getEntry('t2', 'k1'))?.id, 'e2');
    assert.equal(await store().getEntry('t3', 'k1'), undefined);
    await store().putEntries([entry('e3', 't1', 'k1', { model: 'other' })]);
    assert.equal((await store().getEntry('t1', 'k1'))?.id, 'e3');
    await store().recordHits([{ id: 'e3', hits: 4, lastHitAt: 2000 }]);
    const usage = await store().usageByTenantAndModel('t1');
    assert.deepEqual(usage, [{ tenantId: 't1', model: 'other', entries: 1, hits: 4, promptTokensSaved: 40, completionTokensSaved: 20 }]);
    assert.equal(await store().deleteEntry('t2', 'e3'), undefined, 'another tenant cannot delete it');
    assert.equal((await store().deleteEntry('t1', 'e3'))?.cacheKey, 'k1');
    await store().putEntries([entry('e4', 't1', 'k4', { expiresAt: 500 })]);
    assert.deepEqual(await store().deleteExpired(600), [{ tenantId: 't1', cacheKey: 'k4' }]);
    assert.deepEqual(await store().deleteEntries('t2', 'gpt-4o'), ['k1']);
  });

  test('cache: evictBeyond keeps the most recently used', async () => {
    for (let i = 0; i < 6; i++) {
      await store().putEntries([{
        id: `lru${i}`, tenantId: 'lru', cacheKey: `k${i}`, model: 'm', response: {}, promptTokens: 0,
        completionTokens: 0, sizeBytes: 2, createdAt: i, expiresAt: 1e15, lastHitAt: 100 + i, hitCount: 0,
      }]);
    }
    await store().recordHits([{ id: 'lru0', hits: 1, lastHitAt: 1000 }]);
    const before = await store().countEntries();
    const removed = await store().evictBeyond(before - 2);
    assert.deepEqual(removed.map((r) => r.cacheKey).sort(), ['k1', 'k2']);
    assert.ok(await store().getEntry('lru', 'k0'), 'recently hit entry survives');
  });

  test('cache: semantic fields are written after the entry and listed per embedder, live entries only', async () => {
    const base = { model: 'm', response: {}, promptTokens: 0, completionTokens: 0, sizeBytes: 2, createdAt: 1, lastHitAt: 1, hitCount: 0 };
    await store().putEntries([
      { ...base, id: 's1', tenantId: 'sem', cacheKey: 'a', expiresAt: 1e15 },
      { ...base, id: 's2', tenantId: 'sem', cacheKey: 'b', expiresAt: 100 },
    ]);
    const vector = Float32Array.from([0.6, 0.8, 0]);
    const semantic = { partition: 'p', text: 'hello', context: ['earlier'], embedderId: 'e1', vector };
    await store().putSemantic([
      { tenantId: 'sem', cacheKey: 'a', semantic },
      { tenantId: 'sem', cacheKey: 'b', semantic },
    ]);
    const rows = await store().listSemantic('e1', 1000);
    assert.equal(rows.length, 1, 'the expired entry is not listed');
    const { cursor, ...row } = rows[0]!;
    assert.deepEqual({ ...row, vector: [...row.vector] }, {
      tenantId: 'sem', cacheKey: 'a', expiresAt: 1e15, partition: 'p', text: 'hello', context: ['earlier'], embedderId: 'e1',
      vector: [...vector],
    });
    assert.equal(cursor.lastHitAt, 1);
    assert.deepEqual(await store().listSemantic('other-embedder', 1000), []);
    await store().putEntries([{ ...base, id: 's3', tenantId: 'sem', cacheKey: 'c', expiresAt: 1e15, semantic: { ...semantic, text: 'inline' } }]);
    assert.ok((await store().listSemantic('e1', 1000)).some((row) => row.text === 'inline'));
    assert.deepEqual(await store().getSemanticTexts('sem', 'c'), { text: 'inline', context: ['earlier'] });
    assert.equal(await store().getSemanticTexts('sem', 'missing'), undefined);
    // A key twice in one batch: the later fields win, as sequential writes would leave them.
    await store().putSemantic([
      { tenantId: 'sem', cacheKey: 'a', semantic: { ...semantic, text: 'first' } },
      { tenantId: 'sem', cacheKey: 'a', semantic: { ...semantic, text: 'second' } },
    ]);
    assert.deepEqual(await store().getSemanticTexts('sem', 'a'), { text: 'second', context: ['earlier'] });
  });

  test('cache: listSemantic pages through entries least recently used first', async () => {
    const base = { tenantId: 'page', model: 'm', response: {}, promptTokens: 0, completionTokens: 0, sizeBytes: 2, createdAt: 1, expiresAt: 1e15, hitCount: 0 };
    const semantic = { partition: 'p', text: 't', context: [], embedderId: 'paged', vector: Float32Array.from([1, 0]) };
    // Two entries share a recency, so the store's row order breaks the tie across a page boundary.
    const recency = [5, 3, 3, 9, 1];
    await store().putEntries(recency.map((lastHitAt, i) => ({ ...base, id: `pg${i}`, cacheKey: `k${i}`, lastHitAt, semantic })));
    const seen: string[] = [];
    let after: { lastHitAt: number; id: string } | undefined;
    for (;;) {
      const rows = await store().listSemantic('paged', 1000, { ...(after ? { after } : {}), limit: 2 });
      seen.push(...rows.map((row) => row.cacheKey));
      if (rows.length < 2) break;
      after = rows[rows.length - 1]!.cursor;
    }
    assert.deepEqual(seen, ['k4', 'k1', 'k2', 'k0', 'k3']);
  });

  test('cache: a batch naming one key twice keeps the last; repeated hit records add up', async () => {
    const base = { tenantId: 'dup', model: 'm', promptTokens: 1, completionTokens: 1, sizeBytes: 2, createdAt: 1, expiresAt: 1e15, lastHitAt: 1, hitCount: 0 };
    await store().putEntries([
      { ...base, id: 'd1', cacheKey: 'same', response: { v: 1 } },
      { ...base, id: 'd2', cacheKey: 'same', response: { v: 2 } },
    ]);
    assert.deepEqual((await store().getEntry('dup', 'same'))?.response, { v: 2 });
    await store().recordHits([
      { id: 'd2', hits: 2, lastHitAt: 50 },
      { id: 'd2', hits: 3, lastHitAt: 40 },
    ]);
    const entry = await store().getEntry('dup', 'same');
    assert.equal(entry?.hitCount, 5);
    assert.equal(entry?.lastHitAt, 50);
    await store().putEntries([{ ...base, id: 'd3', cacheKey: 'same', response: { v: 3 } }]);
    assert.equal((await store().getEntry('dup', 'same'))?.hitCount, 0, 'a replaced entry counts hits from zero');
    assert.deepEqual(await store().deleteEntries('dup'), ['same']);
  });

  test('cache: usage is ordered by tenant and model in byte order', async () => {
    const base = { model: 'm', response: {}, promptTokens: 0, completionTokens: 0, sizeBytes: 2, createdAt: 1, expiresAt: 1e15, lastHitAt: 1, hitCount: 0 };
    await store().putEntries([
      { ...base, id: 'o1', tenantId: 'order-b', cacheKey: 'k' },
      { ...base, id: 'o2', tenantId: 'order-B', cacheKey: 'k' },
      { ...base, id: 'o3', tenantId: 'order-a', cacheKey: 'k', model: 'b' },
      { ...base, id: 'o4', tenantId: 'order-a', cacheKey: 'l', model: 'B' },
    ]);
    const rows = (await store().usageByTenantAndModel()).filter((row) => row.tenantId.startsWith('order-'));
    assert.deepEqual(rows.map((row) => `${row.tenantId}/${row.model}`), ['order-B/m', 'order-a/B', 'order-a/b', 'order-b/m']);
  });
}
