// The HNSW graphs' snapshot (cache.semantic.annSnapshot) over a real SQLite file: written at
// close, read back by the next start (same answers), reconciled with the store (an entry deleted
// while the gateway was down is not in the index after the restart), and refused with its reason
// when corrupt or written for another embedder (the index is then rebuilt from the store). Also
// the graph's writes on a worker thread while entries come and go.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { verifyEquivalent } from '../../src/domain/cache/semantic/equivalence-verifier.js';
import { SemanticCache } from '../../src/domain/cache/semantic/semantic-cache.js';
import { loadHnsw } from '../../src/domain/cache/semantic/vectors/hnsw-library.js';
import { TieredDenseIndex } from '../../src/domain/cache/semantic/vectors/tiered-dense-index.js';
import { denseSpace } from '../../src/domain/cache/semantic/vectors/vector-space.js';
import { silentLogger } from '../../src/domain/logger.js';
import { BuiltinEmbedder } from '../../src/providers/embeddings/builtin/builtin-embedder.js';
import type { Storage } from '../../src/stores/ports/storage.js';
import { openSqliteStorage } from '../../src/stores/sqlite/sqlite-storage.js';

const hnsw = loadHnsw();
const needsAddon = hnsw.library ? {} : { skip: `hnswlib-node is not available here: ${hnsw.reason}` };
const TENANT = 't1';
const CITIES = ['Lisbon', 'Oslo', 'Nairobi', 'Lima', 'Hanoi', 'Quito', 'Accra', 'Riga', 'Doha', 'Perth'];
const THINGS = ['museums', 'bridges', 'parks', 'libraries', 'markets', 'theatres', 'stadiums', 'harbours'];
/** 80 different questions, in one partition: past annFrom (32), so they live in a graph. */
const QUESTIONS = CITIES.flatMap((city) => THINGS.map((thing) => `How many ${thing} are there in ${city}?`));

const chat = (content: string) => ({ model: 'm', messages: [{ role: 'user', content }] });

function openCache(storage: Storage, snapshotDir: string, dimensions = 384): SemanticCache {
  const space = denseSpace(new BuiltinEmbedder({ dimensions }), { library: hnsw.library, annFrom: 32, snapshotDir });
  const metrics = { recordEmbedderFailure: () => assert.fail('the built-in embedder does not fail') };
  return new SemanticCache(space, verifyEquivalent, storage.cache, metrics, silentLogger, async () => undefined, Date.now, { indexBytes: 0, textsInMemory: 1 });
}

/** Stores every question (rows and semantic fields) through a first instance, and closes it (which writes the snapshot). */
async function fill(dir: string, snapshotDir: string): Promise<void> {
  const storage = await openSqliteStorage(dir);
  const cache = openCache(storage, snapshotDir);
  await cache.start();
  const now = Date.now();
  await storage.cache.putEntries(
    QUESTIONS.map((_, i) => ({
      id: `ce_k${i}`, tenantId: TENANT, cacheKey: `k${i}`, model: 'm', response: {}, promptTokens: 1, completionTokens: 1, sizeBytes: 2,
      createdAt: now, expiresAt: now + 3_600_000, lastHitAt: now, hitCount: 0,
    })),
  );
  for (const [i, question] of QUESTIONS.entries()) assert.ok(await cache.index(TENANT, `k${i}`, cache.describe(TENANT, chat(question))!));
  await cache.close();
  await storage.close();
}

/** The cache key each question's paraphrase finds. */
async function answers(cache: SemanticCache): Promise<Array<string | undefined>> {
  const found: Array<string | undefined> = [];
  for (const question of QUESTIONS) found.push((await cache.find(TENANT, cache.describe(TENANT, chat(question.toLowerCase().replace('?', '')))!, 0.9)).cacheKey);
  return found;
}

function withDirs(run: (dir: string, snapshotDir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'synapse-snapshot-'));
    try {
      await run(dir, join(dir, 'semantic-index'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test('a restart reads the snapshot back, answers the same, and drops an entry deleted while it was down', needsAddon, withDirs(async (dir, snapshotDir) => {
  await fill(dir, snapshotDir);
  const manifest = JSON.parse(readFileSync(join(snapshotDir, 'manifest.json'), 'utf8')) as { graphs: Array<{ ids: string[] }> };
  assert.equal(manifest.graphs.length, 1);
  assert.equal(manifest.graphs[0]!.ids.length, QUESTIONS.length);

  const storage = await openSqliteStorage(dir);
  try {
    assert.ok(await storage.cache.deleteEntry(TENANT, 'ce_k5'), 'deleted while no gateway ran');
    const cache = openCache(storage, snapshotDir);
    await cache.start();
    assert.equal(cache.state().snapshot, `read ${QUESTIONS.length} entries`);
    assert.equal(cache.state().entries, QUESTIONS.length - 1, 'the deleted entry left the index');
    const expected = QUESTIONS.map((_, i) => (i === 5 ? undefined : `k${i}`));
    assert.deepEqual(await answers(cache), expected);
    await cache.close();
  } finally {
    await storage.close();
  }
}));

test('a corrupt snapshot, or one of another embedder, is refused and the index is rebuilt from the store', needsAddon, withDirs(async (dir, snapshotDir) => {
  await fill(dir, snapshotDir);
  const manifest = JSON.parse(readFileSync(join(snapshotDir, 'manifest.json'), 'utf8')) as { generation: string; graphs: Array<{ file: string }> };
  const graphFile = join(snapshotDir, manifest.generation, manifest.graphs[0]!.file);
  const bytes = readFileSync(graphFile);
  bytes[bytes.length >> 1] ^= 0xff;
  writeFileSync(graphFile, bytes);

  const storage = await openSqliteStorage(dir);
  try {
    const cache = openCache(storage, snapshotDir);
    await cache.start();
    assert.match(cache.state().snapshot ?? '', /^snapshot not used: .*checksum/);
    assert.equal(cache.state().entries, QUESTIONS.length);
    assert.deepEqual(await answers(cache), QUESTIONS.map((_, i) => `k${i}`));
    await cache.close(); // writes a fresh snapshot (the rebuilt graph changed)
    const again = openCache(storage, snapshotDir);
    await again.start();
    assert.equal(again.state().snapshot, `read ${QUESTIONS.length} entries`, 'the snapshot written after the rebuild');
    await again.close();

    const other = openCache(storage, snapshotDir, 256);
    await other.start();
    assert.match(other.state().snapshot ?? '', /^snapshot not used: snapshot embedderId is builtin-hash-v2-384, expected builtin-hash-v2-256/);
    assert.equal(other.state().entries, 0, 'the stored vectors are of the other embedder too');
    await other.close();
  } finally {
    await storage.close();
  }
}));

test('entries read back stay unconfirmed until added again; settle removes the rest', needsAddon, withDirs(async (dir) => {
  const next = (() => {
    let seed = 7;
    return () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
  })();
  const unit = (v: Float32Array) => v.map((x) => x / Math.hypot(...v));
  const vectors = Array.from({ length: 300 }, () => unit(Float32Array.from({ length: 16 }, next)));
  const options = { library: hnsw.library, annFrom: 50, snapshotDir: dir };
  const first = new TieredDenseIndex(16, options, 'e');
  vectors.forEach((vector, i) => first.add(`v${i}`, 'p', vector));
  // Written on a worker thread while entries come and go: those changes are searched meanwhile and kept after.
  const writing = first.persist();
  first.remove('v0');
  first.add('late', 'p', vectors[1]!);
  assert.equal(first.nearest('p', vectors[0]!, 1)[0]?.id === 'v0', false, 'a removed entry is not found while the graph is written');
  assert.ok(first.nearest('p', vectors[1]!, 2).some(({ id }) => id === 'late'), 'an added entry is found while the graph is written');
  await writing;
  assert.equal(first.size, 300);
  assert.ok(!first.has('v0') && first.has('late'));
  assert.equal(first.changesSinceSnapshot, 2);

  const second = new TieredDenseIndex(16, options, 'e');
  assert.deepEqual(await second.restore(), { entries: 300, outcome: 'read' }, 'the snapshot holds v0, not late');
  vectors.forEach((vector, i) => i !== 2 && second.add(`v${i}`, 'p', vector)); // v2 no longer in the store
  assert.equal(second.changesSinceSnapshot, 0, 'entries read back are confirmed, not inserted again');
  assert.equal(second.nearest('p', vectors[2]!, 1)[0]?.id, 'v2', 'unconfirmed until settled');
  assert.equal(second.settle(), 1);
  assert.notEqual(second.nearest('p', vectors[2]!, 1)[0]?.id, 'v2');
  assert.equal(second.size, 299);
}));
