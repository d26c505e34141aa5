// Contract every memory backend must pass (MemoryStore, ContributorStore, SessionMetricsStore,
// and the CacheStore lookup by id that promote uses); called inside a backend's describe block.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { Storage } from '../../src/stores/ports/storage.js';
import type { BranchRecord, MilestoneDraft, ProjectRecord } from '../../src/stores/ports/memory-store.js';

type MemoryStorage = Pick<Storage, 'memory' | 'contributors' | 'sessionMetrics' | 'cache'>;

const AT = '2026-02-10T14:22:00.000Z';

function project(tenantId: string, projectId: string): ProjectRecord {
  return { tenantId, projectId, name: projectId, roadmap: '', createdAt: AT, updatedAt: AT };
}

function branch(tenantId: string, projectId: string, branchName: string, parentBranch: string | null = 'main'): BranchRecord {
  return {
    tenantId, projectId, branchName, parentBranch, purpose: '', status: 'active', agentId: null, createdAt: AT,
    abandonReason: null, mergedInto: null,
  };
}

let counter = 0;
function draft(tenantId: string, projectId: string, branchName: string, text: string, extra: Partial<MilestoneDraft> = {}): MilestoneDraft {
  return {
    tenantId, milestoneId: `ms-contract-${randomUUID()}`, projectId, branchName, branchPurpose: 'purpose',
    cumulativeProgress: 'progress', thisContribution: text, contentHash: `hash-${text}`, agentId: 'agent-1',
    agentType: 'custom', kind: 'commit', createdAt: `2026-02-10T14:${String(22 + (counter++ % 30)).padStart(2, '0')}:00.000Z`, ...extra,
  };
}

export function runMemoryStoreContracts(storage: () => MemoryStorage): void {
  const t = () => `mem-${randomUUID()}`;

  test('memory: projects are created once, with main, listed per tenant, and deleted with everything', async () => {
    const store = storage().memory;
    const tenant = t();
    assert.equal(await store.createProject(project(tenant, 'p1'), branch(tenant, 'p1', 'main', null)), true);
    assert.equal(await store.createProject(project(tenant, 'p1'), branch(tenant, 'p1', 'main', null)), false);
    assert.equal(await store.getProject(t(), 'p1'), undefined, 'another tenant does not see it');
    assert.equal(await store.hasProject(tenant, 'p1'), true);
    assert.equal(await store.hasProject(t(), 'p1'), false, 'nor has it');
    const appended = await store.appendMilestone({ milestone: draft(tenant, 'p1', 'main', 'first') });
    assert.equal(appended.outcome, 'created');
    const summary = await store.getProject(tenant, 'p1');
    assert.equal(summary?.milestoneCount, 1);
    assert.deepEqual(summary?.activeBranches, ['main']);
    assert.deepEqual((await store.listProjects(tenant)).map((p) => p.projectId), ['p1']);
    assert.equal(await store.updateRoadmap(tenant, 'p1', 'new roadmap', AT), true);
    assert.equal((await store.getProject(tenant, 'p1'))?.roadmap, 'new roadmap');
    const id = appended.outcome === 'created' ? appended.milestone.milestoneId : '';
    assert.deepEqual(await store.deleteProject(tenant, 'p1'), [id]);
    assert.equal(await store.getProject(tenant, 'p1'), undefined);
    assert.equal(await store.hasProject(tenant, 'p1'), false);
    assert.equal(await store.deleteProject(tenant, 'p1'), undefined);
    assert.deepEqual(await store.searchLexical(tenant, 'first', { limit: 10 }), [], 'the lexical index forgets it');
    assert.deepEqual(await store.getMilestonesByIds(tenant, [id]), []);
  });

  test('memory: sequence numbers per branch, dedup by hash, branch auto-create and closed branches', async () => {
    const store = storage().memory;
    const tenant = t();
    await store.createProject(project(tenant, 'p'), branch(tenant, 'p', 'main', null));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.appendMilestone({ milestone: draft(tenant, 'p', 'main', `m${i}`) })),
    );
    const numbers = results.map((r) => (r.outcome === 'created' ? r.milestone.sequenceNumber : -1)).sort((a, b) => a - b);
    assert.deepEqual(numbers, Array.from({ length: 20 }, (_, i) => i + 1));
    const again = await store.appendMilestone({ milestone: draft(tenant, 'p', 'main', 'm3') });
    assert.equal(again.outcome, 'duplicate');
    assert.equal(again.outcome === 'duplicate' && again.milestone.thisContribution, 'm3');
    assert.deepEqual(await store.appendMilestone({ milestone: draft(tenant, 'p', 'feature', 'x') }), { outcome: 'branch_missing' });
    const created = await store.appendMilestone({ milestone: draft(tenant, 'p', 'feature', 'x'), createBranch: branch(tenant, 'p', 'feature') });
    assert.equal(created.outcome === 'created' && created.milestone.sequenceNumber, 1);
    assert.equal((await store.getBranch(tenant, 'p', 'feature'))?.parentBranch, 'main');
    assert.equal(await store.abandonBranch(tenant, 'p', 'feature', 'dead end'), true);
    assert.equal(await store.abandonBranch(tenant, 'p', 'feature', 'again'), false);
    const refused = await store.appendMilestone({ milestone: draft(tenant, 'p', 'feature', 'y') });
    assert.deepEqual(refused, { outcome: 'branch_closed', status: 'abandoned' });
    assert.deepEqual(await store.appendMilestone({ milestone: draft(tenant, 'nope', 'main', 'z') }), { outcome: 'project_missing' });
    const page = await store.listBranchMilestones(tenant, 'p', 'main', { limit: 3, offset: 1 });
    assert.deepEqual(page.map((m) => m.sequenceNumber), [19, 18, 17]);
  });

  test('memory: an idempotency key is stored once per project; a repeat, also concurrent, returns that milestone', async () => {
    const store = storage().memory;
    const tenant = t();
    await store.createProject(project(tenant, 'p'), branch(tenant, 'p', 'main', null));
    await store.createProject(project(tenant, 'q'), branch(tenant, 'q', 'main', null));
    const first = await store.appendMilestone({ milestone: draft(tenant, 'p', 'main', 'keyed'), idempotencyKey: 'k-1' });
    assert.equal(first.outcome, 'created');
    const id = first.outcome === 'created' ? first.milestone.milestoneId : '';
    const repeat = await store.appendMilestone({ milestone: draft(tenant, 'p', 'main', 'keyed'), idempotencyKey: 'k-1' });
    assert.deepEqual([repeat.outcome, repeat.outcome === 'replayed' && repeat.milestone.milestoneId], ['replayed', id]);
    const rebuilt = await store.appendMilestone({
      milestone: draft(tenant, 'p', 'side', 'other text'), createBranch: branch(tenant, 'p', 'side'), idempotencyKey: 'k-1',
    });
    assert.deepEqual([rebuilt.outcome, rebuilt.outcome === 'replayed' && rebuilt.milestone.milestoneId], ['replayed', id], 'the key wins over body and branch');
    assert.equal(await store.getBranch(tenant, 'p', 'side'), undefined, 'a replay creates nothing');
    assert.equal((await store.appendMilestone({ milestone: draft(tenant, 'q', 'main', 'keyed'), idempotencyKey: 'k-1' })).outcome, 'created', 'per project');
    assert.equal((await store.appendMilestone({ milestone: draft(tenant, 'p', 'main', 'keyed'), idempotencyKey: 'k-2' })).outcome, 'duplicate', 'a new key with known content');

    const racers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.appendMilestone({ milestone: draft(tenant, 'p', 'main', `race ${i}`), idempotencyKey: 'k-race' })),
    );
    assert.equal(racers.filter((r) => r.outcome === 'created').length, 1);
    assert.equal(racers.filter((r) => r.outcome === 'replayed').length, 19);
    assert.equal(new Set(racers.map((r) => (r.outcome === 'created' || r.outcome === 'replayed' ? r.milestone.milestoneId : ''))).size, 1);
    assert.equal((await store.getProject(tenant, 'p'))?.milestoneCount, 2);

    await store.createBranch(branch(tenant, 'p', 'closing'));
    const closing = await store.appendMilestone({ milestone: draft(tenant, 'p', 'closing', 'last words'), idempotencyKey: 'k-3' });
    await store.abandonBranch(tenant, 'p', 'closing', 'done');
    const late = await store.appendMilestone({ milestone: draft(tenant, 'p', 'closing', 'last words'), idempotencyKey: 'k-3' });
    assert.equal(late.outcome, 'replayed', 'a repeat after the branch closed still gets its milestone');
    assert.equal(late.outcome === 'replayed' && closing.outcome === 'created' && late.milestone.milestoneId === closing.milestone.milestoneId, true);
  });

  test('memory: merge appends one milestone to the target and closes the source, atomically', async () => {
    const store = storage().memory;
    const tenant = t();
    await store.createProject(project(tenant, 'p'), branch(tenant, 'p', 'main', null));
    await store.createBranch(branch(tenant, 'p', 'side'));
    assert.equal(await store.createBranch(branch(tenant, 'p', 'side')), false);
    await store.appendMilestone({ milestone: draft(tenant, 'p', 'side', 's1') });
    await store.appendMilestone({ milestone: draft(tenant, 'p', 'side', 's2') });
    const merge = { tenantId: tenant, projectId: 'p', sourceBranch: 'side', targetBranch: 'main' };
    const merged = await store.mergeBranch({ ...merge, milestone: draft(tenant, 'p', 'main', 'merge', { kind: 'merge' }) });
    assert.equal(merged.outcome, 'merged');
    assert.equal(merged.outcome === 'merged' && merged.milestonesMerged, 2);
    assert.equal(merged.outcome === 'merged' && merged.milestone.sequenceNumber, 1);
    const side = await store.getBranch(tenant, 'p', 'side');
    assert.equal(side?.status, 'merged');
    assert.equal(side?.mergedInto, 'main');
    const twice = await store.mergeBranch({ ...merge, milestone: draft(tenant, 'p', 'main', 'merge again') });
    assert.deepEqual(twice, { outcome: 'branch_closed', branchName: 'side', status: 'merged' });
    assert.equal((await store.listBranchMilestones(tenant, 'p', 'main', { limit: 10, offset: 0 })).length, 1, 'nothing half-written');
  });

  test('memory: lexical search is BM25-ranked, tenant- and project-scoped, and safe for any text', async () => {
    const store = storage().memory;
    const tenant = t();
    for (const p of ['a', 'b']) await store.createProject(project(tenant, p), branch(tenant, p, 'main', null));
    await store.appendMilestone({ milestone: draft(tenant, 'a', 'main', 'Wrote documentation') });
    await store.appendMilestone({ milestone: draft(tenant, 'a', 'main', 'Implemented rate limiting middleware for the API') });
    await store.appendMilestone({ milestone: draft(tenant, 'b', 'main', 'Rate limits for the memory API') });
    const hits = await store.searchLexical(tenant, 'rate limiting middleware', { limit: 10 });
    assert.equal(hits.length, 2, 'porter stemming matches limits/limiting');
    assert.ok(hits[0]!.score <= hits[1]!.score, 'best (lowest BM25) first');
    assert.equal(hits[0]!.projectId, 'a');
    assert.deepEqual((await store.searchLexical(tenant, 'rate', { projectIds: ['b'], limit: 10 })).map((h) => h.projectId), ['b']);
    assert.deepEqual(await store.searchLexical(t(), 'rate', { limit: 10 }), []);
    for (const nasty of ['"', 'AND OR NOT', '*', '(((', 'NEAR(a b)', '!!!', '', 'rate" OR "x', 'col:rate', '^rate']) {
      await store.searchLexical(tenant, nasty, { limit: 5 });
    }
  });

  test('memory: the lexical index also holds the branch\'s previous two contributions, at a lower weight', async () => {
    const store = storage().memory;
    const tenant = t();
    await store.createProject(project(tenant, 'p'), branch(tenant, 'p', 'main', null));
    await store.createBranch(branch(tenant, 'p', 'side'));
    const ids: Record<string, string> = {};
    for (const [branchName, text] of [['main', 'Planned the kumquat harvest'], ['side', 'Unrelated side work'], ['main', 'Booked the trucks'],
      ['main', 'Hired pickers'], ['main', 'Paid the invoices']]) {
      const appended = await store.appendMilestone({ milestone: draft(tenant, 'p', branchName!, text!) });
      ids[text!] = appended.outcome === 'created' ? appended.milestone.milestoneId : '';
    }
    const hits = await store.searchLexical(tenant, 'kumquat', { limit: 10 });
    assert.equal(hits[0]?.milestoneId, ids['Planned the kumquat harvest'], 'the milestone that says it ranks first');
    assert.deepEqual(new Set(hits.map((h) => h.milestoneId)),
      new Set([ids['Planned the kumquat harvest'], ids['Booked the trucks'], ids['Hired pickers']]),
      'the next two milestones of the same branch match through their context; the third and other branches do not');
    assert.ok(hits[0]!.score < hits[1]!.score && hits[1]!.score < 0, 'scores are negated relevance, the best lowest');
    const preceding = await store.listPrecedingMilestones(tenant, 'p', 'main', 4, 2);
    assert.deepEqual(preceding.map((m) => [m.sequenceNumber, m.thisContribution]), [[3, 'Hired pickers'], [2, 'Booked the trucks']]);
    assert.deepEqual((await store.listPrecedingMilestones(tenant, 'p', 'main', 2, 2)).map((m) => m.sequenceNumber), [1]);
    assert.deepEqual(await store.listPrecedingMilestones(tenant, 'p', 'main', 1, 2), []);
    assert.deepEqual(await store.listPrecedingMilestones(t(), 'p', 'main', 4, 2), [], 'tenant-scoped');
  });

  test('memory: embeddings are stored per milestone and listed for the index rebuild', async () => {
    const store = storage().memory;
    const tenant = t();
    await store.createProject(project(tenant, 'p'), branch(tenant, 'p', 'main', null));
    const appended = await store.appendMilestone({ milestone: draft(tenant, 'p', 'main', 'vector') });
    const id = appended.outcome === 'created' ? appended.milestone.milestoneId : '';
    const embedder = `contract-${randomUUID()}`;
    assert.ok((await store.listUnembedded(embedder, 100_000)).some((m) => m.milestoneId === id));
    await store.putEmbedding(tenant, id, embedder, new Float32Array([0.6, 0.8]));
    const rows = (await store.listEmbeddings(embedder)).filter((r) => r.milestoneId === id);
    assert.equal(rows.length, 1);
    assert.deepEqual([...rows[0]!.vector], [Math.fround(0.6), Math.fround(0.8)]);
    assert.equal(rows[0]!.tenantId, tenant);
    assert.ok(!(await store.listUnembedded(embedder, 100_000)).some((m) => m.milestoneId === id));
  });

  test('memory: embeddings are listed in pages, in row order, after a position', async () => {
    const store = storage().memory;
    const tenant = t();
    await store.createProject(project(tenant, 'p'), branch(tenant, 'p', 'main', null));
    const embedder = `contract-${randomUUID()}`; // only this test's rows
    const ids: string[] = [];
    for (const text of ['one', 'two', 'three']) {
      const appended = await store.appendMilestone({ milestone: draft(tenant, 'p', 'main', text) });
      const id = appended.outcome === 'created' ? appended.milestone.milestoneId : '';
      await store.putEmbedding(tenant, id, embedder, new Float32Array([1, 0]));
      ids.push(id);
    }
    const first = await store.listEmbeddings(embedder, { after: 0, limit: 2 });
    assert.deepEqual(first.map((r) => r.milestoneId), ids.slice(0, 2));
    assert.ok(first[0]!.position < first[1]!.position);
    const rest = await store.listEmbeddings(embedder, { after: first[1]!.position, limit: 2 });
    assert.deepEqual(rest.map((r) => r.milestoneId), ids.slice(2));
    assert.deepEqual((await store.listEmbeddings(embedder)).map((r) => r.milestoneId), ids, 'without a page: all');
  });

  test('memory: the log is numbered per branch and listed newest first', async () => {
    const store = storage().memory;
    const tenant = t();
    await store.createProject(project(tenant, 'p'), branch(tenant, 'p', 'main', null));
    for (const phase of ['observation', 'thought', 'action'] as const) {
      const out = await store.appendLogEntry({
        tenantId: tenant, entryId: `log-${randomUUID()}`, projectId: 'p', branchName: 'main', agentId: 'a', phase, content: phase, createdAt: AT,
      });
      assert.equal(out.outcome, 'created');
    }
    const entries = await store.listLogEntries(tenant, 'p', 'main', { limit: 2, offset: 0 });
    assert.deepEqual(entries.map((e) => [e.sequenceNumber, e.phase]), [[3, 'action'], [2, 'thought']]);
  });

  test('memory: listMilestones filters by agents and time, newest first, with a total', async () => {
    const store = storage().memory;
    const tenant = t();
    await store.createProject(project(tenant, 'p'), branch(tenant, 'p', 'main', null));
    const times = ['2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z', '2026-01-03T00:00:00.000Z'];
    for (const [i, createdAt] of times.entries()) {
      await store.appendMilestone({ milestone: draft(tenant, 'p', 'main', `t${i}`, { createdAt, agentId: i === 1 ? 'other' : 'agent-1' }) });
    }
    const all = await store.listMilestones(tenant, {}, { limit: 10, offset: 0 });
    assert.deepEqual(all.milestones.map((m) => m.thisContribution), ['t2', 't1', 't0']);
    const window = await store.listMilestones(tenant, { since: times[1], until: times[2] }, { limit: 10, offset: 0 });
    assert.deepEqual(window.milestones.map((m) => m.thisContribution), ['t2', 't1'], 'both bounds inclusive');
    const byAgent = await store.listMilestones(tenant, { agentIds: ['agent-1'] }, { limit: 1, offset: 0 });
    assert.equal(byAgent.total, 2);
    assert.deepEqual(byAgent.milestones.map((m) => m.thisContribution), ['t2']);
    const stats = await store.projectStats(tenant, 'p');
    assert.equal(stats.milestoneCount, 3);
    assert.equal(stats.branchCounts.active, 1);
    assert.deepEqual((await store.listAgents(tenant, 'p')).map((a) => [a.agentId, a.milestoneCount]), [['agent-1', 2], ['other', 1]]);
  });

  test('contributors: upsert keeps createdAt, list and delete per tenant', async () => {
    const store = storage().contributors;
    const tenant = t();
    const base = { tenantId: tenant, contributorId: 'alice', displayName: 'Alice', agentIds: ['a1'], role: null, createdAt: AT, updatedAt: AT };
    assert.equal((await store.upsertContributor(base)).created, true);
    const later = '2026-03-01T00:00:00.000Z';
    const updated = await store.upsertContributor({ ...base, agentIds: ['a1', 'a2'], createdAt: later, updatedAt: later });
    assert.equal(updated.created, false);
    assert.equal(updated.contributor.createdAt, AT);
    assert.deepEqual(updated.contributor.agentIds, ['a1', 'a2']);
    assert.equal(await store.getContributor(t(), 'alice'), undefined);
    assert.equal((await store.listContributors(tenant)).length, 1);
    assert.equal(await store.deleteContributor(tenant, 'alice'), true);
    assert.equal(await store.deleteContributor(tenant, 'alice'), false);
  });

  test('session metrics: recorded per project, summed by agent type and recall, latest first', async () => {
    const tenant = t();
    await storage().memory.createProject(project(tenant, 'p'), branch(tenant, 'p', 'main', null));
    const session = (sessionId: string, milestonesRecalled: number, toolCallsTotal: number, counters = {}, agentType: string | null = null, endedAt = AT) => ({
      tenantId: tenant, projectId: 'p', sessionId, agentId: 'a', branchName: agentType ? 'feature/x' : null, agentType, milestonesRecalled,
      toolCallsTotal, sessionDurationSecs: 100, startedAt: AT, endedAt, counters, recordedAt: AT,
    });
    const store = storage().sessionMetrics;
    assert.equal(await store.recordSession({ ...session('s', 0, 1), projectId: 'missing' }), false);
    await store.recordSession(session('s1', 3, 10, { tokensUsed: 100, compactionCount: 1, toolCallsRead: 4 }, 'claude-code'));
    await store.recordSession(session('s2', 1, 20, { toolCallsSearch: 2 }, 'claude-code', '2026-03-01T00:00:00.000Z'));
    await store.recordSession(session('s3', 0, 40));
    await store.recordSession(session('s3', 0, 30, { compactionCount: 3, toolCallsRead: 5, toolCallsSearch: 5 })); // replaces
    const groups = await store.summarizeSessions(tenant, 'p');
    const withRecall = groups.find((g) => g.recalled && g.agentType === 'claude-code')!;
    assert.equal(withRecall.sessions, 2);
    assert.equal(withRecall.toolCallsTotal, 30);
    assert.equal(withRecall.milestonesRecalled, 4);
    assert.deepEqual(withRecall.counters, {
      tokensUsed: { sum: 100, reported: 1 },
      compactionCount: { sum: 1, reported: 1 },
      toolCallsRead: { sum: 4, reported: 1 },
      toolCallsSearch: { sum: 2, reported: 1 },
    });
    assert.deepEqual(withRecall.contextTools, { sum: 6, reported: 2 });
    assert.equal(withRecall.compacted, 1);
    const withoutRecall = groups.find((g) => !g.recalled)!;
    assert.equal(withoutRecall.agentType, null);
    assert.equal(withoutRecall.sessions, 1);
    assert.equal(withoutRecall.toolCallsTotal, 30);
    assert.deepEqual(withoutRecall.contextTools, { sum: 10, reported: 1 });
    assert.equal(groups.length, 2);
    const recent = await store.recentSessions(tenant, 'p', 2);
    assert.deepEqual(recent.map((s) => s.sessionId), ['s2', 's1']);
    assert.equal(recent[0]!.agentType, 'claude-code');
    assert.equal(recent[0]!.branchName, 'feature/x');
    assert.deepEqual(recent[1]!.counters, { tokensUsed: 100, compactionCount: 1, toolCallsRead: 4 });
  });

  test('cache: getEntryById finds an entry within its tenant only', async () => {
    const cache = storage().cache;
    const tenant = t();
    const id = `ce_${randomUUID()}`;
    await cache.putEntries([{
      id, tenantId: tenant, cacheKey: `k-${id}`, model: 'm', response: { ok: true }, promptTokens: 1, completionTokens: 1,
      sizeBytes: 10, createdAt: 1, expiresAt: 1e15, lastHitAt: 1, hitCount: 0,
    }]);
    assert.deepEqual((await cache.getEntryById(tenant, id))?.response, { ok: true });
    assert.equal(await cache.getEntryById(t(), id), undefined);
  });
}
