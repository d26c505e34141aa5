// RequestLogWriter: rows are queued and appended in one batch (early when flushRows are queued), with time-ordered ids; a failed
// write keeps them for the next flush; the queue is bounded; pruning deletes in batches until done;
// switched off, nothing is kept. PriceTable: configured prices override and extend the bundled ones.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PriceTable } from '../../src/domain/cache/model-prices.js';
import type { Logger } from '../../src/domain/logger.js';
import { RequestLogWriter } from '../../src/domain/request-log/request-log-writer.js';
import type { RequestLogBatch, RequestLogRow, RequestLogStore } from '../../src/stores/ports/request-log-store.js';

const logger = { info() {}, warn() {}, error() {}, debug() {} } as unknown as Logger;
const DAY = 86_400_000;

/** A batch that keeps copies of its rows. */
class ListBatch implements RequestLogBatch {
  readonly list: RequestLogRow[] = [];
  get rows() {
    return this.list.length;
  }
  add(row: RequestLogRow) {
    this.list.push({ ...row });
  }
  absorb(later: RequestLogBatch) {
    this.list.push(...(later as ListBatch).list);
  }
}

class FakeStore implements Pick<RequestLogStore, 'newBatch' | 'append' | 'deleteOlderThan'> {
  batches: RequestLogRow[][] = [];
  failing = false;
  old = 0;
  deletes: number[] = [];
  newBatch() {
    return new ListBatch();
  }
  async append(batch: RequestLogBatch) {
    if (this.failing) throw new Error('database down');
    this.batches.push([...(batch as ListBatch).list]);
  }
  async deleteOlderThan(_cutoff: number, batch: number) {
    const deleted = Math.min(batch, this.old);
    this.old -= deleted;
    this.deletes.push(deleted);
    return deleted;
  }
}

function row(timestamp: number): RequestLogRow {
  return {
    id: '', timestamp, tenantId: 't', keyId: null, endpoint: 'chat.completions', provider: 'p', model: 'gpt-4o', status: 200,
    cacheStatus: 'MISS', cacheTier: null, similarity: null, latencyMs: 1, upstreamLatencyMs: 1, inputTokens: 1, outputTokens: 1,
    cost: 0, costSaved: 0, coalesced: false, agentType: null, agentSessionId: null, requestId: 'r', errorType: null,
    requestBody: null, responseBody: null,
  };
}

const writerOn = (store: FakeStore, options: Partial<ConstructorParameters<typeof RequestLogWriter>[2]> = {}) =>
  new RequestLogWriter(store as unknown as RequestLogStore, logger, { enabled: true, retentionDays: 30, ...options });

describe('RequestLogWriter', () => {
  test('queued rows reach the store in one batch, with ids that sort by time and never repeat', async () => {
    const store = new FakeStore();
    const writer = writerOn(store);
    for (const at of [1_000, 2_000, 2_000, 3_000]) writer.record(row(at));
    assert.equal(store.batches.length, 0, 'nothing is written on the request path');
    await writer.flush();
    assert.equal(store.batches.length, 1);
    const ids = store.batches[0]!.map((r) => r.id);
    assert.equal(new Set(ids).size, 4);
    assert.deepEqual([...ids].sort(), ids);
  });

  test('a full queue is written without waiting for the timer, in batches of flushRows', async () => {
    const store = new FakeStore();
    const writer = writerOn(store, { flushIntervalMs: 3_600_000, pruneIntervalMs: 3_600_000, flushRows: 4 });
    writer.start();
    try {
      for (let i = 0; i < 3; i++) writer.record(row(i));
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(store.batches.length, 0, 'below flushRows, rows wait for the timer');
      writer.record(row(3));
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(store.batches.map((batch) => batch.length), [4]);
    } finally {
      await writer.close();
    }
  });

  test('a failed write keeps the rows for the next flush; the queue is bounded', async () => {
    const store = new FakeStore();
    const writer = writerOn(store, { maxPending: 3 });
    store.failing = true;
    for (let i = 0; i < 5; i++) writer.record(row(i));
    await writer.flush();
    store.failing = false;
    await writer.flush();
    assert.equal(store.batches.flat().length, 3, 'rows past the bound are dropped, the rest kept');
  });

  test('rows recorded while the store is down are kept with the failed ones, and all are written in order', async () => {
    const store = new FakeStore();
    const writer = writerOn(store, { maxPending: 5 });
    store.failing = true;
    for (let i = 0; i < 2; i++) writer.record(row(i));
    await writer.flush();
    for (let i = 2; i < 4; i++) writer.record(row(i));
    await writer.flush();
    for (let i = 4; i < 7; i++) writer.record(row(i));
    store.failing = false;
    await writer.flush();
    assert.deepEqual(store.batches.flat().map((r) => r.timestamp), [0, 1, 2, 3, 4], 'kept rows count against the bound');
    await writer.flush();
    assert.equal(store.batches.flat().length, 5, 'nothing is written twice');
  });

  test('pruning deletes batch after batch until fewer than a batch are left', async () => {
    const store = new FakeStore();
    store.old = 2_500;
    const writer = writerOn(store, { pruneBatch: 1_000, now: () => 40 * DAY });
    assert.equal(await writer.prune(), 2_500);
    assert.deepEqual(store.deletes, [1_000, 1_000, 500]);
  });

  test('switched off, nothing is queued nor written', async () => {
    const store = new FakeStore();
    const writer = new RequestLogWriter(store as unknown as RequestLogStore, logger, { enabled: false, retentionDays: 30 });
    writer.record(row(1));
    await writer.flush();
    assert.equal(store.batches.length, 0);
  });
});

describe('PriceTable', () => {
  test('configured prices override the bundled ones and add models; unknown models cost nothing', () => {
    const prices = new PriceTable({ 'gpt-4o': { input: 1, output: 2 }, 'my-model': { input: 3, output: 0 } });
    assert.equal(prices.estimateCostUsd('gpt-4o-2024-08-06', 1_000_000, 1_000_000), 3);
    assert.equal(prices.estimateCostUsd('gpt-4o-mini', 1_000_000, 0), 0.15, 'the longer bundled prefix still wins');
    assert.equal(prices.estimateCostUsd('my-model-v2', 1_000_000, 5), 3);
    assert.equal(prices.estimateCostUsd('unheard-of', 1_000_000, 1_000_000), 0);
    assert.equal(prices.familyOf('my-model-v2'), 'my-model');
    assert.equal(prices.familyOf('unheard-of'), undefined);
  });
});
