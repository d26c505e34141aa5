// An OpenAI chat completion as the Anthropic message a Messages client expects: text and tool_use
// blocks, a mapped stop reason, and usage split into fresh and cache-read input tokens.
import { createHash } from 'node:crypto';
import { SynapseError } from '../../../errors.js';
import type { ChatCompletion, ToolCall, Usage } from '../../chat/chat-types.js';
import type { AnthropicMessage, ContentBlock, MessageUsage, StopReason } from '../messages-types.js';
import { parseToolInput } from '../tool-input-json.js';

/**
 * `model` is the name the client asked for (an Anthropic name), not the upstream's: Claude Code
 * checks it. Tool arguments that are not a JSON object become `{ INVALID_JSON: text }` (see
 * tool-input-json.ts). Only the first choice is read: the Messages API has no `n`.
 */
export function toAnthropicMessage(completion: ChatCompletion, requestModel: string): AnthropicMessage {
  return buildAnthropicMessage(completion, requestModel, messageIdFor(completion));
}

/** The same, under a message id chosen before the completion was known (a stream's message_start). */
export function buildAnthropicMessage(completion: ChatCompletion, requestModel: string, messageId: string): AnthropicMessage {
  const choice = completion.choices[0];
  if (!choice) throw new SynapseError('upstream_failed', { detail: 'the upstream answer has no choices' });
  const { message } = choice;
  const refusal = typeof message.refusal === 'string' ? message.refusal : '';
  const text = (typeof message.content === 'string' ? message.content : '') + refusal;
  const content: ContentBlock[] = text === '' ? [] : [{ type: 'text', text }];
  (message.tool_calls ?? []).forEach((call, position) => content.push(toolUseBlock(call, messageId, position)));
  const hasToolUse = content.some((block) => block.type === 'tool_use');
  return {
    id: messageId,
    type: 'message',
    role: 'assistant',
    model: requestModel,
    content,
    stop_reason: refusal !== '' ? 'refusal' : toStopReason(choice.finish_reason, hasToolUse),
    // Chat does not say which stop sequence matched, nor whether one did: `stop` reads as end_turn.
    stop_sequence: null,
    usage: toMessageUsage(completion.usage),
  };
}

/**
 * `msg_` + the completion id without its `chatcmpl-` prefix: the same completion always gives the
 * same id. An upstream that sends no id gets one hashed from the answer itself.
 */
export function messageIdFor(completion: Pick<ChatCompletion, 'id' | 'choices'>): string {
  const core = (completion.id ?? '').replace(/^chatcmpl-/, '');
  if (core !== '') return `msg_${core}`;
  return `msg_${createHash('sha256').update(JSON.stringify(completion.choices)).digest('base64url').slice(0, 24)}`;
}

/** Some OpenAI-compatible servers omit tool call ids; the client needs one to answer the call. */
export function toolUseIdFor(call: ToolCall, messageId: string, position: number): string {
  return call.id ? call.id : `toolu_${messageId.replace(/^msg_/, '')}_${position}`;
}

/**
 * Servers that finish a tool-calling answer with `stop` (Ollama, some vLLM parsers) still asked for
 * tools: with tool_use blocks present, `stop` reads as tool_use.
 */
export function toStopReason(finishReason: string | null, hasToolUse: boolean): StopReason {
  switch (finishReason) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return hasToolUse ? 'tool_use' : 'end_turn';
  }
}

/** Chat counts cached tokens inside prompt_tokens; Anthropic counts them apart from input_tokens. */
export function toMessageUsage(usage: Usage | null | undefined): MessageUsage {
  const details = usage?.prompt_tokens_details as { cached_tokens?: number | null } | null | undefined;
  const cached = details?.cached_tokens ?? 0;
  return {
    input_tokens: Math.max(0, (usage?.prompt_tokens ?? 0) - cached),
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: cached,
    output_tokens: usage?.completion_tokens ?? 0,
  };
}

function toolUseBlock(call: ToolCall, messageId: string, position: number): ContentBlock {
  return {
    type: 'tool_use',
    id: toolUseIdFor(call, messageId, position),
    name: call.function?.name ?? '',
    input: parseToolInput(call.function?.arguments ?? ''),
  };
}
