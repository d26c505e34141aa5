// The Anthropic Messages API as a CompletionProtocol, sent to an Anthropic upstream as it came. The
// body is its own cache material (`metadata` and `stream` are dropped by the key function, so new
// Claude Code sessions hit); answers that were refused, paused or cut off are never cached.
import type { CompletionProtocol } from '../../domain/proxy/completion-protocol.js';
import { SynapseError } from '../../errors.js';
import { readMessageUsage } from './message-usage.js';
import { MessagesStreamRelay } from './messages-stream-relay.js';
import type { AnthropicMessage, ContentBlock, MessagesRequest } from './messages-types.js';

/** Stop reasons of a whole answer; `refusal`, `pause_turn` (to be continued) and null are not. */
const FINISHED = new Set(['end_turn', 'stop_sequence', 'tool_use', 'max_tokens', 'model_context_window_exceeded']);

export const MESSAGES_KEYSPACE = 'messages';

export const messagesProtocol: CompletionProtocol<MessagesRequest, AnthropicMessage> = {
  name: 'messages',
  keyspace: MESSAGES_KEYSPACE,
  upstreamKind: 'anthropic',
  keyMaterial: (body) => body,
  semanticView: (body) => body,
  isCacheableRequest: () => true,
  wantsStream: (body) => body.stream === true,
  model: (body) => body.model,
  upstreamCall: (body, stream) => ({ path: '/v1/messages', body: JSON.stringify(stream === (body.stream === true) ? body : { ...body, stream }) }),
  parseAnswer: parseMessage,
  streamRelay: () => new MessagesStreamRelay(),
  isCacheableAnswer: isCacheableMessage,
  usageOf: readMessageUsage,
};

export function parseMessage(text: string): AnthropicMessage {
  const message = JSON.parse(text) as AnthropicMessage;
  if (message?.type !== 'message' || !Array.isArray(message.content)) {
    throw new SynapseError('upstream_failed', { detail: 'response is not an Anthropic message' });
  }
  return message;
}

/** A whole answer that says something: thinking alone, or an empty text block, says nothing. */
export function isCacheableMessage(message: AnthropicMessage): boolean {
  return FINISHED.has(String(message.stop_reason)) && message.content.some(saysSomething);
}

function saysSomething(block: ContentBlock): boolean {
  if (block.type === 'thinking' || block.type === 'redacted_thinking') return false;
  return block.type !== 'text' || (typeof block.text === 'string' && block.text !== '');
}
