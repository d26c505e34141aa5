// End-to-end tests of the OpenAI-compatible proxy and its exact-match cache on one shared gateway,
// through the official `openai` client and plain fetch: the seed's MISS-then-HIT flow, headers and
// synapse_metadata, streaming, tool calls, what the cache key covers, cache directives, client
// provider keys and the pass-through endpoints.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { eventually } from '../helpers/eventually.js';
import { ADMIN_KEY, startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { UUID, TOOLS, uniq, ask, clientFor, chat, cacheStatus, readSse, collect, contentOf, toolCallOf, cacheRows, type Json } from '../helpers/proxy-test-kit.js';

describe('proxy and cache (shared gateway)', () => {
  let gw: TestGateway;
  let token: string;
  let client: OpenAI;
  before(async () => {
    gw = await startTestGateway();
    token = await gw.tokenFor(ADMIN_KEY);
    client = clientFor(gw, token);
  });
  after(() => gw.close());

  test("the seed's flow: first call MISS reaches the upstream, the second is a HIT with the same content", async () => {
    const messages = [{ role: 'user' as const, content: uniq('What is a semantic cache?') }];
    const callsBefore = gw.upstream.callCount('gpt-4o');
    const first = await client.chat.completions.create({ model: 'gpt-4o', messages }).withResponse();
    assert.equal(gw.upstream.callCount('gpt-4o'), callsBefore + 1);
    assert.equal(first.response.headers.get('x-cache-status'), 'MISS');
    const second = await client.chat.completions.create({ model: 'gpt-4o', messages }).withResponse();
    assert.equal(gw.upstream.callCount('gpt-4o'), callsBefore + 1, 'a HIT must not reach the upstream');
    assert.equal(second.response.headers.get('x-cache-status'), 'HIT');
    assert.equal(first.data.choices[0]!.message.content, `Echo: ${messages[0]!.content}`);
    assert.equal(second.data.choices[0]!.message.content, first.data.choices[0]!.message.content);
  });

  test('MISS and HIT carry the cache headers, a request id and synapse_metadata', async () => {
    const body = ask(uniq('headers'), { session_id: 'sess-42' });
    const miss = await chat(gw, token, body);
    const missJson = (await miss.json()) as Json;
    assert.equal(miss.headers.get('x-cache-status'), 'MISS');
    assert.equal(miss.headers.get('x-synapse-cache-status'), 'MISS');
    assert.ok(Number.isFinite(Number(miss.headers.get('x-synapse-latency-ms'))));
    assert.match(miss.headers.get('x-request-id') ?? '', UUID);
    assert.equal(miss.headers.get('x-synapse-similarity'), null);
    assert.equal(missJson.synapse_metadata.cache_hit, false);
    assert.equal(missJson.synapse_metadata.source, 'provider');
    assert.equal(typeof missJson.synapse_metadata.latency_ms, 'number');
    assert.equal(missJson.synapse_metadata.session_id, 'sess-42');
    const forwarded = gw.upstream.calls.at(-1)!.body as Json;
    assert.equal('session_id' in forwarded, false, 'session_id is ours, not the upstream\'s');

    const hit = await chat(gw, token, body, { 'x-request-id': 'client-chosen-id-1' });
    const hitJson = (await hit.json()) as Json;
    assert.equal(hit.headers.get('x-cache-status'), 'HIT');
    assert.equal(hit.headers.get('x-synapse-cache-status'), 'HIT');
    assert.equal(hit.headers.get('x-synapse-similarity'), '1.0000');
    assert.ok(Number(hit.headers.get('x-synapse-cost-saved')) > 0, 'gpt-4o has a price, so a hit saves money');
    assert.ok(Number.isFinite(Number(hit.headers.get('x-synapse-latency-ms'))));
    assert.equal(hit.headers.get('x-request-id'), 'client-chosen-id-1');
    assert.deepEqual(
      { ...hitJson.synapse_metadata, latency_ms: 0 },
      { cache_hit: true, similarity: 1, source: 'l1', latency_ms: 0, session_id: 'sess-42' },
    );
    assert.equal(typeof hitJson.synapse_metadata.latency_ms, 'number');
    assert.equal(hitJson.choices[0].message.content, missJson.choices[0].message.content);
    assert.equal(hitJson.id, missJson.id);
    const noSession = (await (await chat(gw, token, ask(body.messages[0].content))).json()) as Json;
    assert.equal('session_id' in noSession.synapse_metadata, false);
  });

  test('streaming: MISS then HIT, same content as JSON, several chunks, finish_reason, usage only when asked', async () => {
    const messages = [{ role: 'user' as const, content: uniq('Explain caching in a few words') }];
    const missRes = await client.chat.completions.create({ model: 'gpt-4o', messages, stream: true, stream_options: { include_usage: true } }).withResponse();
    assert.equal(missRes.response.headers.get('x-synapse-cache-status'), 'MISS');
    const missChunks = await collect(missRes.data);
    assert.equal(contentOf(missChunks), `Echo: ${messages[0]!.content}`);
    assert.equal(missChunks.at(-1)!.choices.length, 0, 'usage comes in a final chunk with no choices');
    assert.ok(missChunks.at(-1)!.usage!.total_tokens > 0);

    const calls = gw.upstream.callCount();
    const hitRes = await client.chat.completions.create({ model: 'gpt-4o', messages, stream: true, stream_options: { include_usage: true } }).withResponse();
    assert.equal(hitRes.response.headers.get('x-synapse-cache-status'), 'HIT');
    const hitChunks = await collect(hitRes.data);
    assert.equal(gw.upstream.callCount(), calls);
    assert.ok(hitChunks.length >= 4, `a replay has several chunks, got ${hitChunks.length}`);
    assert.ok(hitChunks.filter((c) => c.choices[0]?.delta?.content).length >= 2, 'content arrives in pieces');
    assert.equal(contentOf(hitChunks), contentOf(missChunks));
    assert.ok(hitChunks.some((c) => c.choices[0]?.finish_reason === 'stop'));
    assert.equal(hitChunks.at(-1)!.choices.length, 0);
    assert.deepEqual(hitChunks.at(-1)!.usage, missChunks.at(-1)!.usage);

    // The seed indexes chunk.choices[0]: without include_usage no chunk may have empty choices.
    const plain = await collect(await client.chat.completions.create({ model: 'gpt-4o', messages, stream: true }));
    assert.ok(plain.every((c) => c.choices.length > 0));
    assert.equal(contentOf(plain), contentOf(missChunks));
    const fresh = [{ role: 'user' as const, content: uniq('fresh stream') }];
    const plainMiss = await collect(await client.chat.completions.create({ model: 'gpt-4o', messages: fresh, stream: true }));
    assert.ok(plainMiss.every((c) => c.choices.length > 0), 'a live stream hides the usage chunk the gateway asked for');
    assert.ok(plainMiss.some((c) => c.choices[0]?.finish_reason === 'stop'));
    const json = await client.chat.completions.create({ model: 'gpt-4o', messages: fresh });
    assert.equal(json.choices[0]!.message.content, contentOf(plainMiss));
  });

  test('a streamed miss is served as JSON afterwards, and a JSON miss as a stream', async () => {
    const streamedFirst = ask(uniq('streamed first'));
    const sse = await chat(gw, token, { ...streamedFirst, stream: true });
    assert.equal(sse.headers.get('x-synapse-cache-status'), 'MISS');
    assert.match(sse.headers.get('content-type') ?? '', /text\/event-stream/);
    const events = await readSse(sse);
    assert.equal(events.at(-1)!.data, '[DONE]');
    const calls = gw.upstream.callCount();
    const asJson = await chat(gw, token, streamedFirst);
    assert.equal(asJson.headers.get('x-synapse-cache-status'), 'HIT');
    assert.equal(((await asJson.json()) as Json).choices[0].message.content, `Echo: ${streamedFirst.messages[0].content}`);

    const jsonFirst = ask(uniq('json first'));
    assert.equal(await cacheStatus(gw, token, jsonFirst), 'MISS');
    const { data, response } = await client.chat.completions.create({ ...(jsonFirst as { model: string; messages: [] }), stream: true }).withResponse();
    assert.equal(response.headers.get('x-synapse-cache-status'), 'HIT');
    assert.equal(contentOf(await collect(data)), `Echo: ${jsonFirst.messages[0].content}`);
    assert.equal(gw.upstream.callCount(), calls + 1);
  });

  test('tool calls pass through untouched and survive the cache, streamed and as JSON', async () => {
    const base = (content: string) => ({ model: 'fake-tools', messages: [{ role: 'user' as const, content }], tools: TOOLS });
    const first = base(uniq('weather in Paris?'));
    const json = await client.chat.completions.create(first);
    const call = json.choices[0]!.message.tool_calls![0]! as OpenAI.Chat.Completions.ChatCompletionMessageFunctionToolCall;
    assert.equal(json.choices[0]!.finish_reason, 'tool_calls');
    assert.match(call.id, /^call_/);
    assert.deepEqual(call.function, { name: 'get_weather', arguments: '{"city":"Paris"}' });
    const hitJson = await client.chat.completions.create(first);
    assert.deepEqual(hitJson.choices[0]!.message.tool_calls, json.choices[0]!.message.tool_calls);
    const hitStream = await client.chat.completions.create({ ...first, stream: true }).withResponse();
    assert.equal(hitStream.response.headers.get('x-synapse-cache-status'), 'HIT');
    const hitChunks = await collect(hitStream.data);
    assert.deepEqual(toolCallOf(hitChunks), { id: call.id, ...call.function });
    assert.ok(hitChunks.some((c) => c.choices[0]?.finish_reason === 'tool_calls'));

    const second = base(uniq('weather again?'));
    const liveChunks = await collect(await client.chat.completions.create({ ...second, stream: true }));
    assert.ok(liveChunks.filter((c) => c.choices[0]?.delta?.tool_calls).length >= 2, 'tool call deltas are relayed');
    const live = toolCallOf(liveChunks);
    assert.match(live.id, /^call_/);
    assert.equal(live.name, 'get_weather');
    assert.equal(live.arguments, '{"city":"Paris"}');
    const calls = gw.upstream.callCount('fake-tools');
    const replayed = await client.chat.completions.create(second);
    const replayedCall = replayed.choices[0]!.message.tool_calls![0]! as OpenAI.Chat.Completions.ChatCompletionMessageFunctionToolCall;
    assert.deepEqual({ id: replayedCall.id, ...replayedCall.function }, live);
    assert.deepEqual(toolCallOf(await collect(await client.chat.completions.create({ ...second, stream: true }))), live);
    assert.equal(gw.upstream.callCount('fake-tools'), calls);
  });

  test('the cache key covers everything that changes the answer and nothing that does not', async () => {
    const question = uniq('key question');
    const base: Json = {
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'earlier question' },
        { role: 'assistant', content: 'earlier answer' },
        { role: 'user', content: question },
      ],
      temperature: 0.5,
      max_tokens: 50,
      seed: 1,
      stop: ['END'],
    };
    assert.equal(await cacheStatus(gw, token, base), 'MISS');
    assert.equal(await cacheStatus(gw, token, base), 'HIT');
    const withMessage = (index: number, content: string): Json => {
      const messages = base.messages.map((m: Json, i: number) => (i === index ? { ...m, content } : m));
      return { ...base, messages };
    };
    const variants: Record<string, Json> = {
      model: { ...base, model: 'gpt-4o-mini' },
      'system prompt': withMessage(0, 'You are verbose.'),
      'earlier turn': withMessage(2, 'a different earlier answer'),
      temperature: { ...base, temperature: 0.6 },
      max_tokens: { ...base, max_tokens: 51 },
      seed: { ...base, seed: 2 },
      tools: { ...base, tools: TOOLS },
      response_format: { ...base, response_format: { type: 'json_object' } },
      n: { ...base, n: 2 },
      stop: { ...base, stop: ['STOP'] },
    };
    for (const [name, variant] of Object.entries(variants)) {
      assert.equal(await cacheStatus(gw, token, variant), 'MISS', `a different ${name} must not be served the cached answer`);
    }
    const calls = gw.upstream.callCount();
    const sse = await chat(gw, token, { ...base, stream: true });
    assert.equal(sse.headers.get('x-synapse-cache-status'), 'HIT', 'stream');
    await sse.arrayBuffer();
    assert.equal(await cacheStatus(gw, token, { ...base, user: 'someone-else' }), 'HIT', 'user');
    assert.equal(await cacheStatus(gw, token, { ...base, session_id: 'another-session' }), 'HIT', 'session_id');
    const reordered = Object.fromEntries(Object.entries(base).reverse());
    reordered.messages = base.messages.map((m: Json) => ({ content: m.content, role: m.role }));
    assert.notEqual(JSON.stringify(reordered), JSON.stringify(base));
    assert.equal(await cacheStatus(gw, token, reordered), 'HIT', 'same request, keys in another order');
    assert.equal(gw.upstream.callCount(), calls);
  });

  test('x-synapse-skip-cache: SKIP, reaches the upstream, stores nothing', async () => {
    const body = ask(uniq('skip me'));
    const calls = gw.upstream.callCount();
    const res = await chat(gw, token, body, { 'x-synapse-skip-cache': 'true' });
    assert.equal(res.headers.get('x-synapse-cache-status'), 'SKIP');
    assert.equal(res.headers.get('x-cache-status'), 'MISS');
    assert.equal(((await res.json()) as Json).choices[0].message.content, `Echo: ${body.messages[0].content}`);
    assert.equal(gw.upstream.callCount(), calls + 1);
    assert.equal(await cacheStatus(gw, token, body), 'MISS', 'nothing was stored');
    assert.equal(await cacheStatus(gw, token, body), 'HIT');
    assert.equal(await cacheStatus(gw, token, body, { 'x-synapse-skip-cache': 'true' }), 'SKIP', 'no lookup either');
    assert.equal(gw.upstream.callCount(), calls + 3);
  });

  test('x-synapse-passthrough: BYPASS and the upstream is reached even for a cached request', async () => {
    const body = ask(uniq('passthrough'));
    assert.equal(await cacheStatus(gw, token, body), 'MISS');
    const calls = gw.upstream.callCount();
    const res = await chat(gw, token, body, { 'x-synapse-passthrough': 'true' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-synapse-cache-status'), 'BYPASS');
    assert.equal(res.headers.get('x-cache-status'), 'MISS');
    assert.equal(((await res.json()) as Json).choices[0].message.content, `Echo: ${body.messages[0].content}`);
    assert.equal(gw.upstream.callCount(), calls + 1);
  });

  test('x-synapse-force-refresh and Cache-Control: no-cache call the upstream and replace the entry', async () => {
    const body = ask(uniq('refresh'));
    const original = (await (await chat(gw, token, body)).json()) as Json;
    const calls = gw.upstream.callCount();
    const refreshed = await chat(gw, token, body, { 'x-synapse-force-refresh': 'true' });
    assert.equal(refreshed.headers.get('x-synapse-cache-status'), 'MISS');
    const refreshedJson = (await refreshed.json()) as Json;
    assert.equal(gw.upstream.callCount(), calls + 1);
    assert.notEqual(refreshedJson.id, original.id, 'the upstream answered again');
    const hit = (await (await chat(gw, token, body)).json()) as Json;
    assert.equal(hit.synapse_metadata.cache_hit, true);
    assert.equal(hit.id, refreshedJson.id, 'the entry was replaced by the refreshed answer');

    const noCache = await chat(gw, token, body, { 'cache-control': 'no-cache' });
    assert.equal(noCache.headers.get('x-synapse-cache-status'), 'MISS');
    await noCache.arrayBuffer();
    assert.equal(gw.upstream.callCount(), calls + 2);
  });

  test('Cache-Control: no-store answers but stores nothing', async () => {
    const body = ask(uniq('no-store'));
    assert.equal(await cacheStatus(gw, token, body, { 'cache-control': 'no-store' }), 'MISS');
    assert.equal(await cacheStatus(gw, token, body), 'MISS', 'nothing was stored');
    assert.equal(await cacheStatus(gw, token, body), 'HIT');
  });

  test("a client's x-api-key is used upstream and never stored", async () => {
    const clientKey = `sk-client-own-${randomUUID()}`;
    const rowsBefore = cacheRows(gw.dataDir).length;
    const own = clientFor(gw, token, { defaultHeaders: { 'x-api-key': clientKey } });
    const content = uniq('with my own key');
    const answer = await own.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content }] });
    assert.equal(answer.choices[0]!.message.content, `Echo: ${content}`);
    assert.equal(gw.upstream.calls.at(-1)!.authorization, `Bearer ${clientKey}`);
    await chat(gw, token, ask(uniq('configured key'))).then((r) => r.arrayBuffer());
    assert.equal(gw.upstream.calls.at(-1)!.authorization, 'Bearer sk-upstream-configured');

    // Answers are stored after they are sent (write-behind), so the rows arrive a moment later.
    await eventually('the answer itself was cached', 5_000, () => cacheRows(gw.dataDir).length > rowsBefore);
    const rows = cacheRows(gw.dataDir);
    for (const row of rows) assert.ok(!JSON.stringify(row).includes(clientKey));
    for (const suffix of ['', '-wal', '-shm']) {
      const file = join(gw.dataDir, 'synapse.db' + suffix);
      if (existsSync(file)) assert.equal(readFileSync(file).includes(clientKey), false, `key found in ${file}`);
    }
  });

  test('GET /v1/models and POST /v1/embeddings pass through', async () => {
    const models = [];
    for await (const model of client.models.list()) models.push(model.id);
    assert.ok(models.includes('gpt-4o') && models.includes('fake-tools'), models.join(','));

    const one = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'hello world' });
    assert.equal(one.data.length, 1);
    assert.equal(one.data[0]!.embedding.length, 64);
    assert.equal(gw.upstream.calls.at(-1)!.path, '/v1/embeddings');
    const many = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b', 'hello world'] });
    assert.deepEqual(many.data.map((d) => d.index), [0, 1, 2]);
    assert.deepEqual(many.data[2]!.embedding, one.data[0]!.embedding, 'the same input embeds the same');
    assert.notDeepEqual(many.data[0]!.embedding, many.data[1]!.embedding);
  });
});

