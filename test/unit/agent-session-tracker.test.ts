// AgentSessionTracker: calls add up per (tenant, session) in memory, reach the store on flush, on
// the timer and on close, survive a failed write, and stay bounded when the store is down.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AgentSessionTracker, type AgentCallUsage } from '../../src/domain/agents/agent-session-tracker.js';
import type { Logger } from '../../src/domain/logger.js';
import type { AgentSessionStore, AgentSessionUsage } from '../../src/stores/ports/agent-session-store.js';
import { openSqliteStorage } from '../../src/stores/sqlite/sqlite-storage.js';
import { eventually } from '../helpers/eventually.js';

const miss = (extra: Partial<AgentCallUsage> = {}): AgentCallUsage => ({
  cacheHit: false, inputTokens: 100, outputTokens: 20, costUsd: 0.01, costSavedUsd: 0, ...extra,
});
const hit: AgentCallUsage = { cacheHit: true, inputTokens: 100, outputTokens: 20, costUsd: 0, costSavedUsd: 0.01 };

/** Keeps every batch it is given; fails while `failing` is set. */
class FakeStore implements AgentSessionStore {
  batches: AgentSessionUsage[][] = [];
  failing = false;
  async addUsage(rows: AgentSessionUsage[]) {
    if (this.failing) throw new Error('database down');
    this.batches.push(rows.map((row) => ({ ...row })));
  }
  async list() {
    return [];
  }
  async get() {
    return undefined;
  }
  async deleteOlderThan() {
    return 0;
  }
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (_: object, message?: string) => void lines.push(message ?? '');
  return { lines, info: log, warn: log, error: log };
}

function clock(start = 1_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('AgentSessionTracker', () => {
  test('aggregates calls per (tenant, session) and writes one row each on flush', async () => {
    const store = new FakeStore();
    const time = clock();
    const tracker = new AgentSessionTracker(store, recordingLogger(), { now: time.now });
    tracker.record('t1', { type: 'claude-code', sessionId: 's1' }, miss());
    time.advance(50);
    tracker.record('t1', { type: 'claude-code', sessionId: 's1' }, hit);
    tracker.record('t1', { type: 'codex', sessionId: 's2' }, miss({ inputTokens: 7 }));
    tracker.record('t2', { type: 'claude-code', sessionId: 's1' }, miss());
    assert.equal(store.batches.length, 0, 'nothing is written on the hot path');
    await tracker.flush();
    assert.equal(store.batches.length, 1);
    const rows = store.batches[0]!;
    assert.equal(rows.length, 3);
    assert.deepEqual(rows.find((r) => r.tenantId === 't1' && r.sessionId === 's1'), {
      tenantId: 't1', sessionId: 's1', agentType: 'claude-code', requests: 2, cacheHits: 1, inputTokens: 200, outputTokens: 40,
      costUsd: 0.01, costSavedUsd: 0.01, firstSeenAt: 1_000, lastSeenAt: 1_050,
    });
    assert.equal(rows.find((r) => r.sessionId === 's2')?.inputTokens, 7);
    await tracker.flush();
    assert.equal(store.batches.length, 1, 'an empty flush writes nothing');
  });

  test('ignores unusable ids and negative or non-finite amounts', async () => {
    const store = new FakeStore();
    const tracker = new AgentSessionTracker(store, recordingLogger());
    tracker.record('t', { type: 'x', sessionId: '  ' }, miss());
    tracker.record('t', { type: 'x', sessionId: 'a\u0000b' }, miss());
    tracker.record('t', { type: 'not a type', sessionId: 's' }, miss({ inputTokens: -5, outputTokens: Number.NaN, costUsd: Infinity }));
    await tracker.flush();
    assert.deepEqual(store.batches[0]?.map((r) => [r.sessionId, r.agentType, r.inputTokens, r.outputTokens, r.costUsd]), [
      ['s', 'unknown', 0, 0, 0],
    ]);
  });

  test('a failed write is logged and its rows are written, with later calls, by the next flush', async () => {
    const store = new FakeStore();
    const logger = recordingLogger();
    const tracker = new AgentSessionTracker(store, logger);
    tracker.record('t', { type: 'codex', sessionId: 's' }, miss());
    store.failing = true;
    await tracker.flush();
    assert.match(logger.lines.join('\n'), /kept for the next flush/);
    tracker.record('t', { type: 'codex', sessionId: 's' }, hit);
    tracker.record('t', { type: 'codex', sessionId: 'other' }, hit);
    store.failing = false;
    await tracker.flush();
    assert.equal(store.batches.length, 1);
    const s = store.batches[0]!.find((r) => r.sessionId === 's');
    assert.equal(s?.requests, 2);
    assert.equal(s?.cacheHits, 1);
    assert.equal(store.batches[0]!.length, 2);
  });

  test('pending sessions are bounded: calls of further sessions are dropped and logged', async () => {
    const store = new FakeStore();
    const logger = recordingLogger();
    const tracker = new AgentSessionTracker(store, logger, { maxPendingSessions: 2 });
    store.failing = true;
    tracker.record('t', { type: 'codex', sessionId: 'a' }, miss());
    tracker.record('t', { type: 'codex', sessionId: 'b' }, miss());
    await tracker.flush();
    tracker.record('t', { type: 'codex', sessionId: 'c' }, miss());
    tracker.record('t', { type: 'codex', sessionId: 'a' }, miss());
    store.failing = false;
    await tracker.flush();
    assert.match(logger.lines.join('\n'), /usage dropped/);
    assert.deepEqual(store.batches[0]!.map((r) => [r.sessionId, r.requests]).sort(), [['a', 2], ['b', 1]]);
  });

  test('the timer flushes every interval, and close() flushes what is left', async () => {
    const store = new FakeStore();
    const tracker = new AgentSessionTracker(store, recordingLogger(), { flushIntervalMs: 20 });
    tracker.start();
    tracker.record('t', { type: 'codex', sessionId: 's' }, miss());
    await eventually('timer flush', 2_000, () => store.batches.length === 1);
    tracker.record('t', { type: 'codex', sessionId: 's' }, miss());
    await tracker.close();
    assert.equal(store.batches.flat().reduce((sum, r) => sum + r.requests, 0), 2);
  });

  test('reads write pending usage first; an unknown session is a 404, a bad cursor a 400', async () => {
    const storage = openSqliteStorage(':memory:');
    const tracker = new AgentSessionTracker(storage.agentSessions, recordingLogger());
    try {
      tracker.record('t', { type: 'codex', sessionId: 's1' }, miss());
      tracker.record('t', { type: 'codex', sessionId: 's2' }, hit);
      assert.equal((await tracker.get('t', 's1')).requests, 1);
      const page = await tracker.list('t', { limit: 1 });
      assert.equal(page.sessions.length, 1);
      assert.ok(page.nextCursor);
      const next = await tracker.list('t', { limit: 1, before: page.nextCursor });
      assert.equal(next.sessions.length, 1);
      assert.notEqual(next.sessions[0]!.sessionId, page.sessions[0]!.sessionId);
      assert.equal((await tracker.list('t', { limit: 5 })).nextCursor, undefined, 'no cursor after the last page');
      await assert.rejects(tracker.get('t', 'nope'), { code: 'agent_session_not_found', status: 404 });
      await assert.rejects(tracker.get('other', 's1'), { code: 'agent_session_not_found' });
      await assert.rejects(tracker.list('t', { limit: 1, before: 'garbage' }), { code: 'validation_failed', status: 400 });
    } finally {
      await tracker.close();
      await storage.close();
    }
  });
});
