// Shared helpers for the proxy end-to-end tests: clients, request shortcuts, SSE reading and a
// look into the SQLite file.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import OpenAI from 'openai';
import type { TestGateway } from './test-gateway.js';

export type Chunk = OpenAI.Chat.Completions.ChatCompletionChunk;
export type Json = Record<string, any>;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const TOOLS = [
  {
    type: 'function' as const,
    function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
  },
];

export const uniq = (label: string): string => `${label} ${randomUUID().slice(0, 8)}`;
export const ask = (content: string, extra: Json = {}): Json => ({ model: 'gpt-4o', messages: [{ role: 'user', content }], ...extra });
export const clientFor = (gw: TestGateway, apiKey: string, extra: Json = {}): OpenAI =>
  new OpenAI({ baseURL: gw.url + '/v1', apiKey, maxRetries: 0, ...extra });

export function chat(gw: TestGateway, token: string, body: Json | string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(gw.url + '/v1/chat/completions', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Sends a chat request, drains the body, returns x-synapse-cache-status. */
export async function cacheStatus(gw: TestGateway, token: string, body: Json, headers: Record<string, string> = {}): Promise<string | null> {
  const res = await chat(gw, token, body, headers);
  const text = await res.text();
  assert.equal(res.status, 200, text);
  return res.headers.get('x-synapse-cache-status');
}

/** Splits an SSE body into its events. */
export async function readSse(res: Response): Promise<Array<{ event?: string; data: string }>> {
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
      const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
      return event === undefined ? { data } : { event, data };
    });
}

export async function collect(stream: AsyncIterable<Chunk>): Promise<Chunk[]> {
  const chunks: Chunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

export const contentOf = (chunks: Chunk[]): string => chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');

/** Reassembles the first tool call of a stream from its deltas. */
export function toolCallOf(chunks: Chunk[]): { id: string; name: string; arguments: string } {
  const call = { id: '', name: '', arguments: '' };
  for (const chunk of chunks) {
    for (const delta of chunk.choices[0]?.delta?.tool_calls ?? []) {
      if (delta.id) call.id = delta.id;
      if (delta.function?.name) call.name += delta.function.name;
      if (delta.function?.arguments) call.arguments += delta.function.arguments;
    }
  }
  return call;
}

export function openDb(dataDir: string): Database.Database {
  return new Database(join(dataDir, 'synapse.db'), { readonly: true, fileMustExist: true });
}

export function cacheRows(dataDir: string): Json[] {
  const db = openDb(dataDir);
  try {
    return db.prepare('SELECT * FROM cache_entries').all() as Json[];
  } finally {
    db.close();
  }
}
