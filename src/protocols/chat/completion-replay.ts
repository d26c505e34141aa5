// Turns a cached `chat.completion` back into the chunks an OpenAI stream would have carried:
// a role chunk, the content in several pieces, tool calls, the finish reason and the usage.
import type { ChatCompletion, ChatCompletionChunk, ChunkChoice, ToolCall } from './chat-types.js';

const TARGET_CONTENT_CHUNKS = 8;

export interface ReplayOptions {
  /** The client asked for `stream_options.include_usage`: usage comes in its own final chunk. */
  includeUsage: boolean;
}

export function replayAsChunks(completion: ChatCompletion, options: ReplayOptions): ChatCompletionChunk[] {
  const base = {
    id: completion.id,
    object: 'chat.completion.chunk' as const,
    created: completion.created,
    model: completion.model,
    ...(completion.system_fingerprint !== undefined ? { system_fingerprint: completion.system_fingerprint } : {}),
  };
  const chunk = (choices: ChunkChoice[]): ChatCompletionChunk => ({ ...base, choices });
  const chunks: ChatCompletionChunk[] = [];
  for (const choice of completion.choices) {
    const { index, message } = choice;
    // As OpenAI streams it: a tool-call answer's role chunk carries `content: null`, so that the
    // assembled message keeps null content rather than ''.
    const initialContent = message.content === null || message.content === undefined ? null : '';
    chunks.push(chunk([{ index, delta: { role: message.role ?? 'assistant', content: initialContent }, finish_reason: null }]));
    for (const piece of splitContent(message.content ?? '')) {
      chunks.push(chunk([{ index, delta: { content: piece }, finish_reason: null }]));
    }
    if (message.refusal) chunks.push(chunk([{ index, delta: { refusal: message.refusal }, finish_reason: null }]));
    for (const [callIndex, call] of (message.tool_calls ?? []).entries()) {
      for (const delta of toolCallDeltas(call, callIndex)) {
        chunks.push(chunk([{ index, delta: { tool_calls: [delta] }, finish_reason: null }]));
      }
    }
    const last = chunk([{ index, delta: {}, finish_reason: choice.finish_reason ?? 'stop' }]);
    chunks.push(last);
  }
  if (completion.usage) {
    if (options.includeUsage) chunks.push({ ...chunk([]), usage: completion.usage });
    else chunks[chunks.length - 1]!.usage = completion.usage;
  }
  return chunks;
}

/** Splits text at word boundaries into about TARGET_CONTENT_CHUNKS pieces that join back exactly. */
export function splitContent(text: string): string[] {
  if (text === '') return [];
  const words = text.match(/\S*\s*/g)!.filter((w) => w !== '');
  const perChunk = Math.max(1, Math.ceil(words.length / TARGET_CONTENT_CHUNKS));
  const pieces: string[] = [];
  for (let i = 0; i < words.length; i += perChunk) pieces.push(words.slice(i, i + perChunk).join(''));
  return pieces;
}

function toolCallDeltas(call: ToolCall, index: number): ToolCall[] {
  const args = call.function?.arguments ?? '';
  const half = Math.ceil(args.length / 2);
  const deltas: ToolCall[] = [
    { index, id: call.id ?? '', type: call.type ?? 'function', function: { name: call.function?.name ?? '', arguments: '' } },
  ];
  if (args.length > 0) deltas.push({ index, function: { arguments: args.slice(0, half) } });
  if (args.length > half) deltas.push({ index, function: { arguments: args.slice(half) } });
  return deltas;
}
