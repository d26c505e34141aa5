// POST /v1/chat/completions for the fake upstream: OpenAI-style validation, a deterministic
// "Echo: <last user message>" answer (or a scripted tool call), non-streaming and streaming.
import { streamCompletion } from './chat-stream.js';
import { contentText, isRecord } from './content-text.js';
import {
  SYSTEM_FINGERPRINT,
  estimateTokens,
  newId,
  sendInvalidRequest,
  sendJson,
  type HandlerContext,
} from './http-helpers.js';
import { openAIErrors } from './openai-errors.js';
import { behaviourFor, runScriptedPrelude, type Behaviour } from './scripted-behaviours.js';

export interface ChatRequest {
  model: string;
  messages: unknown[];
  stream: boolean;
  n: number;
  includeUsage: boolean;
  /** Name of the first tool, when the request offers tools and does not forbid calling them. */
  toolName: string | undefined;
}

export type Answer =
  | { kind: 'text'; content: string }
  | { kind: 'tool'; name: string; arguments: string }
  | { kind: 'refusal'; refusal: string }
  /** No choices at all (fake-empty). */
  | { kind: 'empty' };

/** What fake-refusal says on every API. */
export const REFUSAL_TEXT = "I'm sorry, but I can't help with that.";

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; audio_tokens: number };
  completion_tokens_details: {
    reasoning_tokens: number;
    audio_tokens: number;
    accepted_prediction_tokens: number;
    rejected_prediction_tokens: number;
  };
}

/** The arguments of every scripted tool call, on every API (chat, Anthropic tool_use input, Responses). */
export const TOOL_ARGUMENTS = '{"city":"Paris"}';

const CHAT_ERRORS = openAIErrors('messages');

function firstToolName(body: Record<string, unknown>): string | undefined {
  const tools = body['tools'];
  if (!Array.isArray(tools) || tools.length === 0 || body['tool_choice'] === 'none') return undefined;
  const first: unknown = tools[0];
  const fn = isRecord(first) ? first['function'] : undefined;
  return isRecord(fn) && typeof fn['name'] === 'string' ? fn['name'] : 'unnamed_function';
}

/** Validates like OpenAI does; on failure sends the 400 itself and returns undefined. */
function parseChatRequest(ctx: HandlerContext): ChatRequest | undefined {
  const { body, res } = ctx;
  const model = body['model'];
  if (typeof model !== 'string' || model === '') {
    sendInvalidRequest(res, 'you must provide a model parameter', 'model');
    return undefined;
  }
  const messages = body['messages'];
  if (!Array.isArray(messages) || messages.length === 0) {
    const message = Array.isArray(messages) ? "[] is too short - 'messages'" : "Missing required parameter: 'messages'.";
    sendInvalidRequest(res, message, 'messages');
    return undefined;
  }
  const n = body['n'] ?? 1;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 128) {
    sendInvalidRequest(res, `Invalid 'n': integer between 1 and 128 expected.`, 'n');
    return undefined;
  }
  const stream = body['stream'] === true;
  const streamOptions = body['stream_options'];
  if (streamOptions !== undefined && streamOptions !== null && !stream) {
    sendInvalidRequest(res, "The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'stream_options');
    return undefined;
  }
  const includeUsage = isRecord(streamOptions) && streamOptions['include_usage'] === true;
  return { model, messages, stream, n, includeUsage, toolName: firstToolName(body) };
}

/** fake-tools calls the first tool, unless the conversation already ends with a tool result. */
function decideAnswer(request: ChatRequest, behaviour: Behaviour): Answer {
  const last = request.messages.at(-1);
  const answersToolResult = isRecord(last) && last['role'] === 'tool';
  if (behaviour.kind === 'tools' && request.toolName !== undefined && !answersToolResult) {
    return { kind: 'tool', name: request.toolName, arguments: TOOL_ARGUMENTS };
  }
  if (behaviour.kind === 'refusal') return { kind: 'refusal', refusal: REFUSAL_TEXT };
  if (behaviour.kind === 'empty') return { kind: 'empty' };
  let lastUserText = '';
  for (let i = request.messages.length - 1; i >= 0; i--) {
    const message = request.messages[i];
    if (isRecord(message) && message['role'] === 'user') {
      lastUserText = contentText(message['content']);
      break;
    }
  }
  return { kind: 'text', content: `Echo: ${lastUserText}` };
}

function computeUsage(request: ChatRequest, answer: Answer): Usage {
  let promptChars = 0;
  for (const message of request.messages) {
    if (isRecord(message)) promptChars += contentText(message['content']).length;
  }
  const prompt = estimateTokens(promptChars);
  const perChoice = estimateTokens(answerText(answer).length);
  const completion = perChoice * request.n;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function answerText(answer: Answer): string {
  if (answer.kind === 'text') return answer.content;
  if (answer.kind === 'tool') return answer.arguments;
  return answer.kind === 'refusal' ? answer.refusal : '';
}

/** How many choices an answer has: none for fake-empty. */
export function choiceCount(request: ChatRequest, answer: Answer): number {
  return answer.kind === 'empty' ? 0 : request.n;
}

function completionMessage(answer: Answer): Record<string, unknown> {
  if (answer.kind === 'text') return { role: 'assistant', content: answer.content, refusal: null };
  if (answer.kind === 'refusal') return { role: 'assistant', content: null, refusal: answer.refusal };
  if (answer.kind === 'empty') return { role: 'assistant', content: '', refusal: null };
  const toolCall = { id: newId('call_'), type: 'function', function: { name: answer.name, arguments: answer.arguments } };
  return { role: 'assistant', content: null, tool_calls: [toolCall], refusal: null };
}

function completionObject(request: ChatRequest, answer: Answer): Record<string, unknown> {
  const finishReason = answer.kind === 'tool' ? 'tool_calls' : 'stop';
  const choices = [];
  for (let index = 0; index < choiceCount(request, answer); index++) {
    choices.push({ index, message: completionMessage(answer), logprobs: null, finish_reason: finishReason });
  }
  return {
    id: newId('chatcmpl-'),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: request.model,
    choices,
    usage: computeUsage(request, answer),
    service_tier: 'default',
    system_fingerprint: SYSTEM_FINGERPRINT,
  };
}

export async function handleChatCompletion(ctx: HandlerContext): Promise<void> {
  const request = parseChatRequest(ctx);
  if (request === undefined) return;
  const behaviour = behaviourFor(request.model);
  const material = (): string => JSON.stringify(request.messages);
  const prelude = { res: ctx.res, model: request.model, material, memory: ctx.memory, dialect: CHAT_ERRORS };
  if (!(await runScriptedPrelude(behaviour, prelude))) return;
  const answer = decideAnswer(request, behaviour);
  if (!request.stream) {
    sendJson(ctx.res, 200, completionObject(request, answer));
    return;
  }
  const usage = request.includeUsage ? computeUsage(request, answer) : undefined;
  await streamCompletion(ctx.res, request, answer, { usage, breakMidstream: behaviour.kind === 'error-midstream' });
}
