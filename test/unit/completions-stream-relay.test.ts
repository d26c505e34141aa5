// The legacy completions stream relay: chunks pass through as they came, the usage-only chunk
// only when the client asked for it, `[DONE]` only once every choice finished, and a stream that
// errors or breaks off fails with upstream_failed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SynapseError } from '../../src/errors.js';
import { isCacheableCompletion } from '../../src/protocols/completions/completions-cache-rules.js';
import { CompletionsStreamRelay } from '../../src/protocols/completions/completions-stream-relay.js';
import type { CompletionChoice, TextCompletion } from '../../src/protocols/completions/completions-types.js';
import type { UpstreamEvent } from '../../src/protocols/stream-relay.js';

function chunk(choices: Array<Partial<CompletionChoice>>, extra: Record<string, unknown> = {}): UpstreamEvent {
  const full = choices.map((c) => ({ text: '', index: 0, logprobs: null, finish_reason: null, ...c }));
  return { data: JSON.stringify({ id: 'cmpl-1', object: 'text_completion', created: 1_700_000_000, model: 'gpt-3.5-turbo-instruct', choices: full, ...extra }) };
}

const USAGE = { prompt_tokens: 4, completion_tokens: 6, total_tokens: 10 };

function stream(): UpstreamEvent[] {
  return [
    chunk([{ text: 'Once upon', index: 0 }]),
    chunk([{ text: 'Roses are', index: 1 }]),
    chunk([{ text: ' a time', index: 0 }]),
    chunk([{ text: ' red', index: 1, finish_reason: 'stop' }]),
    chunk([{ text: '', index: 0, finish_reason: 'length' }]),
    chunk([], { usage: USAGE }),
    { data: '[DONE]' },
  ];
}

function expectUpstreamFailed(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (error: unknown) => error instanceof SynapseError && error.code === 'upstream_failed' && message.test(error.message));
}

describe('CompletionsStreamRelay', () => {
  test('passes chunks through as data-only events; [DONE] comes from finish()', () => {
    const relay = new CompletionsStreamRelay({ clientWantsUsage: true });
    const out = stream().flatMap((event) => relay.accept(event));
    assert.deepEqual(out, stream().slice(0, 6).map((event) => ({ data: event.data })));
    assert.deepEqual(relay.finish(), [{ data: '[DONE]' }]);
  });

  test('assembles text, finish reason and usage per choice', () => {
    const relay = new CompletionsStreamRelay({ clientWantsUsage: false });
    for (const event of stream()) relay.accept(event);
    relay.finish();
    const expected: TextCompletion = {
      id: 'cmpl-1',
      object: 'text_completion',
      created: 1_700_000_000,
      model: 'gpt-3.5-turbo-instruct',
      choices: [
        { text: 'Once upon a time', index: 0, logprobs: null, finish_reason: 'length' },
        { text: 'Roses are red', index: 1, logprobs: null, finish_reason: 'stop' },
      ],
      usage: USAGE,
    };
    assert.deepEqual(relay.answer(), expected);
    assert.equal(isCacheableCompletion(relay.answer()), true);
  });

  test('keeps the usage-only chunk from a client that did not ask for usage', () => {
    const relay = new CompletionsStreamRelay({ clientWantsUsage: false });
    const usageChunk = stream()[5]!;
    for (const event of stream().slice(0, 5)) relay.accept(event);
    assert.deepEqual(relay.accept(usageChunk), []);
  });

  test('concatenates streamed logprobs', () => {
    const relay = new CompletionsStreamRelay({ clientWantsUsage: false });
    relay.accept(chunk([{ text: 'Hi', logprobs: { tokens: ['Hi'], token_logprobs: [-0.1], top_logprobs: [{ Hi: -0.1 }], text_offset: [5] } }]));
    relay.accept(chunk([{ text: '!', logprobs: { tokens: ['!'], token_logprobs: [-0.2], top_logprobs: [{ '!': -0.2 }], text_offset: [7] }, finish_reason: 'stop' }]));
    relay.finish();
    assert.deepEqual(relay.answer().choices[0]!.logprobs, {
      tokens: ['Hi', '!'],
      token_logprobs: [-0.1, -0.2],
      top_logprobs: [{ Hi: -0.1 }, { '!': -0.2 }],
      text_offset: [5, 7],
    });
  });

  test('a stream cut before every choice finished fails in finish()', () => {
    const relay = new CompletionsStreamRelay({ clientWantsUsage: false });
    for (const event of stream().slice(0, 4)) relay.accept(event);
    expectUpstreamFailed(() => relay.finish(), /stream ended before the completion finished/);
    assert.throws(() => relay.answer());
  });

  test('an error in the stream fails with its message', () => {
    const relay = new CompletionsStreamRelay({ clientWantsUsage: false });
    relay.accept(stream()[0]!);
    expectUpstreamFailed(() => relay.accept({ data: JSON.stringify({ error: { message: 'The server had an error', type: 'server_error' } }) }), /The server had an error/);
    expectUpstreamFailed(() => relay.accept({ event: 'error', data: '{}' }), /error event in stream/);
    expectUpstreamFailed(() => relay.accept({ data: 'not json' }), /malformed stream event/);
  });

  test('the error event has the chat stream shape', () => {
    const relay = new CompletionsStreamRelay({ clientWantsUsage: false });
    assert.deepEqual(relay.errorEvent({ message: 'upstream request failed: stream interrupted', type: 'proxy_error', code: 'upstream_failed' }), {
      event: 'error',
      data: { error: { message: 'upstream request failed: stream interrupted', type: 'proxy_error', code: 'upstream_failed' } },
    });
  });
});

describe('isCacheableCompletion', () => {
  const completion = (choices: CompletionChoice[]): TextCompletion => ({ id: 'c', object: 'text_completion', created: 1, model: 'm', choices });

  test('needs choices, each one finished', () => {
    assert.equal(isCacheableCompletion(completion([{ text: 'a', index: 0, logprobs: null, finish_reason: 'stop' }])), true);
    assert.equal(isCacheableCompletion(completion([])), false);
    assert.equal(
      isCacheableCompletion(
        completion([
          { text: 'a', index: 0, logprobs: null, finish_reason: 'stop' },
          { text: 'b', index: 1, logprobs: null, finish_reason: null },
        ]),
      ),
      false,
    );
  });
});
