// Parsing and validating an Anthropic Messages request for the fake upstream (POST /v1/messages and
// /v1/messages/count_tokens), with Anthropic's 400 wording, plus the text and token counts read from it.
import { sendAnthropicInvalidRequest } from './anthropic-errors.js';
import { contentText, isRecord } from './content-text.js';
import { estimateTokens, type HandlerContext } from './http-helpers.js';

export interface MessagesRequest {
  model: string;
  messages: Record<string, unknown>[];
  /** undefined for count_tokens, which takes no max_tokens. */
  maxTokens: number | undefined;
  stream: boolean;
  /** The tool fake-tools calls: the one tool_choice names, else the first custom tool; undefined if none or tool_choice none. */
  toolName: string | undefined;
  /** Set when thinking is enabled or adaptive; 'omitted' sends an empty thinking text with its signature. */
  thinking: 'summarized' | 'omitted' | undefined;
  stopSequences: string[];
  /** Estimated from system and message text, the same for /v1/messages and count_tokens. */
  inputTokens: number;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** Text of a user turn: its text blocks and the text of its tool results, so a tool loop's answer echoes the result. */
export function userTurnText(content: unknown): string {
  if (!Array.isArray(content)) return contentText(content);
  const texts: string[] = [];
  for (const block of content) {
    if (!isRecord(block)) continue;
    if (block['type'] === 'text' && typeof block['text'] === 'string') texts.push(block['text']);
    if (block['type'] === 'tool_result') texts.push(contentText(block['content']));
  }
  return texts.join(' ');
}

/** Every character the model reads: text, tool results, tool inputs and thinking of every turn. */
function countedChars(content: unknown): number {
  if (!Array.isArray(content)) return contentText(content).length;
  let chars = userTurnText(content).length;
  for (const block of content) {
    if (!isRecord(block)) continue;
    if (block['type'] === 'tool_use') chars += JSON.stringify(block['input'] ?? {}).length;
    if (block['type'] === 'thinking' && typeof block['thinking'] === 'string') chars += block['thinking'].length;
  }
  return chars;
}

function parseMessages(value: unknown): Parsed<Record<string, unknown>[]> {
  if (value === undefined) return { ok: false, message: 'messages: Field required' };
  if (!Array.isArray(value)) return { ok: false, message: 'messages: Input should be a valid list' };
  if (value.length === 0) return { ok: false, message: 'messages: at least one message is required' };
  for (const [i, message] of value.entries()) {
    if (!isRecord(message)) return { ok: false, message: `messages.${i}: Input should be a valid dictionary` };
    // `system` turns inside messages are what Claude Code sends with its per-turn-control beta.
    if (message['role'] !== 'user' && message['role'] !== 'assistant' && message['role'] !== 'system') {
      return { ok: false, message: `messages.${i}.role: Input should be 'user', 'assistant' or 'system'` };
    }
    const content = message['content'];
    if (typeof content !== 'string' && !Array.isArray(content)) return { ok: false, message: `messages.${i}.content: Field required` };
  }
  return { ok: true, value: value as Record<string, unknown>[] };
}

function parseMaxTokens(value: unknown): Parsed<number> {
  if (value === undefined) return { ok: false, message: 'max_tokens: Field required' };
  if (typeof value !== 'number' || !Number.isInteger(value)) return { ok: false, message: 'max_tokens: Input should be a valid integer' };
  if (value < 1) return { ok: false, message: 'max_tokens: Input should be greater than or equal to 1' };
  return { ok: true, value };
}

/** Thinking as the real API checks it: enabled needs 1024 <= budget_tokens < max_tokens. */
function parseThinking(value: unknown, maxTokens: number | undefined): Parsed<MessagesRequest['thinking']> {
  if (!isRecord(value) || (value['type'] !== 'enabled' && value['type'] !== 'adaptive')) return { ok: true, value: undefined };
  if (value['type'] === 'enabled') {
    const budget = value['budget_tokens'];
    if (typeof budget !== 'number' || !Number.isInteger(budget) || budget < 1024) {
      return { ok: false, message: 'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024' };
    }
    if (maxTokens !== undefined && maxTokens <= budget) {
      return { ok: false, message: '`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size' };
    }
  }
  return { ok: true, value: value['display'] === 'omitted' ? 'omitted' : 'summarized' };
}

function chooseTool(tools: unknown, toolChoice: unknown): string | undefined {
  if (!Array.isArray(tools) || tools.length === 0) return undefined;
  if (isRecord(toolChoice) && toolChoice['type'] === 'none') return undefined;
  if (isRecord(toolChoice) && toolChoice['type'] === 'tool' && typeof toolChoice['name'] === 'string') return toolChoice['name'];
  // Server tools (web_search_..., bash_...) carry a type; client tools have none or 'custom'.
  const custom = tools.find((t) => isRecord(t) && (t['type'] === undefined || t['type'] === 'custom') && typeof t['name'] === 'string');
  return isRecord(custom) ? (custom['name'] as string) : undefined;
}

function estimateInputTokens(system: unknown, messages: Record<string, unknown>[]): number {
  let chars = contentText(system).length;
  for (const message of messages) chars += countedChars(message['content']);
  return estimateTokens(chars);
}

/**
 * Validates like Anthropic does (count_tokens takes no max_tokens); on failure sends the 400
 * itself and returns undefined.
 */
export function parseMessagesRequest(ctx: HandlerContext, { countTokens }: { countTokens: boolean }): MessagesRequest | undefined {
  const { body, res } = ctx;
  const fail = (message: string): undefined => {
    sendAnthropicInvalidRequest(res, message);
    return undefined;
  };
  const model = body['model'];
  if (model === undefined) return fail('model: Field required');
  if (typeof model !== 'string' || model === '') return fail('model: Input should be a valid string');
  const messages = parseMessages(body['messages']);
  if (!messages.ok) return fail(messages.message);
  const maxTokens = countTokens ? { ok: true as const, value: undefined } : parseMaxTokens(body['max_tokens']);
  if (!maxTokens.ok) return fail(maxTokens.message);
  const thinking = parseThinking(body['thinking'], maxTokens.value);
  if (!thinking.ok) return fail(thinking.message);
  const stop = body['stop_sequences'];
  return {
    model,
    messages: messages.value,
    maxTokens: maxTokens.value,
    stream: body['stream'] === true,
    toolName: chooseTool(body['tools'], body['tool_choice']),
    thinking: thinking.value,
    stopSequences: Array.isArray(stop) ? stop.filter((s): s is string => typeof s === 'string' && s !== '') : [],
    inputTokens: estimateInputTokens(body['system'], messages.value),
  };
}
