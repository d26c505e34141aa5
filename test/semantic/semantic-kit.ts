// Shared helpers for the semantic cache end-to-end tests: a chat call that returns what a test
// checks (cache headers, similarity, content, synapse_metadata, whether the upstream was called),
// cache previews, and the paraphrases the built-in embedder serves in every test.
import assert from 'node:assert/strict';
import type { TestGateway } from '../helpers/test-gateway.js';

export type Json = Record<string, any>;

export interface ChatResult {
  status: number;
  /** x-synapse-cache-status */
  cache: string | null;
  /** X-Cache-Status */
  xCache: string | null;
  similarity: number | null;
  content: string | undefined;
  metadata: Json | undefined;
  body: Json;
  /** Chat completion calls the fake upstream received during this request. */
  upstreamCalls: number;
}

/** A request in its own partition: the system prompt is part of the partition hash. */
export function inPartition(partition: string, content: string, extra: Json = {}): Json {
  return {
    model: 'gpt-4o',
    messages: [
      { role: 'system', content: `You are a helpful assistant (${partition}).` },
      { role: 'user', content },
    ],
    ...extra,
  };
}

export async function send(gw: TestGateway, auth: string, body: Json, headers: Record<string, string> = {}): Promise<ChatResult> {
  const before = gw.upstream.callCount();
  const res = await gw.request('/v1/chat/completions', { body, auth, headers });
  const text = await res.text();
  const json = (text.startsWith('{') ? JSON.parse(text) : {}) as Json;
  const similarity = res.headers.get('x-synapse-similarity');
  return {
    status: res.status,
    cache: res.headers.get('x-synapse-cache-status'),
    xCache: res.headers.get('x-cache-status'),
    similarity: similarity === null ? null : Number(similarity),
    content: json.choices?.[0]?.message?.content,
    metadata: json.synapse_metadata,
    body: json,
    upstreamCalls: gw.upstream.callCount() - before,
  };
}

/** Sends a request that must be a fresh miss answered by the upstream, so that it gets cached. */
export async function prime(gw: TestGateway, auth: string, body: Json): Promise<ChatResult> {
  const result = await send(gw, auth, body);
  assert.equal(result.status, 200, JSON.stringify(result.body));
  assert.equal(result.cache, 'MISS', `priming ${JSON.stringify(lastUser(body))}`);
  assert.equal(result.upstreamCalls, 1);
  return result;
}

export async function preview(gw: TestGateway, auth: string, body: Json): Promise<Json> {
  const res = await gw.request('/api/v1/cache/preview', { body: { model: body.model, messages: body.messages }, auth });
  const json = (await res.json()) as Json;
  assert.equal(res.status, 200, JSON.stringify(json));
  return json;
}

export function lastUser(body: Json): string {
  const users = (body.messages as Json[]).filter((m) => m.role === 'user');
  return users[users.length - 1]!.content as string;
}

export async function thresholdOf(gw: TestGateway, auth: string): Promise<number> {
  const res = await gw.request('/api/v1/thresholds', { auth });
  assert.equal(res.status, 200);
  return ((await res.json()) as Json).tenant.cacheHitThreshold as number;
}

/** Asserts a semantic hit the way a client sees it: the cached answer, never the upstream. */
export function assertSemanticHit(result: ChatResult, cachedQuestion: string, threshold: number): void {
  assert.equal(result.status, 200, JSON.stringify(result.body));
  assert.equal(result.cache, 'HIT', 'x-synapse-cache-status');
  assert.equal(result.xCache, 'HIT', 'X-Cache-Status');
  assert.equal(result.upstreamCalls, 0, 'a hit never calls the upstream');
  assert.equal(result.content, `Echo: ${cachedQuestion}`);
  assert.ok(result.similarity !== null && result.similarity >= threshold && result.similarity <= 1, `similarity ${result.similarity}`);
  assert.equal(result.metadata?.source, 'l2');
  assert.equal(result.metadata?.cache_hit, true);
  assert.equal(result.metadata?.similarity, result.similarity);
}

/** Asserts a miss answered by the upstream for this very question. */
export function assertMissFor(result: ChatResult, question: string, why: string): void {
  assert.equal(result.status, 200, JSON.stringify(result.body));
  assert.equal(result.cache, 'MISS', `${why}: x-synapse-cache-status (similarity ${result.similarity})`);
  assert.equal(result.xCache, 'MISS', `${why}: X-Cache-Status`);
  assert.equal(result.upstreamCalls, 1, `${why}: the upstream answers a miss`);
  assert.equal(result.content, `Echo: ${question}`, `${why}: the answer is the query's own`);
}

export async function metricValue(gw: TestGateway, name: string): Promise<number> {
  const text = await (await fetch(gw.url + '/metrics')).text();
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
}

/**
 * Paraphrases the built-in embedder serves at the default threshold. CLEAR differs only by a
 * contraction and casing; NEAR differs in wording, so its similarity is clearly below 0.999.
 */
export const CLEAR = { cached: "What's the tallest mountain in the world?", query: 'what is the tallest mountain in the world?' };
export const NEAR = { cached: 'How can I improve my sleep?', query: 'Please tell me how I can improve my sleep' };
