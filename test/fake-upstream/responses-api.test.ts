// Tests for the fake upstream's OpenAI Responses API, through the official `openai` client (and raw
// fetch where the wire itself is the point), so gateway tests can trust it.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import OpenAI, { APIError, BadRequestError, InternalServerError, NotFoundError, RateLimitError } from 'openai';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.js';
import { readSseFrames, typedPayloads } from './read-sse-events.js';

let upstream: FakeUpstream;
let client: OpenAI;
before(async () => {
  upstream = await startFakeUpstream();
  client = new OpenAI({ apiKey: 'sk-test', baseURL: upstream.url, maxRetries: 0 });
});
after(() => upstream.close());
beforeEach(() => upstream.reset());

const TOOLS: OpenAI.Responses.FunctionTool[] = [{ type: 'function', name: 'get_weather', parameters: { type: 'object' }, strict: false }];

function rawPost(path: string, body: unknown): Promise<Response> {
  return fetch(`${upstream.url}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
}

async function rejection(promise: Promise<unknown>): Promise<APIError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof APIError, `expected an APIError, got ${String(error)}`);
  return error;
}

async function streamEvents(body: Record<string, unknown>): Promise<({ type: string } & Record<string, unknown>)[]> {
  const res = await rawPost('/responses', { ...body, stream: true });
  assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
  const { frames, error } = await readSseFrames(res);
  assert.equal(error, undefined);
  assert.ok(frames.every((f) => f.data !== '[DONE]'), 'Responses streams have no [DONE]');
  const events = typedPayloads(frames);
  assert.deepEqual(events.map((e) => e['sequence_number']), events.map((_, i) => i), 'sequence_number counts from 0');
  return events;
}

test('responses.create echoes the last user input in the real response shape', async () => {
  const response = await client.responses.create({ model: 'gpt-4o', input: 'hello there', instructions: 'be brief', temperature: 0.2 });
  assert.equal(response.output_text, 'Echo: hello there', 'the SDK derives output_text');
  assert.match(response.id, /^resp_\w+$/);
  assert.equal(response.object, 'response');
  assert.equal(response.status, 'completed');
  assert.equal(response.instructions, 'be brief');
  assert.equal(response.temperature, 0.2);
  assert.equal((response as unknown as { store: boolean }).store, true, 'the wire has store, though the SDK type leaves it out');
  assert.deepEqual(response.output, [
    { id: response.output[0]?.id, type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Echo: hello there', annotations: [], logprobs: [] }] },
  ]);
  assert.match(response.output[0]?.id ?? '', /^msg_/);
  const usage = response.usage;
  assert.ok(usage);
  assert.equal(usage.output_tokens, Math.ceil('Echo: hello there'.length / 4));
  assert.equal(usage.total_tokens, usage.input_tokens + usage.output_tokens);
  assert.deepEqual(usage.input_tokens_details, { cached_tokens: 0 });
  assert.deepEqual(usage.output_tokens_details, { reasoning_tokens: 0 });

  const raw = (await (await rawPost('/responses', { model: 'gpt-4o', input: [{ role: 'user', content: 'first' }, { role: 'assistant', content: 'ok' }, { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'second' }] }] })).json()) as Record<string, unknown>;
  assert.ok(!('output_text' in raw), 'output_text is an SDK convenience, not a wire field');
  assert.equal(((raw['output'] as OpenAI.Responses.ResponseOutputMessage[])[0]?.content[0] as OpenAI.Responses.ResponseOutputText).text, 'Echo: second');
  assert.equal(upstream.callCountFor('/v1/responses'), 2);
  assert.equal(upstream.callCountFor('/v1/responses', 'gpt-4o'), 2);
  assert.equal(upstream.callCount(), 0);
});

test('a stream carries the real event sequence and ends with the full response', async () => {
  const events = await streamEvents({ model: 'gpt-4o', input: 'stream me please now' });
  const types = events.map((e) => e.type);
  assert.deepEqual(types.slice(0, 4), ['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
  assert.deepEqual(types.slice(-4), ['response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed']);
  const deltas = events.filter((e) => e.type === 'response.output_text.delta');
  assert.ok(deltas.length >= 4);
  assert.equal(deltas.map((d) => d['delta']).join(''), 'Echo: stream me please now');
  assert.ok(deltas.every((d) => typeof d['obfuscation'] === 'string'), 'deltas are padded like the real API by default');
  const created = events[0]?.['response'] as OpenAI.Responses.Response;
  assert.equal(created.status, 'in_progress');
  assert.deepEqual(created.output, []);
  const completed = events.at(-1)?.['response'] as OpenAI.Responses.Response;
  assert.equal(completed.id, created.id);
  assert.equal(completed.status, 'completed');
  assert.deepEqual(await client.responses.retrieve(completed.id), { ...completed, output_text: 'Echo: stream me please now' });
  const plain = await streamEvents({ model: 'gpt-4o', input: 'x', stream_options: { include_obfuscation: false } });
  assert.ok(plain.every((e) => !('obfuscation' in e)));

  const final = await client.responses.stream({ model: 'gpt-4o', input: 'via the helper' }).finalResponse();
  assert.equal(final.output_text, 'Echo: via the helper');
  const seen: string[] = [];
  for await (const event of await client.responses.create({ model: 'gpt-4o', input: 'iterate', stream: true })) seen.push(event.type);
  assert.equal(seen.at(-1), 'response.completed');
});

test('fake-tools answers with a function_call, streamed as argument deltas, until its output comes back', async () => {
  const response = await client.responses.create({ model: 'fake-tools', input: 'weather?', tools: TOOLS });
  const call = response.output[0];
  assert.ok(call?.type === 'function_call');
  assert.match(call.id ?? '', /^fc_/);
  assert.match(call.call_id, /^call_/);
  assert.equal(call.name, 'get_weather');
  assert.equal(call.arguments, '{"city":"Paris"}');
  assert.equal(call.status, 'completed');
  assert.equal(response.tools[0]?.type === 'function' && response.tools[0].strict, false, 'tools are echoed');

  const events = await streamEvents({ model: 'fake-tools', input: 'weather?', tools: TOOLS });
  const argumentDeltas = events.filter((e) => e.type === 'response.function_call_arguments.delta');
  assert.ok(argumentDeltas.length >= 2);
  assert.equal(argumentDeltas.map((d) => d['delta']).join(''), '{"city":"Paris"}');
  const done = events.find((e) => e.type === 'response.function_call_arguments.done');
  assert.equal(done?.['arguments'], '{"city":"Paris"}');
  const added = events.find((e) => e.type === 'response.output_item.added')?.['item'] as OpenAI.Responses.ResponseFunctionToolCall;
  assert.equal(added.arguments, '');
  assert.equal(added.status, 'in_progress');

  const followUp = await client.responses.create({
    model: 'fake-tools',
    tools: TOOLS,
    input: [{ role: 'user', content: 'weather?' }, call, { type: 'function_call_output', call_id: call.call_id, output: 'sunny' }],
  });
  assert.equal(followUp.output_text, 'Echo: sunny', 'the function output ends the loop');
  assert.equal((await client.responses.create({ model: 'fake-tools', input: 'w', tools: TOOLS, tool_choice: 'none' })).output_text, 'Echo: w');
  assert.equal((await client.responses.create({ model: 'gpt-4o', input: 'w', tools: TOOLS })).output_text, 'Echo: w', 'only fake-tools calls tools');
});

test('reasoning adds a reasoning item first and bills reasoning tokens', async () => {
  const response = await client.responses.create({ model: 'o4-mini', input: 'think', reasoning: { effort: 'low' } });
  const [reasoning, message] = response.output;
  assert.ok(reasoning?.type === 'reasoning');
  assert.match(reasoning.id, /^rs_/);
  assert.deepEqual(reasoning.summary, []);
  assert.equal(message?.type, 'message');
  assert.equal(response.output_text, 'Echo: think');
  assert.ok((response.usage?.output_tokens_details.reasoning_tokens ?? 0) > 0);
  assert.deepEqual(response.reasoning, { effort: 'low', summary: null });
  const events = await streamEvents({ model: 'o4-mini', input: 'think', reasoning: {} });
  assert.deepEqual(events.slice(2, 4).map((e) => [e.type, (e['item'] as { type: string }).type]), [
    ['response.output_item.added', 'reasoning'],
    ['response.output_item.done', 'reasoning'],
  ]);
});

test('stored responses can be retrieved, listed, deleted and continued', async () => {
  const first = await client.responses.create({ model: 'gpt-4o', input: [{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }] });
  assert.equal((await client.responses.retrieve(first.id)).id, first.id);
  const items = await client.responses.inputItems.list(first.id);
  assert.deepEqual(items.data.map((i) => i.type === 'message' && i.content[0]?.type === 'input_text' && i.content[0].text), ['b', 'a'], 'newest first by default');
  assert.ok(items.data.every((i) => i.id.startsWith('msg_')));
  const ascending = await client.responses.inputItems.list(first.id, { order: 'asc' });
  assert.equal(ascending.data[0]?.id, items.data[1]?.id);

  const next = await client.responses.create({ model: 'gpt-4o', input: 'more', previous_response_id: first.id });
  assert.equal(next.previous_response_id, first.id);
  const unknown = await rejection(client.responses.create({ model: 'gpt-4o', input: 'x', previous_response_id: 'resp_nope' }));
  assert.ok(unknown instanceof BadRequestError);
  assert.equal(unknown.code, 'previous_response_not_found');
  assert.equal(unknown.param, 'previous_response_id');
  assert.match(unknown.message, /Previous response with id 'resp_nope' not found\./);

  const cancel = await rejection(client.responses.cancel(first.id));
  assert.ok(cancel instanceof BadRequestError, 'only background responses can be cancelled');
  const background = await client.responses.create({ model: 'gpt-4o', input: 'bg', background: true });
  assert.equal((await client.responses.cancel(background.id)).id, background.id);

  const deleted = await fetch(`${upstream.url}/responses/${first.id}`, { method: 'DELETE' });
  assert.deepEqual(await deleted.json(), { id: first.id, object: 'response', deleted: true });
  assert.ok((await rejection(client.responses.retrieve(first.id))) instanceof NotFoundError);
  const unstored = await client.responses.create({ model: 'gpt-4o', input: 'x', store: false });
  assert.ok((await rejection(client.responses.retrieve(unstored.id))) instanceof NotFoundError);
  upstream.reset();
  assert.ok((await rejection(client.responses.retrieve(next.id))) instanceof NotFoundError, 'reset() forgets stored responses');
});

test('validation and scripted failures use OpenAI\'s error shape', async () => {
  const noModel = (await (await rawPost('/responses', { input: 'x' })).json()) as { error: { param: string } };
  assert.equal(noModel.error.param, 'model');
  const noInput = await rawPost('/responses', { model: 'gpt-4o' });
  assert.equal(noInput.status, 400);
  assert.equal(((await noInput.json()) as { error: { param: string } }).error.param, 'input');
  const limited = await rejection(client.responses.create({ model: 'fake-429', input: 'x' }));
  assert.ok(limited instanceof RateLimitError);
  assert.equal(limited.headers?.get('retry-after'), '1');
  const overloaded = await rejection(client.responses.create({ model: 'fake-503', input: 'x' }));
  assert.ok(overloaded instanceof InternalServerError);
  assert.equal(overloaded.status, 503);
  const tooLong = await rejection(client.responses.create({ model: 'fake-400', input: 'x' }));
  assert.equal(tooLong.code, 'context_length_exceeded');
  assert.equal(tooLong.param, 'input');
  assert.ok((await rejection(client.responses.create({ model: 'unknown-model', input: 'x' }))) instanceof NotFoundError);
  assert.equal((await rejection(client.responses.create({ model: 'fake-flaky', input: 'x' }))).status, 500);
  assert.equal((await client.responses.create({ model: 'fake-flaky', input: 'x' })).status, 'completed');
});

test('fake-error-midstream sends an error event after two text deltas', async () => {
  const res = await rawPost('/responses', { model: 'fake-error-midstream', input: 'one two three four', stream: true });
  const events = typedPayloads((await readSseFrames(res)).frames);
  assert.equal(events.filter((e) => e.type === 'response.output_text.delta').length, 2);
  const last = events.at(-1);
  assert.equal(last?.type, 'error');
  assert.equal(last?.['code'], 'server_error');
  assert.equal(last?.['sequence_number'], events.length - 1);
  assert.ok(!events.some((e) => e.type === 'response.completed'));
  const seen: string[] = [];
  for await (const event of await client.responses.create({ model: 'fake-error-midstream', input: 'a b c d', stream: true })) seen.push(event.type);
  assert.equal(seen.at(-1), 'error');
  assert.equal((await client.responses.create({ model: 'fake-error-midstream', input: 'a b' })).output_text, 'Echo: a b', 'without streaming it answers');
});
