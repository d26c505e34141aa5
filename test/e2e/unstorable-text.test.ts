// Text the stores cannot hold as it is, the same on SQLite and PostgreSQL: a NUL character (U+0000,
// which PostgreSQL's text cannot hold) or an unpaired UTF-16 surrogate (which no UTF-8 can: each
// backend stored its own mangled version). In a memory (or key) field, a path parameter or a query
// value it is a 400 validation_failed naming the field, and nothing is stored. In a proxied prompt
// or answer it is fine: the answer is cached as JSON text and replayed exactly; only the semantic
// index skips that prompt. A model name holding one is answered but not cached. Concurrent requests
// with such text cost no other request its entry or its semantic fields. Paired surrogates (emoji)
// are ordinary text and round-trip exactly.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventually } from '../helpers/eventually.js';
import { call, storeBody } from '../helpers/memory-client.js';
import { dropSchema, runAdminSql, TEST_DATABASE_URL, uniqueSchemaName } from '../helpers/postgres-test-database.js';
import { ask, cacheRows, chat, type Json, uniq } from '../helpers/proxy-test-kit.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

interface Row {
  model: string;
  response: string;
  prompt_text: string | null;
}

export const UNSTORABLE: Array<[string, string]> = [
  ['NUL', '\u0000'],
  ['an unpaired surrogate', '\uD83D'], // half an emoji, as a client that cut a string in two sends it
];


for (const backend of ['sqlite', 'postgres'] as const) {
  describe(`text the stores cannot hold, on ${backend}`, () => {
    const schema = uniqueSchemaName('unstorable');
    let gw: TestGateway;

    before(async () => {
      const env: Record<string, string> = backend === 'postgres' ? { SYNAPSE_DATABASE_URL: TEST_DATABASE_URL, SYNAPSE_DATABASE_SCHEMA: schema } : {};
      gw = await startTestGateway({ env });
      assert.equal((await call(gw, '/projects', { body: { projectId: 'p', name: 'Text' } })).status, 200);
    });
    after(async () => {
      await gw.close();
      if (backend === 'postgres') await dropSchema(schema);
    });

    async function rows(): Promise<Row[]> {
      await gw.gateway.deps.cache!.exact.flushWrites();
      if (backend === 'sqlite') return cacheRows(gw.dataDir) as Row[];
      return (await runAdminSql(`SELECT model, response, prompt_text FROM ${schema}.cache_entries`)).rows as Row[];
    }

    test('paired surrogates (emoji) and other Unicode are stored and read back exactly', async () => {
      const text = 'shipped 🚀 naïve café 日本語 \u{1F600} \u2028 tab\tend';
      assert.equal((await call(gw, '/projects', { body: { projectId: 'unicode', name: 'Unicode 🚀' } })).status, 200);
      const stored = await call(gw, '/projects/unicode/store', { body: storeBody(text) });
      assert.equal(stored.status, 200, JSON.stringify(stored.body));
      const recalled = await call(gw, `/projects/unicode/recall?view=milestone&milestoneId=${stored.body.milestoneId}`);
      assert.equal(recalled.body.milestones[0].thisContribution, text);
    });

    for (const [name, bad] of UNSTORABLE) {
      test(`${name} in a memory field, path parameter or query value is 400 naming the field; nothing is stored`, async () => {
        const cases: Array<[string, string, unknown, RegExp]> = [
          ['POST', '/projects', { projectId: 'q', name: `a${bad}b` }, /^name /],
          ['POST', '/projects', { projectId: `q${bad}`, name: 'n' }, /^projectId /],
          ['POST', '/projects/p/store', storeBody(`done${bad}`), /^thisContribution /],
          ['POST', '/projects/p/store', storeBody('done', { branchName: `b${bad}` }), /^branchName /],
          ['POST', '/projects/p/log', { agentId: 'a', phase: 'thought', content: `c${bad}` }, /^content /],
          ['POST', '/contributors', { contributorId: 'c', displayName: 'C', agentIds: ['a', `b${bad}`] }, /^agentIds\[1\] /],
          ['PUT', '/projects/p/roadmap', { roadmap: `r${bad}` }, /^roadmap /],
          ['POST', '/api/v1/keys', { name: `k${bad}` }, /^name /],
          ['POST', '/search', { query: 'q', projectIds: [`p${bad}`] }, /^projectIds\[0\] /],
        ];
        // A URL cannot carry a lone surrogate (its bytes are not UTF-8: the router refuses such a
        // path, a query decodes them to U+FFFD); a NUL it can.
        if (bad === '\u0000') {
          cases.push(['GET', `/projects/p${encodeURIComponent(bad)}`, undefined, /^projectId /]);
          cases.push(['GET', `/projects/p/recall?view=branch&branch=${encodeURIComponent(`m${bad}`)}`, undefined, /^branch /]);
        }
        for (const [method, path, body, field] of cases) {
          const response = await call(gw, path, { method, ...(body === undefined ? {} : { body }) });
          assert.equal(response.status, 400, `${method} ${path}: ${JSON.stringify(response.body)}`);
          assert.equal(response.body.error.code, 'validation_failed');
          assert.match(response.body.error.message, field);
          assert.match(response.body.error.message, /must not contain NUL characters \(U\+0000\) or unpaired UTF-16 surrogates/);
        }
        const project = await call(gw, '/projects/p');
        assert.equal(project.body.milestoneCount, 0);
        assert.deepEqual((await call(gw, '/projects')).body.projects.map((p: Json) => p.projectId).sort(), ['p', 'unicode']);
      });

      test(`${name} in a search query or intelligence question, which are never stored, is searched for`, async () => {
        for (const [path, body] of [
          ['/search', { query: `rate ${bad} limits` }],
          ['/projects/p/search', { query: `rate ${bad} limits` }],
          ['/intelligence/query', { question: `what about ${bad} limits?` }],
        ] as const) {
          const response = await call(gw, path, { body });
          assert.equal(response.status, 200, `${path}: ${JSON.stringify(response.body)}`);
        }
      });

      test(`${name} in a prompt and its answer: cached and replayed exactly, not indexed by meaning`, async () => {
        const body = ask(uniq(`hello ${bad} world`));
        const miss = await chat(gw, gw.adminKey, body);
        assert.equal(miss.status, 200);
        assert.equal(miss.headers.get('x-synapse-cache-status'), 'MISS');
        const answer = ((await miss.json()) as Json).choices[0].message.content as string;
        assert.equal(answer, `Echo: ${body.messages[0].content}`);
        gw.gateway.deps.cache!.exact.dropAllFromMemory(); // the next hit comes from the store
        await rows();
        const hit = await chat(gw, gw.adminKey, body);
        assert.equal(hit.headers.get('x-synapse-cache-status'), 'HIT');
        assert.equal(((await hit.json()) as Json).choices[0].message.content, answer, 'round trip, character for character');
        // A good request after it: once its semantic fields are written, any for the bad one would be too.
        const control = ask(uniq('control question'));
        await (await chat(gw, gw.adminKey, control)).arrayBuffer();
        await eventually('the control entry gets its semantic fields', 5_000, async () =>
          (await rows()).some((r) => r.prompt_text === control.messages[0].content));
        const row = (await rows()).find((r) => r.response.includes(body.messages[0].content.slice(-8)));
        assert.ok(row, 'the entry is stored');
        assert.equal(row.prompt_text, null, 'the semantic index skips it');

        const preview = await call(gw, '/api/v1/cache/preview', { body });
        assert.equal(preview.body.action, 'hit', 'a preview takes any text, as the proxy does');
        const promoted = await call(gw, '/projects/p/promote', { body: { cacheKey: preview.body.entryId, reuseScore: 1, summary: 'odd text', l2Collection: 'default' } });
        assert.equal(promoted.status, 400, 'but that answer cannot become a milestone');
        assert.match(promoted.body.error.message, /cannot become a milestone/);
      });

      test(`${name} in a model name: answered, not cached`, async () => {
        const body = ask(uniq('odd model'), { model: `gpt-4o${bad}x` });
        for (let i = 0; i < 2; i++) {
          const response = await chat(gw, gw.adminKey, body);
          assert.equal(response.status, 200);
          assert.equal(response.headers.get('x-synapse-cache-status'), 'MISS', `call ${i + 1}`);
          await response.arrayBuffer();
        }
      });

      test(`${name} in some of 30 concurrent requests costs the others neither their entry nor their semantic fields`, async () => {
        const marker = uniq('batch').slice(-8);
        const bodies = Array.from({ length: 30 }, (_, i) =>
          i % 5 === 0 ? ask(`${marker} question ${i} ${bad}`) : i % 7 === 0 ? ask(`${marker} model ${i}`, { model: `gpt${bad}${i}` }) : ask(`${marker} question ${i}`),
        );
        const statuses = await Promise.all(bodies.map(async (body) => (await chat(gw, gw.adminKey, body)).status));
        assert.deepEqual(new Set(statuses), new Set([200]));
        const good = bodies.filter((body) => !JSON.stringify(body).includes(JSON.stringify(bad).slice(1, -1)));
        const indexed = async () => (await rows()).filter((row) => row.response.includes(marker) && row.prompt_text !== null);
        // Answers are stored after they are sent: wait for what should come, then check nothing else came.
        await eventually('every good entry with its semantic fields', 5_000, async () => (await indexed()).length >= good.length).catch(() => undefined);
        const stored = (await rows()).filter((row) => row.response.includes(marker));
        for (const body of good) {
          const row = stored.find((r) => r.response.includes(`${body.messages[0].content}"`));
          assert.ok(row, `stored: ${body.messages[0].content}`);
          assert.equal(row.prompt_text, body.messages[0].content, 'with its semantic fields');
        }
        assert.equal(stored.length, good.length + 6, 'the good ones, and the six with a bad prompt (exact only)');
      });
    }
  });
}
