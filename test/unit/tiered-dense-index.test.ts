// TieredDenseIndex: small partitions scanned exactly, large ones moved into HNSW graphs (hnswlib-node)
// whose nearest entry matches the exact scan's in at least 99% of queries; removal (markDelete)
// that never returns a removed entry, growth past the graph's capacity (resizeIndex), and the
// exact fallback when the addon is not available.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DenseVectorIndex } from '../../src/domain/cache/semantic/vectors/dense-vector-index.js';
import { loadHnsw } from '../../src/domain/cache/semantic/vectors/hnsw-library.js';
import { TieredDenseIndex } from '../../src/domain/cache/semantic/vectors/tiered-dense-index.js';

const DIMS = 48;
const hnsw = loadHnsw();
const needsAddon = hnsw.library ? {} : { skip: `hnswlib-node is not available here: ${hnsw.reason}` };

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function unit(values: Float32Array): Float32Array {
  let sum = 0;
  for (const v of values) sum += v * v;
  return values.map((v) => v / Math.sqrt(sum));
}

function randomVector(next: () => number): Float32Array {
  return unit(Float32Array.from({ length: DIMS }, () => next() * 2 - 1));
}

/** A stored vector moved a little, as a paraphrase moves its embedding. */
function near(vector: Float32Array, next: () => number, noise = 0.3): Float32Array {
  return unit(vector.map((v) => v + (next() * 2 - 1) * noise / Math.sqrt(DIMS)));
}

/** The same `count` random vectors in partition `p` of an exact index and of a tiered one (graph from 500). */
function filledIndexes(next: () => number, count: number): { exact: DenseVectorIndex; graph: TieredDenseIndex; stored: Float32Array[] } {
  const exact = new DenseVectorIndex(DIMS);
  const graph = new TieredDenseIndex(DIMS, { library: hnsw.library, annFrom: 500 });
  const stored: Float32Array[] = [];
  for (let i = 0; i < count; i++) {
    const vector = randomVector(next);
    stored.push(vector);
    exact.add(`v${i}`, 'p', vector);
    graph.add(`v${i}`, 'p', vector);
  }
  return { exact, graph, stored };
}

test('partitions below annFrom are scanned exactly; the one that reaches it moves into a graph', needsAddon, () => {
  const next = random(1);
  const index = new TieredDenseIndex(DIMS, { library: hnsw.library, annFrom: 100 });
  for (let i = 0; i < 99; i++) index.add(`a${i}`, 'small', randomVector(next));
  for (let i = 0; i < 99; i++) index.add(`b${i}`, 'large', randomVector(next));
  assert.equal(index.graphPartitions, 0);
  index.add('b99', 'large', randomVector(next));
  assert.equal(index.graphPartitions, 1);
  assert.equal(index.size, 199);
  assert.ok(index.has('b0') && index.has('a0') && !index.has('c0'));
  assert.deepEqual(index.nearest('other', randomVector(next), 3), [], 'partitions stay apart');
});

test('the graph finds the exact nearest entry in at least 99% of queries, and it grows past its capacity', needsAddon, () => {
  const next = random(2);
  const { exact, graph, stored } = filledIndexes(next, 6000); // the graph starts at 1,000 slots: it is resized on the way
  assert.equal(graph.size, 6000);
  let agree = 0;
  const queries = 400;
  for (let q = 0; q < queries; q++) {
    const query = near(stored[Math.floor(next() * stored.length)]!, next);
    const truth = exact.nearest('p', query, 1)[0]!;
    const found = graph.nearest('p', query, 5);
    if (found[0]?.id === truth.id) {
      agree++;
      assert.ok(Math.abs(found[0].similarity - truth.similarity) < 1e-4, 'the graph reports the same cosine');
    }
    for (let i = 1; i < found.length; i++) assert.ok(found[i - 1]!.similarity >= found[i]!.similarity, 'best first');
  }
  assert.ok(agree / queries >= 0.99, `recall of the exact nearest: ${agree}/${queries}`);
});

test('a lookup with a floor (narrow beam first, the full one when it finds nothing) finds what the exact scan finds above the floor', needsAddon, () => {
  const next = random(3);
  const { exact, graph, stored } = filledIndexes(next, 5000);
  const floor = 0.9;
  let agree = 0;
  let above = 0;
  for (let q = 0; q < 400; q++) {
    // Half near a stored vector (a hit), half moved far from it (nothing reaches the floor).
    const query = near(stored[Math.floor(next() * stored.length)]!, next, q % 2 === 0 ? 0.3 : 12);
    const truth = exact.nearest('p', query, 1)[0]!;
    const found = graph.nearest('p', query, 5, floor);
    assert.ok(found.every((n) => n.similarity >= floor), 'nothing below the floor');
    if (truth.similarity < floor) {
      assert.deepEqual(found, [], 'no entry reaches the floor');
      continue;
    }
    above++;
    if (found[0]?.id === truth.id) agree++;
  }
  assert.ok(above >= 150, `queries with an entry above the floor: ${above}`);
  assert.ok(agree / above >= 0.99, `the exact nearest above the floor: ${agree}/${above}`);
});

test('removed entries are never returned; their slots are reused; a floor drops weaker ones', needsAddon, () => {
  const next = random(3);
  const index = new TieredDenseIndex(DIMS, { library: hnsw.library, annFrom: 10 });
  const stored = Array.from({ length: 2000 }, () => randomVector(next));
  stored.forEach((vector, i) => index.add(`v${i}`, 'p', vector));
  for (let i = 0; i < 2000; i += 2) assert.equal(index.remove(`v${i}`), true);
  assert.equal(index.remove('v0'), false);
  assert.equal(index.size, 1000);
  for (let i = 0; i < 2000; i += 50) {
    const found = index.nearest('p', stored[i]!, 10);
    assert.ok(found.every((n) => Number(n.id.slice(1)) % 2 === 1), 'no removed entry comes back');
    if (i % 2 === 1) assert.equal(found[0]!.id, `v${i}`);
  }
  // Re-adding takes over deleted slots; an id added again replaces its vector.
  for (let i = 0; i < 2000; i += 2) index.add(`w${i}`, 'p', stored[i]!);
  index.add('v1', 'p', stored[0]!);
  assert.equal(index.size, 2000);
  assert.deepEqual(index.nearest('p', stored[0]!, 2).map((n) => n.id).sort(), ['v1', 'w0']);
  assert.deepEqual(index.nearest('p', stored[3]!, 5, 0.999).map((n) => n.id), ['v3']);
  // Emptied, the partition's graph is dropped.
  for (let i = 1; i < 2000; i += 2) index.remove(`v${i}`);
  for (let i = 0; i < 2000; i += 2) index.remove(`w${i}`);
  assert.equal(index.size, 0);
  assert.equal(index.graphPartitions, 0);
});

test('without the addon every partition is scanned exactly, whatever its size', () => {
  const next = random(4);
  const index = new TieredDenseIndex(DIMS, { library: undefined, annFrom: 10 });
  const exact = new DenseVectorIndex(DIMS);
  for (let i = 0; i < 300; i++) {
    const vector = randomVector(next);
    index.add(`v${i}`, 'p', vector);
    exact.add(`v${i}`, 'p', vector);
  }
  assert.equal(index.graphPartitions, 0);
  for (let q = 0; q < 50; q++) {
    const query = randomVector(next);
    assert.deepEqual(index.nearest('p', query, 5), exact.nearest('p', query, 5));
  }
});
