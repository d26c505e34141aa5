// The SDK and the gateway agree on the memory API: the SDK's method types are the types of the
// route schemas (checked by the compiler below: a drift fails `tsc`), every answer of the real
// gateway validates against the schema the SDK's type comes from, and the compiled SDK loads no
// server code (its types come in through `import type` only).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import * as branchRoutes from '../../src/http/contract/memory/branch-route-schemas.js';
import * as contributorRoutes from '../../src/http/contract/memory/contributor-route-schemas.js';
import * as projectRoutes from '../../src/http/contract/memory/project-route-schemas.js';
import * as searchRoutes from '../../src/http/contract/memory/search-route-schemas.js';
import type { Branches } from '../../src/sdk/branches.js';
import type { Contributors } from '../../src/sdk/contributors.js';
import { Synapse } from '../../src/sdk/index.js';
import type { Intelligence } from '../../src/sdk/intelligence.js';
import type { Projects } from '../../src/sdk/projects.js';
import type { SessionMetrics } from '../../src/sdk/session-metrics.js';
import { startAgentGateway, type AgentGateway } from './helpers/agent-kit.js';

// ---- compile-time: the SDK's types are the route schemas' types ---------------------------------
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function same<T extends true>(): T | undefined {
  return undefined;
}
type Ok<R extends { response: { 200: TSchema } }> = Static<R['response'][200]>;
type Body<R extends { body: TSchema }> = Static<R['body']>;
type Result<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

same<Equal<Result<Projects['create']>, Ok<typeof projectRoutes.createProjectRoute>>>();
same<Equal<Parameters<Projects['create']>[0], Body<typeof projectRoutes.createProjectRoute>>>();
same<Equal<Result<Projects['list']>, Ok<typeof projectRoutes.listProjectsRoute>['projects']>>();
same<Equal<Result<Projects['get']>, Ok<typeof projectRoutes.getProjectRoute>>>();
same<Equal<Result<Projects['updateRoadmap']>, Ok<typeof projectRoutes.updateRoadmapRoute>>>();
same<Equal<Result<Synapse['store']>, Ok<typeof projectRoutes.storeMilestoneRoute>>>();
same<Equal<Parameters<Synapse['store']>[1], Body<typeof projectRoutes.storeMilestoneRoute>>>();
same<Equal<Result<Synapse['recall']>, Ok<typeof projectRoutes.recallRoute>>>();
same<Equal<NonNullable<Parameters<Synapse['recall']>[1]>, Static<typeof projectRoutes.recallRoute.querystring>>>();
same<Equal<Result<Synapse['log']>, Ok<typeof projectRoutes.appendLogRoute>>>();
same<Equal<Parameters<Synapse['log']>[1], Body<typeof projectRoutes.appendLogRoute>>>();
same<Equal<Result<Synapse['promote']>, Ok<typeof projectRoutes.promoteRoute>>>();
same<Equal<Parameters<Synapse['promote']>[1], Body<typeof projectRoutes.promoteRoute>>>();
same<Equal<Result<Branches['create']>, Ok<typeof branchRoutes.createBranchRoute>>>();
same<Equal<Parameters<Branches['create']>[1], Body<typeof branchRoutes.createBranchRoute>>>();
same<Equal<Result<Branches['list']>, Ok<typeof branchRoutes.listBranchesRoute>['branches']>>();
same<Equal<Result<Branches['get']>, Ok<typeof branchRoutes.getBranchRoute>>>();
same<Equal<Result<Branches['abandon']>, Ok<typeof branchRoutes.abandonBranchRoute>>>();
same<Equal<Result<Synapse['merge']>, Ok<typeof branchRoutes.mergeRoute>>>();
same<Equal<Parameters<Synapse['merge']>[1], Body<typeof branchRoutes.mergeRoute>>>();
same<Equal<Result<Synapse['search']>, Ok<typeof searchRoutes.searchRoute>>>();
same<Equal<Ok<typeof searchRoutes.searchRoute>, Ok<typeof searchRoutes.projectSearchRoute>>>();
same<Equal<Result<Intelligence['query']>, Ok<typeof searchRoutes.intelligenceRoute>>>();
same<Equal<Parameters<Intelligence['query']>[0], Body<typeof searchRoutes.intelligenceRoute>>>();
same<Equal<Result<Intelligence['models']>, Ok<typeof searchRoutes.intelligenceModelsRoute>>>();
same<Equal<Result<Contributors['upsert']>, Ok<typeof contributorRoutes.upsertContributorRoute>>>();
same<Equal<Parameters<Contributors['upsert']>[0], Body<typeof contributorRoutes.upsertContributorRoute>>>();
same<Equal<Result<Contributors['list']>, Ok<typeof contributorRoutes.listContributorsRoute>['contributors']>>();
same<Equal<Result<Contributors['get']>, Ok<typeof contributorRoutes.getContributorRoute>>>();
same<Equal<Result<Contributors['activity']>, Ok<typeof contributorRoutes.contributorActivityRoute>>>();
same<Equal<Result<SessionMetrics['record']>, Ok<typeof contributorRoutes.recordSessionRoute>>>();
same<Equal<Parameters<SessionMetrics['record']>[1], Body<typeof contributorRoutes.recordSessionRoute>>>();
same<Equal<Result<SessionMetrics['summary']>, Ok<typeof contributorRoutes.sessionSummaryRoute>>>();

// ---- run time: the real gateway's answers validate against those schemas ------------------------
function conforms(schema: TSchema, value: unknown, label: string): void {
  const errors = [...Value.Errors(schema, value)].map((error) => `${error.instancePath} ${error.message}`);
  assert.deepEqual(errors, [], `${label}: ${JSON.stringify(value).slice(0, 300)}`);
}

describe('SDK and gateway agree on the memory API', () => {
  let gw: AgentGateway;
  let synapse: Synapse;
  before(async () => {
    gw = await startAgentGateway();
    synapse = new Synapse({ baseUrl: gw.url, apiKey: gw.userKey, env: {} });
  });
  after(() => gw.close());

  test('every SDK call returns what the route schema declares', async () => {
    const ok = <R extends { operationId: string; response: { 200: TSchema } }>(route: R, value: unknown) => conforms(route.response[200], value, route.operationId);
    const { createProjectRoute, getProjectRoute, updateRoadmapRoute, storeMilestoneRoute, recallRoute, appendLogRoute } = projectRoutes;

    ok(createProjectRoute, await synapse.projects.create({ projectId: 'agree', name: 'Agreement', roadmap: 'r' }));
    conforms(projectRoutes.listProjectsRoute.response[200], { projects: await synapse.projects.list() }, 'listProjects');
    ok(getProjectRoute, await synapse.projects.get('agree'));
    ok(updateRoadmapRoute, await synapse.projects.updateRoadmap('agree', 'Ship it'));
    const milestone = await synapse.store('agree', { thisContribution: 'Added the contract test', agentId: 'agent-1', branchName: 'feature/x' });
    ok(storeMilestoneRoute, milestone);
    assert.ok(Number.isSafeInteger(milestone.contentHash));
    ok(storeMilestoneRoute, await synapse.store('agree', { thisContribution: 'On main', agentId: 'agent-1' }));
    for (const query of [{}, { view: 'branch' as const, branch: 'feature/x' }, { view: 'milestone' as const, milestoneId: milestone.milestoneId }, { view: 'log' as const }]) {
      ok(recallRoute, await synapse.recall('agree', query));
    }
    ok(appendLogRoute, await synapse.log('agree', { agentId: 'agent-1', phase: 'thought', content: 'Schemas first' }));
    ok(recallRoute, await synapse.recall('agree', { view: 'log' }));
    for (const segment of ['roadmap', 'branches', 'stats', 'agents'] as const) ok(recallRoute, await synapse.recall('agree', { view: 'metadata', segment }));

    ok(branchRoutes.createBranchRoute, await synapse.branches.create('agree', { branchName: 'spike', purpose: 'Try', agentId: 'agent-1' }));
    conforms(branchRoutes.listBranchesRoute.response[200], { branches: await synapse.branches.list('agree') }, 'listBranches');
    ok(branchRoutes.getBranchRoute, await synapse.branches.get('agree', 'main'));
    ok(branchRoutes.abandonBranchRoute, await synapse.branches.abandon('agree', 'spike', 'Not needed'));
    ok(branchRoutes.mergeRoute, await synapse.merge('agree', { sourceBranch: 'feature/x', mergeSummary: 'Contract test', agentId: 'agent-1' }));

    ok(searchRoutes.searchRoute, await synapse.search({ query: 'contract test' }));
    ok(searchRoutes.projectSearchRoute, await synapse.search({ query: 'contract test', projectId: 'agree' }));
    ok(searchRoutes.intelligenceRoute, await synapse.intelligence.query({ question: 'What happened?', timeRange: 'all' }));
    ok(searchRoutes.intelligenceModelsRoute, await synapse.intelligence.models());

    const { upsertContributorRoute, getContributorRoute, contributorActivityRoute, recordSessionRoute, sessionSummaryRoute } = contributorRoutes;
    ok(upsertContributorRoute, await synapse.contributors.upsert({ contributorId: 'ada', displayName: 'Ada', agentIds: ['agent-1'] }));
    conforms(contributorRoutes.listContributorsRoute.response[200], { contributors: await synapse.contributors.list() }, 'listContributors');
    ok(getContributorRoute, await synapse.contributors.get('ada'));
    ok(contributorActivityRoute, await synapse.contributors.activity('ada'));
    const session = { sessionId: 's1', agentId: 'agent-1', milestonesRecalled: 2, toolCallsTotal: 9, sessionDurationSecs: 60, startedAt: '2026-02-10T10:00:00Z', endedAt: '2026-02-10T10:01:00Z' };
    ok(recordSessionRoute, await synapse.metrics.record('agree', { ...session, agentType: 'claude-code', compactionCount: 1, toolCallsRead: 3 }));
    ok(sessionSummaryRoute, await synapse.metrics.summary('agree'));
  });

  test('the compiled SDK imports no server module at run time', () => {
    const dir = new URL('../../src/sdk/', import.meta.url);
    const imports = readdirSync(dir)
      .filter((name) => name.endsWith('.js'))
      .flatMap((name) => [...readFileSync(new URL(name, dir), 'utf8').matchAll(/\bfrom\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => `${name}: ${m[1] ?? m[2]}`));
    assert.ok(imports.length > 10, 'the SDK has imports to inspect');
    assert.deepEqual(imports.filter((line) => /: \.\.\//.test(line) || /typebox/.test(line)), [], 'only ./ modules and runtime packages');
  });
});
