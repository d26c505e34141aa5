// Server-sent events of a streamed Anthropic message for the fake upstream, in the real order:
// message_start, per block content_block_start / deltas / content_block_stop (ping after the first
// start), message_delta, message_stop; fake-error-midstream sends an `error` event instead.
import type { ServerResponse } from 'node:http';
import { usageOf, type ContentBlock, type MessageAnswer } from './anthropic-answer.js';
import type { MessagesRequest } from './anthropic-request.js';
import { newId } from './http-helpers.js';
import { SseWriter, splitInto, splitWords } from './sse-writer.js';

type Event = { type: string } & Record<string, unknown>;

/** How a block opens (empty) and the deltas that fill it. */
function blockEvents(block: ContentBlock, index: number): { start: Event; deltas: Event[] } {
  const delta = (d: Record<string, unknown>): Event => ({ type: 'content_block_delta', index, delta: d });
  switch (block.type) {
    case 'text':
      return {
        start: { type: 'content_block_start', index, content_block: { type: 'text', text: '' } },
        deltas: splitWords(block.text).map((text) => delta({ type: 'text_delta', text })),
      };
    case 'thinking':
      return {
        start: { type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } },
        deltas: [
          ...(block.thinking === '' ? [] : splitWords(block.thinking).map((thinking) => delta({ type: 'thinking_delta', thinking }))),
          delta({ type: 'signature_delta', signature: block.signature }),
        ],
      };
    case 'tool_use': {
      const json = JSON.stringify(block.input);
      return {
        start: { type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } },
        // The real API opens with an empty partial_json before the pieces.
        deltas: ['', ...splitInto(json, 3)].map((partial_json) => delta({ type: 'input_json_delta', partial_json })),
      };
    }
  }
}

export interface StreamedMessage {
  id: string;
  request: MessagesRequest;
  answer: MessageAnswer;
  /** Send two deltas, then an overloaded_error `error` event, and end the stream. */
  breakMidstream: boolean;
}

function* messageEvents({ id, request, answer }: StreamedMessage): Generator<Event> {
  const started = { id, type: 'message', role: 'assistant', model: request.model, content: [], stop_reason: null, stop_sequence: null };
  // message_start reports the output tokens produced so far: the real API says 1 here.
  yield { type: 'message_start', message: { ...started, usage: usageOf(request, 1) } };
  for (const [index, block] of answer.blocks.entries()) {
    const { start, deltas } = blockEvents(block, index);
    yield start;
    if (index === 0) yield { type: 'ping' };
    yield* deltas;
    yield { type: 'content_block_stop', index };
  }
  const { input_tokens, cache_creation_input_tokens, cache_read_input_tokens } = usageOf(request, answer.outputTokens);
  yield {
    type: 'message_delta',
    delta: { stop_reason: answer.stopReason, stop_sequence: answer.stopSequence },
    // Cumulative totals, as the API sends them now; the SDK overwrites its snapshot with them.
    usage: { input_tokens, cache_creation_input_tokens, cache_read_input_tokens, output_tokens: answer.outputTokens },
  };
  yield { type: 'message_stop' };
}

export async function streamMessage(res: ServerResponse, message: StreamedMessage): Promise<void> {
  const writer = new SseWriter(res);
  writer.start('request-id');
  let deltasSent = 0;
  for (const event of messageEvents(message)) {
    if (message.breakMidstream && deltasSent === 2) {
      const error = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' }, request_id: newId('req_') };
      if (await writer.send(error, 'error')) writer.finish('');
      return;
    }
    if (!(await writer.send(event, event.type))) return;
    if (event.type === 'content_block_delta') deltasSent++;
  }
  writer.finish('');
}
