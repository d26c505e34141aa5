// SparseVectorIndex: the inverted index with prefix filtering finds exactly what a full scan
// finds above the floor, across partitions, removals, compaction and re-adds; the sparse codec
// round-trips and refuses malformed blobs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeSparse, encodeSparse, sparseDot, sparseFromSlots, type SparseVector } from '../../src/domain/cache/semantic/vectors/sparse-vector.js';
import { SparseVectorIndex } from '../../src/domain/cache/semantic/vectors/sparse-vector-index.js';
import { BuiltinEmbedder } from '../../src/providers/embeddings/builtin/builtin-embedder.js';

/** A deterministic pseudo-random generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Vectors over a small vocabulary with a skewed frequency, like words: many near neighbours. */
function randomVector(next: () => number, base?: SparseVector): SparseVector {
  const slots = new Map<number, number>();
  if (base) base.indices.forEach((slot, i) => slots.set(slot, base.values[i]!));
  const features = base ? 1 + Math.floor(next() * 3) : 5 + Math.floor(next() * 20);
  for (let f = 0; f < features; f++) {
    const slot = Math.floor(next() ** 3 * 400);
    slots.set(slot, (slots.get(slot) ?? 0) + (next() < 0.5 ? -1 : 1) * (0.2 + next()));
  }
  return sparseFromSlots(slots);
}

function bruteForce(vectors: Map<string, SparseVector>, query: SparseVector, floor: number): Array<{ id: string; similarity: number }> {
  return [...vectors]
    .map(([id, vector]) => ({ id, similarity: sparseDot(query, vector) }))
    .filter((n) => n.similarity >= floor)
    .sort((a, b) => b.similarity - a.similarity);
}

test('above the floor, the index returns exactly the brute-force neighbours', () => {
  const next = random(42);
  const index = new SparseVectorIndex();
  const vectors = new Map<string, SparseVector>();
  const all: SparseVector[] = [];
  for (let i = 0; i < 3000; i++) {
    const base = all.length > 0 && next() < 0.5 ? all[Math.floor(next() * all.length)] : undefined;
    const vector = randomVector(next, base);
    all.push(vector);
    vectors.set(`v${i}`, vector);
    index.add(`v${i}`, 'p', vector);
  }
  for (let q = 0; q < 200; q++) {
    const query = randomVector(next, all[Math.floor(next() * all.length)]);
    for (const floor of [0.5, 0.8, 0.95]) {
      const expected = bruteForce(vectors, query, floor).slice(0, 5);
      const found = index.nearest('p', query, 5, floor).filter((n) => n.similarity >= floor);
      assert.deepEqual(found.map((n) => n.similarity.toFixed(6)), expected.map((n) => n.similarity.toFixed(6)), `query ${q} at ${floor}`);
    }
  }
});

test('a floor of zero scans everything: the nearest is found even when far', () => {
  const index = new SparseVectorIndex();
  const embedder = new BuiltinEmbedder();
  for (let i = 0; i < 500; i++) index.add(`q${i}`, 'p', embedder.embedSparseOne(`question number ${i} about topic ${i * 7}`));
  const query = embedder.embedSparseOne('something entirely unrelated to those');
  assert.equal(index.nearest('p', query, 1, 0.96).filter((n) => n.similarity >= 0.96).length, 0);
  assert.equal(index.nearest('p', query, 3, 0).length, 3);
  const own = embedder.embedSparseOne('question number 17 about topic 119');
  assert.equal(index.nearest('p', own, 1, 0.96)[0]!.id, 'q17');
});

test('partitions never mix, and removals, compaction and re-adds keep every row findable', () => {
  const embedder = new BuiltinEmbedder();
  const index = new SparseVectorIndex();
  const text = (i: number): string => `what is the capital of country ${i} in the year ${2000 + i}`;
  for (let i = 0; i < 4000; i++) index.add(`e${i}`, 'p', embedder.embedSparseOne(text(i)));
  index.add('other', 'p2', embedder.embedSparseOne(text(5)));
  assert.equal(index.nearest('p2', embedder.embedSparseOne(text(6)), 1, 0.9).filter((n) => n.similarity >= 0.9).length, 0);
  for (let i = 0; i < 4000; i++) if (i % 4 !== 0) assert.equal(index.remove(`e${i}`), true);
  assert.equal(index.remove('e1'), false);
  assert.equal(index.size, 1001);
  for (let i = 0; i < 4000; i += 4) {
    const [best] = index.nearest('p', embedder.embedSparseOne(text(i)), 1, 0.99);
    assert.equal(best?.id, `e${i}`);
    assert.ok(Math.abs(best!.similarity - 1) < 1e-5);
  }
  assert.equal(index.nearest('p', embedder.embedSparseOne(text(1)), 1, 0.999).filter((n) => n.similarity >= 0.999).length, 0);
  index.add('e0', 'p', embedder.embedSparseOne(text(1)));
  assert.equal(index.size, 1001);
  assert.equal(index.nearest('p', embedder.embedSparseOne(text(1)), 1, 0.99)[0]!.id, 'e0');
  for (let i = 0; i < 4000; i += 4) index.remove(`e${i}`);
  assert.deepEqual(index.nearest('p', embedder.embedSparseOne(text(8)), 1), []);
  assert.equal(index.size, 1);
});

test('sparse vectors round-trip through their stored form; malformed blobs are refused', () => {
  const vector = new BuiltinEmbedder().embedSparseOne('How do I reset my password?');
  const decoded = decodeSparse(encodeSparse(vector), 1 << 18)!;
  assert.deepEqual([...decoded.indices], [...vector.indices]);
  assert.deepEqual([...decoded.values], [...vector.values]);
  assert.ok(Math.abs(sparseDot(vector, decoded) - 1) < 1e-6);
  assert.equal(decodeSparse(new Float32Array(3), 1 << 18), undefined);
  assert.equal(decodeSparse(encodeSparse(vector), 4), undefined);
  assert.equal(decodeSparse(new Float32Array(512).fill(0.1), 1 << 18), undefined);
});
