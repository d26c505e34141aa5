// POST /v1/completions (OpenAI's legacy text completions) for the fake upstream: one "Echo: <prompt>"
// choice per prompt and n, as JSON or as `text_completion` chunks ending in [DONE].
import type { ServerResponse } from 'node:http';
import {
  SYSTEM_FINGERPRINT,
  destroyDeliberately,
  estimateTokens,
  newId,
  sendInvalidRequest,
  sendJson,
  type HandlerContext,
} from './http-helpers.js';
import { isRecord } from './content-text.js';
import { openAIErrors } from './openai-errors.js';
import { behaviourFor, runScriptedPrelude } from './scripted-behaviours.js';
import { SseWriter, splitWords } from './sse-writer.js';

const COMPLETION_ERRORS = openAIErrors('prompt');

interface CompletionRequest {
  model: string;
  /** Token-id prompts are echoed as their ids joined by spaces. */
  prompts: string[];
  n: number;
  echo: boolean;
  stream: boolean;
  includeUsage: boolean;
}

function isTokens(value: unknown): value is number[] {
  return Array.isArray(value) && value.length > 0 && value.every((v) => Number.isInteger(v));
}

/** A string, an array of strings, an array of token ids, or an array of those. */
function normalisePrompt(prompt: unknown): string[] | undefined {
  if (typeof prompt === 'string') return [prompt];
  if (isTokens(prompt)) return [prompt.join(' ')];
  if (!Array.isArray(prompt) || prompt.length === 0) return undefined;
  const prompts: string[] = [];
  for (const item of prompt) {
    if (typeof item === 'string') prompts.push(item);
    else if (isTokens(item)) prompts.push(item.join(' '));
    else return undefined;
  }
  return prompts;
}

/** Validates like OpenAI does; on failure sends the 400 itself and returns undefined. */
function parseCompletionRequest({ body, res }: HandlerContext): CompletionRequest | undefined {
  const model = body['model'];
  if (typeof model !== 'string' || model === '') {
    sendInvalidRequest(res, 'you must provide a model parameter', 'model');
    return undefined;
  }
  if (body['prompt'] === undefined) {
    sendInvalidRequest(res, "Missing required parameter: 'prompt'.", 'prompt');
    return undefined;
  }
  const prompts = normalisePrompt(body['prompt']);
  if (prompts === undefined) {
    sendInvalidRequest(res, "Invalid type for 'prompt': expected a string, an array of strings, or an array of token arrays.", 'prompt');
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
  return { model, prompts, n, echo: body['echo'] === true, stream, includeUsage };
}

/** The text of every choice: each prompt n times, choice index = prompt index * n + j, as the API numbers them. */
function choiceTexts(request: CompletionRequest): string[] {
  return request.prompts.flatMap((prompt) => {
    const text = `${request.echo ? prompt : ''}Echo: ${prompt}`;
    return Array.from({ length: request.n }, () => text);
  });
}

function usageOf(request: CompletionRequest, texts: string[]): Record<string, number> {
  const prompt = estimateTokens(request.prompts.reduce((sum, p) => sum + p.length, 0));
  const completion = texts.reduce((sum, text) => sum + estimateTokens(text.length), 0);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

async function streamChoices(res: ServerResponse, request: CompletionRequest, texts: string[], breakMidstream: boolean): Promise<void> {
  const base = { id: newId('cmpl-'), object: 'text_completion', created: Math.floor(Date.now() / 1000) };
  const usageField = request.includeUsage ? { usage: null } : {};
  const chunk = (index: number, text: string, finish: string | null): object => ({
    ...base,
    choices: [{ text, index, logprobs: null, finish_reason: finish }],
    model: request.model,
    system_fingerprint: SYSTEM_FINGERPRINT,
    ...usageField,
  });
  const chunks = texts.flatMap((text, index) => [...splitWords(text).map((word) => chunk(index, word, null)), chunk(index, '', 'stop')]);
  const writer = new SseWriter(res);
  writer.start();
  // Like the chat fake: a few chunks, then the connection dies without [DONE].
  for (const payload of breakMidstream ? chunks.slice(0, 3) : chunks) if (!(await writer.send(payload))) return;
  if (breakMidstream) {
    destroyDeliberately(res);
    return;
  }
  const usage = { ...base, choices: [], model: request.model, system_fingerprint: SYSTEM_FINGERPRINT, usage: usageOf(request, texts) };
  if (request.includeUsage && !(await writer.send(usage))) return;
  writer.finish();
}

export async function handleLegacyCompletion(ctx: HandlerContext): Promise<void> {
  const request = parseCompletionRequest(ctx);
  if (request === undefined) return;
  const behaviour = behaviourFor(request.model);
  const material = (): string => `completions:${JSON.stringify(request.prompts)}`;
  const prelude = { res: ctx.res, model: request.model, material, memory: ctx.memory, dialect: COMPLETION_ERRORS };
  if (!(await runScriptedPrelude(behaviour, prelude))) return;
  const texts = choiceTexts(request);
  if (request.stream) {
    await streamChoices(ctx.res, request, texts, behaviour.kind === 'error-midstream');
    return;
  }
  sendJson(ctx.res, 200, {
    id: newId('cmpl-'),
    object: 'text_completion',
    created: Math.floor(Date.now() / 1000),
    model: request.model,
    choices: texts.map((text, index) => ({ text, index, logprobs: null, finish_reason: 'stop' })),
    usage: usageOf(request, texts),
    system_fingerprint: SYSTEM_FINGERPRINT,
  });
}
