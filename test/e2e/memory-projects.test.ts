// The memory API through HTTP, part 1: projects (create, list, get, roadmap, delete with
// everything), store and dedup, and recall in every view with pagination.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { call, storeBody } from '../helpers/memory-client.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

let gw: TestGateway;
let userKey: string;
let readonlyKey: string;

before(async () => {
  gw = await startTestGateway();
  userKey = (await gw.createKey({ role: 'user', name: 'agent' })).key;
  readonlyKey = (await gw.createKey({ role: 'readonly', name: 'viewer' })).key;
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

describe('projects', () => {
  test('create returns the Project shape with a main branch; a duplicate id is 409', async () => {
    const project = await createProject('p-create');
    assert.equal(project.projectId, 'p-create');
    assert.equal(project.tenantId, 'default');
    assert.equal(project.name, 'Project p-create');
    assert.equal(project.roadmap, 'Ship it');
    assert.equal(project.milestoneCount, 0);
    assert.deepEqual(project.activeBranches, ['main']);
    assert.match(project.createdAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    const main = await call(gw, '/projects/p-create/branches/main', as(userKey));
    assert.equal(main.body.agentId, 'system', "WorldFlow's main branch record");
    assert.equal(main.body.purpose, 'Primary development branch');
    assert.equal(main.body.parentBranch, null);
    const duplicate = await call(gw, '/projects', { body: { projectId: 'p-create', name: 'again' }, ...as(userKey) });
    assert.equal(duplicate.status, 409);
    assert.equal(duplicate.body.error.type, 'conflict');
    assert.equal(duplicate.body.error.code, 'project_exists');
  });

  test('list, get, roadmap update, and 404 for an unknown project', async () => {
    await createProject('p-list');
    const list = await call(gw, '/projects', as(readonlyKey));
    assert.ok(list.body.projects.some((p: any) => p.projectId === 'p-list'));
    assert.equal((await call(gw, '/projects/p-list', as(readonlyKey))).body.name, 'Project p-list');
    const updated = await call(gw, '/projects/p-list/roadmap', { method: 'PUT', body: { roadmap: 'New plan' }, ...as(userKey) });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.roadmap, 'New plan');
    for (const path of ['/projects/nope', '/projects/nope/recall', '/projects/nope/branches']) {
      const missing = await call(gw, path, as(userKey));
      assert.equal(missing.status, 404, path);
      assert.equal(missing.body.error.type, 'not_found');
    }
    assert.equal((await call(gw, '/projects/nope/roadmap', { method: 'PUT', body: { roadmap: 'x' }, ...as(userKey) })).status, 404);
    assert.equal((await store('nope', 'x')).status, 404);
  });

  test('delete removes the project and everything under it', async () => {
    await createProject('p-delete');
    await store('p-delete', 'Wrote the zanzibar importer');
    await store('p-delete', 'Side work on the zanzibar importer', { branchName: 'side' });
    await call(gw, '/projects/p-delete/log', { body: { agentId: 'a', phase: 'action', content: 'zanzibar' }, ...as(userKey) });
    const before = await call(gw, '/search', { body: { query: 'zanzibar importer' }, ...as(userKey) });
    assert.equal(before.body.count, 2);
    const deleted = await call(gw, '/projects/p-delete', { method: 'DELETE', ...as(userKey) });
    assert.equal(deleted.status, 200);
    assert.equal(deleted.body.milestonesDeleted, 2);
    assert.equal((await call(gw, '/projects/p-delete', as(userKey))).status, 404);
    assert.equal((await call(gw, '/search', { body: { query: 'zanzibar importer' }, ...as(userKey) })).body.count, 0);
    assert.equal((await call(gw, '/projects/p-delete', { method: 'DELETE', ...as(userKey) })).status, 404);
    await createProject('p-delete'); // the id is free again, with nothing left over
    const recall = await call(gw, '/projects/p-delete/recall?view=branch&branch=main', as(userKey));
    assert.equal(recall.body.milestones, undefined);
    assert.equal((await call(gw, '/projects/p-delete/branches/side', as(userKey))).status, 404);
  });
});

describe('store (COMMIT)', () => {
  test('returns the Milestone shape; sequence numbers count from 1 per branch', async () => {
    await createProject('p-store');
    const first = await store('p-store', 'Implemented rate limiting middleware');
    assert.equal(first.status, 200);
    const m = first.body;
    assert.match(m.milestoneId, /^ms-/);
    assert.equal(m.projectId, 'p-store');
    assert.equal(m.branchName, 'main');
    assert.equal(m.sequenceNumber, 1);
    assert.equal(m.agentId, 'agent-1');
    assert.equal(m.agentType, 'custom');
    const expectedHash = createHash('sha256')
      .update(JSON.stringify(['Core feature implementation', 'Set up project structure', 'Implemented rate limiting middleware']))
      .digest('hex');
    assert.equal(m.contentHash, Number.parseInt(expectedHash.slice(0, 13), 16), 'the first 52 bits of the SHA-256, as an integer');
    assert.ok(Number.isSafeInteger(m.contentHash));
    assert.equal((await store('p-store', 'Second')).body.sequenceNumber, 2);
    const other = await store('p-store', 'On a feature', { branchName: 'feature-x' });
    assert.equal(other.body.sequenceNumber, 1, 'each branch counts on its own');
    const defaults = await call(gw, '/projects/p-store/store', { body: { thisContribution: 'Defaults', agentId: 'a' }, ...as(userKey) });
    assert.equal(defaults.body.branchName, 'main');
    assert.equal(defaults.body.agentType, 'custom');
    assert.equal(defaults.body.sequenceNumber, 3);
  });

  test('identical content on a branch returns the existing milestone and adds none', async () => {
    await createProject('p-dedup');
    const first = await store('p-dedup', 'Same text');
    const again = await store('p-dedup', 'Same text');
    assert.equal(again.status, 200);
    assert.equal(again.body.milestoneId, first.body.milestoneId);
    assert.equal(again.body.sequenceNumber, 1);
    assert.equal((await call(gw, '/projects/p-dedup', as(userKey))).body.milestoneCount, 1);
    const changedProgress = await store('p-dedup', 'Same text', { cumulativeProgress: 'More progress' });
    assert.equal(changedProgress.status, 200);
    assert.equal(changedProgress.body.sequenceNumber, 2, 'another cumulativeProgress is new content');
    assert.notEqual(changedProgress.body.contentHash, first.body.contentHash);
    const otherBranch = await store('p-dedup', 'Same text', { branchName: 'b2' });
    assert.equal(otherBranch.status, 200);
    assert.notEqual(otherBranch.body.milestoneId, first.body.milestoneId, 'dedup is per branch');
    assert.equal(otherBranch.body.contentHash, first.body.contentHash, 'the hash is of the content alone');
    const concurrent = await Promise.all(Array.from({ length: 20 }, () => store('p-dedup', 'Raced text')));
    assert.ok(concurrent.every((r) => r.status === 200));
    assert.equal(new Set(concurrent.map((r) => r.body.milestoneId)).size, 1);
    assert.equal((await call(gw, '/projects/p-dedup', as(userKey))).body.milestoneCount, 4, 'the raced text was stored once');
  });

  test('a store to a new branch creates it from main', async () => {
    await createProject('p-auto');
    await store('p-auto', 'x', { branchName: 'feature/login', branchPurpose: 'Login flow', agentId: 'agent-9' });
    const branch = await call(gw, `/projects/p-auto/branches/${encodeURIComponent('feature/login')}`, as(userKey));
    assert.equal(branch.status, 200);
    assert.equal(branch.body.parentBranch, 'main');
    assert.equal(branch.body.status, 'active');
    assert.equal(branch.body.purpose, 'Login flow');
  });
});

describe('recall (CONTEXT)', () => {
  before(async () => {
    await createProject('p-recall');
    for (let i = 1; i <= 12; i++) await store('p-recall', `Step ${i}`, { agentId: i % 2 ? 'odd-agent' : 'even-agent' });
    for (let i = 1; i <= 25; i++) {
      await call(gw, '/projects/p-recall/log', { body: { agentId: 'a', phase: 'observation', content: `Saw ${i}` }, ...as(userKey) });
    }
  });

  test('overview (the default) shows the project and its branches, no milestones', async () => {
    const recall = await call(gw, '/projects/p-recall/recall', as(readonlyKey));
    assert.equal(recall.status, 200);
    assert.equal(recall.body.view, 'overview');
    assert.equal(recall.body.project.milestoneCount, 12);
    assert.deepEqual(recall.body.branches.map((b: any) => b.branchName), ['main']);
    assert.equal(recall.body.milestones, undefined);
    assert.equal(recall.body.logEntries, undefined);
  });

  test('branch: newest first, default limit 10, limit and offset paginate', async () => {
    const page = await call(gw, '/projects/p-recall/recall?view=branch&branch=main', as(readonlyKey));
    assert.deepEqual(page.body.milestones.map((m: any) => m.sequenceNumber), [12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
    assert.equal(page.body.milestones[0].thisContribution, 'Step 12');
    const next = await call(gw, '/projects/p-recall/recall?view=branch&branch=main&limit=5&offset=10', as(readonlyKey));
    assert.deepEqual(next.body.milestones.map((m: any) => m.sequenceNumber), [2, 1]);
    const beyond = await call(gw, '/projects/p-recall/recall?view=branch&limit=5&offset=100', as(readonlyKey));
    assert.equal(beyond.body.milestones, undefined, 'empty fields are omitted');
    assert.equal((await call(gw, '/projects/p-recall/recall?view=branch&branch=nope', as(readonlyKey))).status, 404);
  });

  test('milestone: one by id; 404 for an unknown id; 400 without one', async () => {
    const [latest] = (await call(gw, '/projects/p-recall/recall?view=branch&limit=1', as(readonlyKey))).body.milestones;
    const one = await call(gw, `/projects/p-recall/recall?view=milestone&milestoneId=${latest.milestoneId}`, as(readonlyKey));
    assert.deepEqual(one.body.milestones, [latest]);
    const missing = await call(gw, '/projects/p-recall/recall?view=milestone&milestoneId=ms-nope', as(readonlyKey));
    assert.equal(missing.status, 404);
    const without = await call(gw, '/projects/p-recall/recall?view=milestone', as(readonlyKey));
    assert.equal(without.status, 400);
    assert.match(without.body.error.message, /milestoneId/);
  });

  test('log: newest first, default limit 20, with offset', async () => {
    const log = await call(gw, '/projects/p-recall/recall?view=log', as(readonlyKey));
    assert.equal(log.body.logEntries.length, 20);
    assert.equal(log.body.logEntries[0].sequenceNumber, 25);
    assert.equal(log.body.logEntries[0].content, 'Saw 25');
    const tail = await call(gw, '/projects/p-recall/recall?view=log&limit=10&offset=20', as(readonlyKey));
    assert.deepEqual(tail.body.logEntries.map((e: any) => e.sequenceNumber), [5, 4, 3, 2, 1]);
  });

  test('metadata: roadmap, branches, stats and agents segments', async () => {
    const meta = async (segment: string) => (await call(gw, `/projects/p-recall/recall?view=metadata&segment=${segment}`, as(readonlyKey))).body;
    assert.deepEqual((await meta('roadmap')).metadata, { segment: 'roadmap', roadmap: 'Ship it' });
    const branches = await meta('branches');
    assert.equal(branches.branches.length, 1);
    const stats = (await meta('stats')).metadata;
    assert.equal(stats.milestoneCount, 12);
    assert.equal(stats.logEntryCount, 25);
    assert.equal(stats.branchCounts.active, 1);
    const agents = (await meta('agents')).metadata.agents;
    assert.deepEqual(agents.map((a: any) => [a.agentId, a.milestoneCount]), [['even-agent', 6], ['odd-agent', 6]]);
    assert.equal((await call(gw, '/projects/p-recall/recall?view=metadata&segment=bogus', as(readonlyKey))).status, 400);
    assert.equal((await call(gw, '/projects/p-recall/recall?view=bogus', as(readonlyKey))).status, 400);
  });
});
