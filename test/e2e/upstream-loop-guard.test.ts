// A gateway whose upstream base URL points at itself (ANTHROPIC_BASE_URL or OPENAI_BASE_URL exported
// in the shell that started it): every route that calls that upstream answers at once with 508
// upstream_loop, naming the misconfiguration, after exactly one request to itself, never hanging.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI, { APIError } from 'openai';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.js';
import { startOwnPortGateway, type OwnPortGateway } from '../helpers/own-port-gateway.js';
import { uniq, type Json } from '../helpers/proxy-test-kit.js';
import { ADMIN_KEY } from '../helpers/test-gateway.js';

/** Well under any upstream timeout: the loop is refused, not waited out. */
const PROMPTLY_MS = 2_000;

interface Looped {
  status: number;
  body: Json;
  ms: number;
  /** Requests the gateway sent to itself while answering. */
  inner: number;
  shouldRetry: string | null;
}

async function send(gw: OwnPortGateway, path: string, init: { method?: string; body?: Json; headers?: Record<string, string> } = {}): Promise<Looped> {
  const innerBefore = gw.innerRequests();
  const started = performance.now();
  const res = await fetch(gw.url + path, {
    method: init.method ?? (init.body ? 'POST' : 'GET'),
    headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  const ms = performance.now() - started;
  return { status: res.status, body: JSON.parse(text) as Json, ms, inner: gw.innerRequests() - innerBefore, shouldRetry: res.headers.get('x-should-retry') };
}

function assertRefusedLoop(result: Looped, what: string): void {
  assert.equal(result.status, 508, `${what}: ${JSON.stringify(result.body)}`);
  assert.ok(result.ms < PROMPTLY_MS, `${what}: answered in ${Math.round(result.ms)} ms`);
  assert.equal(result.inner, 1, `${what}: one request to itself, refused at once`);
  assert.equal(result.shouldRetry, 'false', `${what}: clients are told a retry cannot help`);
}

describe('a gateway whose ANTHROPIC_BASE_URL points at itself', () => {
  let upstream: FakeUpstream;
  let gw: OwnPortGateway;
  before(async () => {
    upstream = await startFakeUpstream();
    gw = await startOwnPortGateway((origin) => ({ ANTHROPIC_BASE_URL: origin, ANTHROPIC_API_KEY: 'sk-ant-real-key', OPENAI_BASE_URL: upstream.url, OPENAI_API_KEY: 'sk-openai-real' }));
  });
  after(async () => {
    await gw.close();
    await upstream.close();
  });

  const messages = (extra: Json = {}): Json => ({ model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: uniq('hello') }], ...extra });
  const anthropicHeaders = { 'anthropic-version': '2023-06-01' };

  test('/v1/messages answers 508 in Anthropic shape, naming the loop', async () => {
    const result = await send(gw, '/v1/messages', { body: messages(), headers: anthropicHeaders });
    assertRefusedLoop(result, 'messages');
    assert.equal(result.body.type, 'error');
    assert.match(result.body.error.message, /called itself/);
    assert.match(result.body.error.message, /ANTHROPIC_BASE_URL/);
  });

  test('streamed messages, count_tokens and /v1/v1/messages are refused the same way', async () => {
    assertRefusedLoop(await send(gw, '/v1/messages', { body: messages({ stream: true }), headers: anthropicHeaders }), 'stream');
    assertRefusedLoop(await send(gw, '/v1/messages/count_tokens', { body: { model: 'claude-sonnet-4-5', messages: messages().messages }, headers: anthropicHeaders }), 'count_tokens');
    assertRefusedLoop(await send(gw, '/v1/v1/messages', { body: messages(), headers: anthropicHeaders }), '/v1/v1/messages');
  });

  test('the Anthropic SDK gets an APIError with status 508 at once, without retrying', async () => {
    const client = new Anthropic({ baseURL: gw.url, apiKey: ADMIN_KEY, maxRetries: 3 });
    const innerBefore = gw.innerRequests();
    const error = await client.messages.create(messages() as Anthropic.MessageCreateParamsNonStreaming).catch((e: unknown) => e);
    assert.ok(error instanceof Anthropic.APIError, String(error));
    assert.equal(error.status, 508);
    assert.match(error.message, /called itself/);
    assert.equal(gw.innerRequests() - innerBefore, 1, 'x-should-retry: false stops the SDK retrying');
  });

  test('the OpenAI side is unaffected, and the model list still has its models', async () => {
    const chat = await send(gw, '/v1/chat/completions', { body: { model: 'gpt-4o', messages: [{ role: 'user', content: uniq('fine') }] } });
    assert.equal(chat.status, 200);
    assert.equal(chat.inner, 0);
    const models = await send(gw, '/v1/models');
    assert.equal(models.status, 200);
    assert.ok((models.body.data as Json[]).some((m) => m.id === 'gpt-4o'));
    assert.equal(models.inner, 1, "the Anthropic listing went to itself once and was refused");
  });
});

describe('a gateway whose OPENAI_BASE_URL points at itself', () => {
  let gw: OwnPortGateway;
  before(async () => {
    gw = await startOwnPortGateway((origin) => ({ OPENAI_BASE_URL: `${origin}/v1`, OPENAI_API_KEY: 'sk-openai-real' }));
  });
  after(() => gw.close());

  test('chat, Responses, legacy completions and embeddings answer 508 upstream_loop, naming the loop', async () => {
    const cases: Array<[string, Json]> = [
      ['/v1/chat/completions', { model: 'gpt-4o', messages: [{ role: 'user', content: uniq('loop') }] }],
      ['/v1/chat/completions', { model: 'gpt-4o', messages: [{ role: 'user', content: uniq('loop') }], stream: true }],
      ['/v1/responses', { model: 'gpt-4o', input: uniq('loop') }],
      ['/v1/responses', { model: 'gpt-4o', input: uniq('loop'), stream: true }],
      ['/v1/completions', { model: 'gpt-4o', prompt: uniq('loop') }],
      ['/v1/embeddings', { model: 'text-embedding-3-small', input: 'loop' }],
    ];
    for (const [path, body] of cases) {
      const result = await send(gw, path, { body });
      assertRefusedLoop(result, `${path} ${body.stream ? '(stream)' : ''}`);
      assert.equal(result.body.error.code, 'upstream_loop');
      assert.equal(result.body.error.type, 'proxy_error');
      assert.match(result.body.error.message, /OPENAI_BASE_URL/);
    }
  });

  test('forwarded routes and the model list are refused the same way', async () => {
    assertRefusedLoop(await send(gw, '/v1/responses/resp_abc'), 'GET /v1/responses/{id}');
    assertRefusedLoop(await send(gw, '/v1/responses/resp_abc', { method: 'DELETE' }), 'DELETE /v1/responses/{id}');
    assertRefusedLoop(await send(gw, '/v1/models'), 'GET /v1/models');
    assertRefusedLoop(await send(gw, '/v1/models/gpt-4o'), 'GET /v1/models/{id}');
  });

  test('the openai client gets an APIError with status 508, even with its own retries on', async () => {
    const client = new OpenAI({ baseURL: gw.url + '/v1', apiKey: ADMIN_KEY, maxRetries: 3 });
    const innerBefore = gw.innerRequests();
    const started = performance.now();
    const error = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: uniq('loop') }] }).catch((e: unknown) => e);
    assert.ok(error instanceof APIError, String(error));
    assert.equal(error.status, 508);
    assert.equal(error.code, 'upstream_loop');
    assert.equal(gw.innerRequests() - innerBefore, 1, 'x-should-retry: false stops the client retrying a 5xx');
    assert.ok(performance.now() - started < PROMPTLY_MS);
  });
});
