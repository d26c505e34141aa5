// Error bodies of the Anthropic Messages routes, so that Claude Code and the Anthropic SDKs raise
// their usual error classes: Anthropic's shape and types, and our request id as theirs.
import type { SynapseError } from '../errors.js';
import { toAnthropicErrorBody } from '../protocols/anthropic/anthropic-error.js';
import type { AnthropicErrorBody } from '../protocols/anthropic/messages-types.js';

export function anthropicErrorBody(error: SynapseError, requestId: string): AnthropicErrorBody & { request_id: string } {
  return { ...toAnthropicErrorBody(error), request_id: requestId };
}
