// Errors raised by the framework and by node:http, before or outside any route, have the SPEC's
// shape (Anthropic's on the Messages paths) and an X-Request-ID like every other error: a
// malformed URL, an over-long path segment (414), oversized headers (431), bytes that are not
// HTTP, an unknown Expect, a wrong media type, unparseable or too deeply nested JSON, a body over
// the limit. Raw sockets are used where an HTTP client would refuse to send the request.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

type Json = Record<string, any>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

let gw: TestGateway;
before(async () => {
  gw = await startTestGateway({ env: { SYNAPSE_BODY_LIMIT_BYTES: '65536' } });
});
after(() => gw.close());

/** Sends raw bytes and reads the one response (the server closes the connection after it). */
function sendRaw(bytes: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(gw.url).port), '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
    socket.end(bytes);
  });
}

/** The SPEC's shape, exactly: {error: {message, type, code}}, as JSON, with a request id. */
function assertSpecError(status: number, headers: Record<string, string | null>, text: string, expected: { status: number; code: string }): Json {
  assert.equal(status, expected.status, text);
  assert.match(headers['content-type'] ?? '', /^application\/json/);
  assert.match(headers['x-request-id'] ?? '', /\S/, 'X-Request-ID');
  const body = JSON.parse(text) as Json;
  assert.deepEqual(Object.keys(body), ['error']);
  assert.deepEqual(Object.keys(body.error).sort(), ['code', 'message', 'type']);
  assert.equal(body.error.code, expected.code);
  return body;
}

/** Anthropic's shape: {type: 'error', error: {type, message}, request_id}. */
function assertAnthropicError(status: number, headers: Record<string, string | null>, text: string, expected: { status: number; type: string }): Json {
  assert.equal(status, expected.status, text);
  assert.match(headers['x-request-id'] ?? '', /\S/, 'X-Request-ID');
  const body = JSON.parse(text) as Json;
  assert.equal(body.type, 'error');
  assert.equal(body.error.type, expected.type);
  assert.equal(typeof body.error.message, 'string');
  assert.equal(body.request_id, headers['x-request-id']);
  return body;
}

async function fetched(path: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) {
  const response = await gw.request(path, init);
  const headers = Object.fromEntries(response.headers);
  return { status: response.status, headers, text: await response.text() };
}

const ANTHROPIC = { 'anthropic-version': '2023-06-01' };

describe('errors raised by the router', () => {
  test('a malformed URL is 400 invalid_url, with the client\'s request id echoed', async () => {
    for (const path of ['/api/v1/memory/projects/%E0%A4%A', '/v1/chat/completions/%zz', '/api/v1/keys/%']) {
      const r = await fetched(path, { headers: { 'x-request-id': 'client-id-1' } });
      assertSpecError(r.status, r.headers, r.text, { status: 400, code: 'invalid_url' });
      assert.equal(r.headers['x-request-id'], 'client-id-1');
    }
  });

  test('a malformed URL on a Messages path gets Anthropic\'s shape', async () => {
    const r = await fetched('/v1/messages/%zz', { method: 'POST', body: '{}', headers: { ...ANTHROPIC, 'content-type': 'application/json' } });
    assertAnthropicError(r.status, r.headers, r.text, { status: 400, type: 'invalid_request_error' });
  });

  test('a path segment longer than any id is 414 uri_too_long', async () => {
    const r = await fetched(`/api/v1/memory/projects/${'x'.repeat(3_000)}/branches`);
    assertSpecError(r.status, r.headers, r.text, { status: 414, code: 'uri_too_long' });
    assert.match(r.headers['x-request-id']!, UUID);
  });
});

describe('errors raised by node:http', () => {
  test('headers over the limit are 431 headers_too_large, and the connection is closed', async () => {
    const r = await sendRaw(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'x'.repeat(20_000)}\r\n\r\n`);
    assertSpecError(r.status, r.headers, r.body, { status: 431, code: 'headers_too_large' });
    assert.match(r.headers['x-request-id']!, UUID);
    assert.equal(r.headers.connection, 'close');
    // An HTTP client sees the same.
    const viaFetch = await fetched(`/api/v1/memory/projects?q=${'q'.repeat(20_000)}`);
    assertSpecError(viaFetch.status, viaFetch.headers, viaFetch.text, { status: 431, code: 'headers_too_large' });
  });

  test('oversized headers on a Messages request get Anthropic\'s shape', async () => {
    const r = await sendRaw(`POST /v1/messages HTTP/1.1\r\nHost: x\r\nanthropic-version: 2023-06-01\r\nX-Big: ${'x'.repeat(20_000)}\r\n\r\n`);
    assertAnthropicError(r.status, r.headers, r.body, { status: 431, type: 'invalid_request_error' });
  });

  test('bytes that are not HTTP are 400 malformed_request', async () => {
    for (const bytes of [
      'GARBAGE\r\n\r\n',
      'GET /health HTTP/1.1\r\nHost: x\r\nX-Nul: a\u0000b\r\n\r\n',
      'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}',
      'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}',
    ]) {
      const r = await sendRaw(bytes);
      assertSpecError(r.status, r.headers, r.body, { status: 400, code: 'malformed_request' });
    }
  });

  test('an Expect other than 100-continue is 417 expectation_failed', async () => {
    const r = await sendRaw('POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}');
    assertSpecError(r.status, r.headers, r.body, { status: 417, code: 'expectation_failed' });
  });

  test('a request without Host is served like an HTTP/1.0 one, not refused without a body', async () => {
    const r = await sendRaw('GET /health HTTP/1.1\r\nConnection: close\r\n\r\n');
    assert.equal(r.status, 200, r.body);
  });
});

describe('errors raised by the body parser', () => {
  const bodies: Array<[string, { body: string; headers?: Record<string, string> }, number, string, string]> = [
    ['an unsupported media type', { body: '{}', headers: { 'content-type': 'text/plain' } }, 415, 'unsupported_media_type', 'invalid_request_error'],
    ['form data', { body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'unsupported_media_type', 'invalid_request_error'],
    ['unparseable JSON', { body: '{"model":' }, 400, 'invalid_json', 'invalid_request_error'],
    ['JSON nested 300 deep', { body: '['.repeat(300) + ']'.repeat(300) }, 400, 'validation_failed', 'invalid_request_error'],
    ['a body over the limit', { body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x'.repeat(70_000) }] }) }, 413, 'payload_too_large', 'request_too_large'],
  ];

  for (const [label, init, status, code, anthropicType] of bodies) {
    test(`${label} is ${status} ${code}; on /v1/messages in Anthropic's shape`, async () => {
      const spec = await fetched('/v1/chat/completions', { method: 'POST', ...init, headers: { 'x-request-id': 'parser-1', ...init.headers } });
      assertSpecError(spec.status, spec.headers, spec.text, { status, code });
      assert.equal(spec.headers['x-request-id'], 'parser-1');
      const anthropic = await fetched('/v1/messages', { method: 'POST', ...init, headers: { ...ANTHROPIC, ...init.headers } });
      assertAnthropicError(anthropic.status, anthropic.headers, anthropic.text, { status, type: anthropicType });
    });
  }

  test("a matched route outside the Messages API keeps the SPEC's shape when the client sends anthropic-version", async () => {
    const r = await fetched('/api/v1/keys', { method: 'POST', body: '{"role":"superuser"}', headers: ANTHROPIC });
    assertSpecError(r.status, r.headers, r.text, { status: 400, code: 'validation_failed' });
    const unknown = await fetched('/api/v1/nothing-here', { headers: ANTHROPIC });
    assertAnthropicError(unknown.status, unknown.headers, unknown.text, { status: 404, type: 'not_found_error' });
  });

  test('an unknown route under /v1/messages answers in Anthropic\'s shape without the version header too', async () => {
    const r = await fetched('/v1/messages/batches', { method: 'POST', body: '{}' });
    assertAnthropicError(r.status, r.headers, r.text, { status: 404, type: 'not_found_error' });
  });
});
