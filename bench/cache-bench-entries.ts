// The cache entries of npm run bench:cache: one made-up topic per index, the question stored for it
// and a paraphrase that should hit it by meaning, and the fill that stores them through the cache's
// own code (cache key, embedding, index, write-behind to the store and the shared tier).
import { computeCacheKey } from '../src/domain/cache/cache-key.js';
import type { LayeredCache } from '../src/domain/cache/layered-cache.js';
import type { ChatCompletion, ChatRequestBody } from '../src/protocols/chat/chat-types.js';

export const TENANT = 'default';

/** What cache-bench-fill.ts fills in a data directory (in a process of its own). */
export interface FillOrder {
  dataDir: string;
  /** The gateway's environment (backend, cache settings). */
  env: Record<string, string>;
  entries: number;
  milestones: number;
  /** Cache stores in flight. */
  concurrency: number;
}

/** Files the fill leaves in the data directory once a part is filled, holding its seconds. */
export const CACHE_MARKER = 'filled-cache';
export const MILESTONES_MARKER = 'filled-milestones';
const SYLLABLES = ['ka', 'lo', 'mi', 'ter', 'von', 'sul', 'dra', 'pex', 'qui', 'bor', 'zen', 'tal', 'rim', 'fos', 'gua', 'nel'];

/** A made-up proper noun per index, so every entry is about something different. */
export function topic(i: number): string {
  let word = '';
  let n = i + 4096;
  while (n > 0) {
    word += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  }
  return word[0]!.toUpperCase() + word.slice(1);
}

export const question = (i: number): string => `Tell me about the history of ${topic(i)} and why it matters`;
export const paraphrase = (i: number): string => `tell me about the history of ${topic(i)}, and why it matters?`;
export const body = (content: string): ChatRequestBody => ({ model: 'gpt-4o', messages: [{ role: 'user', content }] });
const completion = (i: number): ChatCompletion => ({
  id: `chatcmpl-${i}`,
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'gpt-4o',
  choices: [{ index: 0, message: { role: 'assistant', content: `Answer about ${topic(i)}.` }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 },
});

/**
 * Stores entries 0..size-1 as the proxy does after a miss, `concurrency` stores in flight (so the
 * shared tier's round trips overlap; the store is written behind in batches), and waits until
 * everything is written; seconds.
 */
export async function populate(cache: LayeredCache, size: number, concurrency: number): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < size; i = next++) {
        const request = body(question(i));
        const answer = { model: request.model, answer: completion(i), usage: { inputTokens: 12, outputTokens: 5 }, semanticView: request };
        await cache.store(TENANT, computeCacheKey(TENANT, request), answer);
      }
    }),
  );
  await cache.exact.flushWrites();
  await cache.semantic?.flushWrites();
  return (performance.now() - started) / 1000;
}
