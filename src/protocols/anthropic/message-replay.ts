// Turns a stored Anthropic message back into the event sequence the Messages API streams for it, so
// a cached answer reaches a streaming client as if it came from Claude (and the SDK rebuilds it exactly).
import { splitContent } from '../chat/completion-replay.js';
import type { SseEvent } from '../stream-relay.js';
import type { AnthropicMessage, ContentBlock, ContentBlockDelta, MessagesStreamEvent } from './messages-types.js';

/** Tool input JSON goes out in about this many pieces (the API sends many small ones). */
const JSON_PIECES = 4;

export function replayMessageEvents(message: AnthropicMessage): SseEvent[] {
  const events: SseEvent[] = [];
  const emit = (data: MessagesStreamEvent): void => {
    events.push({ event: data.type, data });
  };
  emit({ type: 'message_start', message: startingMessage(message) });
  message.content.forEach((block, index) => {
    emit({ type: 'content_block_start', index, content_block: startingBlock(block) });
    // The API sends its first ping right after the first block starts.
    if (index === 0) emit({ type: 'ping' });
    for (const delta of blockDeltas(block)) emit({ type: 'content_block_delta', index, delta });
    emit({ type: 'content_block_stop', index });
  });
  if (message.content.length === 0) emit({ type: 'ping' });
  emit({
    type: 'message_delta',
    delta: {
      stop_reason: message.stop_reason,
      stop_sequence: message.stop_sequence,
      ...('stop_details' in message ? { stop_details: message.stop_details } : {}),
    },
    usage: { output_tokens: message.usage.output_tokens },
  });
  emit({ type: 'message_stop' });
  return events;
}

/** As message_start carries it: no content or stop reason yet, and output_tokens 1 like the API. */
function startingMessage(message: AnthropicMessage): AnthropicMessage {
  return {
    ...message,
    content: [],
    stop_reason: null,
    stop_sequence: null,
    ...('stop_details' in message ? { stop_details: null } : {}),
    usage: { ...message.usage, output_tokens: 1 },
  };
}

function startingBlock(block: ContentBlock): ContentBlock {
  switch (block.type) {
    case 'text':
      return { ...block, text: '', ...(Array.isArray(block.citations) ? { citations: [] } : {}) };
    case 'thinking':
      return { ...block, thinking: '', signature: '' };
    default:
      // tool_use, server_tool_use and any other block with an input start with an empty one;
      // the rest (redacted_thinking, server tool results) come whole.
      return 'input' in block ? { ...block, input: {} } : block;
  }
}

function blockDeltas(block: ContentBlock): ContentBlockDelta[] {
  switch (block.type) {
    case 'text': {
      const deltas: ContentBlockDelta[] = splitContent(String(block.text)).map((text) => ({ type: 'text_delta', text }));
      const citations = Array.isArray(block.citations) ? block.citations : [];
      return [...deltas, ...citations.map((citation) => ({ type: 'citations_delta', citation }))];
    }
    case 'thinking':
      return [
        ...splitContent(String(block.thinking)).map((thinking) => ({ type: 'thinking_delta', thinking })),
        { type: 'signature_delta', signature: String(block.signature) },
      ];
    default:
      if (!('input' in block)) return [];
      // Like the API: an empty piece first, then the JSON text.
      return ['', ...splitJson(JSON.stringify(block.input ?? {}))].map((partial_json) => ({
        type: 'input_json_delta',
        partial_json,
      }));
  }
}

/** Splits at code points, never inside a surrogate pair; an empty input adds no piece. */
function splitJson(json: string): string[] {
  if (json === '{}') return [];
  const points = Array.from(json);
  const size = Math.max(1, Math.ceil(points.length / JSON_PIECES));
  const pieces: string[] = [];
  for (let i = 0; i < points.length; i += size) pieces.push(points.slice(i, i + size).join(''));
  return pieces;
}
