// End-to-end tests of bad input through HTTP: every malformed, mistyped, oversized or hostile
// request gets the SPEC's error JSON with the right status and changes nothing on the gateway.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const CHAT = '/v1/chat/completions';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface ErrorFields {
  message: string;
  type: string;
  code: string;
}

/** Asserts the SPEC's error shape (exactly error.message/type/code), JSON content type and a request id. */
async function expectError(response: Response, status: number, type: string): Promise<ErrorFields> {
  const text = await response.text();
  assert.equal(response.status, status, `expected ${status}, got ${response.status}: ${text.slice(0, 300)}`);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  assert.ok(response.headers.get('x-request-id'), 'every error carries X-Request-ID');
  const body = JSON.parse(text) as { error: ErrorFields };
  assert.deepEqual(Object.keys(body), ['error']);
  assert.deepEqual(Object.keys(body.error).sort(), ['code', 'message', 'type']);
  assert.equal(body.error.type, type, text);
  for (const field of ['message', 'type', 'code'] as const) assert.equal(typeof body.error[field], 'string');
  assert.ok(!/\bat .+\(.+:\d+:\d+\)/.test(body.error.message), 'no stack trace in the message');
  return body.error;
}

interface Snapshot {
  upstreamCalls: number;
  keyIds: string[];
  cacheStats: unknown;
}

async function snapshot(gw: TestGateway): Promise<Snapshot> {
  const keys = (await (await gw.request('/api/v1/keys')).json()) as { keys: Array<{ id: string }> };
  const cacheStats = await (await gw.request('/api/v1/cache/stats')).json();
  return { upstreamCalls: gw.upstream.calls.length, keyIds: keys.keys.map((k) => k.id), cacheStats };
}

async function assertUnchanged(gw: TestGateway, before: Snapshot): Promise<void> {
  assert.deepEqual(await snapshot(gw), before, 'the bad request changed nothing');
}

function chat(content: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { model: 'gpt-4o', messages: [{ role: 'user', content }], ...extra };
}

async function assertHealthy(gw: TestGateway): Promise<void> {
  const health = await fetch(`${gw.url}/health`);
  assert.equal(health.status, 200);
  const ok = await gw.request(CHAT, { body: chat('still alive?'), headers: { 'x-synapse-skip-cache': 'true' } });
  assert.equal(ok.status, 200);
  assert.equal(((await ok.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]?.message.content, 'Echo: still alive?');
}

describe('bad input end to end', () => {
  let gw: TestGateway;

  before(async () => {
    gw = await startTestGateway();
    // One cached entry, so "cache stats unchanged" compares something real.
    assert.equal((await gw.request(CHAT, { body: chat('seed the cache') })).status, 200);
  });
  after(async () => {
    await gw.close();
  });

  describe('bodies that are not JSON objects', () => {
    test('malformed JSON is 400 invalid_request_error', async () => {
      const before = await snapshot(gw);
      const error = await expectError(await gw.request(CHAT, { body: '{"model": "gpt-4o", "messages": [' }), 400, 'invalid_request_error');
      assert.equal(error.code, 'invalid_json');
      await assertUnchanged(gw, before);
    });

    test('an empty body sent as JSON is 400', async () => {
      const before = await snapshot(gw);
      const error = await expectError(await gw.request(CHAT, { body: '' }), 400, 'invalid_request_error');
      assert.match(error.message, /empty/);
      const keys = await gw.request('/api/v1/keys', { body: '' });
      await expectError(keys, 400, 'invalid_request_error');
      await assertUnchanged(gw, before);
    });

    test('a text/plain body is 415 invalid_request_error naming the content type', async () => {
      const before = await snapshot(gw);
      const response = await gw.request(CHAT, {
        body: JSON.stringify(chat('plain text')),
        headers: { 'content-type': 'text/plain' },
      });
      const error = await expectError(response, 415, 'invalid_request_error');
      assert.equal(error.code, 'unsupported_media_type');
      assert.match(error.message, /text\/plain/);
      const keys = await gw.request('/api/v1/keys', { body: '{"role":"user"}', headers: { 'content-type': 'text/plain' } });
      await expectError(keys, 415, 'invalid_request_error');
      await assertUnchanged(gw, before);
    });
  });

  describe('chat completion fields', () => {
    const wrongTypes: Array<[string, Record<string, unknown>, RegExp]> = [
      ['messages as a string', { model: 'gpt-4o', messages: 'hello' }, /^messages\b/],
      ['model as a number', { model: 42, messages: [{ role: 'user', content: 'x' }] }, /^model\b/],
      ['temperature as text', chat('x', { temperature: 'hot' }), /^temperature\b/],
      ['stream as text', chat('x', { stream: 'yes' }), /^stream\b/],
      ['n of 0', chat('x', { n: 0 }), /^n\b/],
      ['missing messages', { model: 'gpt-4o' }, /^messages is required/],
      ['empty messages', { model: 'gpt-4o', messages: [] }, /^messages\b/],
      ['missing model', { messages: [{ role: 'user', content: 'x' }] }, /^model is required/],
    ];

    for (const [label, body, field] of wrongTypes) {
      test(`${label} is 400 validation_error naming the field`, async () => {
        const before = await snapshot(gw);
        const error = await expectError(await gw.request(CHAT, { body }), 400, 'validation_error');
        assert.match(error.message, field);
        await assertUnchanged(gw, before);
      });
    }

    test('an invalid x-synapse-cache-ttl is 400 validation_error', async () => {
      const before = await snapshot(gw);
      for (const ttl of ['abc', '-5']) {
        const response = await gw.request(CHAT, { body: chat('ttl check'), headers: { 'x-synapse-cache-ttl': ttl } });
        const error = await expectError(response, 400, 'validation_error');
        assert.match(error.message, /x-synapse-cache-ttl/);
      }
      await assertUnchanged(gw, before);
    });

    test("an unknown model gets the upstream's 404 model_not_found, and nothing is cached", async () => {
      const before = await snapshot(gw);
      const callsBefore = gw.upstream.callCount('unknown-model');
      for (let attempt = 1; attempt <= 2; attempt++) {
        const error = await expectError(await gw.request(CHAT, { body: { ...chat('x'), model: 'unknown-model' } }), 404, 'invalid_request_error');
        assert.equal(error.code, 'model_not_found');
        assert.equal(error.message, 'The model `unknown-model` does not exist or you do not have access to it.');
        assert.equal(gw.upstream.callCount('unknown-model'), callsBefore + attempt, 'each attempt reached the upstream');
      }
      // The lookups count as misses; what must not change is what is stored and served.
      const after = await snapshot(gw);
      const stats = (s: Snapshot) => s.cacheStats as { entries: number; hits: number };
      assert.equal(stats(after).entries, stats(before).entries, 'the error was not cached');
      assert.equal(stats(after).hits, stats(before).hits);
      assert.deepEqual(after.keyIds, before.keyIds);
    });
  });

  describe('routes and admin input', () => {
    test('an unknown route is 404 not_found JSON, with or without credentials', async () => {
      const withAuth = await expectError(await gw.request('/v1/nonexistent?x=1'), 404, 'not_found');
      assert.equal(withAuth.message, 'not found: no route for GET /v1/nonexistent');
      const posted = await expectError(await gw.request('/api/v1/nope', { auth: null, body: { a: 1 } }), 404, 'not_found');
      assert.equal(posted.code, 'route_not_found');
    });

    test('creating a key with role "superuser" is 400 and creates nothing', async () => {
      const before = await snapshot(gw);
      const error = await expectError(await gw.request('/api/v1/keys', { body: { role: 'superuser', name: 'nope' } }), 400, 'validation_error');
      assert.match(error.message, /^role\b/);
      await assertUnchanged(gw, before);
    });
  });

  describe('oversized and hostile bodies', () => {
    test('a body over SYNAPSE_BODY_LIMIT_BYTES is 413 payload_too_large', async () => {
      const small = await startTestGateway({ env: { SYNAPSE_BODY_LIMIT_BYTES: '2048' }, upstream: gw.upstream });
      try {
        const callsBefore = gw.upstream.calls.length;
        const response = await small.request(CHAT, { body: chat('x'.repeat(10 * 1024)) });
        const error = await expectError(response, 413, 'payload_too_large');
        assert.match(error.message, /2048/);
        assert.equal(gw.upstream.calls.length, callsBefore, 'the oversized request never reached the upstream');
        assert.equal((await small.request(CHAT, { body: chat('fits the limit') })).status, 200, 'a small body still passes');
      } finally {
        await small.close();
      }
    });

    test('a 5 MB body to a default gateway is 413', async () => {
      const before = await snapshot(gw);
      const response = await gw.request(CHAT, { body: chat('y'.repeat(5 * 1024 * 1024)) });
      const error = await expectError(response, 413, 'payload_too_large');
      assert.equal(error.code, 'payload_too_large');
      await assertUnchanged(gw, before);
      await assertHealthy(gw);
    });

    test('10,000 levels of nesting do not crash the process and are refused with 400', async () => {
      const before = await snapshot(gw);
      const deep = (open: string, close: string, inner = '') => open.repeat(10_000) + inner + close.repeat(10_000);
      const bodies = [
        deep('[', ']'),
        `{"model":"gpt-4o","messages":[{"role":"user","content":"deep","extra":${deep('[', ']')}}]}`,
        `{"model":"gpt-4o","messages":[{"role":"user","content":"deep"}],"metadata":${deep('{"a":', '}', '1')}}`,
      ];
      for (const body of bodies) {
        await expectError(await gw.request(CHAT, { body }), 400, 'validation_error');
      }
      await assertUnchanged(gw, before);
      await assertHealthy(gw);
    });

    test('a 1 MB JSON string body is 400, and a 1 MB message is served', async () => {
      const before = await snapshot(gw);
      const error = await expectError(await gw.request(CHAT, { body: JSON.stringify('z'.repeat(1024 * 1024)) }), 400, 'validation_error');
      assert.match(error.message, /body must be object/);
      await assertUnchanged(gw, before);
      const big = await gw.request(CHAT, { body: chat('w'.repeat(1024 * 1024)), headers: { 'x-synapse-skip-cache': 'true' } });
      assert.equal(big.status, 200);
      const content = ((await big.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]?.message.content;
      assert.equal(content?.length, 'Echo: '.length + 1024 * 1024);
      await assertHealthy(gw);
    });
  });

  describe('request ids', () => {
    test('error responses carry a generated UUID X-Request-ID', async () => {
      const responses = [
        await gw.request(CHAT, { body: '{oops' }),
        await gw.request('/missing'),
        await gw.request(CHAT, { auth: null, body: chat('x') }),
      ];
      const ids = new Set<string>();
      for (const response of responses) {
        const id = response.headers.get('x-request-id') ?? '';
        assert.match(id, UUID);
        ids.add(id);
        await response.arrayBuffer();
      }
      assert.equal(ids.size, responses.length, 'each request gets its own id');
    });

    test("a client's X-Request-ID is echoed on errors", async () => {
      const cases: Array<[string, Promise<Response>]> = [
        ['client-req-400', gw.request(CHAT, { body: '{oops', headers: { 'x-request-id': 'client-req-400' } })],
        ['client-req-404', gw.request('/missing', { headers: { 'x-request-id': 'client-req-404' } })],
        ['client-req-401', gw.request(CHAT, { auth: null, body: chat('x'), headers: { 'x-request-id': 'client-req-401' } })],
        ['client-req-415', gw.request(CHAT, { body: 'x', headers: { 'x-request-id': 'client-req-415', 'content-type': 'text/plain' } })],
      ];
      for (const [id, pending] of cases) {
        const response = await pending;
        assert.ok(response.status >= 400);
        assert.equal(response.headers.get('x-request-id'), id);
        await response.arrayBuffer();
      }
    });
  });
});
