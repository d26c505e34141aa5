// GET /v1/models and /v1/models/{id} across an OpenAI-compatible and an Anthropic upstream, with the
// official clients: one merged list, in OpenAI's shape or (with anthropic-version) Anthropic's;
// retrieval from either upstream; 404 for unknown ids; and one upstream down hides nothing else.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { NotFoundError } from 'openai';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.js';
import { ANTHROPIC_MODEL_IDS } from '../fake-upstream/model-listing.js';
import { LISTED_MODELS } from '../fake-upstream/scripted-behaviours.js';
import { freePort } from '../helpers/own-port-gateway.js';
import type { Json } from '../helpers/proxy-test-kit.js';
import { responsesClient } from '../helpers/responses-test-kit.js';
import { ADMIN_KEY, startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const ANTHROPIC_KEY = 'sk-ant-upstream-key';
const ANTHROPIC_VERSION = { 'anthropic-version': '2023-06-01' };

async function getJson(gw: TestGateway, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Json }> {
  const res = await gw.request(path, { headers });
  return { status: res.status, body: (await res.json()) as Json };
}

describe('models across OpenAI and Anthropic upstreams', () => {
  let upstream: FakeUpstream;
  let gw: TestGateway;
  before(async () => {
    upstream = await startFakeUpstream({ anthropicApiKey: ANTHROPIC_KEY });
    gw = await startTestGateway({ upstream, env: { ANTHROPIC_BASE_URL: upstream.origin, ANTHROPIC_API_KEY: ANTHROPIC_KEY } });
  });
  after(async () => {
    await gw.close();
    await upstream.close();
  });

  test("GET /v1/models lists both upstreams' models once each, in OpenAI's shape", async () => {
    const from = upstream.calls.length;
    const list = await responsesClient(gw).models.list();
    const ids = list.data.map((m) => m.id);
    for (const id of [...LISTED_MODELS, ...ANTHROPIC_MODEL_IDS]) assert.ok(ids.includes(id), `${id} is listed`);
    assert.equal(new Set(ids).size, ids.length, 'merged by id: the fake-* models both upstreams list appear once');
    const gpt = list.data.find((m) => m.id === 'gpt-4o')!;
    assert.deepEqual(gpt, { id: 'gpt-4o', object: 'model', created: 1_700_000_000, owned_by: 'fake' });
    const claude = list.data.find((m) => m.id === 'claude-sonnet-4-5')!;
    assert.deepEqual(claude, { id: 'claude-sonnet-4-5', object: 'model', created: Date.parse('2025-09-29T00:00:00Z') / 1000, owned_by: 'anthropic' });

    const calls = upstream.calls.slice(from);
    const anthropicCall = calls.find((c) => c.headers['anthropic-version'] !== undefined);
    assert.ok(anthropicCall, 'the Anthropic upstream was asked');
    assert.equal(anthropicCall.headers['x-api-key'], ANTHROPIC_KEY, 'with its configured key');
    const openaiCall = calls.find((c) => c.headers['anthropic-version'] === undefined);
    assert.equal(openaiCall?.headers.authorization, 'Bearer sk-upstream-configured');
    assert.equal(JSON.stringify(calls.map((c) => c.headers)).includes('sk-syn-'), false, 'no Synapse key upstream');
  });

  test("with anthropic-version the list has Anthropic's shape, through the Anthropic SDK too", async () => {
    const { status, body } = await getJson(gw, '/v1/models', ANTHROPIC_VERSION);
    assert.equal(status, 200);
    assert.equal(body.has_more, false);
    assert.equal(body.first_id, body.data[0].id);
    assert.equal(body.last_id, body.data.at(-1).id);
    assert.equal('object' in body, false);
    for (const model of body.data as Json[]) {
      assert.deepEqual(Object.keys(model).sort(), ['created_at', 'display_name', 'id', 'type']);
      assert.equal(model.type, 'model');
      assert.ok(!Number.isNaN(Date.parse(model.created_at)), model.created_at);
    }
    const sonnet = (body.data as Json[]).find((m) => m.id === 'claude-sonnet-4-5')!;
    assert.equal(sonnet.display_name, 'Claude Sonnet 4.5', "Anthropic's display name is kept");
    assert.equal(Date.parse(sonnet.created_at), Date.parse('2025-09-29T00:00:00Z'));
    assert.ok((body.data as Json[]).some((m) => m.id === 'gpt-4o' && m.display_name === 'gpt-4o'), 'OpenAI models are listed for Claude Code too');

    const anthropic = new Anthropic({ baseURL: gw.url, apiKey: ADMIN_KEY, maxRetries: 0 });
    const ids: string[] = [];
    for await (const model of anthropic.models.list()) ids.push(model.id);
    assert.ok(ids.includes('claude-haiku-4-5') && ids.includes('gpt-4o-mini'), ids.join(','));
    const haiku = await anthropic.models.retrieve('claude-haiku-4-5');
    assert.equal(haiku.type, 'model');
    assert.equal(haiku.display_name, 'Claude Haiku 4.5');
  });

  test('GET /v1/models/{id} finds a model of either upstream; an unknown id is a 404', async () => {
    const client = responsesClient(gw);
    assert.deepEqual(await client.models.retrieve('gpt-4o'), { id: 'gpt-4o', object: 'model', created: 1_700_000_000, owned_by: 'fake' });
    const claude = await client.models.retrieve('claude-opus-4-1');
    assert.equal(claude.id, 'claude-opus-4-1');
    assert.equal(claude.owned_by, 'anthropic');
    const asAnthropic = await getJson(gw, '/v1/models/gpt-4o', ANTHROPIC_VERSION);
    assert.deepEqual(asAnthropic.body, { type: 'model', id: 'gpt-4o', display_name: 'gpt-4o', created_at: new Date(1_700_000_000_000).toISOString() });

    const unknown = await getJson(gw, '/v1/models/no-such-model-xyz');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.type, 'not_found');
    assert.match(unknown.body.error.message, /no-such-model-xyz/);
    await assert.rejects(client.models.retrieve('no-such-model-xyz'), NotFoundError);

    // Anthropic's clients get Anthropic's error shape here, as they get its list shape.
    const forAnthropic = await getJson(gw, '/v1/models/no-such-model-xyz', ANTHROPIC_VERSION);
    assert.equal(forAnthropic.status, 404);
    assert.equal(forAnthropic.body.type, 'error');
    assert.equal(forAnthropic.body.error.type, 'not_found_error');
    assert.match(forAnthropic.body.error.message, /no-such-model-xyz/);
    const anthropic = new Anthropic({ baseURL: gw.url, apiKey: ADMIN_KEY, maxRetries: 0 });
    const thrown = await anthropic.models.retrieve('no-such-model-xyz').catch((e: unknown) => e);
    assert.ok(thrown instanceof Anthropic.NotFoundError, String(thrown));
    assert.equal((thrown.error as Json).error.type, 'not_found_error');
  });
});

describe('models with the Anthropic upstream down', () => {
  let gw: TestGateway;
  before(async () => {
    const port = await freePort(); // nothing listens there
    gw = await startTestGateway({ env: { ANTHROPIC_BASE_URL: `http://127.0.0.1:${port}`, ANTHROPIC_API_KEY: ANTHROPIC_KEY, SYNAPSE_UPSTREAM_MAX_RETRIES: '0' } });
  });
  after(() => gw.close());

  test("the OpenAI upstream's models are still listed, in either shape, and still found by id", async () => {
    const openai = await getJson(gw, '/v1/models');
    assert.equal(openai.status, 200, JSON.stringify(openai.body));
    assert.deepEqual((openai.body.data as Json[]).map((m) => m.id).sort(), [...LISTED_MODELS].sort());
    const anthropic = await getJson(gw, '/v1/models', ANTHROPIC_VERSION);
    assert.equal(anthropic.status, 200);
    assert.equal(anthropic.body.data.length, LISTED_MODELS.length);
    assert.equal(anthropic.body.data[0].type, 'model');
    assert.equal((await getJson(gw, '/v1/models/gpt-4o-mini')).body.id, 'gpt-4o-mini');
  });
});
