// The semantic cache's index over a real SQLite store: rebuilt from the store in the background
// (state loading, then ready), candidates verified on texts read back from the store (a different
// number still misses), earlier turns compared from the store too, and the memory budget
// (cache.semantic.indexBytes) that evicts the least recently used entries from the index.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { verifyEquivalent } from '../../src/domain/cache/semantic/equivalence-verifier.js';
import { SemanticCache } from '../../src/domain/cache/semantic/semantic-cache.js';
import { vectorSpaceOf } from '../../src/domain/cache/semantic/vectors/vector-space.js';
import { silentLogger } from '../../src/domain/logger.js';
import { BuiltinEmbedder } from '../../src/providers/embeddings/builtin/builtin-embedder.js';
import type { Storage } from '../../src/stores/ports/storage.js';
import { openSqliteStorage } from '../../src/stores/sqlite/sqlite-storage.js';

const TENANT = 't1';
const space = vectorSpaceOf(new BuiltinEmbedder());
const CITIES = ['Lisbon', 'Oslo', 'Nairobi', 'Lima', 'Hanoi', 'Quito', 'Accra', 'Riga', 'Doha', 'Perth'];

function openCache(storage: Storage, indexBytes = 0): SemanticCache {
  const metrics = { recordEmbedderFailure: () => assert.fail('the built-in embedder does not fail') };
  return new SemanticCache(space, verifyEquivalent, storage.cache, metrics, silentLogger, async () => undefined, Date.now, { indexBytes, textsInMemory: 1 });
}

const chat = (...turns: string[]) => ({ model: 'm', messages: turns.map((content) => ({ role: 'user', content })) });

/** Stores an entry row and indexes its request. */
async function put(storage: Storage, cache: SemanticCache, cacheKey: string, ...turns: string[]): Promise<void> {
  const now = Date.now();
  await storage.cache.putEntries([
    { id: `ce_${cacheKey}`, tenantId: TENANT, cacheKey, model: 'm', response: {}, promptTokens: 1, completionTokens: 1, sizeBytes: 2, createdAt: now, expiresAt: now + 3_600_000, lastHitAt: now, hitCount: 0 },
  ]);
  assert.ok(await cache.index(TENANT, cacheKey, cache.describe(TENANT, chat(...turns))!));
}

async function find(cache: SemanticCache, ...turns: string[]) {
  return findAbove(0.9, cache, ...turns);
}

async function findAbove(threshold: number, cache: SemanticCache, ...turns: string[]) {
  return cache.find(TENANT, cache.describe(TENANT, chat(...turns))!, threshold);
}

test('after a restart the index loads from the store and verifies candidates on the stored texts', async () => {
  const storage = await openSqliteStorage(':memory:');
  try {
    const first = openCache(storage);
    await first.start();
    for (const [i, city] of CITIES.entries()) await put(storage, first, `k${i}`, `How many people lived in ${city} in 1990?`);
    await put(storage, first, 'talk', 'Tell me about the Amazon river', 'How long is it in kilometres?');
    await first.close();

    const second = openCache(storage);
    assert.equal(second.state().state, 'loading');
    assert.deepEqual(await find(second, 'how many people lived in Oslo in 1990'), {}, 'no lookups by meaning before the index is loaded');
    await second.start();
    assert.equal(second.state().state, 'ready');
    assert.equal(second.state().entries, CITIES.length + 1);
    assert.equal((await find(second, 'how many people lived in Oslo in 1990')).cacheKey, 'k1');
    // A threshold low enough for the candidate to reach verification, which reads its text from the store.
    const otherYear = await findAbove(0.5, second, 'How many people lived in Oslo in 1991?');
    assert.equal(otherYear.cacheKey, undefined, 'a different number misses');
    assert.match(otherYear.nearest?.rejectedBecause ?? '', /number|date|year/);
    assert.equal((await find(second, 'Tell me about the Amazon river', 'how long is it in kilometres')).cacheKey, 'talk');
    assert.equal((await find(second, 'Tell me about the Nile river', 'How long is it in kilometres?')).cacheKey, undefined, 'a different earlier turn misses');
    // Removed from the store and the index: gone for lookups.
    second.remove(TENANT, 'k1');
    assert.equal((await find(second, 'how many people lived in Oslo in 1990')).cacheKey, undefined);
    await second.close();
  } finally {
    await storage.close();
  }
});

test('the index stays within its byte budget by evicting the least recently used entries', async () => {
  const storage = await openSqliteStorage(':memory:');
  try {
    const probe = openCache(storage);
    await probe.start();
    await put(storage, probe, 'probe', 'What is the tallest tower in Lisbon?');
    const perEntry = probe.state().bytes;
    await probe.close();

    const cache = openCache(storage, perEntry * 7);
    await cache.start(); // loads the probe entry
    const questions = CITIES.map((city) => `What is the tallest building in ${city}?`);
    for (const [i, question] of questions.slice(0, 5).entries()) await put(storage, cache, `b${i}`, question);
    // A match makes b0 the most recently used: the next additions evict others first.
    assert.equal((await find(cache, questions[0]!.toLowerCase())).cacheKey, 'b0');
    for (const [i, question] of questions.slice(5).entries()) await put(storage, cache, `b${i + 5}`, question);
    const state = cache.state();
    assert.ok(state.bytes <= state.budgetBytes, `${state.bytes} <= ${state.budgetBytes}`);
    assert.ok(state.evicted >= 4, `evicted ${state.evicted}`);
    assert.equal((await find(cache, questions[0]!.toLowerCase())).cacheKey, 'b0', 'the recently matched entry stayed');
    assert.equal((await find(cache, questions[9]!.toLowerCase())).cacheKey, 'b9', 'the newest entry is indexed');
    assert.equal((await find(cache, questions[1]!.toLowerCase())).cacheKey, undefined, 'the least recently used left the index');
    await cache.close();
  } finally {
    await storage.close();
  }
});
