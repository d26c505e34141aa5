// Every SPEC field limit of the memory API: one past the limit (or the wrong type) is a 400
// validation_error naming the field and changes nothing; exactly at the limit is accepted.
// Through app.inject: the rules are the routes' schemas, no socket takes part.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call, storeBody } from '../helpers/memory-client.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

let gw: TestGateway;
const x = (n: number) => 'x'.repeat(n);

before(async () => {
  gw = await startTestGateway({ transport: 'inject' }); // validation only: no socket needed
  assert.equal((await call(gw, '/projects', { body: { projectId: 'v', name: 'Validation', roadmap: 'r' } })).status, 200);
  await call(gw, '/projects/v/store', { body: storeBody('seed milestone') });
  await call(gw, '/projects/v/branches', { body: { branchName: 'side' } });
  await call(gw, '/contributors', { body: { contributorId: 'c', displayName: 'C', agentIds: ['a'] } });
});
after(async () => {
  await gw?.close();
});

const session = {
  sessionId: 's', agentId: 'a', milestonesRecalled: 1, toolCallsTotal: 1, sessionDurationSecs: 1,
  startedAt: '2026-02-10T10:00:00Z', endedAt: '2026-02-10T11:00:00Z',
};

const promotion = { cacheKey: 'ce_x', reuseScore: 0.5, summary: 's', l2Collection: 'default' };

/** [method, path, body, field named in the message] */
const invalid: Array<[string, string, unknown, string]> = [
  ['POST', '/projects', { name: 'n' }, 'projectId'],
  ['POST', '/projects', { projectId: '', name: 'n' }, 'projectId'],
  ['POST', '/projects', { projectId: x(129), name: 'n' }, 'projectId'],
  ['POST', '/projects', { projectId: 7, name: 'n' }, 'projectId'],
  ['POST', '/projects', { projectId: 'p' }, 'name'],
  ['POST', '/projects', { projectId: 'p', name: '' }, 'name'],
  ['POST', '/projects', { projectId: 'p', name: x(257) }, 'name'],
  ['POST', '/projects', { projectId: 'p', name: 'n', roadmap: x(10_001) }, 'roadmap'],
  ['PUT', '/projects/v/roadmap', {}, 'roadmap'],
  ['PUT', '/projects/v/roadmap', { roadmap: x(10_001) }, 'roadmap'],
  ['POST', '/projects/v/store', storeBody('t', { branchName: '' }), 'branchName'],
  ['POST', '/projects/v/store', storeBody('t', { branchName: x(257) }), 'branchName'],
  ['POST', '/projects/v/store', storeBody('t', { branchPurpose: x(2_001) }), 'branchPurpose'],
  ['POST', '/projects/v/store', storeBody('t', { cumulativeProgress: x(50_001) }), 'cumulativeProgress'],
  ['POST', '/projects/v/store', storeBody(''), 'thisContribution'],
  ['POST', '/projects/v/store', storeBody(x(10_001)), 'thisContribution'],
  ['POST', '/projects/v/store', { agentId: 'a' }, 'thisContribution'],
  ['POST', '/projects/v/store', { ...storeBody('t'), thisContribution: ['t'] }, 'thisContribution'],
  ['POST', '/projects/v/store', { thisContribution: 't' }, 'agentId'],
  ['POST', '/projects/v/store', storeBody('t', { agentId: x(257) }), 'agentId'],
  ['POST', '/projects/v/store', storeBody('t', { agentType: x(65) }), 'agentType'],
  ['POST', '/projects/v/store', storeBody('t', { agentType: 3 }), 'agentType'],
  ['GET', '/projects/v/recall?view=everything', undefined, 'view'],
  ['GET', '/projects/v/recall?view=branch&limit=0', undefined, 'limit'],
  ['GET', '/projects/v/recall?view=branch&limit=201', undefined, 'limit'],
  ['GET', '/projects/v/recall?view=branch&limit=ten', undefined, 'limit'],
  ['GET', '/projects/v/recall?view=branch&offset=-1', undefined, 'offset'],
  ['GET', '/projects/v/recall?view=branch&branch=', undefined, 'branch'],
  ['GET', '/projects/v/recall?view=metadata&segment=secrets', undefined, 'segment'],
  ['POST', '/projects/v/log', { agentId: 'a', phase: 'dream', content: 'c' }, 'phase'],
  ['POST', '/projects/v/log', { agentId: 'a', phase: 'thought', content: '' }, 'content'],
  ['POST', '/projects/v/log', { agentId: 'a', phase: 'thought', content: x(50_001) }, 'content'],
  ['POST', '/projects/v/log', { phase: 'thought', content: 'c' }, 'agentId'],
  ['POST', '/projects/v/log', { agentId: 'a', phase: 'thought', content: 'c', branchName: x(257) }, 'branchName'],
  ['POST', '/projects/v/branches', {}, 'branchName'],
  ['POST', '/projects/v/branches', { branchName: x(257) }, 'branchName'],
  ['POST', '/projects/v/branches', { branchName: 'b', parentBranch: x(257) }, 'parentBranch'],
  ['POST', '/projects/v/branches', { branchName: 'b', purpose: x(2_001) }, 'purpose'],
  ['POST', '/projects/v/branches', { branchName: 'b', agentId: x(257) }, 'agentId'],
  ['POST', '/projects/v/branches/side/abandon', { reason: x(2_001) }, 'reason'],
  ['POST', '/projects/v/merge', {}, 'sourceBranch'],
  ['POST', '/projects/v/merge', { sourceBranch: x(257) }, 'sourceBranch'],
  ['POST', '/projects/v/merge', { sourceBranch: 'side', targetBranch: x(257) }, 'targetBranch'],
  ['POST', '/projects/v/merge', { sourceBranch: 'side', mergeSummary: x(50_001) }, 'mergeSummary'],
  ['POST', '/projects/v/search', {}, 'query'],
  ['POST', '/projects/v/search', { query: '' }, 'query'],
  ['POST', '/projects/v/search', { query: ' \t\n ' }, 'query'],
  ['POST', '/search', { query: '   ' }, 'query'],
  ['POST', '/projects/v/search', { query: x(501) }, 'query'],
  ['POST', '/projects/v/search', { query: 'q', limit: 0 }, 'limit'],
  ['POST', '/projects/v/search', { query: 'q', limit: 101 }, 'limit'],
  ['POST', '/search', { query: x(501) }, 'query'],
  ['POST', '/search', { query: 'q', limit: 201 }, 'limit'],
  ['POST', '/search', { query: 'q', limit: '5' }, 'limit'],
  ['POST', '/search', { query: 'q', projectIds: 'v' }, 'projectIds'],
  ['POST', '/search', { query: 'q', projectIds: [x(129)] }, 'projectIds[0]'],
  ['POST', '/intelligence/query', {}, 'question'],
  ['POST', '/intelligence/query', { question: '' }, 'question'],
  ['POST', '/intelligence/query', { question: '  \n' }, 'question'],
  ['POST', '/intelligence/query/stream', { question: ' ' }, 'question'],
  ['POST', '/intelligence/query', { question: x(2_001) }, 'question'],
  ['POST', '/intelligence/query', { question: 'q', timeRange: '3x' }, 'timeRange'],
  ['POST', '/intelligence/query', { question: 'q', timeRange: '0d' }, 'timeRange'],
  ['POST', '/intelligence/query', { question: 'q', timeRange: '7' }, 'timeRange'],
  ['POST', '/intelligence/query', { question: 'q', contextLimit: 0 }, 'contextLimit'],
  ['POST', '/intelligence/query', { question: 'q', contextLimit: 201 }, 'contextLimit'],
  ['POST', '/intelligence/query', { question: 'q', projectIds: [1] }, 'projectIds[0]'],
  ['POST', '/intelligence/query', { question: 'q', contributorFilter: x(257) }, 'contributorFilter'],
  ['POST', '/intelligence/query/stream', { question: x(2_001) }, 'question'],
  ['POST', '/contributors', { displayName: 'd', agentIds: [] }, 'contributorId'],
  ['POST', '/contributors', { contributorId: x(129), displayName: 'd', agentIds: [] }, 'contributorId'],
  ['POST', '/contributors', { contributorId: 'c2', agentIds: [] }, 'displayName'],
  ['POST', '/contributors', { contributorId: 'c2', displayName: x(257), agentIds: [] }, 'displayName'],
  ['POST', '/contributors', { contributorId: 'c2', displayName: 'd', agentIds: 'a' }, 'agentIds'],
  ['POST', '/contributors', { contributorId: 'c2', displayName: 'd', agentIds: [x(257)] }, 'agentIds[0]'],
  ['POST', '/contributors', { contributorId: 'c2', displayName: 'd', agentIds: [], role: x(257) }, 'role'],
  ['GET', '/contributors/c/activity?limit=0', undefined, 'limit'],
  ['GET', '/contributors/c/activity?limit=201', undefined, 'limit'],
  ['POST', '/projects/v/metrics', { ...session, sessionId: undefined }, 'sessionId'],
  ['POST', '/projects/v/metrics', { ...session, sessionId: x(129) }, 'sessionId'],
  ['POST', '/projects/v/metrics', { ...session, agentId: undefined }, 'agentId'],
  ['POST', '/projects/v/metrics', { ...session, milestonesRecalled: -1 }, 'milestonesRecalled'],
  ['POST', '/projects/v/metrics', { ...session, milestonesRecalled: 1.5 }, 'milestonesRecalled'],
  ['POST', '/projects/v/metrics', { ...session, milestonesRecalled: '3' }, 'milestonesRecalled'],
  ['POST', '/projects/v/metrics', { ...session, toolCallsTotal: -1 }, 'toolCallsTotal'],
  ['POST', '/projects/v/metrics', { ...session, sessionDurationSecs: -1 }, 'sessionDurationSecs'],
  ['POST', '/projects/v/metrics', { ...session, startedAt: 'yesterday' }, 'startedAt'],
  ['POST', '/projects/v/metrics', { ...session, startedAt: '2026-13-45T99:00:00Z' }, 'startedAt'],
  ['POST', '/projects/v/metrics', { ...session, endedAt: undefined }, 'endedAt'],
  ['POST', '/projects/v/metrics', { ...session, tokensUsed: -5 }, 'tokensUsed'],
  ['POST', '/projects/v/metrics', { ...session, compactionCount: -1 }, 'compactionCount'],
  ['POST', '/projects/v/metrics', { ...session, toolCallsRead: 'many' }, 'toolCallsRead'],
  ['POST', '/projects/v/metrics', { ...session, agentType: x(65) }, 'agentType'],
  ['POST', '/projects/v/metrics', { ...session, branchName: x(257) }, 'branchName'],
  ['POST', '/projects/v/promote', {}, 'cacheKey'],
  ['POST', '/projects/v/promote', { ...promotion, cacheKey: x(129) }, 'cacheKey'],
  ['POST', '/projects/v/promote', { ...promotion, reuseScore: 1.5 }, 'reuseScore'],
  ['POST', '/projects/v/promote', { ...promotion, reuseScore: undefined }, 'reuseScore'],
  ['POST', '/projects/v/promote', { ...promotion, summary: '' }, 'summary'],
  ['POST', '/projects/v/promote', { ...promotion, summary: x(10_001) }, 'summary'],
  ['POST', '/projects/v/promote', { ...promotion, l2Collection: undefined }, 'l2Collection'],
  ['POST', '/projects/v/promote', { ...promotion, summaryEmbedding: ['a'] }, 'summaryEmbedding[0]'],
  ['POST', '/projects/v/promote', { ...promotion, branchName: x(257) }, 'branchName'],
];

async function snapshot() {
  const project = (await call(gw, '/projects/v')).body;
  const branches = (await call(gw, '/projects/v/branches')).body.branches;
  const log = (await call(gw, '/projects/v/recall?view=log')).body.logEntries ?? [];
  const contributors = (await call(gw, '/contributors')).body.contributors;
  const projects = (await call(gw, '/projects')).body.projects.length;
  const sessions = (await call(gw, '/projects/v/metrics/summary')).body.totalSessions;
  return JSON.stringify({ project, branches, log, contributors, projects, sessions });
}

describe('memory field limits', () => {
  test('one past every limit is a validation_error naming the field, and nothing changes', async () => {
    const before = await snapshot();
    for (const [method, path, body, field] of invalid) {
      const response = await call(gw, path, { method, ...(body !== undefined ? { body } : {}) });
      const label = `${method} ${path} ${JSON.stringify(body)?.slice(0, 80)}`;
      assert.equal(response.status, 400, `${label}: ${JSON.stringify(response.body)}`);
      assert.equal(response.body.error.type, 'validation_error', label);
      assert.ok(
        response.body.error.message.startsWith(field) || response.body.error.message.includes(`${field} `),
        `${label}: "${response.body.error.message}" names ${field}`,
      );
    }
    assert.equal(await snapshot(), before);
  });

  test('exactly at every limit is accepted', async () => {
    const project = await call(gw, '/projects', { body: { projectId: x(128), name: x(256), roadmap: x(10_000) } });
    assert.equal(project.status, 200);
    const stored = await call(gw, '/projects/v/store', {
      body: storeBody(x(10_000), { branchName: x(256), branchPurpose: x(2_000), cumulativeProgress: x(50_000), agentId: x(256), agentType: x(64) }),
    });
    assert.equal(stored.status, 200, JSON.stringify(stored.body).slice(0, 200));
    assert.equal(stored.body.thisContribution.length, 10_000);
    const log = await call(gw, '/projects/v/log', { body: { agentId: 'a', phase: 'action', content: x(50_000) } });
    assert.equal(log.status, 200);
    assert.equal((await call(gw, '/projects/v/search', { body: { query: x(500), limit: 100 } })).status, 200);
    assert.equal((await call(gw, '/search', { body: { query: x(500), limit: 200, projectIds: [x(128)] } })).status, 200);
    const intel = await call(gw, '/intelligence/query', { body: { question: x(2_000), contextLimit: 200, timeRange: '999999w' } });
    assert.equal(intel.status, 200);
    for (const timeRange of ['1d', '7d', '14d', '30d', '90d', 'all', '12h', '3w', '45d']) {
      assert.equal((await call(gw, '/intelligence/query', { body: { question: 'q', timeRange } })).status, 200, timeRange);
    }
    assert.equal((await call(gw, '/contributors', { body: { contributorId: x(128), displayName: x(256), agentIds: [x(256)], role: x(256) } })).status, 200);
    const merged = await call(gw, '/projects/v/merge', { body: { sourceBranch: 'side', mergeSummary: x(50_000) } });
    assert.equal(merged.status, 200, JSON.stringify(merged.body).slice(0, 200));
  });

  test('malformed bodies get the SPEC error shape', async () => {
    const broken = await gw.request('/api/v1/memory/projects', { body: '{"projectId": ', headers: { 'content-type': 'application/json' } });
    assert.equal(broken.status, 400);
    assert.equal(((await broken.json()) as any).error.type, 'invalid_request_error');
    const array = await call(gw, '/projects', { body: [1, 2] });
    assert.equal(array.status, 400);
    assert.equal(array.body.error.type, 'validation_error');
    const text = await gw.request('/api/v1/memory/search', { body: 'query', headers: { 'content-type': 'text/plain' } });
    assert.equal(text.status, 415);
    const weird = await call(gw, `/projects/${encodeURIComponent('../../etc/passwd')}/recall`);
    assert.equal(weird.status, 404);
    const unicode = await call(gw, '/search', { body: { query: '\u0000\uD800 "*" NEAR( ) OR AND ^ :' } });
    assert.equal(unicode.status, 200);
  });
});
