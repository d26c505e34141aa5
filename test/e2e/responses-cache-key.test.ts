// What the cache key of a Responses request covers, end to end: fields that only say who is asking
// or how to deliver (client_metadata, prompt_cache_key, user, metadata, stream, item ids)
// never make a miss; every field that can change the answer does.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { uniq, type Json } from '../helpers/proxy-test-kit.js';
import { FN_TOOLS, primeResponses, sendResponses } from '../helpers/responses-test-kit.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/** A Codex-like turn: typed message items with ids, and session identity all over. */
function codexTurn(question: string, session: string): Json {
  return {
    model: 'gpt-4o',
    instructions: 'You are a coding agent. Be brief.',
    input: [{ type: 'message', id: `msg_${session}`, role: 'user', content: [{ type: 'input_text', text: question }] }],
    client_metadata: { session_id: session, originator: 'codex_cli_rs' },
    prompt_cache_key: `pck-${session}`,
    user: `user-${session}`,
    safety_identifier: `safety-${session}`,
    metadata: { turn: session },
    store: false,
  };
}

/** A finished tool round trip: the question, the model's function_call and its output. */
function toolRoundTrip(question: string, output: string, ids: { msg: string; fc: string }): Json {
  return {
    model: 'gpt-4o',
    tools: FN_TOOLS,
    input: [
      { type: 'message', id: ids.msg, role: 'user', content: [{ type: 'input_text', text: question }] },
      { type: 'function_call', id: ids.fc, call_id: 'call_weather_1', name: 'get_weather', arguments: '{"city":"Paris"}', status: 'completed' },
      { type: 'function_call_output', call_id: 'call_weather_1', output },
    ],
  };
}

describe('Responses cache key', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway();
  });
  after(() => gw.close());

  async function expectHit(body: Json, why: string): Promise<Json> {
    const sent = await sendResponses(gw, body);
    assert.equal(sent.status, 200, JSON.stringify(sent.json));
    assert.equal(sent.cache, 'HIT', `${why}: expected a HIT`);
    assert.equal(sent.upstreamCalls, 0, `${why}: a HIT never reaches the upstream`);
    assert.equal(sent.headers.get('x-synapse-similarity'), '1.0000', `${why}: an exact hit, not a paraphrase`);
    return sent.json;
  }

  async function expectMiss(body: Json, why: string): Promise<void> {
    const sent = await sendResponses(gw, body);
    assert.equal(sent.status, 200, JSON.stringify(sent.json));
    assert.equal(sent.cache, 'MISS', `${why}: expected a MISS`);
    assert.equal(sent.upstreamCalls, 1, `${why}: the upstream answers`);
  }

  test('another session asking the same question hits, whatever identifies the session', async () => {
    const question = uniq('How do I reverse a list in Python?');
    const first = await primeResponses(gw, codexTurn(question, 's1'));
    const other = codexTurn(question, 's2');
    const variants: Array<[string, Json]> = [
      ['client_metadata (session_id)', { ...codexTurn(question, 's1'), client_metadata: { session_id: 'codex-other' } }],
      ['no client_metadata', (({ client_metadata: _c, ...rest }) => rest)(codexTurn(question, 's1'))],
      ['prompt_cache_key', { ...codexTurn(question, 's1'), prompt_cache_key: 'another-key' }],
      ['user', { ...codexTurn(question, 's1'), user: 'someone-else' }],
      ['safety_identifier', { ...codexTurn(question, 's1'), safety_identifier: 'other-hash' }],
      ['metadata', { ...codexTurn(question, 's1'), metadata: { anything: 'else' } }],
      ['input item id', { ...codexTurn(question, 's1'), input: [{ ...codexTurn(question, 's1').input[0], id: 'msg_completely_different' }] }],
      ['everything of another session at once', other],
    ];
    for (const [why, body] of variants) {
      const hit = await expectHit(body, why);
      assert.equal(hit.id, first.json.id, `${why}: the stored response`);
    }
    const streamed = await sendResponses(gw, { ...other, stream: true });
    assert.equal(streamed.cache, 'HIT', 'stream is a delivery choice');
    assert.equal(streamed.upstreamCalls, 0);
    assert.equal(streamed.events.at(-1)?.response.id, first.json.id);
  });

  test('the ids of earlier items (function_call included) do not matter', async () => {
    const question = uniq('Weather in Paris?');
    await primeResponses(gw, toolRoundTrip(question, 'sunny, 21C', { msg: 'msg_1', fc: 'fc_1' }));
    await expectHit(toolRoundTrip(question, 'sunny, 21C', { msg: 'msg_2', fc: 'fc_2' }), 'other item ids');
  });

  test('every field that changes the answer makes a miss', async () => {
    const question = uniq('Explain closures in JavaScript');
    const base: Json = {
      model: 'gpt-4o',
      instructions: 'Answer in one sentence.',
      input: question,
      tools: FN_TOOLS,
      tool_choice: 'auto',
      reasoning: { effort: 'low' },
      temperature: 0.2,
      max_output_tokens: 200,
      text: { format: { type: 'text' } },
    };
    await primeResponses(gw, base);
    await expectHit({ ...base }, 'the same request');
    const { tools: _tools, tool_choice: _choice, ...withoutTools } = base;
    const changes: Array<[string, Json]> = [
      ['model', { ...base, model: 'gpt-4o-mini' }],
      ['instructions', { ...base, instructions: 'Answer in two sentences.' }],
      ['no instructions', (({ instructions: _i, ...rest }) => rest)(base)],
      ['tools', { ...base, tools: [{ ...FN_TOOLS[0], name: 'get_time' }] }],
      ['no tools', withoutTools],
      ['tool_choice', { ...base, tool_choice: 'required' }],
      ['reasoning', { ...base, reasoning: { effort: 'high' } }],
      ['temperature', { ...base, temperature: 0.9 }],
      ['max_output_tokens', { ...base, max_output_tokens: 50 }],
      ['text.format', { ...base, text: { format: { type: 'json_object' } } }],
      ['input', { ...base, input: question + '!' }],
      // Made with store true (the default): never served where the id would then be unknown upstream.
      ['store: false', { ...base, store: false }],
    ];
    for (const [why, body] of changes) await expectMiss(body, why);
  });

  test('an earlier item and a function_call_output make a miss', async () => {
    const question = uniq('Weather in Nice?');
    await primeResponses(gw, toolRoundTrip(question, 'sunny', { msg: 'msg_a', fc: 'fc_a' }));
    await expectMiss(toolRoundTrip(question, 'raining', { msg: 'msg_a', fc: 'fc_a' }), "the function_call_output's output");

    const conversation = (earlier: string): Json => ({
      model: 'gpt-4o',
      input: [
        { role: 'user', content: earlier },
        { role: 'assistant', content: 'Noted.' },
        { role: 'user', content: 'What did I say first?' },
      ],
    });
    const earlier = uniq('My name is Ada');
    await primeResponses(gw, conversation(earlier));
    await expectHit(conversation(earlier), 'the same conversation');
    await expectMiss(conversation(uniq('My name is Grace')), 'an earlier user message');
  });
});
