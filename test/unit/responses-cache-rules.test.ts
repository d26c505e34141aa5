// The cache rules for the Responses API: what is in the key (the question) and what is not (the
// session asking it), which requests depend on upstream state, how the semantic tier sees a
// request, and which responses may be stored.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hashOutputAffecting } from '../../src/domain/cache/cache-key.js';
import { describeSemantically } from '../../src/domain/cache/semantic/semantic-request.js';
import {
  dependsOnServerState,
  isCacheableResponse,
  responsesKeyMaterial,
  responsesSemanticView,
} from '../../src/protocols/responses/responses-cache-rules.js';
import type { ResponseObject } from '../../src/protocols/responses/responses-types.js';

/** A Codex-like turn: instructions, tools, an earlier tool round trip, and session fields. */
function codexTurn(): Record<string, unknown> {
  return {
    model: 'gpt-5-codex',
    instructions: 'You are a coding agent.',
    input: [
      { type: 'message', id: 'msg_1', role: 'user', content: [{ type: 'input_text', text: 'List the files' }] },
      { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'gAAA' },
      { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'shell', arguments: '{"command":["ls"]}' },
      { type: 'function_call_output', call_id: 'call_1', output: 'a.ts\nb.ts' },
    ],
    tools: [{ type: 'function', name: 'shell', parameters: { type: 'object' } }],
    tool_choice: 'auto',
    parallel_tool_calls: false,
    reasoning: { effort: 'medium', summary: 'auto' },
    include: ['reasoning.encrypted_content'],
    text: { verbosity: 'low' },
    store: false,
    stream: true,
    prompt_cache_key: 'session-1',
    client_metadata: { session: 'a' },
  };
}

const key = (body: Record<string, unknown>): string => hashOutputAffecting('tenant', responsesKeyMaterial(body));

describe('responsesKeyMaterial', () => {
  test('drops session and delivery fields and the ids of input items, keeps call_id', () => {
    const material = responsesKeyMaterial({
      ...codexTurn(),
      user: 'u',
      safety_identifier: 's',
      metadata: { a: '1' },
      service_tier: 'priority',
      stream_options: { include_obfuscation: false },
    });
    for (const field of ['client_metadata', 'prompt_cache_key', 'user', 'safety_identifier', 'metadata', 'service_tier', 'stream', 'stream_options']) {
      assert.equal(field in material, false, field);
    }
    assert.equal(material['\u0000stored_upstream'], false, 'store stays in, normalized');
    const input = material.input as Array<Record<string, unknown>>;
    assert.equal(input.length, 4);
    for (const item of input) assert.equal('id' in item, false);
    assert.equal(input[2]!.call_id, 'call_1');
    assert.equal(input[3]!.call_id, 'call_1');
    assert.deepEqual(Object.keys(material).sort(), [
      '\u0000stored_upstream', 'include', 'input', 'instructions', 'model', 'parallel_tool_calls', 'reasoning', 'text', 'tool_choice', 'tools',
    ]);
  });

  test('two sessions asking the same thing share a key', () => {
    const other = codexTurn();
    other.prompt_cache_key = 'session-2';
    other.client_metadata = { session: 'b' };
    other.stream = false;
    const items = other.input as Array<Record<string, unknown>>;
    items[0]!.id = 'msg_other';
    items[2]!.id = 'fc_other';
    assert.equal(key(other), key(codexTurn()));
  });

  test('store is in the key: an answer made without storing never serves a caller that stores', () => {
    const stored = codexTurn();
    stored.store = true;
    const defaulted = codexTurn();
    delete defaulted.store;
    assert.notEqual(key(stored), key(codexTurn()));
    assert.equal(key(stored), key(defaulted), 'absent means true');
  });

  test('does not change the body it was given', () => {
    const body = codexTurn();
    responsesKeyMaterial(body);
    assert.deepEqual(body, codexTurn());
  });

  const changes: Array<[string, (body: Record<string, unknown>) => void]> = [
    ['model', (b) => (b.model = 'gpt-5')],
    ['instructions', (b) => (b.instructions = 'Be brief.')],
    ['tools', (b) => (b.tools = [])],
    ['tool_choice', (b) => (b.tool_choice = 'required')],
    ['reasoning', (b) => (b.reasoning = { effort: 'high' })],
    ['text', (b) => (b.text = { verbosity: 'high' })],
    ['include', (b) => (b.include = [])],
    ['temperature', (b) => (b.temperature = 0.2)],
    ['max_output_tokens', (b) => (b.max_output_tokens = 10)],
    ['an unknown field', (b) => (b.some_future_option = true)],
    ['an earlier user turn', (b) => ((b.input as Array<{ content: unknown }>)[0]!.content = 'List the folders')],
    ['a tool output', (b) => ((b.input as Array<{ output?: unknown }>)[3]!.output = 'c.ts')],
    ['a call_id', (b) => ((b.input as Array<{ call_id?: unknown }>)[2]!.call_id = 'call_2')],
    ['encrypted reasoning', (b) => ((b.input as Array<{ encrypted_content?: unknown }>)[1]!.encrypted_content = 'gBBB')],
    ['one item fewer', (b) => (b.input as unknown[]).pop()],
  ];
  for (const [what, change] of changes) {
    test(`${what} changes the key`, () => {
      const body = codexTurn();
      change(body);
      assert.notEqual(key(body), key(codexTurn()));
    });
  }

  test('keeps the id of an item reference: it is the whole item', () => {
    const a = responsesKeyMaterial({ model: 'm', input: [{ type: 'item_reference', id: 'msg_a' }] });
    assert.deepEqual(a.input, [{ type: 'item_reference', id: 'msg_a' }]);
  });

  test('a string input is kept as it is', () => {
    assert.deepEqual(responsesKeyMaterial({ model: 'm', input: 'hi', stream: true }), { model: 'm', input: 'hi', '\u0000stored_upstream': true });
  });
});

describe('dependsOnServerState', () => {
  test('plain and stateless (store: false, full history) requests do not', () => {
    assert.equal(dependsOnServerState({ model: 'm', input: 'hi' }), false);
    assert.equal(dependsOnServerState(codexTurn()), false);
    assert.equal(dependsOnServerState({ model: 'm', input: 'hi', background: false, previous_response_id: null }), false);
  });

  test('previous_response_id, conversation, background and item references do', () => {
    assert.equal(dependsOnServerState({ model: 'm', input: 'hi', previous_response_id: 'resp_1' }), true);
    assert.equal(dependsOnServerState({ model: 'm', input: 'hi', conversation: 'conv_1' }), true);
    assert.equal(dependsOnServerState({ model: 'm', input: 'hi', conversation: { id: 'conv_1' } }), true);
    assert.equal(dependsOnServerState({ model: 'm', input: 'hi', background: true }), true);
    assert.equal(dependsOnServerState({ model: 'm', input: [{ type: 'item_reference', id: 'msg_1' }] }), true);
    assert.equal(dependsOnServerState({ model: 'm', input: [{ id: 'msg_1' }] }), true);
  });
});

describe('responsesSemanticView', () => {
  test('a string input becomes one user message; the rest stays, minus session fields', () => {
    const view = responsesSemanticView({ model: 'm', input: 'What is a semantic cache?', instructions: 'Be brief.', temperature: 0, stream: true, user: 'u' });
    assert.deepEqual(view, {
      model: 'm',
      instructions: 'Be brief.',
      temperature: 0,
      '\u0000stored_upstream': true,
      messages: [{ role: 'user', content: 'What is a semantic cache?' }],
    });
  });

  test('message items keep their role, input_text becomes text, other items get their own role', () => {
    const view = responsesSemanticView({
      model: 'm',
      input: [
        { role: 'developer', content: 'Answer in French.' },
        { type: 'message', id: 'msg_1', role: 'user', content: [{ type: 'input_text', text: 'Hello' }] },
        { type: 'message', id: 'msg_2', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Bonjour', annotations: [] }] },
        { type: 'reasoning', id: 'rs_1', summary: [] },
        { role: 'user', content: 'How are you?' },
      ],
    });
    assert.deepEqual(view?.messages, [
      { role: 'developer', content: 'Answer in French.' },
      { role: 'user', content: [{ type: 'text', text: 'Hello' }] },
      { role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Bonjour', annotations: [] }] },
      { role: 'item:reasoning', content: { type: 'reasoning', summary: [] } },
      { role: 'user', content: 'How are you?' },
    ]);
  });

  test('the semantic layer embeds the last user turn and keeps the earlier ones as context', () => {
    const view = responsesSemanticView({
      model: 'm',
      input: [
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hello' }] },
        { role: 'user', content: 'How are you?' },
      ],
    });
    const semantic = describeSemantically('tenant', 'embedder', view!);
    assert.equal(semantic?.text, 'How are you?');
    assert.deepEqual(semantic?.context, ['Hello']);
  });

  test('typed and untyped message items are the same question', () => {
    const typed = responsesSemanticView({ model: 'm', input: [{ type: 'message', id: 'msg_9', role: 'user', content: 'Hi' }] });
    const untyped = responsesSemanticView({ model: 'm', input: [{ role: 'user', content: 'Hi' }] });
    assert.deepEqual(typed, untyped);
  });

  test('requests with tools are served by the exact tier only', () => {
    assert.equal(responsesSemanticView(codexTurn()), undefined);
    assert.notEqual(responsesSemanticView({ model: 'm', input: 'hi', tools: [] }), undefined);
  });

  test('requests that depend on server state get no view', () => {
    assert.equal(responsesSemanticView({ model: 'm', input: 'hi', previous_response_id: 'resp_1' }), undefined);
  });

  test('images and files are not plain text: the semantic layer declines them', () => {
    const view = responsesSemanticView({
      model: 'm',
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'What is in this picture?' },
            { type: 'input_image', image_url: 'https://example.com/cat.png', detail: 'auto' },
          ],
        },
      ],
    });
    const content = view?.messages[0]?.content as unknown[];
    assert.deepEqual(content[1], { type: 'input_image', image_url: 'https://example.com/cat.png', detail: 'auto' });
    assert.equal(describeSemantically('tenant', 'embedder', view!), undefined);
  });

  test('tool outputs keep their call_id and lose their id; a turn ending in one is exact only', () => {
    const view = responsesSemanticView({
      model: 'm',
      input: [
        { role: 'user', content: 'Run it' },
        { type: 'function_call_output', id: 'fco_1', call_id: 'call_1', output: 'ok' },
      ],
    });
    assert.deepEqual(view?.messages[1], {
      role: 'item:function_call_output',
      content: { type: 'function_call_output', call_id: 'call_1', output: 'ok' },
    });
    assert.equal(describeSemantically('tenant', 'embedder', view!), undefined);
  });
});

describe('isCacheableResponse', () => {
  const base = (): ResponseObject => ({
    id: 'resp_1',
    object: 'response',
    created_at: 1,
    status: 'completed',
    model: 'gpt-5',
    output: [
      { type: 'message', id: 'msg_1', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Hi', annotations: [] }] },
    ],
    usage: { input_tokens: 1, output_tokens: 1, total_tokens: 2 },
    error: null,
    incomplete_details: null,
  });

  test('a completed answer is kept, a function call too', () => {
    assert.equal(isCacheableResponse(base()), true);
    const call = base();
    call.output = [{ type: 'function_call', id: 'fc_1', call_id: 'c', name: 'f', arguments: '{}', status: 'completed' }];
    assert.equal(isCacheableResponse(call), true);
  });

  test('incomplete, failed, erroneous or empty answers are not', () => {
    assert.equal(isCacheableResponse({ ...base(), status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } }), false);
    assert.equal(isCacheableResponse({ ...base(), status: 'failed' }), false);
    assert.equal(isCacheableResponse({ ...base(), error: { code: 'server_error', message: 'x' } }), false);
    assert.equal(isCacheableResponse({ ...base(), output: [] }), false);
  });

  test('a refusal is not kept; a message with a refusal beside text is', () => {
    const refusal = base();
    refusal.output = [{ type: 'message', id: 'msg_1', role: 'assistant', status: 'completed', content: [{ type: 'refusal', refusal: 'No.' }] }];
    assert.equal(isCacheableResponse(refusal), false);
    const mixed = base();
    mixed.output = [
      {
        type: 'message',
        id: 'msg_1',
        role: 'assistant',
        status: 'completed',
        content: [{ type: 'output_text', text: 'Partly:', annotations: [] }, { type: 'refusal', refusal: 'not that.' }],
      },
    ];
    assert.equal(isCacheableResponse(mixed), true);
  });
});
