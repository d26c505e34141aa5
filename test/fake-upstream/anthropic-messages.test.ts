// Tests for the fake upstream's Anthropic Messages API, through the official @anthropic-ai/sdk client
// (and raw fetch where the wire itself is the point), so gateway tests can trust it.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import Anthropic, { APIError, AuthenticationError, BadRequestError, InternalServerError, NotFoundError, OverloadedError, RateLimitError } from '@anthropic-ai/sdk';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.js';
import { readSseFrames, typedPayloads } from './read-sse-events.js';

let upstream: FakeUpstream;
let client: Anthropic;
before(async () => {
  upstream = await startFakeUpstream();
  client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: upstream.origin, maxRetries: 0 });
});
after(() => upstream.close());
beforeEach(() => upstream.reset());

const ask = (text: string, model = 'claude-sonnet-4-5'): Anthropic.MessageCreateParamsNonStreaming => ({
  model,
  max_tokens: 1024,
  messages: [{ role: 'user', content: text }],
});
const TOOLS: Anthropic.Tool[] = [{ name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }];

function rawPost(path: string, body: unknown, headers: Record<string, string> = { 'anthropic-version': '2023-06-01' }): Promise<Response> {
  return fetch(`${upstream.origin}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
}

async function rejection(promise: Promise<unknown>): Promise<APIError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof APIError, `expected an APIError, got ${String(error)}`);
  return error;
}

test('messages.create echoes the last user turn as an Anthropic message', async () => {
  const { data: message, response } = await client.messages
    .create({
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      system: 'be brief',
      messages: [
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: [{ type: 'text', text: 'hello' }, { type: 'text', text: 'there' }] },
      ],
    })
    .withResponse();
  assert.match(message.id, /^msg_\w+$/);
  assert.match(response.headers.get('request-id') ?? '', /^req_/);
  assert.equal(message.type, 'message');
  assert.equal(message.role, 'assistant');
  assert.equal(message.model, 'claude-sonnet-4-5');
  assert.deepEqual(message.content, [{ type: 'text', text: 'Echo: hello there' }]);
  assert.equal(message.stop_reason, 'end_turn');
  assert.equal(message.stop_sequence, null);
  assert.equal(message.usage.output_tokens, Math.ceil('Echo: hello there'.length / 4));
  assert.equal(message.usage.cache_creation_input_tokens, 0);
  assert.equal(message.usage.cache_read_input_tokens, 0);
  assert.ok(message.usage.input_tokens > 0);
  const count = await client.messages.countTokens({ model: 'claude-sonnet-4-5', system: 'be brief', messages: [{ role: 'user', content: 'first' }, { role: 'assistant', content: 'ok' }, { role: 'user', content: 'hello there' }] });
  assert.equal(count.input_tokens, message.usage.input_tokens, 'count_tokens agrees with usage.input_tokens');
  assert.equal(upstream.callCountFor('/v1/messages'), 1);
  assert.equal(upstream.callCountFor('/v1/messages/count_tokens', 'claude-sonnet-4-5'), 1);
  assert.equal(upstream.callCount(), 0, 'callCount stays chat-only');
  const call = upstream.calls[0];
  // @anthropic-ai/sdk 1.x sends the API key as a Bearer token and its own API version.
  assert.equal(call?.authorization, 'Bearer sk-ant-test');
  assert.match(String(call?.headers['anthropic-version']), /^\d{4}-\d\d-\d\d$/);
  assert.equal(call?.query, '');
});

test('beta calls are accepted, with or without ?beta=true, and the query is recorded', async () => {
  const message = await client.beta.messages.create({ ...ask('beta'), betas: ['context-1m-2025-08-07'] });
  assert.deepEqual(message.content, [{ type: 'text', text: 'Echo: beta' }]);
  assert.equal(upstream.calls[0]?.headers['anthropic-beta'], 'context-1m-2025-08-07');
  const res = await rawPost('/v1/messages?beta=true', ask('older clients'));
  assert.equal(res.status, 200);
  assert.deepEqual(((await res.json()) as Anthropic.Message).content, [{ type: 'text', text: 'Echo: older clients' }]);
  assert.equal(upstream.calls[1]?.query, 'beta=true');
  assert.equal(upstream.callCountFor('/v1/messages'), 2);
});

test('a stream carries the real event sequence and adds up to the JSON answer', async () => {
  const res = await rawPost('/v1/messages', { ...ask('stream me please now'), stream: true });
  assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
  const events = typedPayloads((await readSseFrames(res)).frames);
  const types = events.map((e) => e.type);
  assert.deepEqual(types.slice(0, 3), ['message_start', 'content_block_start', 'ping']);
  assert.deepEqual(types.slice(-3), ['content_block_stop', 'message_delta', 'message_stop']);
  const deltas = events.filter((e) => e.type === 'content_block_delta').map((e) => e['delta'] as { type: string; text: string });
  assert.ok(deltas.length >= 4 && deltas.every((d) => d.type === 'text_delta'), 'text arrives in several text_delta pieces');
  assert.equal(deltas.map((d) => d.text).join(''), 'Echo: stream me please now');
  const start = events[0]?.['message'] as Anthropic.Message;
  assert.deepEqual(start.content, []);
  assert.equal(start.stop_reason, null);
  const delta = events.at(-2) as unknown as Anthropic.RawMessageDeltaEvent;
  assert.equal(delta.delta.stop_reason, 'end_turn');

  const final = await client.messages.stream(ask('stream me please now')).finalMessage();
  const json = await client.messages.create(ask('stream me please now'));
  assert.deepEqual(final.content, json.content);
  assert.equal(final.usage.output_tokens, json.usage.output_tokens);
  assert.equal(final.usage.input_tokens, json.usage.input_tokens);
  assert.equal(upstream.calls.filter((c) => c.stream).length, 2);
});

test('fake-tools answers with tool_use, streamed as input_json_delta, until a tool_result comes back', async () => {
  const request = { ...ask('weather in Paris?', 'fake-tools'), tools: TOOLS };
  const message = await client.messages.create(request);
  assert.equal(message.stop_reason, 'tool_use');
  const use = message.content[0];
  assert.ok(use?.type === 'tool_use');
  assert.match(use.id, /^toolu_/);
  assert.equal(use.name, 'get_weather');
  assert.deepEqual(use.input, { city: 'Paris' });

  const streamed = await client.messages.stream(request).finalMessage();
  const streamedUse = streamed.content[0];
  assert.ok(streamedUse?.type === 'tool_use');
  assert.deepEqual(streamedUse.input, { city: 'Paris' }, 'the SDK reassembles the input_json_delta pieces');
  assert.equal(streamed.stop_reason, 'tool_use');

  const followUp = await client.messages.create({
    ...request,
    messages: [
      ...request.messages,
      { role: 'assistant', content: [use] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'sunny, 21C' }] },
    ],
  });
  assert.deepEqual(followUp.content, [{ type: 'text', text: 'Echo: sunny, 21C' }], 'the tool result ends the loop');
  const none = await client.messages.create({ ...request, tool_choice: { type: 'none' } });
  assert.equal(none.stop_reason, 'end_turn');
  const otherModel = await client.messages.create({ ...request, model: 'claude-haiku-4-5' });
  assert.equal(otherModel.content[0]?.type, 'text', 'only fake-tools calls tools');
  const named = await client.messages.create({ ...request, tools: [...TOOLS, { name: 'get_time', input_schema: { type: 'object' } }], tool_choice: { type: 'tool', name: 'get_time' } });
  assert.equal(named.content[0]?.type === 'tool_use' && named.content[0].name, 'get_time');
});

test('thinking adds a signed thinking block first, streamed as thinking_delta and signature_delta', async () => {
  const request = { ...ask('think'), max_tokens: 2048, thinking: { type: 'enabled' as const, budget_tokens: 1024 } };
  const message = await client.messages.create(request);
  const [thinking, text] = message.content;
  assert.ok(thinking?.type === 'thinking');
  assert.ok(thinking.thinking.length > 0 && thinking.signature.length > 0);
  assert.deepEqual(text, { type: 'text', text: 'Echo: think' });
  const res = await rawPost('/v1/messages', { ...request, stream: true });
  const deltaTypes = typedPayloads((await readSseFrames(res)).frames)
    .filter((e) => e.type === 'content_block_delta')
    .map((e) => (e['delta'] as { type: string }).type);
  assert.deepEqual([...new Set(deltaTypes)], ['thinking_delta', 'signature_delta', 'text_delta']);
  const final = await client.messages.stream(request).finalMessage();
  assert.deepEqual(final.content, message.content);
  const omitted = await client.messages.create({ ...ask('quiet'), thinking: { type: 'adaptive', display: 'omitted' } });
  const hidden = omitted.content[0];
  assert.ok(hidden?.type === 'thinking', 'adaptive thinking thinks too');
  assert.equal(hidden.thinking, '', 'display omitted: no text, only the signature');
  assert.ok(hidden.signature.length > 0);
  const badBudget = await rejection(client.messages.create({ ...request, max_tokens: 1024 }));
  assert.ok(badBudget instanceof BadRequestError);
  assert.match(badBudget.message, /max_tokens/);
});

test('max_tokens and stop_sequences stop the echo like the model would', async () => {
  const short = await client.messages.create({ ...ask('a long sentence to cut short'), max_tokens: 2 });
  assert.equal(short.stop_reason, 'max_tokens');
  assert.deepEqual(short.content, [{ type: 'text', text: 'Echo: a ' }]);
  const stopped = await client.messages.create({ ...ask('one STOP two'), stop_sequences: ['STOP'] });
  assert.equal(stopped.stop_reason, 'stop_sequence');
  assert.equal(stopped.stop_sequence, 'STOP');
  assert.deepEqual(stopped.content, [{ type: 'text', text: 'Echo: one ' }]);
});

test('validation errors use Anthropic\'s shape', async () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }, 'model: Field required'],
    [{ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'x' }] }, 'max_tokens: Field required'],
    [{ model: 'claude-sonnet-4-5', max_tokens: 10 }, 'messages: Field required'],
    [{ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'tool', content: 'x' }] }, "messages.0.role: Input should be 'user', 'assistant' or 'system'"],
  ];
  for (const [body, message] of cases) {
    const res = await rawPost('/v1/messages', body);
    assert.equal(res.status, 400);
    const error = (await res.json()) as { type: string; error: { type: string; message: string }; request_id: string };
    assert.equal(error.type, 'error');
    assert.deepEqual(error.error, { type: 'invalid_request_error', message });
    assert.match(error.request_id, /^req_/);
  }
  const noVersion = await rawPost('/v1/messages', ask('x'), {});
  assert.equal(noVersion.status, 400);
  assert.match(((await noVersion.json()) as { error: { message: string } }).error.message, /anthropic-version/);
  const notJson = await fetch(`${upstream.origin}/v1/messages`, { method: 'POST', body: '{', headers: { 'anthropic-version': '2023-06-01' } });
  assert.equal(notJson.status, 400);
  assert.equal(((await notJson.json()) as { type: string }).type, 'error');
});

test('scripted failures come back as the SDK\'s error classes', async () => {
  const limited = await rejection(client.messages.create(ask('x', 'fake-429')));
  assert.ok(limited instanceof RateLimitError);
  assert.equal(limited.headers?.get('retry-after'), '1');
  assert.equal(limited.type, 'rate_limit_error');
  for (const model of ['fake-529', 'fake-503']) {
    const overloaded = await rejection(client.messages.create(ask('x', model)));
    assert.ok(overloaded instanceof OverloadedError, model);
    assert.equal(overloaded.status, 529);
    assert.equal(overloaded.type, 'overloaded_error');
  }
  const failed = await rejection(client.messages.create(ask('x', 'fake-500')));
  assert.ok(failed instanceof InternalServerError);
  assert.equal(failed.type, 'api_error');
  const tooLong = await rejection(client.messages.create(ask('x', 'fake-400')));
  assert.ok(tooLong instanceof BadRequestError);
  assert.match(tooLong.message, /prompt is too long/);
  for (const model of ['fake-missing-model', 'unknown-claude']) {
    const missing = await rejection(client.messages.create(ask('x', model)));
    assert.ok(missing instanceof NotFoundError);
    assert.equal(missing.type, 'not_found_error');
  }
  assert.ok((await rejection(client.messages.create(ask('a', 'fake-flaky')))) instanceof InternalServerError);
  assert.equal((await client.messages.create(ask('a', 'fake-flaky'))).content[0]?.type, 'text', 'the retry succeeds');
  assert.ok((await rejection(client.messages.create(ask('b', 'fake-429-once')))) instanceof RateLimitError);
  assert.equal((await client.messages.create(ask('b', 'fake-429-once'))).stop_reason, 'end_turn');
  const started = Date.now();
  await client.messages.create(ask('x', 'fake-slow-60'));
  assert.ok(Date.now() - started >= 55);
});

test('fake-error-midstream sends an overloaded_error event after a few deltas', async () => {
  const res = await rawPost('/v1/messages', { ...ask('one two three four', 'fake-error-midstream'), stream: true });
  const { frames, error } = await readSseFrames(res);
  assert.equal(error, undefined, 'the stream ends cleanly after the error event');
  const events = typedPayloads(frames);
  assert.equal(events.filter((e) => e.type === 'content_block_delta').length, 2);
  assert.deepEqual(events.at(-1)?.['error'], { type: 'overloaded_error', message: 'Overloaded' });
  const thrown = await rejection(client.messages.stream(ask('one two three four', 'fake-error-midstream')).finalMessage());
  assert.equal(thrown.type, 'overloaded_error');
  const plain = await client.messages.create(ask('one two', 'fake-error-midstream'));
  assert.deepEqual(plain.content, [{ type: 'text', text: 'Echo: one two' }], 'without streaming it answers, like the chat fake');
});

function rawPostTo(server: FakeUpstream, headers: Record<string, string>): Promise<Response> {
  const init = { method: 'POST', body: JSON.stringify(ask('x')), headers: { 'anthropic-version': '2023-06-01', ...headers } };
  return fetch(`${server.origin}/v1/messages`, init);
}

test('anthropicApiKey guards the Anthropic routes (x-api-key or Bearer); apiKey keeps guarding OpenAI ones', async () => {
  const secured = await startFakeUpstream({ anthropicApiKey: 'sk-ant-right', apiKey: 'sk-openai' });
  try {
    const clientWith = (apiKey: string): Anthropic => new Anthropic({ apiKey, baseURL: secured.origin, maxRetries: 0 });
    const wrong = await rejection(clientWith('sk-ant-wrong').messages.create(ask('x')));
    assert.ok(wrong instanceof AuthenticationError);
    assert.equal(wrong.type, 'authentication_error');
    assert.match(wrong.message, /invalid x-api-key/);
    const missing = await rawPostTo(secured, {});
    assert.equal(missing.status, 401);
    assert.deepEqual(((await missing.json()) as { error: unknown }).error, { type: 'authentication_error', message: 'x-api-key header is required' });
    assert.equal((await rawPostTo(secured, { 'x-api-key': 'sk-ant-wrong' })).status, 401);
    assert.equal((await rawPostTo(secured, { 'x-api-key': 'sk-ant-right' })).status, 200, 'x-api-key opens the route');
    assert.equal((await clientWith('sk-ant-right').messages.create(ask('x'))).stop_reason, 'end_turn', 'so does the SDK\'s Bearer key');
    const chat = await fetch(`${secured.url}/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }), headers: { 'x-api-key': 'sk-ant-right' } });
    assert.equal(chat.status, 401, 'an Anthropic key does not open OpenAI routes');
    assert.equal(((await chat.json()) as { error: { code: string | null } }).error.code, null);
  } finally {
    await secured.close();
  }
});

test('GET /v1/models answers in Anthropic\'s shape when asked with anthropic-version', async () => {
  const ids: string[] = [];
  for await (const model of client.models.list()) ids.push(model.id);
  for (const id of ['claude-sonnet-4-5', 'claude-haiku-4-5', 'claude-opus-4-1', 'fake-tools']) assert.ok(ids.includes(id), id);
  const page = await client.models.list({ limit: 2 });
  assert.equal(page.data.length, 2);
  assert.equal(page.has_more, true);
  assert.equal(page.last_id, page.data[1]?.id);
  const sonnet = await client.models.retrieve('claude-sonnet-4-5');
  assert.equal(sonnet.type, 'model');
  assert.equal(sonnet.display_name, 'Claude Sonnet 4.5');
  assert.match(sonnet.created_at, /^\d{4}-\d\d-\d\dT/);
  assert.ok((await rejection(client.models.retrieve('gpt-nope'))) instanceof NotFoundError);
  const openAIShape = (await (await fetch(`${upstream.url}/models`)).json()) as { object: string };
  assert.equal(openAIShape.object, 'list', 'without the header: OpenAI\'s shape');
});
