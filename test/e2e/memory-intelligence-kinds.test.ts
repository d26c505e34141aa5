// The three kinds of intelligence answer through HTTP, on SQLite and on PostgreSQL: a specific
// question answered from the milestones that match it (best match first, its text leading, no
// unrelated sources), a question nothing in the window matches (said plainly, no sources, never
// sent to the LLM), and digests of the window, of an agent, a project or a contributor. With an
// LLM configured (the fake upstream echoes its prompt) only the relevant sources reach it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.js';
import { call, parseSse } from '../helpers/memory-client.js';
import { dropSchema, TEST_DATABASE_URL, uniqueSchemaName } from '../helpers/postgres-test-database.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-04-20T09:00:00.000Z');

interface Seed {
  key: string;
  projectId: string;
  branchName: string;
  agentId: string;
  daysAgo: number;
  text: string;
}

const SEEDS: Seed[] = [
  { key: 'tokens', projectId: 'core', branchName: 'main', agentId: 'auth-bot', daysAgo: 20, text: 'Session tokens now expire after 30 minutes of inactivity; refresh tokens last 14 days.' },
  { key: 'mfa', projectId: 'core', branchName: 'main', agentId: 'auth-bot', daysAgo: 9, text: 'Added WebAuthn passkeys as a second factor for administrators.' },
  { key: 'refunds', projectId: 'payments', branchName: 'refunds', agentId: 'billing-bot', daysAgo: 12, text: 'Refunds over 200 euros are approved by a finance manager; smaller refunds are approved automatically.' },
  { key: 'refund-ui', projectId: 'web', branchName: 'main', agentId: 'ui-bot', daysAgo: 6, text: 'The order page has a refund button that opens the refund request form.' },
  { key: 'invoices', projectId: 'payments', branchName: 'main', agentId: 'billing-bot', daysAgo: 5, text: 'Invoices are emailed as PDF on the first working day of the month.' },
  { key: 'search', projectId: 'web', branchName: 'search', agentId: 'search-bot', daysAgo: 4, text: 'Product search ranks exact title matches first, then BM25 over descriptions.' },
  { key: 'deploy', projectId: 'core', branchName: 'infra', agentId: 'deploy-bot', daysAgo: 3, text: 'Deploys go through a canary at 5% of traffic for ten minutes before the full rollout.' },
  { key: 'rollback', projectId: 'core', branchName: 'infra', agentId: 'deploy-bot', daysAgo: 2, text: 'A rollback restores the previous container image and replays no migrations.' },
  { key: 'cache', projectId: 'core', branchName: 'main', agentId: 'perf-bot', daysAgo: 1, text: 'Category pages are cached in Redis for 60 seconds and purged when a price changes.' },
  { key: 'ui', projectId: 'web', branchName: 'main', agentId: 'ui-bot', daysAgo: 0.5, text: 'The header now collapses into a hamburger menu below 768 pixels.' },
];

const textOf = (key: string) => SEEDS.find((s) => s.key === key)!.text;

function describeAnswerKinds(backend: string, env: Record<string, string> = {}, llmEnv: Record<string, string> = {}): void {
  describe(`intelligence answer kinds on ${backend}`, () => {
    let clock = T0;
    let upstream: FakeUpstream;
    let gw: TestGateway;
    let llm: TestGateway;
    const keyOf = new Map<string, string>();

    const seed = async (target: TestGateway) => {
      for (const projectId of ['core', 'payments', 'web']) await call(target, '/projects', { body: { projectId, name: projectId } });
      await call(target, '/contributors', { body: { contributorId: 'priya', displayName: 'Priya Shah', agentIds: ['ui-bot', 'search-bot'] } });
      for (const s of [...SEEDS].sort((a, b) => b.daysAgo - a.daysAgo)) {
        clock = T0 - s.daysAgo * DAY;
        const body = { branchName: s.branchName, branchPurpose: '', thisContribution: s.text, agentId: s.agentId };
        const stored = await call(target, `/projects/${s.projectId}/store`, { body });
        assert.equal(stored.status, 200, JSON.stringify(stored.body));
        keyOf.set(stored.body.milestoneId, s.key);
      }
      clock = T0;
    };
    const ask = async (body: Record<string, unknown>, target = gw) => {
      const response = await call(target, '/intelligence/query', { body });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return response.body;
    };
    const keys = (result: any): string[] => result.sources.map((s: any) => keyOf.get(s.milestoneId));

    before(async () => {
      upstream = await startFakeUpstream();
      gw = await startTestGateway({ upstream, now: () => clock, env });
      llm = await startTestGateway({ upstream, now: () => clock, env: { ...llmEnv, SYNAPSE_INTELLIGENCE_MODEL: 'gpt-4o' } });
      await seed(gw);
      await seed(llm);
    });
    after(async () => {
      await gw?.close();
      await llm?.close();
      await upstream?.close();
    });

    test('specific: the best match is cited first and leads the answer; only matching milestones are sources', async () => {
      const result = await ask({ question: 'How are refunds approved?' });
      assert.equal(result.answerKind, 'specific');
      assert.equal(result.answeredBy, 'extractive');
      assert.equal(keys(result)[0], 'refunds');
      assert.ok(result.answer.startsWith(`${textOf('refunds')} [1]`), result.answer);
      assert.ok(keys(result).every((k) => k === 'refunds' || k === 'refund-ui'), keys(result).join());
      assert.match(result.answer, /matches? the question; the best is from payments on branch refunds/);
      const tokens = await ask({ question: 'What did we decide about the session token lifetime?' });
      assert.equal(tokens.answerKind, 'specific');
      assert.deepEqual(keys(tokens), ['tokens']);
      const rollback = await ask({ question: 'What happens on a rollback?', timeRange: '7d' });
      assert.deepEqual(keys(rollback), ['rollback']);
      const written = await ask({ question: 'How do we roll back a deploy?' });
      assert.equal(keys(written)[0], 'rollback', '"roll back" is the window\'s "rollback"');
    });

    test('no_match: an off-topic question, or a topic only outside the window, is answered plainly with no sources', async () => {
      for (const question of ['What is the capital of France?', 'Who won the 2018 football World Cup?', 'How do I bake sourdough bread?']) {
        const result = await ask({ question });
        assert.equal(result.answerKind, 'no_match', question);
        assert.deepEqual(result.sources, []);
        assert.match(result.answer, /^Nothing recorded in the last 30 days matches this question/);
        assert.match(result.answer, /The 10 milestones there are about other work, in core \(branches infra, main\), payments \(branches main, refunds\) and web \(branches main, search\)\./);
        assert.ok(!/\[\d+\]/.test(result.answer), 'nothing cited');
      }
      const outside = await ask({ question: 'How are refunds approved?', timeRange: '5d' });
      assert.equal(outside.answerKind, 'no_match', 'both refund milestones are older than 5 days');
      assert.deepEqual(outside.sources, []);
      assert.match(outside.answer, /^Nothing recorded in the last 5 days matches/);
    });

    test('digest: activity in general, grouped by project and branch', async () => {
      const result = await ask({ question: 'What happened in the last 7 days?', timeRange: '7d' });
      assert.equal(result.answerKind, 'digest');
      assert.deepEqual(keys(result), ['deploy', 'rollback', 'cache', 'invoices', 'refund-ui', 'ui', 'search']);
      assert.match(result.answer, /^7 milestones were recorded in the last 7 days across 3 projects\.\nIn core on branch infra \(2 milestones/);
      const week = await ask({ question: 'What did the team work on this week?', timeRange: '7d' });
      assert.deepEqual(week.sources, result.sources);
      const named = await ask({ question: 'What happened in the last 3 days?' });
      assert.deepEqual(keys(named), ['deploy', 'rollback', 'cache', 'ui'], 'the span the question names narrows the 30 days asked for');
      assert.equal(named.timeRange.since, new Date(T0 - 3 * DAY).toISOString());
      assert.match(named.answer, /^4 milestones were recorded in the last 3 days across 2 projects\./);
    });

    test('digest of what a question names: an agent, a project, a contributor', async () => {
      const agent = await ask({ question: 'What did deploy-bot do?' });
      assert.equal(agent.answerKind, 'digest');
      assert.deepEqual(keys(agent), ['deploy', 'rollback']);
      assert.match(agent.answer, /^2 milestones were recorded by deploy-bot in the last 30 days across 1 project\./);
      const project = await ask({ question: "What's the status of the payments project?" });
      assert.equal(project.answerKind, 'digest');
      assert.deepEqual(project.projectsSearched, ['payments']);
      assert.deepEqual(new Set(keys(project)), new Set(['invoices', 'refunds']));
      const person = await ask({ question: 'What has Priya been working on?' });
      assert.equal(person.answerKind, 'digest');
      assert.deepEqual(new Set(keys(person)), new Set(['refund-ui', 'search', 'ui']));
      const topicOfAgent = await ask({ question: 'What did deploy-bot change about rollbacks?' });
      assert.equal(topicOfAgent.answerKind, 'specific');
      assert.deepEqual(keys(topicOfAgent), ['rollback']);
    });

    test('the stream says the answer kind with the sources', async () => {
      const response = await gw.request('/api/v1/memory/intelligence/query/stream', { body: { question: 'What is the capital of France?' } });
      const events = parseSse(await response.text());
      assert.equal(JSON.parse(events[0]!.data).answerKind, 'no_match');
      assert.deepEqual(JSON.parse(events[0]!.data).sources, []);
      assert.equal(JSON.parse(events.find((e) => e.event === 'done')!.data).answerKind, 'no_match');
    });

    test('with an LLM: only the relevant sources are sent, every kept sentence cites one, off-topic questions are never sent', async () => {
      const before = upstream.callCount('gpt-4o');
      const result = await ask({ question: 'How are refunds approved?' }, llm);
      assert.equal(upstream.callCount('gpt-4o'), before + 1);
      assert.equal(result.answeredBy, 'llm');
      assert.equal(result.answerKind, 'specific');
      const prompt = (upstream.calls.at(-1)!.body as any).messages.at(-1).content as string;
      const listed = prompt.split('\n').filter((line) => /^\[\d+\] /.test(line));
      assert.equal(listed.length, result.sources.length, 'the prompt lists exactly the sources returned');
      assert.ok(listed[0]!.endsWith(textOf('refunds')), listed[0]);
      assert.ok(!prompt.includes(textOf('cache')) && !prompt.includes(textOf('tokens')), 'no unrelated milestone reaches the model');
      for (const line of result.answer.split('\n')) assert.match(line, /\[\d+\]/, 'every line cites a source');

      const offTopic = await ask({ question: 'What is the capital of France?' }, llm);
      assert.equal(upstream.callCount('gpt-4o'), before + 1, 'not sent to the model');
      assert.equal(offTopic.answerKind, 'no_match');
      assert.equal(offTopic.answeredBy, 'extractive');
      assert.deepEqual(offTopic.sources, []);

      const digest = await ask({ question: 'What happened in the last 3 days?', timeRange: '3d' }, llm);
      assert.equal(upstream.callCount('gpt-4o'), before + 2);
      assert.equal(digest.answerKind, 'digest');
      assert.equal(digest.answeredBy, 'llm');
      assert.deepEqual(keys(digest), ['deploy', 'rollback', 'cache', 'ui']);
    });

    test('with an LLM: an answer citing no valid source falls back to the extractive answer of the same kind', async () => {
      const result = await ask({ question: 'How are refunds approved? [7]' }, llm);
      assert.equal(result.answeredBy, 'extractive');
      assert.equal(result.answerKind, 'specific');
      assert.ok(result.answer.startsWith(`${textOf('refunds')} [1]`));
    });
  });
}

const schemas = [uniqueSchemaName('intelkinds'), uniqueSchemaName('intelkindsllm')];
after(() => Promise.all(schemas.map(dropSchema)));

describeAnswerKinds('sqlite');
describeAnswerKinds(
  'postgres',
  { SYNAPSE_DATABASE_URL: TEST_DATABASE_URL, SYNAPSE_DATABASE_SCHEMA: schemas[0]! },
  { SYNAPSE_DATABASE_URL: TEST_DATABASE_URL, SYNAPSE_DATABASE_SCHEMA: schemas[1]! },
);
