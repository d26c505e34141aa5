// An Anthropic message's usage in the gateway's shared TokenUsage shape, for cost estimates and logs.
import type { TokenUsage } from '../protocol-usage.js';
import type { AnthropicMessage } from './messages-types.js';

/** Anthropic counts cache writes and reads apart from input_tokens; all three are input. */
export function readMessageUsage(message: Pick<AnthropicMessage, 'usage'>): TokenUsage {
  const { input_tokens, cache_creation_input_tokens, cache_read_input_tokens, output_tokens } = message.usage;
  return {
    inputTokens: (input_tokens ?? 0) + (cache_creation_input_tokens ?? 0) + (cache_read_input_tokens ?? 0),
    outputTokens: output_tokens ?? 0,
  };
}
