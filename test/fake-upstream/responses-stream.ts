// Server-sent events of a streamed OpenAI Response for the fake upstream, in the real order with a
// sequence_number from 0: response.created, response.in_progress, per output item its added / delta /
// done events, response.completed; fake-error-midstream sends an `error` event instead. No [DONE].
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { ResponsesRequest } from './responses-request.js';
import { SseWriter, splitInto, splitWords } from './sse-writer.js';

type Event = { type: string } & Record<string, unknown>;
type Item = Record<string, unknown>;

export interface StreamedResponse {
  request: ResponsesRequest;
  /** Response objects as response.created / in_progress and as response.completed carry them. */
  inProgress: Record<string, unknown>;
  completed: Record<string, unknown>;
  output: Item[];
  /** Send two text deltas, then a server_error `error` event, and end the stream. */
  breakMidstream: boolean;
}

/** The real API pads deltas with random characters against size side channels; here a hash keeps it deterministic. */
function obfuscation(delta: string): string {
  return createHash('sha256').update(delta).digest('base64url').slice(0, Math.max(1, 16 - delta.length));
}

function* refusalEvents(item: Item, index: number): Generator<Event> {
  const part = (item['content'] as Item[])[0] ?? {};
  const refusal = String(part['refusal']);
  const at = { item_id: item['id'], output_index: index, content_index: 0 };
  yield { type: 'response.output_item.added', output_index: index, item: { ...item, status: 'in_progress', content: [] } };
  yield { type: 'response.content_part.added', ...at, part: { type: 'refusal', refusal: '' } };
  for (const delta of splitWords(refusal)) yield { type: 'response.refusal.delta', ...at, delta };
  yield { type: 'response.refusal.done', ...at, refusal };
  yield { type: 'response.content_part.done', ...at, part };
  yield { type: 'response.output_item.done', output_index: index, item };
}

function* messageEvents(item: Item, index: number, pad: (delta: string) => object): Generator<Event> {
  const part = (item['content'] as Item[])[0] ?? {};
  if (part['type'] === 'refusal') return yield* refusalEvents(item, index);
  const text = typeof part['text'] === 'string' ? part['text'] : '';
  const at = { item_id: item['id'], output_index: index, content_index: 0 };
  yield { type: 'response.output_item.added', output_index: index, item: { ...item, status: 'in_progress', content: [] } };
  yield { type: 'response.content_part.added', ...at, part: { ...part, text: '' } };
  for (const delta of splitWords(text)) yield { type: 'response.output_text.delta', ...at, delta, logprobs: [], ...pad(delta) };
  yield { type: 'response.output_text.done', ...at, text, logprobs: [] };
  yield { type: 'response.content_part.done', ...at, part };
  yield { type: 'response.output_item.done', output_index: index, item };
}

function* functionCallEvents(item: Item, index: number, pad: (delta: string) => object): Generator<Event> {
  const args = String(item['arguments']);
  const at = { item_id: item['id'], output_index: index };
  yield { type: 'response.output_item.added', output_index: index, item: { ...item, status: 'in_progress', arguments: '' } };
  for (const delta of splitInto(args, 3)) yield { type: 'response.function_call_arguments.delta', ...at, delta, ...pad(delta) };
  yield { type: 'response.function_call_arguments.done', ...at, name: item['name'], arguments: args };
  yield { type: 'response.output_item.done', output_index: index, item };
}

function* responseEvents(streamed: StreamedResponse): Generator<Event> {
  const pad = (delta: string): object => (streamed.request.obfuscate ? { obfuscation: obfuscation(delta) } : {});
  yield { type: 'response.created', response: streamed.inProgress };
  yield { type: 'response.in_progress', response: streamed.inProgress };
  for (const [index, item] of streamed.output.entries()) {
    if (item['type'] === 'message') yield* messageEvents(item, index, pad);
    else if (item['type'] === 'function_call') yield* functionCallEvents(item, index, pad);
    else {
      // Hidden reasoning: the item opens and closes with nothing in between.
      yield { type: 'response.output_item.added', output_index: index, item };
      yield { type: 'response.output_item.done', output_index: index, item };
    }
  }
  yield { type: 'response.completed', response: streamed.completed };
}

/** Streams the response; resolves true when it was sent to the end (response.completed included). */
export async function streamResponse(res: ServerResponse, streamed: StreamedResponse): Promise<boolean> {
  const writer = new SseWriter(res);
  writer.start();
  let sequence = 0;
  let textDeltas = 0;
  for (const event of responseEvents(streamed)) {
    if (streamed.breakMidstream && textDeltas === 2) {
      const error = { type: 'error', sequence_number: sequence, code: 'server_error', message: 'The server had an error while processing your request.', param: null };
      if (await writer.send(error, 'error')) writer.finish('');
      return false;
    }
    // sequence_number goes second, as in the real events.
    const { type, ...rest } = event;
    if (!(await writer.send({ type, sequence_number: sequence++, ...rest }, type))) return false;
    if (type === 'response.output_text.delta') textDeltas++;
  }
  writer.finish('');
  return true;
}
