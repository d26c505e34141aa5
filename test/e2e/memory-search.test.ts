// Memory search through HTTP: words and meaning (paraphrases, misspellings), ties to the newer
// milestone, project and tenant scoping, limits, the index rebuilt after a restart, and
// lexical-only ranking when the embedder fails.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.js';
import { call, storeBody } from '../helpers/memory-client.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const TEXTS = [
  'Implemented user authentication with OAuth and JWT tokens',
  'Repaired the flaky upload issue in the file service',
  'Added a dark mode toggle to the settings page',
  'Implemented rate limiting middleware for the public API',
  'Wrote unit tests for the payment module',
  'Set up continuous integration on GitHub Actions',
];

let upstream: FakeUpstream;
let dataDir: string;
let gw: TestGateway;
let clock = Date.parse('2026-02-01T00:00:00Z');
const tick = () => (clock += 60_000);

const search = (path: string, body: unknown, auth?: string) => call(gw, path, { body, ...(auth ? { auth } : {}) });
const texts = (response: { body: any }) => response.body.milestones.map((m: any) => m.thisContribution);

before(async () => {
  upstream = await startFakeUpstream();
  dataDir = mkdtempSync(join(tmpdir(), 'synapse-memory-search-'));
  gw = await startTestGateway({ upstream, dataDir, now: () => clock });
  for (const projectId of ['alpha', 'beta']) await call(gw, '/projects', { body: { projectId, name: projectId } });
  for (const text of TEXTS) {
    tick();
    await call(gw, '/projects/alpha/store', { body: storeBody(text, { branchPurpose: '', cumulativeProgress: '' }) });
  }
  tick();
  await call(gw, '/projects/beta/store', { body: storeBody('Documented the deployment process', { branchPurpose: '', cumulativeProgress: '' }) });
});
after(async () => {
  await gw?.close();
  await upstream?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('memory search', () => {
  test('by words: the best match first, with the SPEC response shape', async () => {
    const found = await search('/projects/alpha/search', { query: 'rate limiting' });
    assert.equal(found.status, 200);
    assert.equal(found.body.query, 'rate limiting');
    assert.equal(found.body.count, found.body.milestones.length);
    assert.equal(texts(found)[0], 'Implemented rate limiting middleware for the public API');
    const m = found.body.milestones[0];
    for (const field of ['milestoneId', 'projectId', 'branchName', 'branchPurpose', 'cumulativeProgress', 'thisContribution', 'contentHash', 'sequenceNumber', 'agentId', 'agentType', 'createdAt']) {
      assert.ok(field in m, field);
    }
  });

  test('by meaning: a paraphrase with no shared word, and a misspelling, still find the milestone', async () => {
    assert.equal(texts(await search('/projects/alpha/search', { query: 'fix problem' }))[0], 'Repaired the flaky upload issue in the file service');
    assert.equal(texts(await search('/projects/alpha/search', { query: 'authentification' }))[0], 'Implemented user authentication with OAuth and JWT tokens');
  });

  test('ties go to the newer milestone', async () => {
    for (const projectId of ['tie-old', 'tie-new']) {
      await call(gw, '/projects', { body: { projectId, name: projectId } });
      tick();
      await call(gw, `/projects/${projectId}/store`, { body: storeBody('Migrated the kumquat service to gRPC') });
    }
    const found = await search('/search', { query: 'kumquat service', projectIds: ['tie-old', 'tie-new'] });
    assert.deepEqual(found.body.milestones.map((m: any) => m.projectId), ['tie-new', 'tie-old']);
    assert.equal(found.body.milestones[0].score, found.body.milestones[1].score);
  });

  test('scoping: a project search sees only its project; projectIds filters the global one; limit applies', async () => {
    const inBeta = await search('/projects/beta/search', { query: 'implemented authentication deployment' });
    assert.deepEqual(inBeta.body.milestones.map((m: any) => m.projectId), ['beta']);
    const global = await search('/search', { query: 'implemented deployment' });
    const projects = global.body.milestones.map((m: any) => m.projectId);
    assert.ok(projects.includes('alpha') && projects.includes('beta'), projects.join());
    const filtered = await search('/search', { query: 'implemented deployment', projectIds: ['beta'] });
    assert.deepEqual(filtered.body.milestones.map((m: any) => m.projectId), ['beta']);
    const two = await search('/search', { query: 'implemented deployment', projectIds: ['beta', 'alpha'] });
    assert.ok(two.body.milestones.every((m: any) => m.projectId === 'alpha' || m.projectId === 'beta'));
    const limited = await search('/search', { query: 'implemented', limit: 1 });
    assert.equal(limited.body.count, 1);
    assert.equal((await search('/projects/nope/search', { query: 'x' })).status, 404);
    assert.equal((await search('/search', { query: 'implemented', projectIds: ['nope'] })).body.count, 0);
  });

  test("a query naming an agent ranks that agent's milestones above the same words from others", async () => {
    await call(gw, '/projects', { body: { projectId: 'people', name: 'people' } });
    tick();
    await call(gw, '/projects/people/store', { body: storeBody('I am opening my dance studio on Friday', { agentId: 'jon' }) });
    tick();
    await call(gw, '/projects/people/store', { body: storeBody('Good luck opening the dance studio on Friday, Jon!', { agentId: 'gina' }) });
    const agents = async (query: string) => (await search('/projects/people/search', { query })).body.milestones.map((m: any) => m.agentId);
    assert.deepEqual(await agents('What did Gina say about opening the studio?'), ['gina', 'jon']);
    assert.deepEqual(await agents('What did Jon say about opening the studio?'), ['jon', 'gina']);
  });

  test('punctuation and FTS5 syntax in the query are just text', async () => {
    for (const query of ['!!!', '"', '***', 'NEAR(a b)', 'rate" OR "x', '(((', 'AND', '-', 'col:rate']) {
      const found = await search('/search', { query });
      assert.equal(found.status, 200, query);
    }
    assert.equal((await search('/search', { query: '?!.,;' })).body.count, 0);
  });

  test('another tenant finds nothing', async () => {
    const { key } = await gw.createKey({ role: 'readonly', name: 'stranger', tenant_id: 'stranger' });
    assert.equal((await search('/search', { query: 'authentication rate limiting payment' }, key)).body.count, 0);
    assert.equal((await search('/projects/alpha/search', { query: 'authentication' }, key)).status, 404);
  });

  test('after a restart the vector index is rebuilt from the store', async () => {
    await gw.close();
    gw = await startTestGateway({ upstream, dataDir, now: () => clock });
    assert.equal(texts(await search('/projects/alpha/search', { query: 'authentification' }))[0], 'Implemented user authentication with OAuth and JWT tokens');
    assert.equal(texts(await search('/projects/alpha/search', { query: 'fix problem' }))[0], 'Repaired the flaky upload issue in the file service');
  });
});

describe('memory search with a failing embedder', () => {
  test('stores still succeed and search degrades to words only', async () => {
    const broken = await startTestGateway({ upstream, env: { SYNAPSE_EMBEDDER: 'openai', SYNAPSE_EMBEDDING_MODEL: 'fake-500', SYNAPSE_UPSTREAM_MAX_RETRIES: '0' } });
    try {
      await call(broken, '/projects', { body: { projectId: 'p', name: 'p' } });
      const stored = await call(broken, '/projects/p/store', { body: storeBody('Implemented rate limiting middleware') });
      assert.equal(stored.status, 200);
      const found = await call(broken, '/projects/p/search', { body: { query: 'rate limiting' } });
      assert.equal(found.status, 200);
      assert.deepEqual(texts(found), ['Implemented rate limiting middleware']);
      assert.equal((await call(broken, '/projects/p/search', { body: { query: 'authentification' } })).body.count, 0);
    } finally {
      await broken.close();
    }
  });
});
