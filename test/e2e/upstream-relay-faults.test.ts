// What the client gets when an upstream misbehaves on the routes that send its answer on as it is:
// passthrough (x-synapse-passthrough) on every completion API, and the raw relays (embeddings,
// count_tokens, the forwarded /v1/responses/... routes). An upstream 5xx, an HTML page in place
// of JSON, or a 200 that is not JSON is a 502 proxy_error in the SPEC shape (Anthropic's on the
// Messages routes) with the upstream's status in `upstream_status`; a stream that breaks off ends
// with the API's error event, which the official SDKs raise as an error.
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

type Json = Record<string, any>;

const HTML_PAGE = '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';

/**
 * An upstream that fails the way proxies and overloaded servers do, by model name or path:
 * `html-NNN` answers status NNN with an nginx HTML page, `cut` streams two events and drops the
 * connection, `ok` answers properly.
 */
function hostileHandler(req: IncomingMessage, res: ServerResponse, body: Json): void {
  const path = (req.url ?? '/').split('?')[0]!;
  const target = typeof body.model === 'string' ? body.model : path.split('/').pop()!;
  const html = /^(?:resp_)?html-(\d{3})$/.exec(target);
  if (html) {
    res.writeHead(Number(html[1]), { 'content-type': 'text/html' }).end(HTML_PAGE);
  } else if (target === 'html-page-200') {
    res.writeHead(200, { 'content-type': 'text/html' }).end(HTML_PAGE);
  } else if (target === 'garbage-200') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"data": [');
  } else if (target === 'cut' || target === 'resp_cut' || target === 'resp_ok') {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const events = streamOf(path, target === 'resp_ok');
    for (const event of events) res.write(event);
    if (target === 'resp_ok') res.end();
    else setTimeout(() => res.destroy(), 20);
  } else {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data: [{ object: 'embedding', index: 0, embedding: [0.1] }], input_tokens: 3 }));
  }
}

function streamOf(path: string, complete: boolean): string[] {
  if (path.endsWith('/messages')) {
    return [
      `event: message_start\ndata: ${JSON.stringify({ type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'cut', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 1, output_tokens: 1 } } })}\n\n`,
      `event: content_block_start\ndata: ${JSON.stringify({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } })}\n\n`,
      `event: content_block_delta\ndata: ${JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Half an ' } })}\n\n`,
    ];
  }
  if (path.startsWith('/v1/responses')) {
    const response = { id: 'resp_1', object: 'response', created_at: 0, status: 'in_progress', model: 'cut', output: [], error: null, incomplete_details: null };
    const events = [
      `event: response.created\ndata: ${JSON.stringify({ type: 'response.created', sequence_number: 0, response })}\n\n`,
      `event: response.output_text.delta\ndata: ${JSON.stringify({ type: 'response.output_text.delta', sequence_number: 1, item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'Half an ' })}\n\n`,
    ];
    if (complete) {
      const done = { ...response, status: 'completed', output: [{ type: 'message', id: 'msg_1', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Half an answer', annotations: [] }] }] };
      events.push(`event: response.completed\ndata: ${JSON.stringify({ type: 'response.completed', sequence_number: 2, response: done })}\n\n`);
    }
    return events;
  }
  const chunk = (delta: Json) => `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 0, model: 'cut', choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`;
  return [chunk({ role: 'assistant', content: '' }), chunk({ content: 'Half an ' })];
}

let upstream: Server;
let gw: TestGateway;
let origin: string;
/** The raw request target of every call the upstream received. */
const seenPaths: string[] = [];

before(async () => {
  upstream = createServer((req, res) => {
    seenPaths.push(req.url ?? '');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: Json = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Json;
      } catch {
        // not JSON: answered by path
      }
      hostileHandler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  gw = await startTestGateway({
    env: { OPENAI_BASE_URL: `${origin}/v1`, ANTHROPIC_BASE_URL: origin, ANTHROPIC_API_KEY: 'sk-ant-test', SYNAPSE_UPSTREAM_MAX_RETRIES: '0' },
  });
});
after(async () => {
  await gw.close();
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
});

/** A request whose path goes out exactly as written. */
function rawRequest(method: string, path: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers = { authorization: `Bearer ${gw.adminKey}`, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
    const outgoing = httpRequest({ host: '127.0.0.1', port: Number(new URL(gw.url).port), method, path, headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

const PASSTHROUGH = { 'x-synapse-passthrough': 'true' };
const ANTHROPIC = { 'anthropic-version': '2023-06-01' };

/** A 502 proxy_error in the SPEC shape that names the upstream's status and shows none of its page. */
async function assertProxyError(response: Response, upstreamStatus: number): Promise<Json> {
  const text = await response.text();
  assert.equal(response.status, 502, text);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  assert.ok(response.headers.get('x-request-id'));
  assert.ok(!/<html|nginx/i.test(text), `no upstream page in ${text}`);
  const body = JSON.parse(text) as Json;
  assert.equal(body.error.type, 'proxy_error');
  assert.equal(body.error.code, 'upstream_failed');
  assert.equal(body.error.upstream_status, upstreamStatus);
  return body;
}

describe('passthrough', () => {
  test('chat: an upstream 502 HTML page is a 502 proxy_error naming the upstream status', async () => {
    const response = await gw.request('/v1/chat/completions', { body: { model: 'html-502', messages: [{ role: 'user', content: 'hi' }] }, headers: PASSTHROUGH });
    await assertProxyError(response, 502);
  });

  test('Messages: an upstream 503 HTML page is api_error in Anthropic\'s shape with the upstream status', async () => {
    const response = await gw.request('/v1/messages', {
      body: { model: 'html-503', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] },
      headers: { ...PASSTHROUGH, ...ANTHROPIC },
    });
    const text = await response.text();
    assert.equal(response.status, 502, text);
    assert.ok(!/<html/i.test(text));
    const body = JSON.parse(text) as Json;
    assert.equal(body.type, 'error');
    assert.equal(body.error.type, 'api_error');
    assert.equal(body.error.upstream_status, 503);
  });

  test('chat: a stream cut off midway ends with an error event the OpenAI SDK raises', async () => {
    const client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: gw.adminKey, maxRetries: 0, defaultHeaders: PASSTHROUGH });
    const stream = await client.chat.completions.create({ model: 'cut', messages: [{ role: 'user', content: 'hi' }], stream: true });
    let text = '';
    await assert.rejects(async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    }, OpenAI.APIError);
    assert.equal(text, 'Half an ');
  });

  test('Messages: a stream cut off midway ends with an error event the Anthropic SDK raises', async () => {
    const client = new Anthropic({ baseURL: gw.url, apiKey: gw.adminKey, maxRetries: 0, defaultHeaders: PASSTHROUGH });
    const stream = client.messages.stream({ model: 'cut', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    await assert.rejects(stream.finalMessage(), Anthropic.APIError);
  });

  test('Responses: a stream cut off midway ends with an error event', async () => {
    const response = await gw.request('/v1/responses', { body: { model: 'cut', input: 'hi', stream: true }, headers: PASSTHROUGH });
    const text = await response.text();
    assert.equal(response.status, 200);
    assert.match(text, /event: response\.output_text\.delta/);
    assert.match(text, /event: error\ndata: \{"type":"error","code":"upstream_failed"/);
  });
});

describe('raw relays', () => {
  test('embeddings: an upstream 503 HTML page is a 502 proxy_error, upstream_status 503', async () => {
    await assertProxyError(await gw.request('/v1/embeddings', { body: { model: 'html-503', input: 'x' } }), 503);
  });

  test('embeddings: a 200 HTML page or a 200 that is not JSON is a 502, never relayed', async () => {
    await assertProxyError(await gw.request('/v1/embeddings', { body: { model: 'html-page-200', input: 'x' } }), 200);
    await assertProxyError(await gw.request('/v1/embeddings', { body: { model: 'garbage-200', input: 'x' } }), 200);
    const fine = await gw.request('/v1/embeddings', { body: { model: 'ok', input: 'x' } });
    assert.equal(fine.status, 200);
    assert.deepEqual(((await fine.json()) as Json).data[0].embedding, [0.1]);
  });

  test('count_tokens: an upstream 500 HTML page is api_error in Anthropic\'s shape', async () => {
    const response = await gw.request('/v1/messages/count_tokens', { body: { model: 'html-500', messages: [{ role: 'user', content: 'hi' }] }, headers: ANTHROPIC });
    const text = await response.text();
    assert.equal(response.status, 502, text);
    assert.ok(!/<html/i.test(text));
    const body = JSON.parse(text) as Json;
    assert.equal(body.error.type, 'api_error');
    assert.equal(body.error.upstream_status, 500);
  });

  test('GET /v1/responses/{id}: an upstream 502 HTML page is a 502 proxy_error', async () => {
    await assertProxyError(await gw.request('/v1/responses/resp_html-502'), 502);
  });

  test('GET /v1/responses/{id}?stream=true: a stream cut off midway ends with an error event; a whole one passes unchanged', async () => {
    const cut = await gw.request('/v1/responses/resp_cut?stream=true');
    const cutText = await cut.text();
    assert.equal(cut.status, 200);
    assert.match(cutText, /event: response\.output_text\.delta/);
    assert.match(cutText, /event: error\ndata: \{"type":"error","code":"upstream_failed"[^\n]*"sequence_number":2\}/);
    const whole = await gw.request('/v1/responses/resp_ok?stream=true');
    const wholeText = await whole.text();
    assert.equal(whole.status, 200);
    assert.deepEqual(wholeText, streamOf('/v1/responses/resp_ok', true).join(''));
  });
});

describe('forwarded /v1/responses/... paths', () => {
  test('an id of any characters reaches the upstream percent-encoded, not as a 502', async () => {
    const response = await gw.request(`/v1/responses/${encodeURIComponent('résumé 漢字')}/input_items?limit=2`);
    assert.equal(response.status, 200, await response.text());
    assert.equal(seenPaths.at(-1), `/v1/responses/${encodeURIComponent('résumé 漢字')}/input_items?limit=2`);
  });

  test("'.' and '..' segments are refused: they would climb out of /responses upstream", async () => {
    const before = seenPaths.length;
    // Sent with node:http: fetch would resolve the dot segments itself.
    for (const path of ['/v1/responses/../chat/completions', '/v1/responses/x/%2e%2e/%2E%2E/files', '/v1/responses/./x', '/v1/responses/..']) {
      const { status, text } = await rawRequest('POST', path, '{}');
      assert.equal(status, 400, `${path}: ${text}`);
      assert.equal((JSON.parse(text) as Json).error.type, 'validation_error');
    }
    assert.equal(seenPaths.length, before, 'nothing reached the upstream');
  });
});
