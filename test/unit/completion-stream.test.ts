// A cached completion replayed as stream chunks and assembled back must be the same completion:
// content, several choices, tool calls, finish reasons and usage all survive the round trip.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CompletionAssembler } from '../../src/protocols/chat/completion-assembler.js';
import { replayAsChunks, splitContent } from '../../src/protocols/chat/completion-replay.js';
import type { ChatCompletion, ChatCompletionChunk } from '../../src/protocols/chat/chat-types.js';

const LONG_TEXT =
  'A semantic cache stores answers to earlier prompts and serves them again when a new prompt means ' +
  'the same thing,\nso that  repeated questions cost no tokens and come back in milliseconds.';

function completion(): ChatCompletion {
  return {
    id: 'chatcmpl-roundtrip',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'gpt-4o',
    system_fingerprint: 'fp_test',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: LONG_TEXT, refusal: null },
        logprobs: null,
        finish_reason: 'stop',
      },
      {
        index: 1,
        message: {
          role: 'assistant',
          content: null,
          refusal: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' } },
            { id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '{"tz":"Europe/Paris"}' } },
          ],
        },
        logprobs: null,
        finish_reason: 'tool_calls',
      },
    ],
    usage: { prompt_tokens: 21, completion_tokens: 48, total_tokens: 69 },
  };
}

function assemble(chunks: ChatCompletionChunk[]): CompletionAssembler {
  const assembler = new CompletionAssembler();
  for (const chunk of chunks) assembler.add(JSON.parse(JSON.stringify(chunk)) as ChatCompletionChunk);
  return assembler;
}

describe('replayAsChunks -> CompletionAssembler', () => {
  for (const includeUsage of [false, true]) {
    test(`round-trips content, n=2, tool calls and usage (include_usage ${includeUsage})`, () => {
      const original = completion();
      const chunks = replayAsChunks(original, { includeUsage });
      const assembler = assemble(chunks);
      assert.equal(assembler.isComplete(), true);
      assert.deepEqual(assembler.toCompletion(), original);
    });
  }

  test('chunks look like an OpenAI stream', () => {
    const chunks = replayAsChunks(completion(), { includeUsage: true });
    for (const chunk of chunks) {
      assert.equal(chunk.object, 'chat.completion.chunk');
      assert.equal(chunk.id, 'chatcmpl-roundtrip');
      assert.equal(chunk.model, 'gpt-4o');
    }
    const ofChoice = (index: number) => chunks.filter((c) => c.choices[0]?.index === index);
    for (const index of [0, 1]) {
      const own = ofChoice(index);
      assert.equal(own[0]!.choices[0]!.delta.role, 'assistant', 'the first chunk of a choice carries the role');
      const finishes = own.filter((c) => c.choices[0]!.finish_reason !== null);
      assert.equal(finishes.length, 1, 'one finish_reason per choice');
      assert.equal(finishes[0], own[own.length - 1], 'and it comes last');
    }
    const contentChunks = ofChoice(0).filter((c) => typeof c.choices[0]!.delta.content === 'string' && c.choices[0]!.delta.content !== '');
    assert.ok(contentChunks.length > 2, `content in several chunks, got ${contentChunks.length}`);
    assert.ok(ofChoice(1).some((c) => c.choices[0]!.delta.tool_calls), 'tool calls are streamed');
    const last = chunks[chunks.length - 1]!;
    assert.deepEqual(last.choices, [], 'include_usage: usage comes in its own final chunk');
    assert.deepEqual(last.usage, completion().usage);
    assert.equal(chunks.filter((c) => c.usage).length, 1);
  });

  test('without include_usage the usage rides on the last chunk', () => {
    const chunks = replayAsChunks(completion(), { includeUsage: false });
    const last = chunks[chunks.length - 1]!;
    assert.equal(last.choices.length, 1);
    assert.equal(last.choices[0]!.finish_reason, 'tool_calls');
    assert.deepEqual(last.usage, completion().usage);
  });

  test('an unfinished stream is not complete', () => {
    const chunks = replayAsChunks(completion(), { includeUsage: false });
    const withoutLastFinish = chunks.slice(0, -1);
    assert.equal(assemble(withoutLastFinish).isComplete(), false);
    assert.equal(new CompletionAssembler().isComplete(), false);
  });
});

describe('splitContent', () => {
  test('splits long text into several pieces that join back exactly', () => {
    const pieces = splitContent(LONG_TEXT);
    assert.ok(pieces.length >= 4 && pieces.length <= 10, `pieces: ${pieces.length}`);
    assert.equal(pieces.join(''), LONG_TEXT);
    assert.ok(pieces.every((p) => p.length > 0));
  });

  test('keeps leading, repeated and trailing whitespace', () => {
    for (const text of ['  indented start', 'tabs\tand\n\nnewlines  ', ' ', 'one', 'a b c d e f g h i j k l m n o p q r']) {
      assert.equal(splitContent(text).join(''), text, JSON.stringify(text));
    }
    assert.ok(splitContent('a b c d e f g h i j k l m n o p q r').length > 1);
  });

  test('empty text has no pieces', () => {
    assert.deepEqual(splitContent(''), []);
  });
});
