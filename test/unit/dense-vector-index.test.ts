// DenseVectorIndex: exact nearest neighbours within a partition, removal that keeps rows consistent,
// growth past the initial capacity, and the first vector fixing the dimension.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DenseVectorIndex } from '../../src/domain/cache/semantic/vectors/dense-vector-index.js';

function unit(values: number[]): Float32Array {
  const norm = Math.sqrt(values.reduce((sum, v) => sum + v * v, 0));
  return Float32Array.from(values.map((v) => v / norm));
}

test('nearest returns the most similar vectors of the partition only, best first', () => {
  const index = new DenseVectorIndex(3);
  index.add('a', 'p1', unit([1, 0, 0]));
  index.add('b', 'p1', unit([1, 1, 0]));
  index.add('c', 'p1', unit([0, 1, 0]));
  index.add('x', 'p2', unit([1, 0, 0]));
  const found = index.nearest('p1', unit([1, 0.1, 0]), 2);
  assert.deepEqual(found.map((n) => n.id), ['a', 'b']);
  assert.ok(found[0]!.similarity > found[1]!.similarity);
  assert.ok(Math.abs(found[0]!.similarity - unit([1, 0.1, 0])[0]!) < 1e-6);
  assert.deepEqual(index.nearest('p3', unit([1, 0, 0]), 2), []);
});

test('remove keeps the other rows findable and re-adding replaces', () => {
  const index = new DenseVectorIndex(2);
  for (let i = 0; i < 40; i++) index.add(`v${i}`, 'p', unit([1, i]));
  assert.equal(index.size, 40);
  for (let i = 0; i < 40; i += 2) assert.equal(index.remove(`v${i}`), true);
  assert.equal(index.remove('v0'), false);
  assert.equal(index.size, 20);
  for (let i = 1; i < 40; i += 2) {
    assert.equal(index.nearest('p', unit([1, i]), 1)[0]!.id, `v${i}`, `v${i} is its own nearest`);
  }
  index.add('v1', 'p', unit([1, 1000]));
  assert.equal(index.size, 20);
  assert.equal(index.nearest('p', unit([0, 1]), 1)[0]!.id, 'v1');
});

test('an index of unknown dimension takes it from the first vector and ignores mismatched queries', () => {
  const index = new DenseVectorIndex(0);
  index.add('a', 'p', unit([1, 2, 3, 4]));
  assert.equal(index.nearest('p', unit([1, 2, 3, 4]), 1)[0]!.id, 'a');
  assert.deepEqual(index.nearest('p', unit([1, 2]), 1), []);
  assert.throws(() => index.add('b', 'p', unit([1, 2])));
});
