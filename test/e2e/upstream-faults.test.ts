// End-to-end tests of upstream failures through the gateway, with fetch and the official `openai`
// client: upstream 429s and 5xx, the gateway's own retries, timeouts, an unreachable upstream,
// request errors relayed as they are, a stream that breaks off, and client disconnects that
// must cancel the upstream call.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { Agent, fetch as undiciFetch } from 'undici';
import { eventually } from '../helpers/eventually.js';
import { ADMIN_KEY, startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

type Json = Record<string, any>;

const uniq = (label: string): string => `${label} ${randomUUID().slice(0, 8)}`;
const ask = (model: string, content = uniq('fault'), extra: Json = {}): Json => ({
  model,
  messages: [{ role: 'user', content }],
  ...extra,
});

interface Started {
  gw: TestGateway;
  token: string;
}

async function start(env: Record<string, string>): Promise<Started> {
  const gw = await startTestGateway({ env });
  return { gw, token: await gw.tokenFor(ADMIN_KEY) };
}

function chat({ gw, token }: Started, body: Json): Promise<Response> {
  return fetch(gw.url + '/v1/chat/completions', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function errorOf(res: Response): Promise<Json> {
  const body = (await res.json()) as Json;
  assert.equal(typeof body.error?.message, 'string', JSON.stringify(body));
  return body.error as Json;
}

const clientFor = ({ gw, token }: Started, maxRetries = 0): OpenAI =>
  new OpenAI({ baseURL: gw.url + '/v1', apiKey: token, maxRetries });

/** Throws unless `fn` rejects; returns what it rejected with. */
async function rejection(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  assert.fail('expected a rejection');
}

describe('upstream faults without gateway retries', () => {
  let s: Started;
  before(async () => {
    s = await start({ SYNAPSE_UPSTREAM_MAX_RETRIES: '0' });
  });
  after(() => s.gw.close());

  test('an upstream 429 becomes a 429 rate_limit_error with retry_after_secs and Retry-After', async () => {
    const res = await chat(s, ask('fake-429'));
    assert.equal(res.status, 429);
    const error = await errorOf(res);
    assert.equal(error.type, 'rate_limit_error');
    assert.ok(Number.isInteger(error.retry_after_secs) && error.retry_after_secs >= 1, JSON.stringify(error));
    assert.ok(Number(res.headers.get('retry-after')) >= 1);
  });

  test('the openai client raises RateLimitError, and retries it when allowed to', async () => {
    const body = ask('fake-429') as OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;
    const callsBefore = s.gw.upstream.callCount('fake-429');
    const error = await rejection(() => clientFor(s).chat.completions.create(body));
    assert.ok(error instanceof OpenAI.RateLimitError, String(error));
    assert.equal(error.status, 429);
    assert.equal(s.gw.upstream.callCount('fake-429'), callsBefore + 1);
    const retried = await rejection(() => clientFor(s, 1).chat.completions.create(body));
    assert.ok(retried instanceof OpenAI.RateLimitError);
    assert.equal(s.gw.upstream.callCount('fake-429'), callsBefore + 3, 'the client retried once');
  });

  test('a stream that breaks off ends with one error event and is not cached', async () => {
    const body = ask('fake-error-midstream', uniq('break off after two words'), { stream: true });
    const res = await chat(s, body);
    assert.equal(res.status, 200);
    const events = (await res.text()).split('\n\n').filter((e) => e.trim() !== '');
    const errors = events.filter((e) => e.startsWith('event: error\n'));
    assert.equal(errors.length, 1, events.join('\n---\n'));
    assert.equal(events.at(-1), errors[0], 'the error event is the last one');
    assert.equal(JSON.parse(errors[0]!.split('\ndata: ')[1]!).error.type, 'proxy_error');
    assert.ok(!events.includes('data: [DONE]'));
    const content = events
      .filter((e) => e.startsWith('data: {'))
      .map((e) => (JSON.parse(e.slice(6)) as Json).choices[0]?.delta?.content ?? '')
      .join('');
    assert.ok(content.startsWith('Echo:'), `some content was delivered first: ${content}`);

    const calls = s.gw.upstream.callCount('fake-error-midstream');
    const stream = await clientFor(s).chat.completions.create({ ...(body as { model: string; messages: [] }), stream: true });
    const received: string[] = [];
    const error = await rejection(async () => {
      for await (const chunk of stream) received.push(chunk.choices[0]?.delta?.content ?? '');
    });
    assert.ok(error instanceof OpenAI.APIError, String(error));
    assert.ok(received.join('').startsWith('Echo:'));
    assert.equal(s.gw.upstream.callCount('fake-error-midstream'), calls + 1, 'nothing was cached');
  });

  for (const stream of [false, true]) {
    test(`a client that disconnects cancels the upstream call (stream: ${stream})`, async () => {
      // Own connection pool: after an abort undici opens a spare connection that never sends a
      // request, and the gateway's close() would wait for Node's headersTimeout (~60 s) on it.
      const agent = new Agent();
      try {
        const content = uniq('cancel me');
        const controller = new AbortController();
        const pending = undiciFetch(s.gw.url + '/v1/chat/completions', {
          method: 'POST',
          headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' },
          body: JSON.stringify(ask('fake-slow-2000', content, { stream })),
          signal: controller.signal,
          dispatcher: agent,
        });
        pending.catch(() => undefined);
        const call = (): Json | undefined =>
          s.gw.upstream.calls.find((c) => (c.body as Json)?.messages?.[0]?.content === content);
        await eventually('the upstream receives the call', 10_000, () => call() !== undefined);
        controller.abort();
        await assert.rejects(pending);
        await eventually('the upstream call is aborted', 5_000, () => call()?.aborted === true);
      } finally {
        await agent.destroy();
      }
    });
  }
});

describe('upstream faults with gateway retries', () => {
  let s: Started;
  before(async () => {
    s = await start({ SYNAPSE_UPSTREAM_MAX_RETRIES: '2', SYNAPSE_UPSTREAM_TIMEOUT_MS: '300' });
  });
  after(() => s.gw.close());

  test('an upstream 500 becomes a 502 proxy_error after 1 + maxRetries attempts', async () => {
    const callsBefore = s.gw.upstream.callCount('fake-500');
    const res = await chat(s, ask('fake-500'));
    assert.equal(res.status, 502);
    assert.equal((await errorOf(res)).type, 'proxy_error');
    assert.equal(s.gw.upstream.callCount('fake-500'), callsBefore + 3);
    const error = await rejection(() => clientFor(s).chat.completions.create(ask('fake-500') as OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming));
    assert.ok(error instanceof OpenAI.InternalServerError, String(error));
    assert.equal(error.status, 502);
  });

  test('fake-flaky succeeds through the gateway retry and is then cached', async () => {
    const body = ask('fake-flaky');
    const callsBefore = s.gw.upstream.callCount('fake-flaky');
    const res = await chat(s, body);
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as Json).choices[0].message.content, `Echo: ${body.messages[0].content}`);
    assert.equal(s.gw.upstream.callCount('fake-flaky'), callsBefore + 2);
    const again = await chat(s, body);
    assert.equal(again.headers.get('x-synapse-cache-status'), 'HIT');
    await again.arrayBuffer();
    assert.equal(s.gw.upstream.callCount('fake-flaky'), callsBefore + 2);
  });

  test('fake-429-once succeeds through a retry that honours Retry-After: 0', async () => {
    const callsBefore = s.gw.upstream.callCount('fake-429-once');
    const answer = await clientFor(s).chat.completions.create({ model: 'fake-429-once', messages: [{ role: 'user', content: 'once' }] });
    assert.equal(answer.choices[0]!.message.content, 'Echo: once');
    assert.equal(s.gw.upstream.callCount('fake-429-once'), callsBefore + 2);
  });

  test('a hanging upstream times out with 504 timeout_error', async () => {
    const started = Date.now();
    const res = await chat(s, ask('fake-hang'));
    assert.equal(res.status, 504);
    assert.equal((await errorOf(res)).type, 'timeout_error');
    assert.ok(Date.now() - started < 3_000, `took ${Date.now() - started} ms`);
  });

  test('an upstream 400 is relayed with its message and code, without retries', async () => {
    const callsBefore = s.gw.upstream.callCount('fake-400');
    const res = await chat(s, ask('fake-400'));
    assert.equal(res.status, 400);
    const error = await errorOf(res);
    assert.equal(error.message, "This model's maximum context length is 10 tokens.");
    assert.equal(error.code, 'context_length_exceeded');
    assert.equal(error.type, 'invalid_request_error');
    assert.equal(s.gw.upstream.callCount('fake-400'), callsBefore + 1);
    const thrown = await rejection(() => clientFor(s).chat.completions.create(ask('fake-400') as OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming));
    assert.ok(thrown instanceof OpenAI.BadRequestError, String(thrown));
    assert.equal(thrown.code, 'context_length_exceeded');
  });
});

test('an unreachable upstream is a 502 proxy_error', async () => {
  const s = await start({ OPENAI_BASE_URL: 'http://127.0.0.1:1/v1', SYNAPSE_UPSTREAM_MAX_RETRIES: '0' });
  try {
    const res = await chat(s, ask('gpt-4o'));
    assert.equal(res.status, 502);
    assert.equal((await errorOf(res)).type, 'proxy_error');
    const error = await rejection(() => clientFor(s).chat.completions.create(ask('gpt-4o') as OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming));
    assert.ok(error instanceof OpenAI.APIError && error.status === 502, String(error));
  } finally {
    await s.gw.close();
  }
});
