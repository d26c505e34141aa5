// Legacy text completions as a CompletionProtocol. A prompt is text to be continued, not a
// question: a reworded prompt continues differently, so only exact repeats are served.
import { wholeBody } from '../../domain/cache/cache-key-memo.js';
import type { CompletionProtocol } from '../../domain/proxy/completion-protocol.js';
import { SynapseError } from '../../errors.js';
import { withoutGatewayFields } from '../gateway-only-fields.js';
import { isCacheableCompletion } from './completions-cache-rules.js';
import { CompletionsStreamRelay } from './completions-stream-relay.js';
import type { CompletionsRequest, TextCompletion } from './completions-types.js';

export const completionsProtocol: CompletionProtocol<CompletionsRequest, TextCompletion> = {
  name: 'completions',
  keyspace: 'completions',
  upstreamKind: 'openai',
  keyMaterial: wholeBody,
  semanticView: () => undefined,
  isCacheableRequest: () => true,
  wantsStream: (body) => body.stream === true,
  model: (body) => body.model,
  upstreamCall(body, stream) {
    // Usage is always requested so the cached entry has it; the client sees it only if it asked.
    const own = withoutGatewayFields(body);
    const forwarded = stream ? { ...own, stream, stream_options: { ...(body.stream_options ?? {}), include_usage: true } } : own;
    return { path: '/completions', body: JSON.stringify(forwarded) };
  },
  parseAnswer(text) {
    const completion = JSON.parse(text) as TextCompletion;
    if (!Array.isArray(completion?.choices)) throw new SynapseError('upstream_failed', { detail: 'response is not a text completion' });
    return completion;
  },
  streamRelay: (body) => new CompletionsStreamRelay({ clientWantsUsage: body.stream_options?.include_usage === true }),
  isCacheableAnswer: isCacheableCompletion,
  usageOf: (completion) => ({ inputTokens: completion.usage?.prompt_tokens ?? 0, outputTokens: completion.usage?.completion_tokens ?? 0 }),
};
