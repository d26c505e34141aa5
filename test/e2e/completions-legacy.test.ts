// Legacy text completions (POST /v1/completions) through the cache, with the official `openai`
// client: JSON miss then HIT, streams replayed from a JSON entry and the reverse, include_usage
// honoured on misses and replays, exact repeats only, and a keyspace of their own (never chat's).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { eventually } from '../helpers/eventually.js';
import { readSse, uniq, type Json } from '../helpers/proxy-test-kit.js';
import { responsesClient } from '../helpers/responses-test-kit.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

type Chunk = OpenAI.Completions.Completion;

const completionCalls = (gw: TestGateway): number => gw.upstream.callCountFor('/v1/completions');

async function collect(stream: AsyncIterable<Chunk>): Promise<Chunk[]> {
  const chunks: Chunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

const textOf = (chunks: Chunk[], index = 0): string =>
  chunks.flatMap((c) => c.choices.filter((choice) => choice.index === index).map((choice) => choice.text)).join('');

describe('legacy completions through the cache', () => {
  let gw: TestGateway;
  let client: OpenAI;
  before(async () => {
    gw = await startTestGateway();
    client = responsesClient(gw);
  });
  after(() => gw.close());

  async function post(path: string, body: Json): Promise<{ status: number; cache: string | null; json: Json }> {
    const res = await gw.request(path, { body });
    return { status: res.status, cache: res.headers.get('x-synapse-cache-status'), json: (await res.json()) as Json };
  }

  test('a JSON miss reaches the upstream; the repeat is a HIT with the same completion', async () => {
    const prompt = uniq('Once upon a time');
    const first = await client.completions.create({ model: 'gpt-4o', prompt, max_tokens: 32 }).withResponse();
    assert.equal(first.response.headers.get('x-synapse-cache-status'), 'MISS');
    assert.equal(first.data.choices[0]!.text, `Echo: ${prompt}`);
    const calls = completionCalls(gw);
    const second = await client.completions.create({ model: 'gpt-4o', prompt, max_tokens: 32 }).withResponse();
    assert.equal(second.response.headers.get('x-synapse-cache-status'), 'HIT');
    assert.equal(completionCalls(gw), calls);
    assert.deepEqual(second.data, first.data);
    assert.equal('synapse_metadata' in second.data, false, 'the completions wire carries no gateway fields');
    // Only exact repeats: a reworded prompt continues differently.
    const reworded = await post('/v1/completions', { model: 'gpt-4o', prompt: prompt.toLowerCase() + '.', max_tokens: 32 });
    assert.equal(reworded.cache, 'MISS');
    assert.equal((await post('/v1/completions', { model: 'gpt-4o', prompt, max_tokens: 33 })).cache, 'MISS', 'max_tokens is in the key');
  });

  test('a JSON entry is replayed to a streaming client, with usage only when asked for', async () => {
    const prompt = uniq('The quick brown fox');
    const miss = await client.completions.create({ model: 'gpt-4o', prompt });
    const calls = completionCalls(gw);

    const { data, response } = await client.completions.create({ model: 'gpt-4o', prompt, stream: true }).withResponse();
    assert.equal(response.headers.get('x-synapse-cache-status'), 'HIT');
    const chunks = await collect(data);
    assert.ok(chunks.length >= 3, `${chunks.length} chunks`);
    assert.equal(textOf(chunks), miss.choices[0]!.text);
    assert.equal(chunks.filter((c) => c.choices[0]?.finish_reason === 'stop').length, 1);
    assert.ok(chunks.every((c) => c.object === 'text_completion' && c.id === miss.id));
    assert.equal(chunks.some((c) => c.choices.length === 0), false, 'no usage-only chunk unless asked for');

    const withUsage = await collect(await client.completions.create({ model: 'gpt-4o', prompt, stream: true, stream_options: { include_usage: true } }));
    const last = withUsage.at(-1)!;
    assert.deepEqual(last.choices, [], 'include_usage: the usage comes in a final chunk with no choices');
    assert.deepEqual(last.usage, miss.usage);
    assert.equal(textOf(withUsage), miss.choices[0]!.text);
    assert.equal(completionCalls(gw), calls, 'every replay came from the cache');

    const raw = await gw.request('/v1/completions', { body: { model: 'gpt-4o', prompt, stream: true } });
    const events = await readSse(raw);
    assert.equal(events.at(-1)!.data, '[DONE]');
  });

  test('a streamed miss serves a later JSON request and a streamed one; include_usage on the miss is honoured', async () => {
    const prompt = uniq('In a galaxy far away');
    const missRes = await client.completions.create({ model: 'gpt-4o', prompt, stream: true }).withResponse();
    assert.equal(missRes.response.headers.get('x-synapse-cache-status'), 'MISS');
    const missChunks = await collect(missRes.data);
    assert.equal(textOf(missChunks), `Echo: ${prompt}`);
    assert.equal(missChunks.some((c) => c.choices.length === 0), false, "the usage the gateway asked for is not the client's");
    const forwarded = gw.upstream.calls.at(-1)!.body as Json;
    assert.deepEqual(forwarded.stream_options, { include_usage: true }, 'the gateway asks for usage so the entry has it');

    const calls = completionCalls(gw);
    const json = await client.completions.create({ model: 'gpt-4o', prompt });
    assert.equal(json.choices[0]!.text, `Echo: ${prompt}`);
    assert.ok(json.usage && json.usage.completion_tokens > 0, 'the entry kept the usage');
    const streamed = await collect(await client.completions.create({ model: 'gpt-4o', prompt, stream: true, stream_options: { include_usage: true } }));
    assert.deepEqual(streamed.at(-1)!.usage, json.usage);
    assert.equal(completionCalls(gw), calls);

    const other = uniq('A streamed miss with usage');
    const withUsage = await collect(await client.completions.create({ model: 'gpt-4o', prompt: other, stream: true, stream_options: { include_usage: true } }));
    assert.deepEqual(withUsage.at(-1)!.choices, []);
    assert.ok(withUsage.at(-1)!.usage!.total_tokens > 0);
  });

  test("Synapse's own session_id field is recorded, and never sent to the upstream", async () => {
    const from = gw.upstream.calls.length;
    for (const stream of [false, true]) {
      const res = await gw.request('/v1/completions', { body: { model: 'gpt-4o', prompt: uniq('session'), session_id: 'completions-s1', stream } });
      assert.equal(res.status, 200);
      await res.text();
    }
    const forwarded = gw.upstream.calls.slice(from).map((c) => c.body as Json);
    assert.equal(forwarded.length, 2);
    for (const sent of forwarded) assert.equal('session_id' in sent, false, JSON.stringify(sent));
    await eventually('both calls recorded for completions-s1', 5_000, async () => {
      const res = await gw.request('/api/v1/agent-sessions/completions-s1');
      return res.status === 200 && ((await res.json()) as Json).requests === 2;
    });
  });

  test('several prompts and n: every choice replayed in its place', async () => {
    const prompts = [uniq('first prompt'), uniq('second prompt')];
    const miss = await client.completions.create({ model: 'gpt-4o', prompt: prompts, n: 2 });
    assert.equal(miss.choices.length, 4);
    const chunks = await collect(await client.completions.create({ model: 'gpt-4o', prompt: prompts, n: 2, stream: true }));
    for (const choice of miss.choices) assert.equal(textOf(chunks, choice.index), choice.text, `choice ${choice.index}`);
  });

  test('a completions entry never serves a chat request with the same fields, nor the reverse', async () => {
    const text = uniq('Tell me about caches');
    const fields = { model: 'gpt-4o', temperature: 0, max_tokens: 64 };
    const primed = await post('/v1/completions', { ...fields, prompt: text });
    assert.equal(primed.cache, 'MISS');
    const chatCalls = gw.upstream.callCount();
    const chat = await post('/v1/chat/completions', { ...fields, messages: [{ role: 'user', content: text }] });
    assert.equal(chat.status, 200);
    assert.equal(chat.cache, 'MISS', 'a chat request is not served a completions entry');
    assert.equal(chat.json.object, 'chat.completion');
    assert.equal(gw.upstream.callCount(), chatCalls + 1);

    const other = uniq('Tell me about queues');
    assert.equal((await post('/v1/chat/completions', { ...fields, messages: [{ role: 'user', content: other }] })).cache, 'MISS');
    const completion = await post('/v1/completions', { ...fields, prompt: other });
    assert.equal(completion.cache, 'MISS', 'a completions request is not served a chat entry');
    assert.equal(completion.json.object, 'text_completion');
  });
});
