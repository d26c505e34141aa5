// POST /v1/embeddings for the fake upstream: deterministic unit-length vectors derived from a hash
// of each input, in float or base64 (float32 little-endian) encoding like the real API. The model
// FLOAT_ONLY_EMBEDDING_MODEL ignores encoding_format and always answers floats, as many
// OpenAI-compatible servers do.
import { createHash } from 'node:crypto';
import { estimateTokens, sendInvalidRequest, sendJson, type HandlerContext } from './http-helpers.js';
import { openAIErrors } from './openai-errors.js';
import { behaviourFor, runScriptedPrelude } from './scripted-behaviours.js';

const DEFAULT_DIMENSIONS = 64;
export const FLOAT_ONLY_EMBEDDING_MODEL = 'fake-embeddings-float-only';
const MAX_DIMENSIONS = 3072;
const EMBEDDING_ERRORS = openAIErrors('input');

type EmbeddingInput = string | number[];

interface EmbeddingRequest {
  model: string;
  inputs: EmbeddingInput[];
  dimensions: number;
  base64: boolean;
}

function isTokenArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.length > 0 && value.every((v) => Number.isInteger(v));
}

/** OpenAI accepts a string, an array of strings, an array of token ids, or an array of those. */
function normaliseInput(input: unknown): EmbeddingInput[] | undefined {
  if (typeof input === 'string') return input === '' ? undefined : [input];
  if (isTokenArray(input)) return [input];
  if (!Array.isArray(input) || input.length === 0) return undefined;
  const items: EmbeddingInput[] = [];
  for (const item of input) {
    if (typeof item === 'string' && item !== '') items.push(item);
    else if (isTokenArray(item)) items.push(item);
    else return undefined;
  }
  return items;
}

/** Validates like OpenAI does; on failure sends the 400 itself and returns undefined. */
function parseEmbeddingRequest(ctx: HandlerContext): EmbeddingRequest | undefined {
  const { body, res } = ctx;
  const model = body['model'];
  if (typeof model !== 'string' || model === '') {
    sendInvalidRequest(res, 'you must provide a model parameter', 'model');
    return undefined;
  }
  const inputs = normaliseInput(body['input']);
  if (inputs === undefined) {
    sendInvalidRequest(res, "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.", 'input');
    return undefined;
  }
  const dimensions = body['dimensions'] ?? DEFAULT_DIMENSIONS;
  if (typeof dimensions !== 'number' || !Number.isInteger(dimensions) || dimensions < 1 || dimensions > MAX_DIMENSIONS) {
    sendInvalidRequest(res, `Invalid 'dimensions': integer between 1 and ${MAX_DIMENSIONS} expected.`, 'dimensions');
    return undefined;
  }
  const format = body['encoding_format'] ?? 'float';
  if (format !== 'float' && format !== 'base64') {
    sendInvalidRequest(res, "Invalid 'encoding_format': expected 'float' or 'base64'.", 'encoding_format');
    return undefined;
  }
  return { model, inputs, dimensions, base64: format === 'base64' && model !== FLOAT_ONLY_EMBEDDING_MODEL };
}

/**
 * A unit vector seeded by SHA-256 of the input (xorshift32 stream), rounded to float32 so the
 * float and base64 encodings carry exactly the same numbers.
 */
export function embeddingFor(input: EmbeddingInput, dimensions: number): number[] {
  const text = typeof input === 'string' ? input : JSON.stringify(input);
  const digest = createHash('sha256').update(text).digest();
  let state = digest.readUInt32LE(0) || 0x9e3779b9; // xorshift needs a non-zero state
  const values: number[] = [];
  let squares = 0;
  for (let i = 0; i < dimensions; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    const value = (state / 0xffffffff) * 2 - 1;
    values.push(value);
    squares += value * value;
  }
  const norm = Math.sqrt(squares) || 1;
  return values.map((value) => Math.fround(value / norm));
}

function toBase64(vector: number[]): string {
  const buffer = Buffer.alloc(vector.length * 4);
  vector.forEach((value, i) => buffer.writeFloatLE(value, i * 4));
  return buffer.toString('base64');
}

export async function handleEmbeddings(ctx: HandlerContext): Promise<void> {
  const request = parseEmbeddingRequest(ctx);
  if (request === undefined) return;
  // Failure behaviours (slow, flaky, 429, 5xx, unknown model...) apply to embeddings too.
  const material = (): string => JSON.stringify(request.inputs);
  const behaviour = behaviourFor(request.model);
  const prelude = { res: ctx.res, model: request.model, material, memory: ctx.memory, dialect: EMBEDDING_ERRORS };
  if (!(await runScriptedPrelude(behaviour, prelude))) return;
  let tokens = 0;
  const data = request.inputs.map((input, index) => {
    tokens += typeof input === 'string' ? estimateTokens(input.length) : input.length;
    const vector = embeddingFor(input, request.dimensions);
    return { object: 'embedding', index, embedding: request.base64 ? toBase64(vector) : vector };
  });
  sendJson(ctx.res, 200, {
    object: 'list',
    data,
    model: request.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}
