// Contract every AgentSessionStore implementation must pass: counters add up (also under concurrent
// writers), listings are per tenant, newest first and paged by cursor; called inside a backend's describe block.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { agentSessionCursor } from '../../src/stores/ports/agent-session-cursor.js';
import type { AgentSessionStore, AgentSessionUsage } from '../../src/stores/ports/agent-session-store.js';

const T0 = 1_780_000_000_000;

function usage(tenantId: string, sessionId: string, extra: Partial<AgentSessionUsage> = {}): AgentSessionUsage {
  return {
    tenantId, sessionId, agentType: 'claude-code', requests: 1, cacheHits: 0, inputTokens: 10, outputTokens: 5,
    costUsd: 0.25, costSavedUsd: 0, firstSeenAt: T0, lastSeenAt: T0, ...extra,
  };
}

export function runAgentSessionStoreContracts(store: () => AgentSessionStore): void {
  const t = () => `as-${randomUUID()}`;

  test('agent sessions: usage adds up per (tenant, session); first and last seen widen', async () => {
    const tenant = t();
    await store().addUsage([usage(tenant, 's1'), usage(tenant, 's2', { agentType: 'codex' })]);
    await store().addUsage([
      usage(tenant, 's1', { requests: 2, cacheHits: 2, inputTokens: 0, outputTokens: 0, costUsd: 0, costSavedUsd: 0.5, firstSeenAt: T0 - 5, lastSeenAt: T0 + 7 }),
      usage(tenant, 's1', { requests: 1, firstSeenAt: T0 + 1, lastSeenAt: T0 + 3 }),
    ]);
    assert.deepEqual(await store().get(tenant, 's1'), {
      tenantId: tenant, sessionId: 's1', agentType: 'claude-code', requests: 4, cacheHits: 2, inputTokens: 20, outputTokens: 10,
      costUsd: 0.5, costSavedUsd: 0.5, firstSeenAt: T0 - 5, lastSeenAt: T0 + 7,
    });
    assert.equal((await store().get(tenant, 's2'))?.agentType, 'codex');
    assert.equal(await store().get(tenant, 'missing'), undefined);
    assert.equal(await store().get(t(), 's1'), undefined, 'another tenant does not see the session');
    await store().addUsage([]);
  });

  test('agent sessions: an unknown agent type is replaced by a known one, a known one is kept', async () => {
    const tenant = t();
    await store().addUsage([usage(tenant, 'u', { agentType: 'unknown' })]);
    await store().addUsage([usage(tenant, 'u', { agentType: 'codex' })]);
    await store().addUsage([usage(tenant, 'u', { agentType: 'unknown' }), usage(tenant, 'u', { agentType: 'claude-code' })]);
    const session = await store().get(tenant, 'u');
    assert.equal(session?.agentType, 'codex');
    assert.equal(session?.requests, 4);
  });

  test('agent sessions: concurrent batches lose no counts', async () => {
    const tenant = t();
    const batches = Array.from({ length: 20 }, (_, i) =>
      store().addUsage([usage(tenant, 'a', { lastSeenAt: T0 + i }), usage(tenant, 'b'), usage(tenant, `own-${i}`)]),
    );
    await Promise.all(batches);
    const a = await store().get(tenant, 'a');
    assert.equal(a?.requests, 20);
    assert.equal(a?.inputTokens, 200);
    assert.equal(a?.lastSeenAt, T0 + 19);
    assert.equal((await store().get(tenant, 'b'))?.requests, 20);
    assert.equal((await store().list(tenant, { limit: 100 })).length, 22);
  });

  test('agent sessions: listed newest first, per tenant, filtered by agent type, paged by cursor', async () => {
    const [tenant, other] = [t(), t()];
    await store().addUsage([
      usage(tenant, 'old', { lastSeenAt: T0 + 1 }),
      usage(tenant, 'new', { lastSeenAt: T0 + 3, agentType: 'codex' }),
      usage(tenant, 'mid-b', { lastSeenAt: T0 + 2 }),
      usage(tenant, 'mid-a', { lastSeenAt: T0 + 2 }),
      usage(other, 'theirs', { lastSeenAt: T0 + 9 }),
    ]);
    const ids = (sessions: AgentSessionUsage[]) => sessions.map((s) => s.sessionId);
    const all = await store().list(tenant, { limit: 10 });
    assert.deepEqual(ids(all), ['new', 'mid-b', 'mid-a', 'old']);
    assert.deepEqual(ids(await store().list(tenant, { limit: 10, agentType: 'codex' })), ['new']);
    assert.deepEqual(ids(await store().list(tenant, { limit: 10, agentType: 'none' })), []);

    const first = await store().list(tenant, { limit: 2 });
    assert.deepEqual(ids(first), ['new', 'mid-b']);
    const second = await store().list(tenant, { limit: 2, before: agentSessionCursor(first[1]!) });
    assert.deepEqual(ids(second), ['mid-a', 'old']);
    assert.deepEqual(await store().list(tenant, { limit: 2, before: agentSessionCursor(second[1]!) }), []);

    const everyone = ids(await store().list(undefined, { limit: 1000 }));
    assert.ok(everyone.includes('theirs') && everyone.includes('old'), 'no tenant: every tenant');
  });

  test('agent sessions: deleteOlderThan removes sessions last seen before the cutoff', async () => {
    const tenant = t();
    await store().addUsage([usage(tenant, 'stale', { lastSeenAt: 1_000 }), usage(tenant, 'fresh', { lastSeenAt: T0 })]);
    assert.ok((await store().deleteOlderThan(2_000)) >= 1);
    assert.equal(await store().get(tenant, 'stale'), undefined);
    assert.ok(await store().get(tenant, 'fresh'));
  });
}
