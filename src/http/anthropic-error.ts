// Error bodies of the Anthropic Messages routes, so that Claude Code and the Anthropic SDKs raise
// their usual error classes: Anthropic's shape and types, and our request id as theirs.
import type { SynapseError } from '../errors.js';
import { toAnthropicErrorBody } from '../protocols/anthropic/anthropic-error.js';
import type { AnthropicErrorBody } from '../protocols/anthropic/messages-types.js';

export function anthropicErrorBody(error: SynapseError, requestId: string): AnthropicErrorBody & { request_id: string } {
  const body = toAnthropicErrorBody(error);
  // The upstream's status behind an api_error, as the SPEC shape carries it; Anthropic's clients ignore it.
  if (error.upstreamStatus !== undefined) Object.assign(body.error, { upstream_status: error.upstreamStatus });
  return { ...body, request_id: requestId };
}
