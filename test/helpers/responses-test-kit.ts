// Shared helpers for the Responses API end-to-end tests: a raw POST /v1/responses that reports what
// a test checks (status, cache header, body, upstream calls), SSE event reading, and the check that
// a replayed stream has the whole event sequence the API sends.
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { readSse, type Json } from './proxy-test-kit.js';
import type { TestGateway } from './test-gateway.js';

export const RESPONSES_PATH = '/v1/responses';

export const FN_TOOLS: OpenAI.Responses.FunctionTool[] = [
  { type: 'function', name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: false },
];

export interface Sent {
  status: number;
  /** x-synapse-cache-status */
  cache: string | null;
  headers: Headers;
  /** The parsed JSON body; {} for an SSE or non-JSON body. */
  json: Json;
  /** The typed SSE events, when the answer was a stream. */
  events: ResponseEvent[];
  /** POST /v1/responses calls the fake upstream received during this request. */
  upstreamCalls: number;
}

export type ResponseEvent = { type: string; sequence_number: number } & Json;

export const responsesCalls = (gw: TestGateway, model?: string): number => gw.upstream.callCountFor(RESPONSES_PATH, model);

/** POST /v1/responses with a bearer credential (the admin key unless told), read to the end. */
export async function sendResponses(gw: TestGateway, body: Json, options: { auth?: string; headers?: Record<string, string> } = {}): Promise<Sent> {
  const before = responsesCalls(gw);
  const res = await fetch(gw.url + RESPONSES_PATH, {
    method: 'POST',
    headers: { authorization: `Bearer ${options.auth ?? gw.adminKey}`, 'content-type': 'application/json', ...options.headers },
    body: JSON.stringify(body),
  });
  const isStream = (res.headers.get('content-type') ?? '').includes('text/event-stream');
  const events = isStream ? (await readSse(res)).map((e) => JSON.parse(e.data) as ResponseEvent) : [];
  const text = isStream ? '' : await res.text();
  const json = (text.startsWith('{') ? JSON.parse(text) : {}) as Json;
  return { status: res.status, cache: res.headers.get('x-synapse-cache-status'), headers: res.headers, json, events, upstreamCalls: responsesCalls(gw) - before };
}

/** Sends a request that must be a fresh miss answered by the upstream. */
export async function primeResponses(gw: TestGateway, body: Json, options: { auth?: string; headers?: Record<string, string> } = {}): Promise<Sent> {
  const sent = await sendResponses(gw, body, options);
  assert.equal(sent.status, 200, JSON.stringify(sent.json));
  assert.equal(sent.cache, 'MISS');
  assert.equal(sent.upstreamCalls, 1);
  return sent;
}

/** The whole sequence: created, in_progress, ..., completed, numbered 0, 1, 2... */
export function assertFullSequence(events: ReadonlyArray<{ type: string; sequence_number: number }>): void {
  assert.ok(events.length >= 5, `${events.length} events`);
  assert.deepEqual(events.slice(0, 2).map((e) => e.type), ['response.created', 'response.in_progress']);
  assert.equal(events.at(-1)!.type, 'response.completed');
  assert.deepEqual(events.map((e) => e.sequence_number), events.map((_, i) => i), 'sequence_number strictly increasing from 0');
  assert.ok(events.some((e) => e.type === 'response.output_item.added'));
  assert.ok(events.some((e) => e.type === 'response.output_item.done'));
}

/** The text of the first output message of a response object. */
export function outputTextOf(response: Json): string {
  const message = (response.output as Json[]).find((item) => item.type === 'message');
  return ((message?.content ?? []) as Json[]).map((part) => part.text ?? '').join('');
}

export const responsesClient = (gw: TestGateway, apiKey = gw.adminKey, extra: Json = {}): OpenAI =>
  new OpenAI({ baseURL: gw.url + '/v1', apiKey, maxRetries: 0, ...extra });
