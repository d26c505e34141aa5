// End-to-end tests of the Messages API beyond exact repeats, in front of an Anthropic upstream:
// count_tokens is forwarded and its answer relayed; a paraphrase of a plain question is a semantic
// hit but a request with tools never is; and Messages and chat-completions entries never serve
// each other, even for identical bodies.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type Anthropic from '@anthropic-ai/sdk';
import { eventually } from '../helpers/eventually.js';
import { ADMIN_KEY, type TestGateway } from '../helpers/test-gateway.js';
import { CLEAR, NEAR, thresholdOf } from '../semantic/semantic-kit.js';
import {
  anthropicFor,
  CLAUDE,
  sendMessages,
  sseEvents,
  startNativeGateway,
  uniq,
  upstreamCallsOn,
  watchStores,
  WEATHER_TOOL,
  type Json,
  type StoreWatch,
} from '../helpers/anthropic-test-kit.js';

const COUNT_TOKENS = '/v1/messages/count_tokens';

/** Cache lookups the semantic tier answered, from /metrics. */
async function semanticHitCount(gw: TestGateway): Promise<number> {
  const text = await (await fetch(gw.url + '/metrics')).text();
  const line = text.split('\n').find((l) => l.startsWith('synapse_cache_requests_total{') && l.includes('result="hit"') && l.includes('source="semantic"'));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('Messages API: count_tokens, semantic tier and keyspaces (native upstream)', () => {
  let gw: TestGateway;
  let client: Anthropic;
  let threshold: number;
  let stores: StoreWatch;
  before(async () => {
    gw = await startNativeGateway();
    client = anthropicFor(gw);
    threshold = await thresholdOf(gw, ADMIN_KEY);
    stores = watchStores(gw);
  });
  after(() => gw.close());

  /** A plain question in a partition of its own (the system prompt is part of the partition). */
  const plain = (partition: string, question: string, extra: Json = {}): Json => ({
    model: CLAUDE,
    max_tokens: 256,
    system: `You are a helpful assistant (${partition}).`,
    messages: [{ role: 'user', content: question }],
    ...extra,
  });

  /** Sends a fresh miss and waits until the answer is stored (and indexed, when it can be). */
  async function prime(body: Json, indexed: boolean): Promise<void> {
    const before = { ...stores };
    const result = await sendMessages(gw, body);
    assert.equal(result.cache, 'MISS', result.text);
    assert.equal(result.upstreamCalls, 1);
    await eventually('the answer is stored', 5_000, () => stores.stored > before.stored);
    if (indexed) await eventually('the answer is indexed', 5_000, () => stores.indexed > before.indexed);
  }

  test('count_tokens is forwarded to the upstream and its answer relayed', async () => {
    const body = { model: CLAUDE, system: 'Count carefully.', messages: [{ role: 'user', content: uniq('How many tokens is this?') }] };
    const before = gw.upstream.callCountFor(COUNT_TOKENS);
    const { data: counted, response } = await client.messages.countTokens(body as Anthropic.MessageCountTokensParams).withResponse();
    assert.equal(response.status, 200);
    assert.equal(gw.upstream.callCountFor(COUNT_TOKENS), before + 1);
    assert.deepEqual(upstreamCallsOn(gw, COUNT_TOKENS).at(-1)!.body, body);
    // The fake counts what /v1/messages then reports as usage.input_tokens.
    const message = await client.messages.create({ ...(body as Anthropic.MessageCountTokensParams), max_tokens: 100 });
    assert.deepEqual(counted, { input_tokens: message.usage.input_tokens });

    const invalid = await sendMessages(gw, { model: CLAUDE }, { path: COUNT_TOKENS, upstreamPath: COUNT_TOKENS });
    assert.equal(invalid.status, 400, invalid.text);
    assert.equal(invalid.json.error.type, 'invalid_request_error');
    assert.equal(invalid.upstreamCalls, 0);
    const unknownModel = await sendMessages(gw, { ...body, model: 'unknown-model-x' }, { path: COUNT_TOKENS, upstreamPath: COUNT_TOKENS });
    assert.equal(unknownModel.status, 404, unknownModel.text);
    assert.equal(unknownModel.json.error.type, 'not_found_error');
  });

  test('a casing and punctuation paraphrase of a plain question is a semantic hit, JSON and streamed', async () => {
    await prime(plain('paraphrase', CLEAR.cached), true);
    const semanticHits = await semanticHitCount(gw);
    const hit = await sendMessages(gw, plain('paraphrase', CLEAR.query));
    assert.equal(hit.cache, 'HIT', hit.text);
    assert.equal(hit.headers.get('x-cache-status'), 'HIT');
    assert.equal(hit.upstreamCalls, 0);
    assert.equal(await semanticHitCount(gw), semanticHits + 1, 'served by the semantic tier');
    const similarity = Number(hit.headers.get('x-synapse-similarity'));
    assert.ok(similarity >= threshold && similarity <= 1, `similarity ${similarity}, threshold ${threshold}`);
    assert.deepEqual(hit.json.content, [{ type: 'text', text: `Echo: ${CLEAR.cached}` }]);

    const streamed = await sendMessages(gw, plain('paraphrase', CLEAR.query, { stream: true }));
    assert.equal(streamed.cache, 'HIT');
    assert.equal(streamed.upstreamCalls, 0);
    const text = sseEvents(streamed.text)
      .filter((e) => e.event === 'content_block_delta')
      .map((e) => e.data.delta.text as string)
      .join('');
    assert.equal(text, `Echo: ${CLEAR.cached}`);

    await prime(plain('rewording', NEAR.cached), true);
    const reworded = await sendMessages(gw, plain('rewording', NEAR.query));
    assert.equal(reworded.cache, 'HIT', reworded.text);
    const nearSimilarity = Number(reworded.headers.get('x-synapse-similarity'));
    assert.ok(nearSimilarity >= threshold && nearSimilarity < 1, `similarity ${nearSimilarity}`);
    assert.deepEqual(reworded.json.content, [{ type: 'text', text: `Echo: ${NEAR.cached}` }]);
  });

  test('a request with tools is never served a paraphrase', async () => {
    await prime(plain('tools', CLEAR.cached, { tools: [WEATHER_TOOL] }), false);
    const paraphrase = await sendMessages(gw, plain('tools', CLEAR.query, { tools: [WEATHER_TOOL] }));
    assert.equal(paraphrase.cache, 'MISS');
    assert.equal(paraphrase.upstreamCalls, 1);
    assert.deepEqual(paraphrase.json.content, [{ type: 'text', text: `Echo: ${CLEAR.query}` }]);
    const exact = await sendMessages(gw, plain('tools', CLEAR.cached, { tools: [WEATHER_TOOL] }));
    assert.equal(exact.cache, 'HIT', 'the exact repeat still hits');
  });

  test('Messages and chat completions never serve each other, exactly or by paraphrase', async () => {
    // The very same body is valid on both APIs.
    const same = { model: CLAUDE, max_tokens: 301, messages: [{ role: 'user', content: uniq('Same body on two APIs') }] };
    const chat = await gw.request('/v1/chat/completions', { body: same });
    assert.equal(chat.status, 200, await chat.text());
    assert.equal(chat.headers.get('x-synapse-cache-status'), 'MISS');
    const messages = await sendMessages(gw, same);
    assert.equal(messages.cache, 'MISS', 'a chat entry never answers a Messages request');
    assert.equal(messages.upstreamCalls, 1);
    assert.equal(messages.json.type, 'message');
    const chatAgain = await gw.request('/v1/chat/completions', { body: same });
    assert.equal(chatAgain.headers.get('x-synapse-cache-status'), 'HIT');
    assert.equal(((await chatAgain.json()) as Json).object, 'chat.completion', 'and each API gets its own answer');

    const before = { ...stores };
    const paraphrased = (content: string): Json => ({ model: CLAUDE, max_tokens: 302, messages: [{ role: 'user', content }] });
    const primed = await gw.request('/v1/chat/completions', { body: paraphrased(CLEAR.cached) });
    assert.equal(primed.headers.get('x-synapse-cache-status'), 'MISS', await primed.text());
    await eventually('the chat answer is indexed', 5_000, () => stores.indexed > before.indexed);
    const crossParaphrase = await sendMessages(gw, paraphrased(CLEAR.query));
    assert.equal(crossParaphrase.cache, 'MISS', 'a chat entry never answers a Messages paraphrase');
    assert.equal(crossParaphrase.upstreamCalls, 1);
  });
});
