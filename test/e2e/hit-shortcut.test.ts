// The shortcut for exact-cache hits (src/http/hit-shortcut/): two gateways on one fake upstream,
// one with the shortcut (the default) and one without (SYNAPSE_HIT_SHORTCUT=false), asked the same
// things over real sockets. Hits must come out the same both ways (status, headers, body, request
// log, metrics), the shortcut must really answer them (its counter moves on one gateway only), and
// everything it does not answer must reach Fastify intact: misses, streams, cache directives, bad
// bodies, bad credentials, refused rate limits, chunked uploads.
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.js';
import { ANTHROPIC_VERSION, UPSTREAM_KEY, ask as askClaude } from '../helpers/anthropic-test-kit.js';
import { eventually } from '../helpers/eventually.js';
import { ask, uniq, type Json } from '../helpers/proxy-test-kit.js';
import { ADMIN_KEY, startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/** Headers whose values differ between any two answers (ids, clocks, buckets; the length, with the ids and latency in the body). */
const VARYING = new Set(['x-request-id', 'date', 'content-length', 'x-synapse-latency-ms', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'keep-alive', 'connection']);

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

async function send(gw: TestGateway, path: string, body: Json | string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(gw.url + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
}

async function shortcutHits(gw: TestGateway, route: string): Promise<number> {
  const text = await (await gw.request('/metrics')).text();
  const line = text.split('\n').find((l) => l.startsWith(`synapse_http_shortcut_hits_total{route="${route}"}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

/** The parts of two answers that must be equal: headers but the varying ones, the body without its ids, clocks and latency. */
function comparable(answer: Answer): { status: number; headers: Record<string, string>; body: unknown } {
  const headers = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !VARYING.has(name)));
  let body: unknown = answer.body;
  try {
    body = withoutVarying(JSON.parse(answer.body));
  } catch {
    // not JSON: compared as text
  }
  return { status: answer.status, headers, body };
}

/** Fields that differ between two answers to the same request: upstream ids, clocks, request ids, latency. */
const VARYING_FIELDS = new Set(['id', 'created', 'created_at', 'completed_at', 'request_id', 'latency_ms']);

function withoutVarying(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutVarying);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !VARYING_FIELDS.has(key)).map(([key, item]) => [key, withoutVarying(item)]));
}

describe('hit shortcut', () => {
  let upstream: FakeUpstream;
  let on: TestGateway;
  let off: TestGateway;
  const anthropicEnv = (): Record<string, string> => ({ ANTHROPIC_BASE_URL: upstream.origin, ANTHROPIC_API_KEY: UPSTREAM_KEY });

  before(async () => {
    upstream = await startFakeUpstream({ anthropicApiKey: UPSTREAM_KEY });
    on = await startTestGateway({ upstream, env: anthropicEnv() });
    off = await startTestGateway({ upstream, env: { ...anthropicEnv(), SYNAPSE_HIT_SHORTCUT: 'false' } });
  });
  after(async () => {
    await on.close();
    await off.close();
    await upstream.close();
  });

  /** The same request, twice on each gateway: the second answers are hits, compared. */
  async function hitsBothWays(path: string, body: Json, headers: Record<string, string> = {}): Promise<[Answer, Answer]> {
    for (const gw of [on, off]) assert.equal((await send(gw, path, body, headers)).status, 200);
    return [await send(on, path, body, headers), await send(off, path, body, headers)];
  }

  for (const [name, path, body, headers] of [
    ['chat completions', '/v1/chat/completions', ask(uniq('shortcut chat'), { session_id: 'sess-7' }), {}],
    ['legacy completions', '/v1/completions', { model: 'gpt-3.5-turbo-instruct', prompt: uniq('shortcut legacy') }, {}],
    ['Anthropic Messages', '/v1/messages', askClaude(uniq('shortcut messages')), { 'anthropic-version': ANTHROPIC_VERSION }],
    ['Responses', '/v1/responses', { model: 'gpt-4o', input: uniq('shortcut responses') }, {}],
  ] as const) {
    test(`${name}: a hit is answered by the shortcut exactly as Fastify answers it`, async () => {
      const route = path;
      const [onBefore, offBefore] = [await shortcutHits(on, route), await shortcutHits(off, route)];
      const [fast, routed] = await hitsBothWays(path, body as Json, headers as Record<string, string>);
      assert.equal(fast.headers['x-synapse-cache-status'], 'HIT');
      assert.deepEqual(comparable(fast), comparable(routed));
      assert.equal(await shortcutHits(on, route), onBefore + 1, 'the shortcut answered the hit');
      assert.equal(await shortcutHits(off, route), offBefore, 'no shortcut when it is off');
      // The text again: its body is now the one the shortcut remembered (frozen), with the same answer.
      const again = await send(on, path, body as Json, headers as Record<string, string>);
      assert.deepEqual(comparable(again), comparable(fast));
      assert.equal(await shortcutHits(on, route), onBefore + 2, 'the remembered body was answered by the shortcut too');
    });
  }

  test('a hit by the shortcut is logged, counted and attributed like a routed one', async () => {
    const body = ask(uniq('shortcut records'));
    const session = { 'x-claude-code-session-id': uniq('cc').replace(' ', '-') };
    await hitsBothWays('/v1/chat/completions', body, session);
    for (const gw of [on, off]) {
      await gw.gateway.deps.callLog.writer.flush();
      const logs = (await (await gw.request('/api/v1/logs?limit=5')).json()) as Json;
      const rows = JSON.stringify(logs);
      assert.match(rows, /"cacheStatus":"HIT"/, 'a HIT row in the request log');
      assert.match(rows, /"endpoint":"chat.completions"/);
      const sessions = JSON.stringify(await (await gw.request('/api/v1/agent-sessions')).json());
      assert.ok(sessions.includes(session['x-claude-code-session-id']), `the agent session is recorded: ${sessions.slice(0, 300)}`);
    }
    const metrics = await (await on.request('/metrics')).text();
    assert.match(metrics, /synapse_http_requests_total\{method="POST",route="\/v1\/chat\/completions",status="200"\} \d+/);
    assert.match(metrics, /synapse_cache_requests_total\{result="hit",source="exact"\} \d+/);
  });

  test('misses, streams and cache directives go through Fastify: one upstream call, one rate-limit token each', async () => {
    const body = ask(uniq('shortcut miss'));
    const calls = upstream.callCount('gpt-4o');
    const miss = await send(on, '/v1/chat/completions', body);
    assert.equal(miss.headers['x-synapse-cache-status'], 'MISS');
    assert.equal(upstream.callCount('gpt-4o'), calls + 1, 'a miss handed over calls the upstream once');

    const stream = await send(on, '/v1/chat/completions', { ...body, stream: true });
    assert.equal(stream.status, 200);
    assert.match(stream.headers['content-type'] ?? '', /text\/event-stream/);
    assert.equal(stream.headers['x-synapse-cache-status'], 'HIT', 'a streamed hit, replayed by the routed path');

    const before = await shortcutHits(on, '/v1/chat/completions');
    const skipped = await send(on, '/v1/chat/completions', body, { 'x-synapse-skip-cache': 'true' });
    assert.equal(skipped.headers['x-synapse-cache-status'], 'SKIP', 'a directive is honoured');
    assert.equal(upstream.callCount('gpt-4o'), calls + 2, 'the miss and the skip');
    const scoped = await send(on, '/v1/chat/completions', body, { 'x-synapse-workspace-context': 'commit:abc123,dirty:0' });
    assert.equal(scoped.headers['x-synapse-cache-status'], 'MISS', 'another workspace is another partition');
    assert.equal(await shortcutHits(on, '/v1/chat/completions'), before, 'none of these took the shortcut');
  });

  test('bad bodies and bad credentials get the same answers with and without the shortcut', async () => {
    const cases: Array<[string, Json | string, Record<string, string>]> = [
      ['invalid JSON', '{"model": "gpt-4o", "messages": [', {}],
      ['a body that fails the schema', { model: 'gpt-4o', messages: 'not a list' }, {}],
      ['an empty object', {}, {}],
      ['a prototype-poisoning body', '{"model":"gpt-4o","messages":[{"role":"user","content":"x"}],"__proto__":{"x":1}}', {}],
      ['a wrong token', ask('anything'), { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.bad' }],
      ['no credential', ask('anything'), { authorization: '' }],
      ['a text content type', ask('anything'), { 'content-type': 'text/plain' }],
    ];
    for (const [name, body, headers] of cases) {
      const [fast, routed] = [await send(on, '/v1/chat/completions', body, headers), await send(off, '/v1/chat/completions', body, headers)];
      assert.ok(fast.status >= 400, `${name}: ${fast.status}`);
      assert.deepEqual(comparable(fast), comparable(routed), name);
    }
  });

  test('one rate-limit token per request, whichever path answers it; a refusal is the same 429', async () => {
    // A clock that stands still: the buckets never refill during the test.
    const now = (): number => 1_800_000_000_000;
    const [limitedOn, limitedOff] = [
      await startTestGateway({ upstream, now, env: { SYNAPSE_PROXY_RPS: '5' } }),
      await startTestGateway({ upstream, now, env: { SYNAPSE_PROXY_RPS: '5', SYNAPSE_HIT_SHORTCUT: 'false' } }),
    ];
    try {
      const body = ask(uniq('shortcut limited'));
      // A miss (handed over after its token), hits, a streamed hit (handed over), then refusals.
      const sequence = [body, body, body, { ...body, stream: true }, body, body, body];
      const answers: Answer[][] = [[], []];
      for (const [index, gw] of [limitedOn, limitedOff].entries()) {
        for (const request of sequence) answers[index]!.push(await send(gw, '/v1/chat/completions', request));
      }
      const [fast, routed] = answers as [Answer[], Answer[]];
      assert.deepEqual(fast.map((a) => a.status), routed.map((a) => a.status));
      assert.deepEqual(fast.slice(0, 5).map((a) => a.headers['x-ratelimit-remaining']), ['4', '3', '2', '1', '0'], 'one token each');
      const refused = fast.at(-1)!;
      assert.equal(refused.status, 429);
      assert.ok(Number(refused.headers['retry-after']) >= 1);
      assert.deepEqual(comparable(refused), comparable(routed.at(-1)!));
      assert.ok((await shortcutHits(limitedOn, '/v1/chat/completions')) >= 1, 'the hits in between took the shortcut');
    } finally {
      await limitedOn.close();
      await limitedOff.close();
    }
  });

  test('an upload without a content length, and one cut short, reach Fastify', async () => {
    const body = JSON.stringify(ask(uniq('shortcut chunked')));
    assert.equal((await send(on, '/v1/chat/completions', body)).status, 200);
    const before = await shortcutHits(on, '/v1/chat/completions');
    const chunked = await new Promise<{ status: number; cache: string | undefined }>((resolve, reject) => {
      const url = new URL(on.url);
      const req = httpRequest(
        { host: url.hostname, port: url.port, path: '/v1/chat/completions', method: 'POST', headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, cache: res.headers['x-synapse-cache-status'] as string | undefined }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      req.end(body.slice(10));
    });
    assert.deepEqual(chunked, { status: 200, cache: 'HIT' });
    assert.equal(await shortcutHits(on, '/v1/chat/completions'), before, 'chunked uploads are left to Fastify');

    const short = await new Promise<number>((resolve) => {
      const url = new URL(on.url);
      const req = httpRequest(
        {
          host: url.hostname, port: url.port, path: '/v1/chat/completions', method: 'POST',
          headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json', 'content-length': String(body.length + 50) },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', () => resolve(-1)); // the server may close the socket: the request was cut short
      req.write(body);
      setTimeout(() => req.destroy(), 200);
    }).catch(() => -1);
    assert.ok(short === -1 || short >= 400, `a body shorter than its length is not answered 200: ${short}`);
    await eventually('the gateway still answers', 2_000, async () => (await send(on, '/v1/chat/completions', body)).status === 200);
  });
  test('answers written at the end of the turn: many at once, in order on a pipelined connection, none lost to a client that left', async () => {
    const body = ask(uniq('shortcut turn'));
    assert.equal((await send(on, '/v1/chat/completions', body)).status, 200);
    const before = await shortcutHits(on, '/v1/chat/completions');

    const many = await Promise.all(Array.from({ length: 40 }, () => send(on, '/v1/chat/completions', body)));
    assert.deepEqual(new Set(many.map((a) => a.status)), new Set([200]));
    assert.equal(new Set(many.map((a) => a.headers['x-request-id'])).size, 40, 'each answer has its own request id');
    assert.equal(new Set(many.map((a) => JSON.stringify(comparable(a)))).size, 1, 'and the same answer');
    assert.equal(await shortcutHits(on, '/v1/chat/completions'), before + 40);

    // A client that hangs up right after sending: its answer has nowhere to go, and nothing breaks.
    const url = new URL(on.url);
    const text = JSON.stringify(body);
    const request = (id: string, payload = text): string =>
      `POST /v1/chat/completions HTTP/1.1\r\nhost: ${url.host}\r\nauthorization: Bearer ${ADMIN_KEY}\r\n` +
      `content-type: application/json\r\nx-request-id: ${id}\r\ncontent-length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`;
    for (let i = 0; i < 5; i++) {
      const gone = connect(Number(url.port), url.hostname, () => gone.end(request(`gone-${i}`), () => gone.destroy()));
      gone.on('error', () => undefined);
    }

    // Pipelined on one connection: a hit, a miss that Fastify answers after an upstream call, a hit.
    const miss = JSON.stringify(ask(uniq('shortcut turn miss')));
    const ids = await new Promise<string[]>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => socket.write(request('first') + request('second', miss) + request('third')));
      let received = '';
      socket.on('data', (chunk: Buffer) => {
        received += chunk.toString();
        const found = [...received.matchAll(/x-request-id: (\S+)/g)].map((m) => m[1]!);
        if (found.length === 3) {
          socket.destroy();
          resolve(found);
        }
      });
      socket.on('error', reject);
    });
    assert.deepEqual(ids, ['first', 'second', 'third'], 'answers leave in the order of their requests');
    assert.equal((await send(on, '/v1/chat/completions', body)).status, 200, 'the gateway still answers');
  });
});
