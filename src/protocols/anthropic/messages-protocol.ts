// The Anthropic Messages API as a CompletionProtocol, sent to an Anthropic upstream as it came (less
// Synapse's own session_id). The body, with the anthropic-beta flags, is the cache material
// (`metadata` and `stream` are dropped by the key function, so new Claude Code sessions hit);
// refused, paused or cut-off answers are never cached.
import { wholeBody } from '../../domain/cache/cache-key-memo.js';
import type { CompletionProtocol } from '../../domain/proxy/completion-protocol.js';
import { SynapseError } from '../../errors.js';
import { withoutGatewayFields } from '../gateway-only-fields.js';
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
  keyMaterial: wholeBody,
  semanticView: (body) => body,
  isCacheableRequest: () => true,
  wantsStream: (body) => body.stream === true,
  model: (body) => body.model,
  upstreamCall(body, stream) {
    const forwarded = withoutGatewayFields(body);
    return { path: '/v1/messages', body: JSON.stringify(stream === (body.stream === true) ? forwarded : { ...forwarded, stream }) };
  },
  parseAnswer: parseMessage,
  streamRelay: () => new MessagesStreamRelay(),
  isCacheableAnswer: isCacheableMessage,
  usageOf: readMessageUsage,
};

/**
 * The protocol for a call sent with these `anthropic-beta` flags. A beta can change the answer
 * (interleaved thinking, longer outputs, context editing), so the flags join the key material and
 * the semantic partition; their order and spacing do not matter. `anthropic-version` is not in the
 * key: it shapes the envelope, not the answer, and clients pin different versions (Claude Code
 * 2023-06-01, recent SDKs newer ones) for the same question.
 */
export function messagesProtocolWithBetas(betaHeader: string | undefined): CompletionProtocol<MessagesRequest, AnthropicMessage> {
  if (betaHeader === undefined) return messagesProtocol;
  const betas = [...new Set(betaHeader.split(',').map((flag) => flag.trim()).filter((flag) => flag !== ''))].sort().join(',');
  if (betas === '') return messagesProtocol;
  const withBetas = (body: MessagesRequest) => ({ ...body, '\u0000anthropic_beta': betas });
  return { ...messagesProtocol, keyMaterial: withBetas, semanticView: withBetas };
}

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
