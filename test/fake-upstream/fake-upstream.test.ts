// Tests for the fake upstream's OpenAI chat, embeddings and models routes and its recording, through
// plain fetch, so the gateway's tests can trust it (Anthropic, Responses, completions: sibling files).
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.js';

interface ChatMessage { role: string; content: string | null; refusal: null; tool_calls?: ToolCall[] }
interface ToolCall { id: string; type: string; function: { name: string; arguments: string } }
interface Usage { prompt_tokens: number; completion_tokens: number; total_tokens: number }
interface Completion {
  id: string; object: string; created: number; model: string; system_fingerprint: string; usage: Usage;
  choices: { index: number; message: ChatMessage; logprobs: null; finish_reason: string }[];
}
interface ChunkToolCall { index: number; id?: string; type?: string; function: { name?: string; arguments: string } }
interface Chunk {
  id: string; object: string; created: number; model: string; usage?: Usage | null;
  choices: { index: number; delta: { role?: string; content?: string | null; tool_calls?: ChunkToolCall[] }; finish_reason: string | null }[];
}
interface ErrorBody { error: { message: string; type: string; param: string | null; code: string | null } }

let upstream: FakeUpstream;
before(async () => { upstream = await startFakeUpstream(); });
after(() => upstream.close());
beforeEach(() => upstream.reset());

function post(path: string, body: unknown, init: { headers?: Record<string, string>; signal?: AbortSignal; base?: string } = {}): Promise<Response> {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  const headers = { 'content-type': 'application/json', ...init.headers };
  return fetch(`${init.base ?? upstream.url}${path}`, { method: 'POST', body: payload, headers, signal: init.signal ?? null });
}
const chat = (body: Record<string, unknown>): Promise<Response> => post('/chat/completions', body);
/** Status of a chat call, with the body drained so the keep-alive connection is reused. */
async function statusOf(body: Record<string, unknown>): Promise<number> {
  const res = await chat(body);
  await res.arrayBuffer();
  return res.status;
}
const userMessage = (content: unknown): { role: string; content: unknown }[] => [{ role: 'user', content }];

/** Reads an SSE body line by line; returns the `data:` payloads and the error that ended it, if any. */
async function readSse(res: Response): Promise<{ data: string[]; error?: unknown }> {
  assert.ok(res.body);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  const data: string[] = [];
  let buffer = '';
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      buffer += read.value;
      for (let nl = buffer.indexOf('\n'); nl !== -1; nl = buffer.indexOf('\n')) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.startsWith('data: ')) data.push(line.slice('data: '.length));
        else assert.equal(line, '', 'only data lines and blank separators are expected');
      }
    }
  } catch (error) {
    return { data, error };
  }
  assert.equal(buffer, '', 'stream must end on a line boundary');
  return { data };
}

async function expectError(res: Response, status: number, type: string, code: string | null): Promise<ErrorBody> {
  assert.equal(res.status, status);
  const body = (await res.json()) as ErrorBody;
  assert.equal(body.error.type, type);
  assert.equal(body.error.code, code);
  assert.equal(typeof body.error.message, 'string');
  assert.ok('param' in body.error);
  return body;
}

async function waitFor(condition: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('non-streaming completion echoes the last user message in the OpenAI shape', async () => {
  const messages = [{ role: 'system', content: 'be nice' }, { role: 'user', content: 'first' }, { role: 'assistant', content: 'x' }, { role: 'user', content: 'hello there' }];
  const res = await chat({ model: 'gpt-4o', messages });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /application\/json/);
  const body = (await res.json()) as Completion;
  assert.match(body.id, /^chatcmpl-\w+$/);
  assert.equal(body.object, 'chat.completion');
  assert.equal(body.model, 'gpt-4o');
  assert.ok(Number.isInteger(body.created) && typeof body.system_fingerprint === 'string');
  assert.deepEqual(body.choices, [{ index: 0, message: { role: 'assistant', content: 'Echo: hello there', refusal: null }, logprobs: null, finish_reason: 'stop' }]);
  assert.equal(body.usage.completion_tokens, Math.ceil('Echo: hello there'.length / 4));
  assert.equal(body.usage.total_tokens, body.usage.prompt_tokens + body.usage.completion_tokens);
  const again = (await (await chat({ model: 'gpt-4o', messages })).json()) as Completion;
  assert.notEqual(again.id, body.id, 'ids are unique');
});

test('content parts are joined, n choices are returned', async () => {
  const parts = [{ type: 'text', text: 'look at' }, { type: 'image_url', image_url: { url: 'data:,' } }, { type: 'text', text: 'this' }];
  const body = (await (await chat({ model: 'gpt-4o-mini', messages: userMessage(parts), n: 3 })).json()) as Completion;
  assert.deepEqual(body.choices.map((c) => c.index), [0, 1, 2]);
  for (const choice of body.choices) assert.equal(choice.message.content, 'Echo: look at this');
});

test('streaming sends role, word chunks, finish, usage and [DONE]', async () => {
  const messages = userMessage('stream me  please now');
  const res = await chat({ model: 'gpt-4o', messages, stream: true, stream_options: { include_usage: true } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
  const { data, error } = await readSse(res);
  assert.equal(error, undefined);
  assert.equal(data.at(-1), '[DONE]');
  const chunks = data.slice(0, -1).map((d) => JSON.parse(d) as Chunk);
  const first = chunks[0];
  assert.ok(first);
  for (const c of chunks) {
    assert.equal(c.id, first.id);
    assert.equal(c.object, 'chat.completion.chunk');
    assert.equal(c.created, first.created);
    assert.equal(c.model, 'gpt-4o');
  }
  assert.deepEqual(first.choices[0]?.delta, { role: 'assistant', content: '', refusal: null });
  const usageChunk = chunks.at(-1);
  assert.deepEqual(usageChunk?.choices, []);
  const finish = chunks.at(-2)?.choices[0];
  assert.deepEqual(finish?.delta, {});
  assert.equal(finish?.finish_reason, 'stop');
  const pieces = chunks.slice(1, -2).map((c) => c.choices[0]?.delta.content ?? '');
  assert.ok(pieces.length >= 4, 'one chunk per word');
  const plain = (await (await chat({ model: 'gpt-4o', messages })).json()) as Completion;
  assert.equal(pieces.join(''), plain.choices[0]?.message.content);
  assert.deepEqual(usageChunk?.usage?.completion_tokens, plain.usage.completion_tokens);
});

test('streaming without include_usage has no usage chunk', async () => {
  const { data } = await readSse(await chat({ model: 'gpt-4o', messages: userMessage('hi'), stream: true }));
  const chunks = data.slice(0, -1).map((d) => JSON.parse(d) as Chunk);
  assert.equal(chunks.at(-1)?.choices[0]?.finish_reason, 'stop');
  assert.ok(chunks.every((c) => !('usage' in c)));
});

test('validation errors look like OpenAI', async () => {
  const noModel = await expectError(await chat({ messages: userMessage('x') }), 400, 'invalid_request_error', null);
  assert.equal(noModel.error.param, 'model');
  const noMessages = await expectError(await chat({ model: 'gpt-4o', messages: [] }), 400, 'invalid_request_error', null);
  assert.equal(noMessages.error.param, 'messages');
  await expectError(await post('/chat/completions', '{"model":'), 400, 'invalid_request_error', null);
  await expectError(await chat({ model: 'gpt-4o', messages: userMessage('x'), stream_options: { include_usage: true } }), 400, 'invalid_request_error', null);
  await expectError(await fetch(`${upstream.url}/nope`), 404, 'invalid_request_error', null);
});

test('api key is enforced when configured', async () => {
  const secured = await startFakeUpstream({ apiKey: 'sk-test' });
  try {
    const body = { model: 'gpt-4o', messages: userMessage('x') };
    await expectError(await post('/chat/completions', body, { base: secured.url }), 401, 'invalid_request_error', null);
    await expectError(await post('/chat/completions', body, { base: secured.url, headers: { authorization: 'Bearer nope' } }), 401, 'invalid_request_error', 'invalid_api_key');
    const ok = await post('/chat/completions', body, { base: secured.url, headers: { authorization: 'Bearer sk-test' } });
    assert.equal(ok.status, 200);
    await ok.arrayBuffer();
    assert.equal(secured.calls[2]?.authorization, 'Bearer sk-test');
  } finally {
    await secured.close();
  }
});

test('calls are recorded; callCount and reset work', async () => {
  await (await chat({ model: 'gpt-4o', messages: userMessage('a'), stream: true })).text();
  await (await chat({ model: 'gpt-4o-mini', messages: userMessage('b') })).text();
  await (await fetch(`${upstream.url}/models`)).text();
  assert.equal(upstream.callCount(), 2);
  assert.equal(upstream.callCount('gpt-4o'), 1);
  const { headers, ...first } = upstream.calls[0] ?? { headers: {} };
  assert.deepEqual(first, {
    path: '/v1/chat/completions', query: '', model: 'gpt-4o', stream: true, body: { model: 'gpt-4o', messages: userMessage('a'), stream: true }, aborted: false,
  });
  assert.equal(headers['content-type'], 'application/json');
  assert.ok(typeof headers.host === 'string', 'every header is kept, lowercased');
  assert.equal(upstream.calls[2]?.path, '/v1/models');
  upstream.reset();
  assert.equal(upstream.calls.length, 0);
});

test('recordCalls: false keeps nothing', async () => {
  const quiet = await startFakeUpstream({ recordCalls: false });
  try {
    assert.equal((await post('/chat/completions', { model: 'gpt-4o', messages: userMessage('x') }, { base: quiet.url })).status, 200);
    assert.equal(quiet.calls.length, 0);
  } finally {
    await quiet.close();
  }
});

test('latencyMs delays every response', async () => {
  const delayed = await startFakeUpstream({ latencyMs: 120 });
  try {
    const started = Date.now();
    await (await fetch(`${delayed.url}/models`)).text();
    assert.ok(Date.now() - started >= 110);
  } finally {
    await delayed.close();
  }
});

test('fake-slow and fake-slow-<ms> wait before answering, streaming too', async () => {
  let started = Date.now();
  await (await chat({ model: 'fake-slow', messages: userMessage('x') })).json();
  assert.ok(Date.now() - started >= 290);
  started = Date.now();
  const res = await chat({ model: 'fake-slow-80', messages: userMessage('x'), stream: true });
  assert.ok(Date.now() - started >= 75, 'headers come after the delay');
  assert.equal((await readSse(res)).data.at(-1), '[DONE]');
});

test('fake-hang never answers and records the client abort', { timeout: 5000 }, async () => {
  const controller = new AbortController();
  // A second hung request that stays open shows that only the aborted one gets flagged;
  // after() closing the server ends it.
  chat({ model: 'fake-hang', messages: userMessage('x') }).catch(() => undefined);
  const hung = post('/chat/completions', { model: 'fake-hang', messages: userMessage('y') }, { signal: controller.signal });
  await waitFor(() => upstream.calls.length === 2);
  controller.abort();
  await assert.rejects(hung);
  await waitFor(() => upstream.calls.some((c) => c.aborted));
  assert.equal(upstream.calls.filter((c) => c.aborted).length, 1, 'only the aborted request is marked');
});

test('close() ends hung requests instead of hanging', { timeout: 5000 }, async () => {
  const own = await startFakeUpstream();
  const hung = post('/chat/completions', { model: 'fake-hang', messages: userMessage('x') }, { base: own.url });
  await waitFor(() => own.calls.length === 1);
  await own.close();
  await assert.rejects(hung);
});

test('fake-flaky fails the first attempt per distinct body, fake-flaky-2 the first two', async () => {
  const a = { model: 'fake-flaky', messages: userMessage('a') };
  const err = await expectError(await chat(a), 500, 'server_error', null);
  assert.equal(err.error.message, 'The server had an error while processing your request.');
  assert.equal(await statusOf(a), 200);
  assert.equal(await statusOf({ ...a, messages: userMessage('b') }), 500, 'a different body fails again');
  const b = { model: 'fake-flaky-2', messages: userMessage('a') };
  assert.deepEqual([await statusOf(b), await statusOf(b), await statusOf(b)], [500, 500, 200]);
  upstream.reset();
  assert.deepEqual([await statusOf(b), await statusOf(b), await statusOf(b)], [500, 500, 200], 'reset() forgets attempts');
});

test('fake-429 always limits; fake-429-once limits once per body', async () => {
  const limited = await chat({ model: 'fake-429', messages: userMessage('x') });
  assert.equal(limited.headers.get('retry-after'), '1');
  await expectError(limited, 429, 'requests', 'rate_limit_exceeded');
  const once = { model: 'fake-429-once', messages: userMessage('x') };
  const first = await chat(once);
  assert.equal(first.headers.get('retry-after'), '0');
  await expectError(first, 429, 'requests', 'rate_limit_exceeded');
  assert.equal(await statusOf(once), 200);
});

test('fake-500, fake-503, fake-400 and unknown models fail like OpenAI', async () => {
  await expectError(await chat({ model: 'fake-500', messages: userMessage('x') }), 500, 'server_error', null);
  await expectError(await chat({ model: 'fake-503', messages: userMessage('x'), stream: true }), 503, 'server_error', null);
  const tooLong = await expectError(await chat({ model: 'fake-400', messages: userMessage('x') }), 400, 'invalid_request_error', 'context_length_exceeded');
  assert.equal(tooLong.error.message, "This model's maximum context length is 10 tokens.");
  assert.equal(tooLong.error.param, 'messages');
  for (const model of ['fake-missing-model', 'unknown-llm']) {
    const missing = await expectError(await chat({ model, messages: userMessage('x') }), 404, 'invalid_request_error', 'model_not_found');
    assert.equal(missing.error.message, `The model \`${model}\` does not exist or you do not have access to it.`);
  }
});

test('fake-error-midstream breaks the stream after two content chunks', async () => {
  const messages = userMessage('one two three four');
  const plain = (await (await chat({ model: 'fake-error-midstream', messages })).json()) as Completion;
  assert.equal(plain.choices[0]?.message.content, 'Echo: one two three four');
  const { data, error } = await readSse(await chat({ model: 'fake-error-midstream', messages, stream: true }));
  assert.ok(error, 'the body read fails');
  assert.equal(data.length, 3);
  assert.ok(!data.includes('[DONE]'));
  await waitFor(() => upstream.calls.length === 2);
  assert.equal(upstream.calls[1]?.aborted, false, 'a server-side break is not a client abort');
});

test('fake-tools answers with a tool call when tools are offered', async () => {
  const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }];
  const messages = userMessage('weather?');
  const body = (await (await chat({ model: 'fake-tools', messages, tools })).json()) as Completion;
  const choice = body.choices[0];
  assert.equal(choice?.finish_reason, 'tool_calls');
  assert.equal(choice?.message.content, null);
  const call = choice?.message.tool_calls?.[0];
  assert.match(call?.id ?? '', /^call_\w+$/);
  assert.deepEqual(call?.function, { name: 'get_weather', arguments: '{"city":"Paris"}' });
  assert.equal(call?.type, 'function');
  const plain = (await (await chat({ model: 'fake-tools', messages })).json()) as Completion;
  assert.equal(plain.choices[0]?.message.content, 'Echo: weather?', 'no tools, normal answer');
});

test('fake-tools streams tool-call deltas like OpenAI', async () => {
  const tools = [{ type: 'function', function: { name: 'get_weather' } }];
  const { data } = await readSse(await chat({ model: 'fake-tools', messages: userMessage('w'), tools, stream: true }));
  assert.equal(data.at(-1), '[DONE]');
  const chunks = data.slice(0, -1).map((d) => JSON.parse(d) as Chunk);
  const deltas = chunks.map((c) => c.choices[0]?.delta.tool_calls?.[0]).filter((d) => d !== undefined);
  const head = deltas[0];
  assert.equal(head?.index, 0);
  assert.match(head?.id ?? '', /^call_/);
  assert.equal(head?.type, 'function');
  assert.equal(head?.function.name, 'get_weather');
  const argumentChunks = deltas.slice(1);
  assert.ok(argumentChunks.length >= 2);
  assert.ok(argumentChunks.every((d) => d.index === 0 && d.id === undefined));
  assert.equal(deltas.map((d) => d.function.arguments).join(''), '{"city":"Paris"}');
  assert.equal(chunks.at(-1)?.choices[0]?.finish_reason, 'tool_calls');
});

test('fake-tools stops calling tools once the conversation ends with a tool result', async () => {
  const tools = [{ type: 'function', function: { name: 'get_weather' } }];
  const call = { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } };
  const messages = [{ role: 'user', content: 'weather?' }, { role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', tool_call_id: 'call_1', content: 'sunny' }];
  const body = (await (await chat({ model: 'fake-tools', messages, tools })).json()) as Completion;
  assert.equal(body.choices[0]?.finish_reason, 'stop');
  assert.equal(body.choices[0]?.message.content, 'Echo: weather?');
});

test('the query string is recorded and callCountFor counts any path', async () => {
  await (await fetch(`${upstream.url}/models?limit=2&after=x`)).text();
  await (await chat({ model: 'gpt-4o', messages: userMessage('a') })).text();
  assert.equal(upstream.calls[0]?.query, 'limit=2&after=x');
  assert.equal(upstream.calls[1]?.query, '');
  assert.equal(upstream.callCountFor('/v1/models'), 1);
  assert.equal(upstream.callCountFor('/v1/chat/completions', 'gpt-4o'), 1);
  assert.equal(upstream.callCountFor('/v1/chat/completions', 'gpt-4o-mini'), 0);
});

test('GET /v1/models lists real and fake models', async () => {
  const body = (await (await fetch(`${upstream.url}/models`)).json()) as { object: string; data: { id: string; object: string; owned_by: string }[] };
  assert.equal(body.object, 'list');
  const ids = body.data.map((m) => m.id);
  for (const id of ['gpt-4o', 'gpt-4o-mini', 'text-embedding-3-small', 'fake-slow', 'fake-hang', 'fake-tools']) assert.ok(ids.includes(id), id);
  assert.ok(body.data.every((m) => m.object === 'model' && m.owned_by === 'fake'));
});

interface EmbeddingList<T> { object: string; model: string; data: { object: string; index: number; embedding: T }[]; usage: { prompt_tokens: number; total_tokens: number } }

async function embed<T>(body: Record<string, unknown>): Promise<EmbeddingList<T>> {
  const res = await post('/embeddings', { model: 'text-embedding-3-small', ...body });
  assert.equal(res.status, 200);
  return (await res.json()) as EmbeddingList<T>;
}

test('embeddings are deterministic unit vectors, float or base64', async () => {
  const single = await embed<number[]>({ input: 'hello' });
  assert.equal(single.object, 'list');
  assert.equal(single.model, 'text-embedding-3-small');
  assert.ok(single.usage.prompt_tokens > 0);
  const vector = single.data[0]?.embedding ?? [];
  assert.equal(vector.length, 64);
  assert.ok(Math.abs(Math.hypot(...vector) - 1) < 1e-5);
  const batch = await embed<number[]>({ input: ['hello', 'world'], dimensions: 8 });
  assert.deepEqual(batch.data.map((d) => [d.object, d.index, d.embedding.length]), [['embedding', 0, 8], ['embedding', 1, 8]]);
  assert.notDeepEqual(batch.data[0]?.embedding, batch.data[1]?.embedding);
  assert.deepEqual((await embed<number[]>({ input: 'hello' })).data[0]?.embedding, vector);
  const encoded = await embed<string>({ input: 'hello', encoding_format: 'base64' });
  const bytes = Buffer.from(encoded.data[0]?.embedding ?? '', 'base64');
  const decoded = Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readFloatLE(i * 4));
  assert.deepEqual(decoded, vector);
  await expectError(await post('/embeddings', { model: 'text-embedding-3-small' }), 400, 'invalid_request_error', null);
  await expectError(await post('/embeddings', { model: 'unknown-embedder', input: 'x' }), 404, 'invalid_request_error', 'model_not_found');
  assert.equal(upstream.callCount(), 0, 'callCount counts chat completions only');
});
