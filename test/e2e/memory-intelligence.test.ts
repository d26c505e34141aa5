// Intelligence queries through HTTP with an injectable clock: time-window edges, project and
// contributor filters, context limits, grounding (citations exist, excerpts are substrings,
// sources inside the window), the deterministic extractive answer, SSE, and the LLM path. The
// answer kinds (specific, digest, no_match) on both backends: memory-intelligence-kinds.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.js';
import { call, parseSse, storeBody } from '../helpers/memory-client.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-02-10T12:00:00.000Z');
let clock = T0;

let upstream: FakeUpstream;
let gw: TestGateway;
const byText = new Map<string, any>();

const MILESTONES: Array<[number, string, string, string, string]> = [
  // [time, project, branch, agent, text]
  [T0 - 8 * DAY, 'web', 'main', 'alice-bot', 'Old work on the legacy parser'],
  [T0 - 7 * DAY - 1, 'web', 'main', 'bob-bot', 'Edge case stored just over seven days ago'],
  [T0 - 7 * DAY, 'web', 'main', 'bob-bot', 'Edge case stored exactly seven days ago'],
  [T0 - 2 * DAY, 'web', 'checkout', 'alice-bot', 'Built the checkout page with address validation'],
  [T0 - DAY, 'api', 'main', 'bob-bot', 'Added pagination to the orders endpoint'],
  [T0 - 2 * HOUR, 'api', 'main', 'alice-bot', 'Fixed a crash in the webhook handler when the payload is empty'],
];

async function ask(body: Record<string, unknown>, target = gw) {
  const response = await call(target, '/intelligence/query', { body });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body;
}

/** Every source is a real milestone inside the window, its excerpt text from it; every citation names a source. */
function assertGrounded(result: any, since: number | null) {
  for (const source of result.sources) {
    const milestone = [...byText.values()].find((m) => m.milestoneId === source.milestoneId);
    assert.ok(milestone, `source ${source.milestoneId} is a stored milestone`);
    assert.equal(source.projectId, milestone.projectId);
    assert.equal(source.branchName, milestone.branchName);
    assert.equal(source.createdAt, milestone.createdAt);
    assert.ok(milestone.thisContribution.includes(source.excerpt), `excerpt "${source.excerpt}" is from the milestone`);
    if (since !== null) assert.ok(Date.parse(source.createdAt) >= since, `${source.createdAt} is inside the window`);
    assert.ok(Date.parse(source.createdAt) <= clock);
  }
  const cited = [...result.answer.matchAll(/\[(\d+)\]/g)].map((m: RegExpMatchArray) => Number(m[1]));
  if (result.sources.length > 0) assert.ok(cited.length > 0, 'the answer cites its sources');
  for (const n of cited) assert.ok(n >= 1 && n <= result.sources.length, `citation [${n}] names a source`);
}

const contributions = (result: any) => result.sources.map((s: any) => [...byText.values()].find((m) => m.milestoneId === s.milestoneId).thisContribution);

before(async () => {
  upstream = await startFakeUpstream();
  gw = await startTestGateway({ upstream, now: () => clock });
  for (const projectId of ['web', 'api']) await call(gw, '/projects', { body: { projectId, name: projectId } });
  for (const [time, projectId, branchName, agentId, text] of MILESTONES) {
    clock = time;
    const stored = await call(gw, `/projects/${projectId}/store`, { body: storeBody(text, { branchName, agentId }) });
    assert.equal(stored.status, 200);
    byText.set(text, stored.body);
  }
  clock = T0;
  await call(gw, '/contributors', { body: { contributorId: 'alice', displayName: 'Alice Liddell', agentIds: ['alice-bot'] } });
  await call(gw, '/contributors', { body: { contributorId: 'bob', displayName: 'Bob', agentIds: ['bob-bot'] } });
});
after(async () => {
  await gw?.close();
  await upstream?.close();
});

describe('intelligence: extractive answers', () => {
  test('7d includes a milestone exactly 7 days old and excludes one a millisecond older', async () => {
    const result = await ask({ question: 'What did the team work on this week?', timeRange: '7d' });
    const texts = contributions(result);
    assert.ok(texts.includes('Edge case stored exactly seven days ago'));
    assert.ok(!texts.includes('Edge case stored just over seven days ago'));
    assert.ok(!texts.includes('Old work on the legacy parser'));
    assert.equal(result.sources.length, 4);
    assert.equal(result.question, 'What did the team work on this week?');
    assert.deepEqual([...result.projectsSearched].sort(), ['api', 'web']);
    assert.equal(result.answeredBy, 'extractive');
    assert.equal(result.timeRange.since, new Date(T0 - 7 * DAY).toISOString());
    assertGrounded(result, T0 - 7 * DAY);
  });

  test('the extractive answer is deterministic, grouped by project and branch, in plain sentences', async () => {
    const first = await ask({ question: 'What happened?', timeRange: '7d' });
    const second = await ask({ question: 'What happened?', timeRange: '7d' });
    assert.deepEqual(second, first);
    assert.equal(
      first.answer,
      [
        '4 milestones were recorded in the last 7 days across 2 projects.',
        'In api on branch main (2 milestones, 2026-02-09 to 2026-02-10): Added pagination to the orders endpoint [1]. Fixed a crash in the webhook handler when the payload is empty [2].',
        'In web on branch checkout (1 milestone, 2026-02-08): Built the checkout page with address validation [3].',
        'In web on branch main (1 milestone, 2026-02-03): Edge case stored exactly seven days ago [4].',
      ].join('\n'),
    );
  });

  test('hour, day and week ranges, and all', async () => {
    const q = 'What happened?';
    assert.deepEqual(contributions(await ask({ question: q, timeRange: '3h' })), ['Fixed a crash in the webhook handler when the payload is empty']);
    assert.equal((await ask({ question: q, timeRange: '1d' })).sources.length, 2, 'both ends inclusive');
    const week = await ask({ question: q, timeRange: '1w' });
    assert.deepEqual(week.sources, (await ask({ question: q, timeRange: '7d' })).sources);
    assert.match(week.answer, /in the last week/);
    const all = await ask({ question: q, timeRange: 'all' });
    assert.equal(all.sources.length, MILESTONES.length);
    assert.equal(all.timeRange.since, null);
    assertGrounded(all, null);
    const defaulted = await ask({ question: q });
    assert.equal(defaulted.timeRange.since, new Date(T0 - 30 * DAY).toISOString(), 'timeRange defaults to 30d');
  });

  test('an empty window answers plainly with no sources', async () => {
    clock = T0 + 365 * DAY;
    try {
      const result = await ask({ question: 'What did the team work on this week?', timeRange: '7d' });
      assert.deepEqual(result.sources, []);
      assert.match(result.answer, /^No recorded activity/);
      assert.match(result.answer, /in the last 7 days/);
    } finally {
      clock = T0;
    }
  });

  test('projectIds, contributorFilter (id, display name, agent id) and contextLimit', async () => {
    const q = 'What happened?';
    const api = await ask({ question: q, projectIds: ['api'], timeRange: 'all' });
    assert.deepEqual(api.projectsSearched, ['api']);
    assert.ok(api.sources.every((s: any) => s.projectId === 'api'));
    assert.equal(api.sources.length, 2);
    const byName = await ask({ question: q, contributorFilter: 'alice liddell', timeRange: 'all' });
    assert.deepEqual(new Set(contributions(byName)), new Set(MILESTONES.filter((m) => m[3] === 'alice-bot').map((m) => m[4])));
    const byId = await ask({ question: q, contributorFilter: 'bob', timeRange: '7d' });
    assert.deepEqual(new Set(contributions(byId)), new Set(['Edge case stored exactly seven days ago', 'Added pagination to the orders endpoint']));
    const byAgent = await ask({ question: q, contributorFilter: 'bob-bot', timeRange: '2d' });
    assert.deepEqual(contributions(byAgent), ['Added pagination to the orders endpoint']);
    const nobody = await ask({ question: q, contributorFilter: 'zed', timeRange: 'all' });
    assert.deepEqual(nobody.sources, []);
    assert.match(nobody.answer, /No recorded activity for zed/);
    const limited = await ask({ question: q, contextLimit: 2, timeRange: 'all' });
    assert.deepEqual(contributions(limited).sort(), ['Added pagination to the orders endpoint', 'Fixed a crash in the webhook handler when the payload is empty'], 'the most recent');
    assert.match(limited.answer, /^6 milestones were recorded so far; the 2 most recent, across 1 project:/);
    assertGrounded(limited, null);
    const unknownProject = await ask({ question: q, projectIds: ['ghost'] });
    assert.deepEqual(unknownProject.projectsSearched, []);
    assert.deepEqual(unknownProject.sources, []);
  });

  test('long contributions are excerpted verbatim at a word boundary', async () => {
    const long = `Refactored the billing engine. ${'Moved invoice rendering into its own module and covered it with tests. '.repeat(10)}`;
    await call(gw, '/projects', { body: { projectId: 'long', name: 'long' } });
    const stored = await call(gw, '/projects/long/store', { body: storeBody(long) });
    byText.set(long, stored.body);
    const result = await ask({ question: 'billing', projectIds: ['long'], timeRange: '1d' });
    assert.equal(result.sources.length, 1);
    assert.ok(result.sources[0].excerpt.length <= 280);
    assert.ok(long.startsWith(result.sources[0].excerpt));
    assertGrounded(result, T0 - DAY);
  });

  test('the stream carries the same result as SSE', async () => {
    const body = { question: 'What did the team work on this week?', timeRange: '7d' };
    const json = await ask(body);
    const response = await gw.request('/api/v1/memory/intelligence/query/stream', { body });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    const events = parseSse(await response.text());
    assert.equal(events[0]!.event, 'sources');
    assert.deepEqual(JSON.parse(events[0]!.data).sources, json.sources);
    const deltas = events.filter((e) => e.event === 'answer').map((e) => JSON.parse(e.data).delta).join('');
    assert.equal(deltas, json.answer);
    const done = events.find((e) => e.event === 'done');
    assert.deepEqual(JSON.parse(done!.data), json);
    assert.equal(events[events.length - 1]!.data, '[DONE]');
    const invalid = await gw.request('/api/v1/memory/intelligence/query/stream', { body: { question: '' } });
    assert.equal(invalid.status, 400);
    assert.equal(((await invalid.json()) as any).error.type, 'validation_error');
  });

  test('without a configured LLM the only model is the extractive one', async () => {
    const models = await call(gw, '/intelligence/models');
    assert.equal(models.status, 200);
    assert.deepEqual(models.body.models.map((m: any) => [m.id, m.kind, m.default]), [['extractive', 'extractive', true]]);
  });
});

describe('intelligence: with an LLM', () => {
  let llm: TestGateway;
  before(async () => {
    llm = await startTestGateway({ upstream, now: () => clock, env: { SYNAPSE_INTELLIGENCE_MODEL: 'gpt-4o' } });
    await call(llm, '/projects', { body: { projectId: 'web', name: 'web' } });
    for (const [time, , branchName, agentId, text] of MILESTONES) {
      clock = time;
      const stored = await call(llm, '/projects/web/store', { body: storeBody(text, { branchName, agentId }) });
      byText.set(`llm:${text}`, stored.body);
    }
    clock = T0;
  });
  after(async () => {
    await llm?.close();
  });

  test('the models: the configured LLM by default, the extractive mode as its fallback', async () => {
    const models = await call(llm, '/intelligence/models');
    assert.equal(models.status, 200);
    assert.deepEqual(models.body.models.map((m: any) => [m.id, m.kind, m.default]), [['gpt-4o', 'llm', true], ['extractive', 'extractive', false]]);
  });

  test('the model writes the answer from numbered sources and cites them; a repeat is served from the cache', async () => {
    const calls = upstream.callCount('gpt-4o');
    const result = await ask({ question: 'What changed in checkout?', timeRange: '7d' }, llm);
    assert.equal(result.answeredBy, 'llm');
    assert.equal(result.answerKind, 'specific');
    // The fake upstream echoes the prompt; only its lines citing a source are kept.
    assert.match(result.answer, /^\[1\] web\/checkout, \S+: Built the checkout page with address validation$/);
    assertGrounded(result, T0 - 7 * DAY);
    assert.equal(upstream.callCount('gpt-4o'), calls + 1);
    const again = await ask({ question: 'What changed in checkout?', timeRange: '7d' }, llm);
    assert.deepEqual(again, result);
    assert.equal(upstream.callCount('gpt-4o'), calls + 1, 'the second answer came from the gateway cache');
  });

  test('an answer citing a source that does not exist falls back to the extractive answer', async () => {
    const calls = upstream.callCount('gpt-4o');
    const result = await ask({ question: 'Checkout [99]', timeRange: '7d' }, llm);
    assert.equal(upstream.callCount('gpt-4o'), calls + 1, 'the model was asked');
    assert.equal(result.answeredBy, 'extractive');
    assert.equal(result.answerKind, 'specific');
    assert.match(result.answer, /^Built the checkout page with address validation \[1\]\./);
    assertGrounded(result, T0 - 7 * DAY);
  });

  test('an empty window never calls the model', async () => {
    const calls = upstream.callCount('gpt-4o');
    const result = await ask({ question: 'Anything?', timeRange: '1h' }, llm);
    assert.deepEqual(result.sources, []);
    assert.match(result.answer, /^No recorded activity/);
    assert.equal(upstream.callCount('gpt-4o'), calls);
  });

  test('a failing model falls back to the extractive answer', async () => {
    const failing = await startTestGateway({ upstream, now: () => clock, env: { SYNAPSE_INTELLIGENCE_MODEL: 'fake-500', SYNAPSE_UPSTREAM_MAX_RETRIES: '0' } });
    try {
      await call(failing, '/projects', { body: { projectId: 'p', name: 'p' } });
      await call(failing, '/projects/p/store', { body: storeBody('Shipped the release notes') });
      const result = await ask({ question: 'What shipped?', timeRange: '1d' }, failing);
      assert.equal(result.answeredBy, 'extractive');
      assert.equal(result.sources.length, 1);
      assert.match(result.answer, /Shipped the release notes \[1\]\./);
    } finally {
      await failing.close();
    }
  });
});
