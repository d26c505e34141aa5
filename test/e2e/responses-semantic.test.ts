// The semantic tier on POST /v1/responses, end to end with the built-in embedder: a trivial
// rewording of a plain string input is served from the cache; requests with tools never are; and
// Responses and chat completions entries never answer each other, exactly or by meaning.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { uniq, type Json } from '../helpers/proxy-test-kit.js';
import { FN_TOOLS, outputTextOf, primeResponses, sendResponses } from '../helpers/responses-test-kit.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

describe('semantic tier on the Responses API', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway();
  });
  after(() => gw.close());

  /** A question of its own (the tag keeps tests apart) and a rewording that changes only case and punctuation. */
  function questionPair(): { asked: string; reworded: string } {
    const tag = uniq('').trim();
    return {
      asked: `How do I read a file line by line in Python? (${tag})`,
      reworded: `how do i read a file line by line in python (${tag})`,
    };
  }

  async function chat(body: Json): Promise<{ status: number; cache: string | null; chatCalls: number }> {
    const before = gw.upstream.callCount();
    const res = await gw.request('/v1/chat/completions', { body });
    await res.text();
    return { status: res.status, cache: res.headers.get('x-synapse-cache-status'), chatCalls: gw.upstream.callCount() - before };
  }

  test('a rewording in case and punctuation of a plain string input is a semantic HIT', async () => {
    const { asked, reworded } = questionPair();
    const instructions = 'Answer briefly.';
    const primed = await primeResponses(gw, { model: 'gpt-4o', instructions, input: asked });
    const hit = await sendResponses(gw, { model: 'gpt-4o', instructions, input: reworded });
    assert.equal(hit.status, 200);
    assert.equal(hit.cache, 'HIT', 'served by meaning');
    assert.equal(hit.upstreamCalls, 0);
    assert.equal(hit.json.id, primed.json.id);
    assert.equal(outputTextOf(hit.json), `Echo: ${asked}`, 'the cached answer, to the question as first asked');
    const similarity = Number(hit.headers.get('x-synapse-similarity'));
    assert.ok(similarity > 0 && similarity <= 1, `similarity ${similarity}`);

    // Same rewording as a one-message item list: the same question for the semantic tier.
    const asItems = await sendResponses(gw, { model: 'gpt-4o', instructions, input: [{ role: 'user', content: reworded }] });
    assert.equal(asItems.cache, 'HIT');
    // The partition still holds: other instructions, another model.
    assert.equal((await sendResponses(gw, { model: 'gpt-4o', instructions: 'Answer at length.', input: reworded })).cache, 'MISS');
    assert.equal((await sendResponses(gw, { model: 'gpt-4o-mini', instructions, input: reworded })).cache, 'MISS');
  });

  test('a request with tools is served only by an exact repeat, never by meaning', async () => {
    const { asked, reworded } = questionPair();
    await primeResponses(gw, { model: 'gpt-4o', input: asked, tools: FN_TOOLS });
    const reworded1 = await sendResponses(gw, { model: 'gpt-4o', input: reworded, tools: FN_TOOLS });
    assert.equal(reworded1.cache, 'MISS', 'tools: no semantic hit');
    assert.equal(reworded1.upstreamCalls, 1);
    const exact = await sendResponses(gw, { model: 'gpt-4o', input: asked, tools: FN_TOOLS });
    assert.equal(exact.cache, 'HIT');
    assert.equal(exact.headers.get('x-synapse-similarity'), '1.0000');
  });

  test('a Responses request never hits a chat completions entry, nor the reverse', async () => {
    // Each form gets a question of its own: a Responses miss is cached and would serve the next form.
    const forms: Array<[string, (pair: { asked: string; reworded: string }) => unknown]> = [
      ['the same text as a string', (pair) => pair.asked],
      ['the same message as an item', (pair) => [{ role: 'user', content: pair.asked }]],
      ['a rewording', (pair) => pair.reworded],
    ];
    for (const [form, inputOf] of forms) {
      const pair = questionPair();
      assert.deepEqual(await chat({ model: 'gpt-4o', messages: [{ role: 'user', content: pair.asked }] }), { status: 200, cache: 'MISS', chatCalls: 1 });
      const sent = await sendResponses(gw, { model: 'gpt-4o', input: inputOf(pair) });
      assert.equal(sent.cache, 'MISS', `${form}: a Responses request must not be served a chat entry`);
      assert.equal(sent.upstreamCalls, 1);
      assert.equal(sent.json.object, 'response');
      assert.equal((await chat({ model: 'gpt-4o', messages: [{ role: 'user', content: pair.reworded }] })).cache, 'HIT', 'the chat entry does serve chat');
    }
    for (const [form, contentOf] of [['the same text', (pair: { asked: string }) => pair.asked], ['a rewording', (pair: { reworded: string }) => pair.reworded]] as const) {
      const pair = questionPair();
      await primeResponses(gw, { model: 'gpt-4o', input: pair.asked });
      const sent = await chat({ model: 'gpt-4o', messages: [{ role: 'user', content: contentOf(pair) }] });
      assert.equal(sent.cache, 'MISS', `${form}: a chat request must not be served a Responses entry`);
      assert.equal(sent.chatCalls, 1);
    }
  });
});
