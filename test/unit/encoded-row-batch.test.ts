// EncodedRowBatch: the rows added come back as their column values, in order, whatever their size
// and text, from the bytes the SQLite worker receives and from values(); a batch absorbs a later one.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EncodedRowBatch } from '../../src/stores/sql/encoded-row-batch.js';
import { columnValues } from '../../src/stores/sql/request-log-columns.js';
import type { RequestLogRow } from '../../src/stores/ports/request-log-store.js';

function row(i: number, text: string | null = null): RequestLogRow {
  return {
    id: `id-${i}`, timestamp: 1_700_000_000_000 + i, tenantId: 'acme', keyId: i % 2 ? 'key' : null, endpoint: 'chat.completions',
    provider: 'openai', model: 'gpt-4o', status: 200, cacheStatus: 'HIT', cacheTier: 'exact', similarity: 1, latencyMs: 0.125,
    upstreamLatencyMs: null, inputTokens: i, outputTokens: 2, cost: 0, costSaved: 0.5, coalesced: i % 3 === 0, agentType: null,
    agentSessionId: null, requestId: `r-${i}`, errorType: null, requestBody: text, responseBody: null,
  };
}

const decoded = (batch: EncodedRowBatch) => JSON.parse(new TextDecoder().decode(batch.bytes())) as unknown[][];

describe('EncodedRowBatch', () => {
  test('an empty batch is an empty array', () => {
    const batch = new EncodedRowBatch();
    assert.equal(batch.rows, 0);
    assert.deepEqual(decoded(batch), []);
    assert.deepEqual(batch.values(), []);
  });

  test('rows across many chunks, non-ASCII text and a row larger than a chunk round-trip in order', () => {
    const batch = new EncodedRowBatch();
    const rows: RequestLogRow[] = [];
    for (let i = 0; i < 2_000; i++) rows.push(row(i, i % 97 === 0 ? `naïve 日本語 "quoted" \\ \u2028 ${'x'.repeat(i)}` : null));
    rows.push(row(2_000, '€'.repeat(40_000)));
    rows.push(row(2_001, 'after the large one'));
    for (const r of rows) batch.add(r);
    assert.equal(batch.rows, rows.length);
    const expected = rows.map(columnValues);
    assert.deepEqual(decoded(batch), expected);
    assert.deepEqual(batch.values(), expected);
  });

  test('bytes() is a buffer of its own (it is moved to the worker), and may be asked for again', () => {
    const batch = new EncodedRowBatch();
    batch.add(row(1));
    const first = batch.bytes();
    assert.equal(first.byteOffset, 0);
    assert.equal(first.byteLength, first.buffer.byteLength);
    structuredClone(first, { transfer: [first.buffer] });
    assert.deepEqual(decoded(batch), [columnValues(row(1))]);
  });

  test('a batch absorbs a later one: its rows follow, empty batches on either side change nothing', () => {
    const earlier = new EncodedRowBatch();
    earlier.absorb(new EncodedRowBatch());
    earlier.add(row(1));
    const later = new EncodedRowBatch();
    for (let i = 2; i < 500; i++) later.add(row(i, i === 300 ? 'x'.repeat(70_000) : null));
    earlier.absorb(later);
    earlier.absorb(new EncodedRowBatch());
    earlier.add(row(500));
    assert.equal(earlier.rows, 500);
    assert.deepEqual(decoded(earlier), Array.from({ length: 500 }, (_, i) => columnValues(row(i + 1, i + 1 === 300 ? 'x'.repeat(70_000) : null))));
    const empty = new EncodedRowBatch();
    empty.absorb(earlier);
    assert.deepEqual(empty.values(), decoded(earlier));
  });
});
