// POST /api/v1/cache (WorldFlow's "store a query/response pair"): a query and its answer become an
// ordinary cache entry, stored as if a chat completion request `{model, messages: [{role: user,
// content: query}]}` had been answered with `response`. A later identical chat request is an exact
// hit, a paraphrase a semantic hit. The pair's number is derived from the entry id.
import { createHash } from 'node:crypto';
import { chatProtocol } from '../../protocols/chat/chat-protocol.js';
import type { ChatCompletion, ChatRequestBody } from '../../protocols/chat/chat-types.js';
import { SynapseError } from '../../errors.js';
import { computeCacheKey } from './cache-key.js';
import type { LayeredCache } from './layered-cache.js';

/** About four characters a token, as the gateway's other estimates assume (no tokenizer is at hand). */
const CHARS_PER_TOKEN = 4;

export interface PairToStore {
  query: string;
  response: string;
  model: string;
  ttlSecs?: number;
}

export interface StoredPair {
  entryId: string;
  /** A whole number below 2^53 (exact in JavaScript and JSON), derived from entryId. */
  cacheKey: number;
}

export async function storePair(cache: LayeredCache, tenantId: string, pair: PairToStore): Promise<StoredPair> {
  const request: ChatRequestBody = { model: pair.model, messages: [{ role: 'user', content: pair.query }] };
  const key = computeCacheKey(tenantId, chatProtocol.keyMaterial(request));
  const inputTokens = estimateTokens(pair.query);
  const outputTokens = estimateTokens(pair.response);
  const answer: ChatCompletion = {
    id: `chatcmpl-${key.slice(0, 24)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: pair.model,
    choices: [{ index: 0, message: { role: 'assistant', content: pair.response, refusal: null }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: inputTokens, completion_tokens: outputTokens, total_tokens: inputTokens + outputTokens },
  };
  const semanticView = chatProtocol.semanticView(request);
  await cache.store(tenantId, key, { model: pair.model, answer, usage: { inputTokens, outputTokens }, semanticView }, pair.ttlSecs);
  const entry = await cache.exact.peek(tenantId, key);
  if (!entry) {
    throw new SynapseError('validation_failed', { detail: 'the pair was not cached: it is larger than the cache entry limit (cache.maxEntryBytes)' });
  }
  return { entryId: entry.id, cacheKey: numberOf(entry.id) };
}

/** The first 52 bits of the SHA-256 of an entry id: stable, and below 2^53. */
export function numberOf(entryId: string): number {
  return Number.parseInt(createHash('sha256').update(entryId).digest('hex').slice(0, 13), 16);
}

function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / CHARS_PER_TOKEN));
}
