// Every id the API accepts at its SPEC limit can be read back on every route that names it in its
// path (projects, branches, contributors, tenants, agent sessions, keys, cache entries, models),
// whatever its characters: ASCII, accents, CJK, emoji (two UTF-16 units each), and the characters
// URLs reserve. A path segment longer than any id is 414, one longer than its id's limit is 400
// naming the parameter, and an id no URL can name (`.`, `..`) is refused when it is created.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call, storeBody } from '../helpers/memory-client.js';
import { ask, uniq } from '../helpers/proxy-test-kit.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

type Json = Record<string, any>;

/** `count` characters (code points) of an alphabet, starting with a tag that keeps ids apart. */
function idOf(tag: string, alphabet: string, count: number): string {
  const chars = [...alphabet];
  const id = [...tag];
  while (id.length < count) id.push(chars[id.length % chars.length]!);
  return id.slice(0, count).join('');
}

const ALPHABETS: Array<[string, string]> = [
  ['ASCII', 'abcdefghij0123456789'],
  ['accented', 'éàüñçøå'],
  ['CJK', '漢字仮名한국어'],
  ['emoji', '😀🚀🧠🌍'],
  ['URL-reserved', "/?#%&+=:;@ ,$!'()*[]\\"],
];

const e = encodeURIComponent;

let gw: TestGateway;
before(async () => {
  gw = await startTestGateway();
});
after(() => gw.close());

async function ok(path: string, init: { method?: string; body?: unknown } = {}, expected = [200, 201]): Promise<Json> {
  const response = await call(gw, path, init);
  assert.ok(expected.includes(response.status), `${init.method ?? (init.body ? 'POST' : 'GET')} ${path.slice(0, 120)}: ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
  return response.body as Json;
}

describe('ids at their SPEC limit are reachable on every route', () => {
  for (const [label, alphabet] of ALPHABETS) {
    test(`${label}: a 128-character project, 256-character branch and 128-character contributor`, async () => {
      const projectId = idOf(`p-${label}-`, alphabet, 128);
      const branchName = idOf(`b-${label}-`, alphabet, 256);
      const contributorId = idOf(`c-${label}-`, alphabet, 128);
      const project = `/projects/${e(projectId)}`;
      const branch = `${project}/branches/${e(branchName)}`;

      assert.equal((await ok('/projects', { body: { projectId, name: 'limits' } })).projectId, projectId);
      assert.equal((await ok(project)).projectId, projectId);
      await ok(`${project}/roadmap`, { method: 'PUT', body: { roadmap: 'long ids' } });
      assert.equal((await ok(`${project}/branches`, { body: { branchName, purpose: 'long names' } })).branchName, branchName);
      assert.equal((await ok(branch)).branchName, branchName);
      const stored = await ok(`${project}/store`, { body: storeBody('stored under a long branch', { branchName }) });
      assert.equal(stored.branchName, branchName);
      await ok(`${project}/log`, { body: { branchName, agentId: 'agent', phase: 'thought', content: 'noted' } });
      const recalled = await ok(`${project}/recall?view=branch&branch=${e(branchName)}`);
      assert.equal(recalled.milestones[0].milestoneId, stored.milestoneId);
      assert.equal((await ok(`${project}/recall?view=milestone&milestoneId=${e(stored.milestoneId)}`)).milestones[0].projectId, projectId);
      assert.ok((await ok(`${project}/branches`)).branches.some((b: Json) => b.branchName === branchName));
      await ok(`${project}/search`, { body: { query: 'stored' } });
      await ok(`${project}/metrics`, {
        body: { sessionId: idOf('s', alphabet, 128), agentId: 'agent', milestonesRecalled: 1, toolCallsTotal: 1, sessionDurationSecs: 1, startedAt: '2026-01-01T00:00:00Z', endedAt: '2026-01-01T00:01:00Z' },
      });
      await ok(`${project}/metrics/summary`);
      assert.equal((await ok(`${branch}/abandon`, { body: { reason: 'done' } })).status, 'abandoned');

      assert.equal((await ok('/contributors', { body: { contributorId, displayName: 'long', agentIds: ['agent'] } })).contributorId, contributorId);
      assert.equal((await ok(`/contributors/${e(contributorId)}`)).contributorId, contributorId);
      assert.equal((await ok(`/contributors/${e(contributorId)}/activity`)).contributor.contributorId, contributorId);
      await ok(`/contributors/${e(contributorId)}`, { method: 'DELETE' });
      await ok(project, { method: 'DELETE' });
      assert.equal((await call(gw, project)).status, 404);
    });
  }

  test('a 128-character tenant id on the threshold and rate-limit routes, and its keys', async () => {
    const tenantId = idOf('tenant-', 'abcdefghijklmnopqrstuvwxyz0123456789._-', 128);
    const key = await gw.createKey({ role: 'admin', tenant_id: tenantId, name: 'long tenant' });
    await ok(`/api/v1/thresholds/tenants/${e(tenantId)}`, { method: 'PUT', body: { cacheHitThreshold: 0.97 } });
    assert.equal((await ok(`/api/v1/thresholds/tenants/${e(tenantId)}`)).cacheHitThreshold, 0.97);
    await ok(`/api/v1/rate-limits/tenants/${e(tenantId)}`, { method: 'PUT', body: { tier: 'pro' } });
    assert.equal((await ok(`/api/v1/rate-limits/tenants/${e(tenantId)}`)).tier, 'pro');
    assert.ok((await ok(`/api/v1/keys?tenant_id=${e(tenantId)}`)).keys.some((k: Json) => k.id === key.id));
    await ok(`/api/v1/keys/${e(key.id)}`, { method: 'DELETE' });
  });

  for (const [label, sessionId] of [
    ['256 ASCII characters', idOf('session-', 'abcdefghijklmnopqrstuvwxyz', 256)],
    ['256 CJK characters', idOf('s', '漢字仮名', 256)],
    ['128 emoji (256 UTF-16 units)', idOf('s', '😀🚀', 128)],
  ] as const) {
    test(`an agent session id of ${label}`, async () => {
      const response = await gw.request('/v1/chat/completions', { body: ask(uniq('session'), { session_id: sessionId }) });
      assert.equal(response.status, 200, await response.text());
      const session = await ok(`/api/v1/agent-sessions/${e(sessionId)}`);
      assert.equal(session.sessionId, sessionId);
      assert.equal(session.requests, 1);
    });
  }

  test('a cache entry id and a 256-character model id', async () => {
    const body = ask(uniq('an entry to delete'));
    assert.equal((await gw.request('/v1/chat/completions', { body })).status, 200);
    let entryId: string | null = null;
    for (let attempt = 0; attempt < 50 && entryId === null; attempt++) {
      entryId = ((await ok('/api/v1/cache/preview', { body: { model: body.model, messages: body.messages } })) as Json).entryId;
      if (entryId === null) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.ok(entryId, 'the answer was cached');
    await ok(`/api/v1/cache/${e(entryId)}`, { method: 'DELETE' });
    // No upstream lists such a model: the gateway's 404 for it, not the router's 414.
    const modelId = idOf('model-', '😀abc', 256);
    const model = await gw.request(`/v1/models/${e(modelId)}`);
    const error = ((await model.json()) as Json).error;
    assert.equal(model.status, 404, JSON.stringify(error));
    assert.equal(error.message, `not found: model '${modelId}' does not exist`);
  });
});

describe('ids beyond their limit', () => {
  test('a segment longer than its id may be is 400 validation_error naming the parameter', async () => {
    const cases: Array<[string, string]> = [
      [`/projects/${'p'.repeat(129)}`, 'projectId'],
      [`/projects/x/branches/${e('漢'.repeat(257))}`, 'branchName'],
      [`/contributors/${'c'.repeat(129)}`, 'contributorId'],
      [`/api/v1/thresholds/tenants/${'t'.repeat(129)}`, 'tenantId'],
      [`/api/v1/keys/${'k'.repeat(129)}`, 'id'],
      [`/api/v1/cache/${'c'.repeat(129)}`, 'entryId'],
    ];
    for (const [path, parameter] of cases) {
      const method = path.startsWith('/api/v1/keys') || path.startsWith('/api/v1/cache') ? 'DELETE' : 'GET';
      const response = await call(gw, path, { method });
      assert.equal(response.status, 400, `${path.slice(0, 60)}: ${JSON.stringify(response.body)}`);
      assert.equal(response.body.error.type, 'validation_error');
      assert.match(response.body.error.message, new RegExp(`^${parameter} `));
      assert.ok(response.headers.get('x-request-id'));
    }
  });

  test('a segment longer than any id is 414 uri_too_long in the SPEC shape', async () => {
    const long = 'x'.repeat(600);
    for (const path of [`/api/v1/memory/projects/${long}`, `/api/v1/agent-sessions/${e('😀'.repeat(300))}`, `/v1/models/${long}`]) {
      const response = await gw.request(path);
      const body = (await response.json()) as Json;
      assert.equal(response.status, 414);
      assert.deepEqual(body, { error: { message: body.error.message, type: 'invalid_request_error', code: 'uri_too_long' } });
      assert.ok(response.headers.get('x-request-id'));
    }
  });

  test("'.' and '..' are refused as project, branch and contributor ids: no URL could name them", async () => {
    await ok('/projects', { body: { projectId: 'dots', name: 'dots' } });
    for (const id of ['.', '..']) {
      const attempts: Array<[string, Json, string]> = [
        ['/projects', { projectId: id, name: 'x' }, 'projectId'],
        ['/projects/dots/branches', { branchName: id }, 'branchName'],
        ['/projects/dots/store', storeBody('x', { branchName: id }), 'branchName'],
        ['/contributors', { contributorId: id, displayName: 'x', agentIds: [] }, 'contributorId'],
      ];
      for (const [path, body, field] of attempts) {
        const response = await call(gw, path, { body });
        assert.equal(response.status, 400, `${path} ${JSON.stringify(body)}: ${JSON.stringify(response.body)}`);
        assert.match(response.body.error.message, new RegExp(`^${field} may not be '\\.' or '\\.\\.'`));
      }
    }
    assert.equal((await ok('/projects/dots/branches')).branches.length, 1, 'only main');
  });
});
