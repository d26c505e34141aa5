// The mock provider's answers, one builder per API, in each API's own wire shape: a chat
// completion, a legacy text completion, an Anthropic message, a Responses object, embeddings and
// model lists. Ids are derived from the request, so the same request gets the same answer.
import { createHash } from 'node:crypto';
import { estimateInputTokens } from '../../protocols/anthropic/count-tokens-estimate.js';
import type { AnthropicMessage, MessagesRequest } from '../../protocols/anthropic/messages-types.js';
import type { ChatCompletion } from '../../protocols/chat/chat-types.js';
import type { TextCompletion } from '../../protocols/completions/completions-types.js';
import type { ResponseObject } from '../../protocols/responses/responses-types.js';
import { BuiltinEmbedder } from '../embeddings/builtin/builtin-embedder.js';
import { estimateTokens, isObject, mockAnswerText, promptText, type JsonObject } from './mock-prompt.js';

export const MOCK_FINGERPRINT = 'synapse-mock';
const OWNER = 'synapse-mock';
const OPENAI_MODELS = ['gpt-4o-mini', 'gpt-4o', 'text-embedding-3-small'];
const ANTHROPIC_MODELS = ['claude-sonnet-4-5', 'claude-haiku-4-5'];
/** 2025-01-01: listed models need a creation date, and a fixed one keeps the list the same. */
const LISTED_AT_SECS = 1_735_689_600;

/** A stable id for a request: a prefix and 24 hex characters of its body's hash. */
function idFor(prefix: string, bodyText: string): string {
  return prefix + createHash('sha256').update(bodyText).digest('hex').slice(0, 24);
}

const nowSecs = (): number => Math.floor(Date.now() / 1000);
const modelOf = (body: JsonObject): string => (typeof body.model === 'string' ? body.model : 'mock');
const choiceCount = (body: JsonObject): number => (Number.isInteger(body.n) && (body.n as number) > 0 ? (body.n as number) : 1);

export function mockChatCompletion(body: JsonObject, bodyText: string): ChatCompletion {
  const text = mockAnswerText(body);
  const n = choiceCount(body);
  const prompt = estimateTokens(promptText(body));
  const completion = estimateTokens(text) * n;
  return {
    id: idFor('chatcmpl-mock-', bodyText),
    object: 'chat.completion',
    created: nowSecs(),
    model: modelOf(body),
    choices: Array.from({ length: n }, (_, index) => ({
      index,
      message: { role: 'assistant', content: text, refusal: null },
      logprobs: null,
      finish_reason: 'stop',
    })),
    usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
    system_fingerprint: MOCK_FINGERPRINT,
  };
}

export function mockTextCompletion(body: JsonObject, bodyText: string): TextCompletion {
  const text = mockAnswerText(body);
  const n = choiceCount(body);
  const prompt = estimateTokens(promptText(body));
  const completion = estimateTokens(text) * n;
  return {
    id: idFor('cmpl-mock-', bodyText),
    object: 'text_completion',
    created: nowSecs(),
    model: modelOf(body),
    choices: Array.from({ length: n }, (_, index) => ({ text, index, logprobs: null, finish_reason: 'stop' })),
    usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
    system_fingerprint: MOCK_FINGERPRINT,
  };
}

export function mockAnthropicMessage(body: JsonObject, bodyText: string): AnthropicMessage {
  const text = mockAnswerText(body);
  return {
    id: idFor('msg_mock_', bodyText),
    type: 'message',
    role: 'assistant',
    model: modelOf(body),
    content: [{ type: 'text', text }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: {
      input_tokens: estimateInputTokens(body as unknown as MessagesRequest),
      output_tokens: estimateTokens(text),
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    },
  };
}

export function mockCountTokens(body: JsonObject): { input_tokens: number } {
  return { input_tokens: estimateInputTokens(body as unknown as MessagesRequest) };
}

export function mockResponseObject(body: JsonObject, bodyText: string): ResponseObject {
  const text = mockAnswerText(body);
  const id = idFor('resp_mock_', bodyText);
  const input = estimateTokens(promptText(body));
  const output = estimateTokens(text);
  const created = nowSecs();
  return {
    id,
    object: 'response',
    created_at: created,
    completed_at: created,
    status: 'completed',
    model: modelOf(body),
    output: [
      {
        id: idFor('msg_mock_', bodyText),
        type: 'message',
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text, annotations: [], logprobs: [] }],
      },
    ],
    usage: {
      input_tokens: input,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: output,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: input + output,
    },
    error: null,
    incomplete_details: null,
    instructions: body.instructions ?? null,
    previous_response_id: body.previous_response_id ?? null,
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    tool_choice: body.tool_choice ?? 'auto',
    tools: Array.isArray(body.tools) ? body.tools : [],
    temperature: body.temperature ?? 1,
    top_p: body.top_p ?? 1,
    text: { format: { type: 'text' } },
    store: false,
    metadata: isObject(body.metadata) ? body.metadata : {},
  };
}

const embedders = new Map<number, BuiltinEmbedder>();

/**
 * Vectors from the gateway's built-in offline embedder (similar texts get similar vectors), in
 * the `float` or `base64` (float32 little-endian, as the openai SDKs ask by default) encoding.
 */
export function mockEmbeddings(body: JsonObject): JsonObject {
  const inputs = Array.isArray(body.input) ? body.input : [body.input];
  const texts = inputs.map((input) => (typeof input === 'string' ? input : JSON.stringify(input)));
  const dimensions = Number.isInteger(body.dimensions) && (body.dimensions as number) > 0 ? (body.dimensions as number) : 512;
  let embedder = embedders.get(dimensions);
  if (!embedder) embedders.set(dimensions, (embedder = new BuiltinEmbedder({ dimensions })));
  const base64 = body.encoding_format === 'base64';
  const data = texts.map((text, index) => {
    const vector = embedder.embedOne(text);
    const embedding = base64 ? Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64') : Array.from(vector);
    return { object: 'embedding', index, embedding };
  });
  const tokens = texts.reduce((sum, text) => sum + estimateTokens(text), 0);
  return { object: 'list', data, model: modelOf(body), usage: { prompt_tokens: tokens, total_tokens: tokens } };
}

export function mockModelList(kind: 'openai' | 'anthropic'): JsonObject {
  if (kind === 'openai') {
    return { object: 'list', data: OPENAI_MODELS.map((id) => ({ id, object: 'model', created: LISTED_AT_SECS, owned_by: OWNER })) };
  }
  const createdAt = new Date(LISTED_AT_SECS * 1000).toISOString();
  const data = ANTHROPIC_MODELS.map((id) => ({ type: 'model', id, display_name: `${id} (mock)`, created_at: createdAt }));
  return { data, has_more: false, first_id: data[0]!.id, last_id: data.at(-1)!.id };
}
