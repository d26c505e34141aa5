// The fake Anthropic model's answer to a Messages request: thinking (when asked for), then a
// scripted tool_use (fake-tools) or the "Echo: <last user turn>" text, with stop reason and usage.
import { createHash } from 'node:crypto';
import { userTurnText, type MessagesRequest } from './anthropic-request.js';
import { TOOL_ARGUMENTS } from './chat-completions.js';
import { isRecord } from './content-text.js';
import { estimateTokens, newId } from './http-helpers.js';
import type { Behaviour } from './scripted-behaviours.js';

export type ContentBlock =
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown };

export type StopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'refusal';

export interface MessageAnswer {
  blocks: ContentBlock[];
  stopReason: StopReason;
  stopSequence: string | null;
  outputTokens: number;
}

export interface AnthropicUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
  output_tokens: number;
  service_tier: 'standard';
}

/** Text of the last user turn (its text blocks and tool results). */
function lastUserText(messages: Record<string, unknown>[]): string {
  const last = messages.findLast((m) => m['role'] === 'user');
  return last === undefined ? '' : userTurnText(last['content']);
}

function endsWithToolResult(messages: Record<string, unknown>[]): boolean {
  const content = messages.at(-1)?.['content'];
  return Array.isArray(content) && content.some((block) => isRecord(block) && block['type'] === 'tool_result');
}

/** A deterministic stand-in for the opaque signature that lets thinking be sent back next turn. */
function signatureFor(thinking: string): string {
  return createHash('sha256').update(`fake-thinking:${thinking}`).digest('base64');
}

/** Cuts the echo at the first stop sequence, or at max_tokens (4 characters a token), like the model would stop. */
function textBlockAnswer(text: string, request: MessagesRequest): { text: string; stopReason: StopReason; stopSequence: string | null } {
  let cut: { at: number; sequence: string } | undefined;
  for (const sequence of request.stopSequences) {
    const at = text.indexOf(sequence);
    if (at !== -1 && (cut === undefined || at < cut.at)) cut = { at, sequence };
  }
  if (cut !== undefined) text = text.slice(0, cut.at);
  if (request.maxTokens !== undefined && estimateTokens(text.length) > request.maxTokens) {
    return { text: text.slice(0, request.maxTokens * 4), stopReason: 'max_tokens', stopSequence: null };
  }
  return cut === undefined ? { text, stopReason: 'end_turn', stopSequence: null } : { text, stopReason: 'stop_sequence', stopSequence: cut.sequence };
}

export function composeAnswer(request: MessagesRequest, behaviour: Behaviour): MessageAnswer {
  const userText = lastUserText(request.messages);
  const blocks: ContentBlock[] = [];
  let outputChars = 0;
  if (request.thinking !== undefined) {
    const thought = `The user wrote "${userText}". I will echo it back.`;
    blocks.push({ type: 'thinking', thinking: request.thinking === 'omitted' ? '' : thought, signature: signatureFor(thought) });
    outputChars += thought.length;
  }
  if (behaviour.kind === 'tools' && request.toolName !== undefined && !endsWithToolResult(request.messages)) {
    blocks.push({ type: 'tool_use', id: newId('toolu_'), name: request.toolName, input: JSON.parse(TOOL_ARGUMENTS) as unknown });
    return { blocks, stopReason: 'tool_use', stopSequence: null, outputTokens: estimateTokens(outputChars + TOOL_ARGUMENTS.length) };
  }
  // fake-refusal stops with `refusal` before saying anything; fake-empty ends its turn without a block.
  if (behaviour.kind === 'refusal') return { blocks, stopReason: 'refusal', stopSequence: null, outputTokens: estimateTokens(outputChars) };
  if (behaviour.kind === 'empty') return { blocks, stopReason: 'end_turn', stopSequence: null, outputTokens: 0 };
  const { text, stopReason, stopSequence } = textBlockAnswer(`Echo: ${userText}`, request);
  blocks.push({ type: 'text', text });
  return { blocks, stopReason, stopSequence, outputTokens: estimateTokens(outputChars + text.length) };
}

export function usageOf(request: MessagesRequest, outputTokens: number): AnthropicUsage {
  return {
    input_tokens: request.inputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    output_tokens: outputTokens,
    service_tier: 'standard',
  };
}
