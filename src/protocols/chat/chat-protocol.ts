// OpenAI chat completions as a CompletionProtocol: the body is its own cache material (delivery
// fields are dropped by the key function), the last user turn is compared by meaning, and answers
// that were refused, cut off or empty are never cached.
import { wholeBody } from '../../domain/cache/cache-key-memo.js';
import type { CompletionProtocol } from '../../domain/proxy/completion-protocol.js';
import { SynapseError } from '../../errors.js';
import { withoutGatewayFields } from '../gateway-only-fields.js';
import type { TokenUsage } from '../protocol-usage.js';
import { ChatStreamRelay } from './chat-stream-relay.js';
import type { ChatCompletion, ChatRequestBody } from './chat-types.js';

export const chatProtocol: CompletionProtocol<ChatRequestBody, ChatCompletion> = {
  name: 'chat',
  keyspace: '',
  upstreamKind: 'openai',
  keyMaterial: wholeBody,
  semanticView: (body) => body,
  isCacheableRequest: () => true,
  wantsStream: (body) => body.stream === true,
  model: (body) => body.model,
  upstreamCall(body, stream) {
    const forwarded = { ...withoutGatewayFields(body) };
    // Usage is always requested so the cached entry has it; the client sees it only if it asked.
    if (stream) forwarded.stream_options = { ...(body.stream_options ?? {}), include_usage: true };
    return { path: '/chat/completions', body: JSON.stringify(forwarded) };
  },
  parseAnswer: parseChatCompletion,
  streamRelay: (body) => new ChatStreamRelay(body.stream_options?.include_usage === true),
  isCacheableAnswer: isCacheableCompletion,
  usageOf: (completion): TokenUsage => ({
    inputTokens: completion.usage?.prompt_tokens ?? 0,
    outputTokens: completion.usage?.completion_tokens ?? 0,
  }),
};

export function parseChatCompletion(text: string): ChatCompletion {
  const completion = JSON.parse(text) as ChatCompletion;
  if (!Array.isArray(completion?.choices)) {
    throw new SynapseError('upstream_failed', { detail: 'response is not a chat completion' });
  }
  return completion;
}

/** Finished choices only, at least one, and none that is a refusal or says nothing at all. */
export function isCacheableCompletion(completion: ChatCompletion): boolean {
  if (completion.choices.length === 0) return false;
  return completion.choices.every((choice) => {
    const { message } = choice;
    if (!choice.finish_reason || choice.finish_reason === 'content_filter') return false;
    const hasContent = typeof message?.content === 'string' && message.content !== '';
    const hasToolCalls = (Array.isArray(message?.tool_calls) && message.tool_calls.length > 0) || Boolean(message?.function_call);
    if (message?.refusal && !hasContent) return false;
    return hasContent || hasToolCalls || Boolean(message?.audio);
  });
}
