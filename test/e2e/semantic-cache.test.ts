// End-to-end tests of the semantic cache on one gateway with the built-in embedder and the
// default threshold: what a paraphrase hit looks like (JSON, SSE, the openai client), the
// partition's hard filters (model, system prompt, sampling, tools, tenant), conversations, and
// that deleting entries (one, or all of a tenant's) removes them from the semantic index too.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { ADMIN_KEY, startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { readSse, TOOLS } from '../helpers/proxy-test-kit.js';
import {
  assertMissFor,
  assertSemanticHit,
  CLEAR,
  inPartition,
  preview,
  prime,
  send,
  thresholdOf,
  type Json,
} from '../semantic/semantic-kit.js';

describe('semantic cache: serving paraphrases', () => {
  let gw: TestGateway;
  let threshold: number;
  before(async () => {
    gw = await startTestGateway();
    threshold = await thresholdOf(gw, ADMIN_KEY);
  });
  after(() => gw.close());

  test('a paraphrase is answered from the cache with the semantic headers and metadata', async () => {
    await prime(gw, ADMIN_KEY, inPartition('basic', CLEAR.cached));
    const hit = await send(gw, ADMIN_KEY, inPartition('basic', CLEAR.query));
    assertSemanticHit(hit, CLEAR.cached, threshold);
    assert.ok(Number(hit.body.synapse_metadata.latency_ms) >= 0);
    // The exact layer still answers an exact repeat, with similarity 1.
    const exact = await send(gw, ADMIN_KEY, inPartition('basic', CLEAR.cached));
    assert.equal(exact.cache, 'HIT');
    assert.equal(exact.metadata?.source, 'l1');
    assert.equal(exact.similarity, 1);
    assert.equal(exact.upstreamCalls, 0);
  });

  test('a streamed paraphrase is replayed as SSE; a streamed miss is cached for paraphrases', async () => {
    await prime(gw, ADMIN_KEY, inPartition('stream', CLEAR.cached));
    const calls = gw.upstream.callCount();
    const res = await gw.request('/v1/chat/completions', { body: inPartition('stream', CLEAR.query, { stream: true }) });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
    assert.equal(res.headers.get('x-synapse-cache-status'), 'HIT');
    assert.equal(res.headers.get('x-cache-status'), 'HIT');
    const similarity = Number(res.headers.get('x-synapse-similarity'));
    assert.ok(similarity >= threshold && similarity <= 1, `similarity ${similarity}`);
    const events = await readSse(res);
    assert.equal(events.at(-1)!.data, '[DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.data) as Json);
    assert.ok(chunks.length >= 3, `${chunks.length} chunks`);
    assert.equal(chunks.map((c) => c.choices[0]?.delta?.content ?? '').join(''), `Echo: ${CLEAR.cached}`);
    assert.ok(chunks.some((c) => c.choices[0]?.finish_reason === 'stop'));
    assert.equal(gw.upstream.callCount(), calls, 'a replay never calls the upstream');

    // A streamed miss is stored once it completed; then a paraphrase of it hits.
    const streamed = await gw.request('/v1/chat/completions', { body: inPartition('stream-first', CLEAR.cached, { stream: true }) });
    assert.equal(streamed.headers.get('x-synapse-cache-status'), 'MISS');
    await streamed.text();
    for (let i = 0; i < 50 && (await preview(gw, ADMIN_KEY, inPartition('stream-first', CLEAR.cached))).action !== 'hit'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assertSemanticHit(await send(gw, ADMIN_KEY, inPartition('stream-first', CLEAR.query)), CLEAR.cached, threshold);
  });

  test('the openai client gets the cached answer for a paraphrase, JSON and streamed', async () => {
    const client = new OpenAI({ baseURL: gw.url + '/v1', apiKey: ADMIN_KEY, maxRetries: 0 });
    const system = { role: 'system' as const, content: 'You are a helpful assistant (openai client).' };
    await client.chat.completions.create({ model: 'gpt-4o', messages: [system, { role: 'user', content: CLEAR.cached }] });
    const calls = gw.upstream.callCount();
    const { data, response } = await client.chat.completions
      .create({ model: 'gpt-4o', messages: [system, { role: 'user', content: CLEAR.query }] })
      .withResponse();
    assert.equal(response.headers.get('x-cache-status'), 'HIT');
    assert.equal(data.choices[0]!.message.content, `Echo: ${CLEAR.cached}`);
    assert.equal((data as unknown as Json).synapse_metadata.source, 'l2');
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: [system, { role: 'user', content: CLEAR.query }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    assert.equal(text, `Echo: ${CLEAR.cached}`);
    assert.equal(gw.upstream.callCount(), calls);
  });

  test('partition hard filters: model, system prompt, sampling, tools, response format and tenant never mix', async () => {
    const base = inPartition('filters', CLEAR.cached);
    await prime(gw, ADMIN_KEY, base);
    const other = await gw.createKey({ role: 'admin', name: 'filters', tenant_id: 'filters-tenant' });
    const variants: Array<[string, Json, string]> = [
      ['another model', { ...inPartition('filters', CLEAR.query), model: 'gpt-4o-mini' }, ADMIN_KEY],
      ['another system prompt', inPartition('filters, reworded', CLEAR.query), ADMIN_KEY],
      ['a temperature', inPartition('filters', CLEAR.query, { temperature: 0.3 }), ADMIN_KEY],
      ['top_p', inPartition('filters', CLEAR.query, { top_p: 0.5 }), ADMIN_KEY],
      ['max_tokens', inPartition('filters', CLEAR.query, { max_tokens: 5 }), ADMIN_KEY],
      ['tools', inPartition('filters', CLEAR.query, { tools: TOOLS }), ADMIN_KEY],
      ['a response format', inPartition('filters', CLEAR.query, { response_format: { type: 'json_object' } }), ADMIN_KEY],
      ['another tenant', inPartition('filters', CLEAR.query), other.key],
    ];
    for (const [why, body, auth] of variants) assertMissFor(await send(gw, auth, body), CLEAR.query, why);
    // The same paraphrase in the original partition still hits: the filters above were the reason.
    assertSemanticHit(await send(gw, ADMIN_KEY, inPartition('filters', CLEAR.query)), CLEAR.cached, threshold);
    // The other tenant's own entry serves its own paraphrase.
    assertSemanticHit(await send(gw, other.key, inPartition('filters', CLEAR.cached.toUpperCase())), CLEAR.query, threshold);
  });

  test('conversations: earlier user turns and assistant turns must match', async () => {
    const system = { role: 'system', content: 'You are a helpful assistant (conversation).' };
    const convo = (u0: string, a0: string, u1: string): Json => ({
      model: 'gpt-4o',
      messages: [system, { role: 'user', content: u0 }, { role: 'assistant', content: a0 }, { role: 'user', content: u1 }],
    });
    const u0 = "What's the Eiffel Tower made of?";
    const a0 = 'It is made of wrought iron.';
    const u1 = 'How tall is it?';
    await prime(gw, ADMIN_KEY, convo(u0, a0, u1));

    assertMissFor(await send(gw, ADMIN_KEY, convo("What's the Statue of Liberty made of?", a0, u1)), u1, 'a different earlier turn');
    assertMissFor(await send(gw, ADMIN_KEY, convo(u0, 'It is made of steel.', u1)), u1, 'a different assistant turn');
    assertMissFor(await send(gw, ADMIN_KEY, convo(u0, a0, 'How old is it?')), 'How old is it?', 'a different last turn');
    assertMissFor(
      await send(gw, ADMIN_KEY, { ...convo(u0, a0, u1), messages: [system, { role: 'user', content: u1 }] }),
      u1,
      'the last turn without its conversation',
    );

    // An earlier turn close in wording but with another year is another conversation.
    const crisis = (year: string): Json => convo(`Tell me about the ${year} financial crisis in a few words`, 'It was a global crisis.', 'What caused it?');
    await prime(gw, ADMIN_KEY, crisis('2008'));
    assertMissFor(await send(gw, ADMIN_KEY, crisis('2009')), 'What caused it?', 'an earlier turn with another year');

    // The clear case: the earlier turn differs only by a contraction and casing.
    const clear = await send(gw, ADMIN_KEY, convo('what is the eiffel tower made of?', a0, u1));
    assertSemanticHit(clear, u1, threshold);
    // Reported, not asserted: wider rewordings of the earlier turn and of the last turn.
    const reworded: Array<[string, string]> = [
      ['Please tell me what the Eiffel Tower is made of', u1],
      ['What is the Eiffel Tower made of', 'how tall is it'],
      ["What's the Eiffel Tower made from?", 'What is its height?'],
    ];
    const outcomes: string[] = [];
    for (const [earlier, last] of reworded) {
      const seen = await preview(gw, ADMIN_KEY, convo(earlier, a0, last));
      outcomes.push(`${seen.action} ${seen.similarity ?? seen.nearest?.similarity ?? '-'} ${seen.nearest?.rejectedBecause ?? ''} | ${earlier} | ${last}`);
    }
    console.log(`[semantic] conversation rewordings:\n  ${outcomes.join('\n  ')}`);
  });

  test('DELETE /api/v1/cache/{entryId} and DELETE /api/v1/cache remove entries from the semantic index', async () => {
    const wiper = await gw.createKey({ role: 'admin', name: 'wiper', tenant_id: 'wipe-tenant' });
    await prime(gw, wiper.key, inPartition('delete-one', CLEAR.cached));
    await prime(gw, wiper.key, inPartition('delete-all', CLEAR.cached));
    const seen = await preview(gw, wiper.key, inPartition('delete-one', CLEAR.query));
    assert.equal(seen.action, 'hit');
    assert.equal(seen.source, 'semantic');
    const deleted = await gw.request(`/api/v1/cache/${seen.entryId}`, { method: 'DELETE', auth: wiper.key });
    assert.equal(deleted.status, 200, await deleted.clone().text());
    assert.deepEqual(await deleted.json(), { deleted: true, entryId: seen.entryId });
    assertMissFor(await send(gw, wiper.key, inPartition('delete-one', CLEAR.query)), CLEAR.query, 'after deleting the entry');

    assertSemanticHit(await send(gw, wiper.key, inPartition('delete-all', CLEAR.query)), CLEAR.cached, threshold);
    const cleared = await gw.request('/api/v1/cache', { method: 'DELETE', auth: wiper.key });
    assert.equal(cleared.status, 200);
    assert.ok(((await cleared.json()) as Json).deleted >= 2);
    const emptied = await preview(gw, wiper.key, inPartition('delete-all', CLEAR.cached));
    assert.equal(emptied.action, 'miss', 'the exact entry is gone');
    assert.equal(emptied.nearest, null, 'and nothing is left in the semantic index');
    assertMissFor(await send(gw, wiper.key, inPartition('delete-all', CLEAR.query)), CLEAR.query, 'after clearing the tenant');
    // Clearing one tenant leaves the others' entries.
    assertSemanticHit(await send(gw, ADMIN_KEY, inPartition('basic', CLEAR.query)), CLEAR.cached, threshold);
  });
});
