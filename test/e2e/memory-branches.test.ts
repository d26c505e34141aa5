// The memory API through HTTP, part 2: branches and merge rules, the OTA log, contributors,
// session metrics, promote, roles and tenant isolation.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventually } from '../helpers/eventually.js';
import { call, storeBody } from '../helpers/memory-client.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

let gw: TestGateway;
let userKey: string;
let readonlyKey: string;
let otherTenantKey: string;

before(async () => {
  gw = await startTestGateway();
  userKey = (await gw.createKey({ role: 'user', name: 'agent' })).key;
  readonlyKey = (await gw.createKey({ role: 'readonly', name: 'viewer' })).key;
  otherTenantKey = (await gw.createKey({ role: 'user', name: 'other', tenant_id: 'other-tenant' })).key;
});
after(async () => {
  await gw?.close();
});

const as = (auth: string) => ({ auth });
async function createProject(projectId: string, auth = userKey) {
  const created = await call(gw, '/projects', { body: { projectId, name: `Project ${projectId}`, roadmap: 'Ship it' }, ...as(auth) });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  return created.body;
}
const store = (projectId: string, text: string, extra: Record<string, unknown> = {}, auth = userKey) =>
  call(gw, `/projects/${projectId}/store`, { body: storeBody(text, extra), ...as(auth) });

describe('branches and merge', () => {
  before(async () => {
    await createProject('p-branch');
    await store('p-branch', 'Main work');
  });

  test('create from a parent; duplicates 409; unknown parent 404; list and get', async () => {
    const created = await call(gw, '/projects/p-branch/branches', {
      body: { branchName: 'experiment', purpose: 'Try a cache', agentId: 'agent-1' },
      ...as(userKey),
    });
    assert.equal(created.status, 200);
    assert.deepEqual(
      { ...created.body, createdAt: undefined },
      { projectId: 'p-branch', branchName: 'experiment', parentBranch: 'main', purpose: 'Try a cache', status: 'active', agentId: 'agent-1', createdAt: undefined, abandonReason: null, mergedInto: null },
    );
    const dup = await call(gw, '/projects/p-branch/branches', { body: { branchName: 'experiment' }, ...as(userKey) });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.error.code, 'branch_exists');
    const orphan = await call(gw, '/projects/p-branch/branches', { body: { branchName: 'x', parentBranch: 'ghost' }, ...as(userKey) });
    assert.equal(orphan.status, 404);
    const nested = await call(gw, '/projects/p-branch/branches', { body: { branchName: 'nested', parentBranch: 'experiment' }, ...as(userKey) });
    assert.equal(nested.body.parentBranch, 'experiment');
    const list = await call(gw, '/projects/p-branch/branches', as(readonlyKey));
    assert.deepEqual(list.body.branches.map((b: any) => b.branchName).sort(), ['experiment', 'main', 'nested']);
    assert.equal((await call(gw, '/projects/p-branch/branches/ghost', as(readonlyKey))).status, 404);
  });

  test('abandon closes a branch: stores and logs to it are 409; main cannot be abandoned', async () => {
    await call(gw, '/projects/p-branch/branches', { body: { branchName: 'dead-end' }, ...as(userKey) });
    const abandoned = await call(gw, '/projects/p-branch/branches/dead-end/abandon', { body: { reason: 'Too slow' }, ...as(userKey) });
    assert.equal(abandoned.status, 200);
    assert.equal(abandoned.body.status, 'abandoned');
    assert.equal(abandoned.body.abandonReason, 'Too slow');
    const refused = await store('p-branch', 'More', { branchName: 'dead-end' });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, 'branch_closed');
    const log = await call(gw, '/projects/p-branch/log', { body: { branchName: 'dead-end', agentId: 'a', phase: 'thought', content: 'x' }, ...as(userKey) });
    assert.equal(log.status, 409);
    assert.equal((await call(gw, '/projects/p-branch/branches/dead-end/abandon', { body: {}, ...as(userKey) })).status, 409);
    assert.equal((await call(gw, '/projects/p-branch/branches/main/abandon', { body: {}, ...as(userKey) })).status, 400);
    assert.equal((await call(gw, '/projects/p-branch/branches/ghost/abandon', { body: {}, ...as(userKey) })).status, 404);
    const bare = await gw.request('/api/v1/memory/projects/p-branch/branches/nested/abandon', { method: 'POST', auth: userKey });
    assert.equal(bare.status, 200, 'no body is fine: the reason is optional');
  });

  test('merge: one summarising milestone on the target, the source becomes merged', async () => {
    await store('p-branch', 'Tried an LRU cache', { branchName: 'feature-cache' });
    await store('p-branch', 'Tuned the LRU cache size', { branchName: 'feature-cache', cumulativeProgress: 'LRU in place' });
    const mainBefore = (await call(gw, '/projects/p-branch/recall?view=branch', as(userKey))).body.milestones.length;
    const merged = await call(gw, '/projects/p-branch/merge', {
      body: { sourceBranch: 'feature-cache', targetBranch: 'main', mergeSummary: 'LRU cache is in', agentId: 'agent-1' },
      ...as(userKey),
    });
    assert.equal(merged.status, 200);
    assert.equal(merged.body.merged, true);
    assert.equal(merged.body.milestonesMerged, 2);
    assert.equal(merged.body.sourceBranchStatus, 'merged');
    const main = (await call(gw, '/projects/p-branch/recall?view=branch', as(userKey))).body.milestones;
    assert.equal(main.length, mainBefore + 1, 'exactly one merge milestone');
    assert.equal(main[0].milestoneId, merged.body.mergeMilestoneId);
    assert.match(main[0].thisContribution, /feature-cache/);
    assert.match(main[0].thisContribution, /LRU cache is in/);
    assert.equal(main[0].cumulativeProgress, 'LRU in place', 'carries the source progress');
    const source = await call(gw, '/projects/p-branch/branches/feature-cache', as(userKey));
    assert.equal(source.body.status, 'merged');
    assert.equal(source.body.mergedInto, 'main');
    assert.equal((await store('p-branch', 'Late', { branchName: 'feature-cache' })).status, 409);
    const again = await call(gw, '/projects/p-branch/merge', { body: { sourceBranch: 'feature-cache' }, ...as(userKey) });
    assert.equal(again.status, 409);
  });

  test('merge rules: source == target is 400, unknown branches 404, closed target 409', async () => {
    const same = await call(gw, '/projects/p-branch/merge', { body: { sourceBranch: 'main', targetBranch: 'main' }, ...as(userKey) });
    assert.equal(same.status, 400);
    assert.equal(same.body.error.type, 'validation_error');
    assert.equal((await call(gw, '/projects/p-branch/merge', { body: { sourceBranch: 'ghost' }, ...as(userKey) })).status, 404);
    await call(gw, '/projects/p-branch/branches', { body: { branchName: 'to-merge' }, ...as(userKey) });
    const closedTarget = await call(gw, '/projects/p-branch/merge', { body: { sourceBranch: 'to-merge', targetBranch: 'dead-end' }, ...as(userKey) });
    assert.equal(closedTarget.status, 409);
    assert.equal((await call(gw, '/projects/p-branch/branches/to-merge', as(userKey))).body.status, 'active', 'nothing changed');
  });
});

describe('log, contributors and session metrics', () => {
  test('log entries get log- ids and per-branch sequence numbers', async () => {
    await createProject('p-log');
    const body = { agentId: 'agent-1', phase: 'observation', content: 'Tests fail on CI' };
    const first = await call(gw, '/projects/p-log/log', { body, ...as(userKey) });
    assert.equal(first.status, 200);
    assert.match(first.body.entryId, /^log-/);
    assert.deepEqual(
      Object.keys(first.body).sort(),
      ['agentId', 'branchName', 'createdAt', 'entryId', 'phase', 'projectId', 'sequenceNumber'],
    );
    assert.equal(first.body.sequenceNumber, 1);
    const second = await call(gw, '/projects/p-log/log', { body: { ...body, phase: 'thought' }, ...as(userKey) });
    assert.equal(second.body.sequenceNumber, 2);
    const side = await call(gw, '/projects/p-log/log', { body: { ...body, branchName: 'side', phase: 'action' }, ...as(userKey) });
    assert.equal(side.body.sequenceNumber, 1);
  });

  test('contributors: upsert, list, get, activity across projects, delete', async () => {
    await createProject('p-c1');
    await createProject('p-c2');
    await store('p-c1', 'Alice in one', { agentId: 'alice-bot' });
    await store('p-c2', 'Alice in two', { agentId: 'alice-cli' });
    await store('p-c2', 'Bob here', { agentId: 'bob-bot' });
    const body = { contributorId: 'alice', displayName: 'Alice', agentIds: ['alice-bot'], role: 'engineer' };
    assert.equal((await call(gw, '/contributors', { body, ...as(userKey) })).status, 200);
    const updated = await call(gw, '/contributors', { body: { ...body, agentIds: ['alice-bot', 'alice-cli'] }, ...as(userKey) });
    assert.equal(updated.status, 200);
    assert.deepEqual(updated.body.agentIds, ['alice-bot', 'alice-cli']);
    assert.equal(updated.body.tenantId, 'default');
    const bare = await call(gw, '/contributors', { body: { contributorId: 'carol', displayName: 'Carol', role: 'r'.repeat(256) }, ...as(userKey) });
    assert.equal(bare.status, 200, 'agentIds may be left out (WorldFlow); roles up to 256 characters');
    assert.deepEqual(bare.body.agentIds, []);
    assert.equal((await call(gw, '/contributors/carol/activity', as(readonlyKey))).body.totalMilestones, 0);
    assert.ok((await call(gw, '/contributors', as(readonlyKey))).body.contributors.some((c: any) => c.contributorId === 'alice'));
    assert.equal((await call(gw, '/contributors/alice', as(readonlyKey))).body.role, 'engineer');
    const activity = await call(gw, '/contributors/alice/activity', as(readonlyKey));
    assert.equal(activity.body.contributor.contributorId, 'alice');
    assert.equal(activity.body.totalMilestones, 2);
    assert.deepEqual(activity.body.milestones.map((m: any) => m.thisContribution), ['Alice in two', 'Alice in one']);
    assert.equal((await call(gw, '/contributors/alice/activity?limit=1', as(readonlyKey))).body.milestones.length, 1);
    assert.equal((await call(gw, '/contributors/alice', { method: 'DELETE', ...as(userKey) })).status, 200);
    assert.equal((await call(gw, '/contributors/alice', as(userKey))).status, 404);
    assert.equal((await call(gw, '/contributors/alice/activity', as(userKey))).status, 404);
    assert.equal((await call(gw, '/contributors/alice', { method: 'DELETE', ...as(userKey) })).status, 404);
  });

  test('session metrics: recorded, and summarised with vs without memory (WorldFlow shape, our groups as extras)', async () => {
    await createProject('p-metrics');
    const session = (sessionId: string, milestonesRecalled: number, toolCallsTotal: number, sessionDurationSecs: number) => ({
      sessionId, agentId: 'agent-1', milestonesRecalled, toolCallsTotal, sessionDurationSecs,
      startedAt: '2026-02-10T10:00:00Z', endedAt: '2026-02-10T11:00:00Z',
    });
    const claude = { agentType: 'claude-code', branchName: 'main' };
    for (const body of [
      { ...session('s1', 5, 10, 600), ...claude, compactionCount: 1, toolCallsRead: 2, toolCallsSearch: 2, toolCallsEdit: 3 },
      { ...session('s2', 3, 20, 1200), ...claude, compactionCount: 0, toolCallsRead: 4, toolCallsSearch: 0, toolCallsExecute: 1, toolCallsAgent: 1 },
      { ...session('s3', 0, 40, 3000), ...claude, compactionCount: 4, toolCallsRead: 10, toolCallsSearch: 6 },
    ]) {
      const recorded = await call(gw, '/projects/p-metrics/metrics', { body, ...as(userKey) });
      assert.equal(recorded.status, 200, JSON.stringify(recorded.body));
      assert.deepEqual(Object.keys(recorded.body), ['recorded', 'projectId', 'sessionId', 'recordedAt']);
    }
    await call(gw, '/projects/p-metrics/metrics', { body: { ...session('s4', 0, 50, 3600), errorsEncountered: 4 }, ...as(userKey) });
    const summary = await call(gw, '/projects/p-metrics/metrics/summary', as(readonlyKey));
    assert.equal(summary.status, 200);
    const b = summary.body;
    assert.equal(b.totalSessions, 4);
    assert.equal(b.sessionsWithMemory, 2);
    assert.equal(b.sessionsWithoutMemory, 2);
    assert.equal(b.avgCompactionsWithMemory, 0.5);
    assert.equal(b.avgCompactionsWithoutMemory, 4, 'over the sessions that reported compactions');
    assert.equal(b.compactionReductionPct, 87.5);
    assert.equal(b.avgContextToolsWithMemory, 4, 'read + search: (2 + 2 + 4 + 0) / 2');
    assert.equal(b.avgContextToolsWithoutMemory, 16);
    assert.equal(b.contextToolReductionPct, 75);
    assert.equal(b.avgDurationWithMemorySecs, 900);
    assert.equal(b.avgDurationWithoutMemorySecs, 3300);
    assert.equal(b.contextRecoveryRate, 0.5, 'of the two sessions that compacted, one recalled memory');
    assert.deepEqual(b.sessionsByAgentType, [
      { agentType: 'claude-code', sessionCount: 3, avgCompactionReductionPct: 87.5, avgContextToolReductionPct: 75 },
      { agentType: 'unknown', sessionCount: 1, avgCompactionReductionPct: 0, avgContextToolReductionPct: 0 },
    ]);
    assert.equal(b.recentSessions.length, 4);
    const s1 = b.recentSessions.find((r: any) => r.sessionId === 's1');
    assert.deepEqual(s1, {
      sessionId: 's1', agentId: 'agent-1', agentType: 'claude-code', branchName: 'main', usedMemory: true, milestonesRecalled: 5,
      toolCallsTotal: 10, compactionCount: 1, sessionDurationSecs: 600, startedAt: '2026-02-10T10:00:00.000Z', endedAt: '2026-02-10T11:00:00.000Z',
    });
    assert.deepEqual(
      { ...b.withRecall },
      {
        sessions: 2, avgToolCalls: 15, avgDurationSecs: 900, avgMilestonesRecalled: 4,
        counters: { compactionCount: 0.5, toolCallsRead: 3, toolCallsSearch: 1, toolCallsEdit: 3, toolCallsExecute: 1, toolCallsAgent: 1 },
      },
    );
    assert.equal(b.withoutRecall.sessions, 2);
    assert.equal(b.withoutRecall.avgToolCalls, 45);
    assert.deepEqual(b.withoutRecall.counters, { errorsEncountered: 4, compactionCount: 4, toolCallsRead: 10, toolCallsSearch: 6 });
    assert.equal(b.difference.avgToolCalls, -30);
    const backwards = await call(gw, '/projects/p-metrics/metrics', {
      body: { ...session('s5', 0, 1, 1), startedAt: '2026-02-10T12:00:00Z' }, ...as(userKey),
    });
    assert.equal(backwards.status, 400);
    assert.equal((await call(gw, '/projects/nope/metrics', { body: session('x', 0, 1, 1), ...as(userKey) })).status, 404);
    assert.equal((await call(gw, '/projects/nope/metrics/summary', as(userKey))).status, 404);
  });
});

describe('promote', () => {
  test('a cache entry becomes a milestone that search finds', async () => {
    await createProject('p-promote');
    const question = 'How do I rotate the quokka credentials?';
    const chat = await gw.request('/v1/chat/completions', { body: { model: 'gpt-4o', messages: [{ role: 'user', content: question }] } });
    assert.equal(chat.status, 200);
    const preview = await call(gw, '/api/v1/cache/preview', { body: { model: 'gpt-4o', messages: [{ role: 'user', content: question }] } });
    const entryId = preview.body.entryId;
    assert.ok(entryId, JSON.stringify(preview.body));
    // The semantic layer writes the request text in batches after the answer: promote once it is there.
    const storage = gw.gateway.deps.storage;
    await eventually('the entry has its request text', 10_000, async () => (await storage.cache.getEntryById('default', entryId))?.semantic?.text !== undefined);
    const knowledge = { reuseScore: 0.92, summary: 'Rotating the quokka credentials', l2Collection: 'default' };
    const promote = (cacheKey: string, key = userKey) => call(gw, '/projects/p-promote/promote', { body: { cacheKey, ...knowledge }, ...as(key) });
    const promoted = await promote(entryId);
    assert.equal(promoted.status, 200, JSON.stringify(promoted.body));
    assert.equal(promoted.body.promoted, true);
    assert.equal(promoted.body.knowledgeId, promoted.body.milestoneId);
    assert.equal(promoted.body.reuseScore, 0.92);
    assert.match(promoted.body.cumulativeProgress, /^Summary: Rotating the quokka credentials\nCollection: default\n/);
    assert.equal(promoted.body.thisContribution, `Echo: ${question}`);
    assert.match(promoted.body.cumulativeProgress, /quokka credentials/);
    assert.equal(promoted.body.promotedFrom, entryId);
    assert.equal(promoted.body.kind, 'promote');
    const found = await call(gw, '/projects/p-promote/search', { body: { query: 'quokka credentials' }, ...as(userKey) });
    assert.equal(found.body.milestones[0].milestoneId, promoted.body.milestoneId);
    const again = await promote(entryId);
    assert.equal(again.status, 200);
    assert.equal(again.body.knowledgeId, promoted.body.knowledgeId, 'promoting twice is deduplicated');
    assert.equal((await promote('ce_missing')).status, 404);
    const foreign = await promote(entryId, otherTenantKey);
    assert.equal(foreign.status, 404, 'another tenant can reach neither the project nor the entry');
    const old = await call(gw, '/projects/p-promote/promote', { body: { cacheEntryId: entryId }, ...as(userKey) });
    assert.equal(old.status, 400, 'the WorldFlow body is required');
  });

  test('at most 10 promotions per project per minute; then 429 in the error shape', async () => {
    await createProject('p-promote-limit');
    await createProject('p-promote-other');
    const body = { cacheKey: 'ce_missing', reuseScore: 0.5, summary: 's', l2Collection: 'c' };
    const statuses = [];
    for (let i = 0; i < 11; i++) statuses.push((await call(gw, '/projects/p-promote-limit/promote', { body, ...as(userKey) })).status);
    assert.deepEqual(statuses, [...Array(10).fill(404), 429]);
    const limited = await call(gw, '/projects/p-promote-limit/promote', { body, ...as(userKey) });
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error.type, 'rate_limit_error');
    assert.equal(limited.body.error.code, 'rate_limited');
    assert.ok(limited.body.error.retry_after_secs >= 1);
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    assert.equal((await call(gw, '/projects/p-promote-other/promote', { body, ...as(userKey) })).status, 404, 'each project has its own limit');
  });
});

describe('roles and tenants', () => {
  test('readonly reads but may not write; no credentials is 401', async () => {
    await createProject('p-roles');
    assert.equal((await call(gw, '/projects/p-roles/recall', as(readonlyKey))).status, 200);
    assert.equal((await call(gw, '/search', { body: { query: 'x' }, ...as(readonlyKey) })).status, 200);
    assert.equal((await call(gw, '/intelligence/query', { body: { question: 'x' }, ...as(readonlyKey) })).status, 200);
    const refused = await store('p-roles', 'x', {}, readonlyKey);
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.type, 'authorization_error');
    for (const [path, body] of [
      ['/projects', { projectId: 'ro', name: 'ro' }],
      ['/contributors', { contributorId: 'c', displayName: 'c', agentIds: [] }],
      ['/projects/p-roles/branches', { branchName: 'b' }],
    ] as const) {
      assert.equal((await call(gw, path, { body, ...as(readonlyKey) })).status, 403, path);
    }
    assert.equal((await call(gw, '/projects/p-roles', { method: 'DELETE', ...as(readonlyKey) })).status, 403);
    const anonymous = await call(gw, '/projects', { auth: null });
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.body.error.type, 'authentication_error');
    const limited = await gw.request('/api/v1/memory/projects', { auth: readonlyKey });
    assert.ok(limited.headers.get('x-ratelimit-limit'), 'memory routes are rate limited');
  });

  test("a second tenant's key sees nothing of the first and may reuse its ids", async () => {
    await createProject('shared-id');
    await store('shared-id', 'Tenant one secret plan about walruses');
    await call(gw, '/contributors', { body: { contributorId: 'carol', displayName: 'Carol', agentIds: ['agent-1'] }, ...as(userKey) });
    const other = (path: string, init: { method?: string; body?: unknown } = {}) => call(gw, path, { ...init, auth: otherTenantKey });
    assert.ok(!(await other('/projects')).body.projects.some((p: any) => p.projectId === 'shared-id'));
    assert.equal((await other('/projects/shared-id')).status, 404);
    assert.equal((await other('/projects/shared-id/recall?view=branch')).status, 404);
    assert.equal((await other('/search', { body: { query: 'walruses secret plan' } })).body.count, 0);
    const intel = await other('/intelligence/query', { body: { question: 'walruses', timeRange: 'all' } });
    assert.deepEqual(intel.body.sources, []);
    assert.equal((await other('/contributors/carol')).status, 404);
    assert.equal((await other('/projects/shared-id/store', { body: storeBody('x') })).status, 404);
    assert.equal((await other('/projects/shared-id', { method: 'DELETE' })).status, 404);
    const own = await other('/projects', { body: { projectId: 'shared-id', name: 'Mine' } });
    assert.equal(own.status, 200);
    assert.equal(own.body.tenantId, 'other-tenant');
    await other('/projects/shared-id/store', { body: storeBody('Tenant two walruses') });
    const mine = await call(gw, '/search', { body: { query: 'walruses' }, ...as(userKey) });
    assert.deepEqual(mine.body.milestones.map((m: any) => m.thisContribution), ['Tenant one secret plan about walruses']);
  });
});
