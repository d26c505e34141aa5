// BatchWriter: items added while a write is in flight go out together afterwards, never more than
// maxBatch a write, in order; a failed write loses only its own items.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BatchWriter } from '../../src/domain/cache/batch-writer.js';

test('items that piled up behind a slow write go out in batches of at most maxBatch, in order', async () => {
  const batches: number[][] = [];
  let release: () => void = () => undefined;
  const firstWrite = new Promise<void>((resolve) => (release = resolve));
  const writer = new BatchWriter<number>(
    async (items) => {
      batches.push(items);
      if (batches.length === 1) await firstWrite;
    },
    (error) => assert.fail(String(error)),
    5,
    100,
  );
  for (let i = 0; i < 100; i++) writer.add(i); // a full batch: its write starts and hangs
  await new Promise((resolve) => setImmediate(resolve));
  for (let i = 100; i < 1150; i++) writer.add(i); // piles up behind it
  release();
  await writer.flush();
  assert.ok(batches.every((batch) => batch.length <= 100), `batch sizes ${batches.map((b) => b.length).join(',')}`);
  assert.deepEqual(batches.flat(), Array.from({ length: 1150 }, (_, i) => i));
});

test('a failed write costs only its own batch', async () => {
  const written: number[] = [];
  const failures: unknown[] = [];
  const writer = new BatchWriter<number>(
    async (items) => {
      if (items.includes(150)) throw new Error('refused');
      written.push(...items);
    },
    (error) => failures.push(error),
    1_000,
    100,
  );
  for (let i = 0; i < 99; i++) writer.add(i);
  for (let i = 99; i < 350; i++) writer.add(i);
  await writer.flush();
  assert.equal(failures.length, 1);
  assert.deepEqual(written, Array.from({ length: 350 }, (_, i) => i).filter((i) => i < 100 || i >= 200));
});
