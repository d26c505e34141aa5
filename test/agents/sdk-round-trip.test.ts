// The SDK against a real gateway: every Memory API method makes a round trip and returns the
// SPEC's shapes; failures come back as the error class of their type with status and request id.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ConflictError,
  NotFoundError,
  Synapse,
  SynapseApiError,
  SynapseConfigError,
  ValidationError,
  AuthenticationError,
  AuthorizationError,
} from '../../src/sdk/index.js';
import { startAgentGateway, type AgentGateway } from './helpers/agent-kit.js';

describe('SDK round trips', () => {
  let gw: AgentGateway;
  let synapse: Synapse;

  before(async () => {
    gw = await startAgentGateway();
    synapse = new Synapse({ baseUrl: gw.url, apiKey: gw.userKey, env: {} });
  });
  after(() => gw.close());

  test('projects: create, list, get, roadmap, delete', async () => {
    const created = await synapse.projects.create({ projectId: 'sdk-proj', name: 'SDK Project', roadmap: 'Build it' });
    assert.equal(created.projectId, 'sdk-proj');
    assert.equal(created.tenantId, 'agents');
    assert.equal(created.milestoneCount, 0);
    assert.ok(created.activeBranches.includes('main'));
    assert.ok((await synapse.projects.list()).some((p) => p.projectId === 'sdk-proj'));
    assert.equal((await synapse.projects.get('sdk-proj')).name, 'SDK Project');
    const updated = await synapse.projects.updateRoadmap('sdk-proj', 'Build it, then ship it');
    assert.equal(updated.roadmap, 'Build it, then ship it');
    await synapse.projects.create({ projectId: 'sdk-doomed', name: 'Doomed' });
    await synapse.projects.delete('sdk-doomed');
    await assert.rejects(synapse.projects.get('sdk-doomed'), NotFoundError);
  });

  test('store, recall in every view, and log', async () => {
    const first = await synapse.store('sdk-proj', {
      branchName: 'main',
      branchPurpose: 'Core feature implementation',
      cumulativeProgress: 'Set up project structure, added auth',
      thisContribution: 'Implemented rate limiting middleware',
      agentId: 'sdk-agent',
      agentType: 'custom',
    });
    assert.match(first.milestoneId, /^ms-/);
    assert.equal(first.sequenceNumber, 1);
    const again = await synapse.store('sdk-proj', {
      branchName: 'main',
      branchPurpose: 'Core feature implementation',
      cumulativeProgress: 'Set up project structure, added auth',
      thisContribution: 'Implemented rate limiting middleware',
      agentId: 'sdk-agent',
    });
    assert.equal(again.milestoneId, first.milestoneId, 'identical content returns the existing milestone');
    const second = await synapse.store('sdk-proj', { thisContribution: 'Added token renewal to the SDK', agentId: 'sdk-agent' });
    assert.equal(second.sequenceNumber, 2);

    const overview = await synapse.recall('sdk-proj');
    assert.equal(overview.view, 'overview');
    assert.ok(overview.branches?.some((b) => b.branchName === 'main'));
    const branch = await synapse.recall('sdk-proj', { view: 'branch', branch: 'main', limit: 5 });
    assert.deepEqual(branch.milestones?.map((m) => m.sequenceNumber), [2, 1]);
    const one = await synapse.recall('sdk-proj', { view: 'milestone', milestoneId: first.milestoneId });
    assert.equal(one.milestones?.[0]?.thisContribution, 'Implemented rate limiting middleware');
    const metadata = await synapse.recall('sdk-proj', { view: 'metadata', segment: 'roadmap' });
    assert.equal(metadata.view, 'metadata');

    const entry = await synapse.log('sdk-proj', { agentId: 'sdk-agent', phase: 'thought', content: 'The limiter needs a burst' });
    assert.match(entry.entryId, /^log-/);
    assert.equal(entry.phase, 'thought');
    const log = await synapse.recall('sdk-proj', { view: 'log' });
    assert.equal(log.logEntries?.[0]?.content, 'The limiter needs a burst');
  });

  test('branches: create, list, get, abandon; merge', async () => {
    const branch = await synapse.branches.create('sdk-proj', { branchName: 'feature/oauth', purpose: 'OAuth login', agentId: 'sdk-agent' });
    assert.equal(branch.status, 'active');
    assert.equal(branch.parentBranch, 'main');
    assert.equal((await synapse.branches.get('sdk-proj', 'feature/oauth')).purpose, 'OAuth login');
    await synapse.store('sdk-proj', { branchName: 'feature/oauth', thisContribution: 'Google OAuth callback', agentId: 'sdk-agent' });
    const merged = await synapse.merge('sdk-proj', { sourceBranch: 'feature/oauth', mergeSummary: 'OAuth login works', agentId: 'sdk-agent' });
    assert.equal(merged.merged, true);
    assert.equal(merged.milestonesMerged, 1);
    assert.equal(merged.sourceBranchStatus, 'merged');
    assert.match(merged.mergeMilestoneId, /^ms-/);

    await synapse.branches.create('sdk-proj', { branchName: 'spike', purpose: 'Try GraphQL' });
    const abandoned = await synapse.branches.abandon('sdk-proj', 'spike', 'REST is enough');
    assert.equal(abandoned.status, 'abandoned');
    assert.equal(abandoned.abandonReason, 'REST is enough');
    const statuses = Object.fromEntries((await synapse.branches.list('sdk-proj')).map((b) => [b.branchName, b.status]));
    assert.deepEqual(statuses, { main: 'active', 'feature/oauth': 'merged', spike: 'abandoned' });
    await assert.rejects(synapse.store('sdk-proj', { branchName: 'spike', thisContribution: 'late', agentId: 'x' }), ConflictError);
  });

  test('search in one project and across projects', async () => {
    const inProject = await synapse.search({ projectId: 'sdk-proj', query: 'rate limiting', limit: 5 });
    assert.ok(inProject.count >= 1);
    assert.equal(inProject.milestones[0]?.projectId, 'sdk-proj');
    assert.equal(inProject.query, 'rate limiting');
    const across = await synapse.search({ query: 'authentication implementation', limit: 10 });
    assert.equal(across.count, across.milestones.length);
    const filtered = await synapse.search({ query: 'rate limiting', projectIds: ['nothing-here'] });
    assert.equal(filtered.count, 0);
  });

  test('intelligence: query, ask and the SSE stream', async () => {
    const answer = await synapse.ask({ question: 'What was done about rate limiting?', timeRange: '7d' });
    assert.equal(answer.question, 'What was done about rate limiting?');
    assert.ok(answer.sources.length > 0);
    assert.ok(answer.sources.every((s) => typeof s.excerpt === 'string' && s.milestoneId.startsWith('ms-')));
    const same = await synapse.intelligence.query({ question: 'What was done about rate limiting?', timeRange: '7d' });
    assert.equal(same.answer, answer.answer);
    const events = [];
    for await (const event of synapse.intelligence.stream({ question: 'What was done about rate limiting?', timeRange: '7d' })) events.push(event);
    const names = events.map((e) => e.event);
    assert.equal(names[0], 'sources');
    assert.equal(names.at(-1), 'done');
    assert.equal((events.at(-1)!.data as { answer: string }).answer, answer.answer);
  });

  test('contributors: upsert, list, get, activity, delete', async () => {
    const ada = await synapse.contributors.upsert({ contributorId: 'ada', displayName: 'Ada', agentIds: ['sdk-agent'], role: 'engineer' });
    assert.equal(ada.displayName, 'Ada');
    assert.ok((await synapse.contributors.list()).some((c) => c.contributorId === 'ada'));
    assert.deepEqual((await synapse.contributors.get('ada')).agentIds, ['sdk-agent']);
    const activity = await synapse.contributors.activity('ada', { limit: 2 });
    assert.equal(activity.contributor.contributorId, 'ada');
    assert.ok(activity.totalMilestones >= 3);
    assert.equal(activity.milestones.length, 2);
    await synapse.contributors.delete('ada');
    await assert.rejects(synapse.contributors.get('ada'), NotFoundError);
  });

  test('session metrics: record and summary', async () => {
    const recorded = await synapse.metrics.record('sdk-proj', {
      sessionId: 'session-1',
      agentId: 'sdk-agent',
      milestonesRecalled: 3,
      toolCallsTotal: 20,
      sessionDurationSecs: 600,
      startedAt: '2026-02-10T14:00:00Z',
      endedAt: '2026-02-10T14:10:00Z',
    });
    assert.equal(recorded.recorded, true);
    const summary = await synapse.metrics.summary('sdk-proj');
    assert.equal(summary.totalSessions, 1);
  });

  test('promote: a cache entry becomes a searchable milestone', async () => {
    const completion = await synapse.chat.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'What is a semantic cache?' }] });
    assert.match(completion.choices[0]?.message.content ?? '', /semantic cache/);
    // Cache entry ids are shown to admins of the tenant by the cache preview.
    const admin = (await gw.createKey({ role: 'admin', name: 'agents-admin', tenant_id: 'agents' })).key;
    const preview = await gw.request('/api/v1/cache/preview', {
      auth: admin,
      body: { model: 'gpt-4o', messages: [{ role: 'user', content: 'What is a semantic cache?' }] },
    });
    const { entryId } = (await preview.json()) as { entryId?: string };
    assert.ok(entryId, 'the completion was cached');
    const knowledge = { reuseScore: 0.8, summary: 'What a semantic cache is', l2Collection: 'default', agentId: 'sdk-agent' };
    const milestone = await synapse.promote('sdk-proj', { cacheKey: entryId, ...knowledge });
    assert.equal(milestone.promoted, true);
    assert.equal(milestone.knowledgeId, milestone.milestoneId);
    assert.equal(milestone.reuseScore, 0.8);
    assert.match(milestone.milestoneId, /^ms-/);
    assert.match(milestone.thisContribution, /semantic cache/);
    const found = await synapse.search({ projectId: 'sdk-proj', query: 'semantic cache' });
    assert.ok(found.milestones.some((m) => m.milestoneId === milestone.milestoneId));
    await assert.rejects(synapse.promote('sdk-proj', { cacheKey: 'ce-unknown', ...knowledge }), NotFoundError);
  });

  test('errors carry their class, status, type and request id', async () => {
    const missing = await synapse.projects.get('no-such-project').catch((e: unknown) => e);
    assert.ok(missing instanceof NotFoundError);
    assert.ok(missing instanceof SynapseApiError);
    assert.equal(missing.status, 404);
    assert.equal(missing.type, 'not_found');
    assert.match(missing.requestId ?? '', /^[0-9a-f-]{36}$/);

    const duplicate = await synapse.projects.create({ projectId: 'sdk-proj', name: 'again' }).catch((e: unknown) => e);
    assert.ok(duplicate instanceof ConflictError);
    assert.equal(duplicate.status, 409);

    const invalid = await synapse.store('sdk-proj', { thisContribution: '', agentId: 'x' }).catch((e: unknown) => e);
    assert.ok(invalid instanceof ValidationError);
    assert.match(invalid.message, /thisContribution/);

    const readonlyKey = (await gw.createKey({ role: 'readonly', name: 'ro', tenant_id: 'agents' })).key;
    const reader = new Synapse({ baseUrl: gw.url, apiKey: readonlyKey, env: {} });
    assert.equal((await reader.projects.get('sdk-proj')).projectId, 'sdk-proj');
    await assert.rejects(reader.store('sdk-proj', { thisContribution: 'nope', agentId: 'x' }), AuthorizationError);

    const stranger = new Synapse({ baseUrl: gw.url, apiKey: 'sk-syn-not-a-real-key-000000000000000000000', env: {} });
    const refused = await stranger.projects.list().catch((e: unknown) => e);
    assert.ok(refused instanceof AuthenticationError);
    assert.equal(refused.message, 'authentication failed: invalid API key');
  });

  test('configuration from SYNAPSE_* variables, and none at all', async () => {
    const fromEnv = new Synapse({ env: { SYNAPSE_GATEWAY_URL: gw.url, SYNAPSE_API_KEY: gw.userKey } });
    assert.equal(fromEnv.baseUrl, gw.url);
    assert.equal((await fromEnv.projects.get('sdk-proj')).projectId, 'sdk-proj');
    const token = await gw.tokenFor(gw.userKey);
    const withToken = new Synapse({ env: { SYNAPSE_GATEWAY_URL: gw.url, SYNAPSE_TOKEN: token } });
    assert.equal((await withToken.projects.get('sdk-proj')).projectId, 'sdk-proj');
    assert.throws(() => new Synapse({ env: {} }), SynapseConfigError);
  });
});
