// The fake model's answer to a Responses request and the response object around it: a reasoning
// item (when asked for), then a function_call (fake-tools) or an "Echo: <last user input>" message,
// with the usage and the echoed request parameters the real API returns (no `output_text`: SDK-only).
import { REFUSAL_TEXT, TOOL_ARGUMENTS } from './chat-completions.js';
import { contentText, isRecord } from './content-text.js';
import { estimateTokens, newId } from './http-helpers.js';
import { outputText, type Item, type ResponsesRequest } from './responses-request.js';
import type { Behaviour } from './scripted-behaviours.js';

export interface ResponsesAnswer {
  /** Completed output items, in order. */
  output: Item[];
  outputTokens: number;
  reasoningTokens: number;
}

export interface ResponseUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/** The last user message's text, or the output of a trailing function_call_output (the tool loop's answer echoes it). */
function lastUserInput(items: Item[]): string {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item?.['type'] === 'function_call_output') return outputText(item['output']);
    if (item?.['type'] === 'message' && item['role'] === 'user') return contentText(item['content'], ['input_text']);
  }
  return '';
}

export function composeAnswer(request: ResponsesRequest, behaviour: Behaviour): ResponsesAnswer {
  const userText = lastUserInput(request.items);
  const output: Item[] = [];
  // Reasoning stays hidden (summary []) but is billed, like the real API's encrypted reasoning.
  const reasoningTokens = request.reasoning ? estimateTokens(`The user wrote "${userText}". I will echo it back.`.length) : 0;
  if (request.reasoning) output.push({ id: newId('rs_'), type: 'reasoning', summary: [] });
  const toolResultLast = request.items.at(-1)?.['type'] === 'function_call_output';
  if (behaviour.kind === 'tools' && request.toolName !== undefined && !toolResultLast) {
    output.push({ id: newId('fc_'), type: 'function_call', status: 'completed', arguments: TOOL_ARGUMENTS, call_id: newId('call_'), name: request.toolName });
    return { output, outputTokens: reasoningTokens + estimateTokens(TOOL_ARGUMENTS.length), reasoningTokens };
  }
  if (behaviour.kind === 'empty') return { output, outputTokens: reasoningTokens, reasoningTokens };
  if (behaviour.kind === 'refusal') {
    const refusal = { type: 'refusal', refusal: REFUSAL_TEXT };
    output.push({ id: newId('msg_'), type: 'message', status: 'completed', content: [refusal], role: 'assistant' });
    return { output, outputTokens: reasoningTokens + estimateTokens(REFUSAL_TEXT.length), reasoningTokens };
  }
  const text = `Echo: ${userText}`;
  const part = { type: 'output_text', annotations: [], logprobs: [], text };
  output.push({ id: newId('msg_'), type: 'message', status: 'completed', content: [part], role: 'assistant' });
  return { output, outputTokens: reasoningTokens + estimateTokens(text.length), reasoningTokens };
}

export function usageOf(request: ResponsesRequest, answer: ResponsesAnswer): ResponseUsage {
  return {
    input_tokens: request.inputTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: answer.outputTokens,
    output_tokens_details: { reasoning_tokens: answer.reasoningTokens },
    total_tokens: request.inputTokens + answer.outputTokens,
  };
}

/** Function tools come back normalised (description and parameters null when absent, strict true by default). */
function echoTools(tools: unknown): unknown[] {
  if (!Array.isArray(tools)) return [];
  return tools.map((tool: unknown) =>
    isRecord(tool) && tool['type'] === 'function'
      ? { type: 'function', description: null, parameters: null, strict: true, ...tool }
      : tool,
  );
}

export interface ResponseState {
  id: string;
  createdAt: number;
  status: 'in_progress' | 'completed';
  output: Item[];
  usage: ResponseUsage | null;
}

/** The wire object, with the request parameters the real API echoes and their defaults. */
export function responseObject(request: ResponsesRequest, state: ResponseState): Record<string, unknown> {
  const { body } = request;
  const reasoning = isRecord(body['reasoning']) ? body['reasoning'] : {};
  const text = isRecord(body['text']) ? body['text'] : {};
  return {
    id: state.id,
    object: 'response',
    created_at: state.createdAt,
    status: state.status,
    background: request.background,
    completed_at: state.status === 'completed' ? Math.floor(Date.now() / 1000) : null,
    error: null,
    incomplete_details: null,
    instructions: body['instructions'] ?? null,
    max_output_tokens: body['max_output_tokens'] ?? null,
    max_tool_calls: body['max_tool_calls'] ?? null,
    model: request.model,
    output: state.output,
    parallel_tool_calls: body['parallel_tool_calls'] ?? true,
    previous_response_id: request.previousResponseId ?? null,
    prompt_cache_key: body['prompt_cache_key'] ?? null,
    reasoning: { effort: reasoning['effort'] ?? (request.reasoning ? 'medium' : null), summary: reasoning['summary'] ?? null },
    safety_identifier: body['safety_identifier'] ?? null,
    service_tier: 'default',
    store: request.store,
    temperature: body['temperature'] ?? 1,
    text: { format: { type: 'text' }, verbosity: 'medium', ...text },
    tool_choice: body['tool_choice'] ?? 'auto',
    tools: echoTools(body['tools']),
    top_logprobs: body['top_logprobs'] ?? 0,
    top_p: body['top_p'] ?? 1,
    truncation: body['truncation'] ?? 'disabled',
    usage: state.usage,
    user: body['user'] ?? null,
    metadata: body['metadata'] ?? {},
  };
}
