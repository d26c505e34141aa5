// Shared helpers for the Anthropic Messages end-to-end tests: a gateway in front of the fake's
// Anthropic API (native) or its chat API (translated), the official client, raw calls that return
// what a test checks (status, cache headers, body, upstream calls made), and request builders.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import Anthropic from '@anthropic-ai/sdk';
import { startFakeUpstream, type FakeUpstream, type RecordedCall } from '../fake-upstream/fake-upstream.js';
import { ADMIN_KEY, startTestGateway, type TestGateway } from './test-gateway.js';

export type Json = Record<string, any>;

/** The key the gateway is configured with and the fake Anthropic upstream demands. */
export const UPSTREAM_KEY = 'sk-ant-upstream-configured-0000';
export const CLAUDE = 'claude-sonnet-4-5';
export const ANTHROPIC_VERSION = '2023-06-01';
export const MESSAGES = '/v1/messages';

export const WEATHER_TOOL = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

export const uniq = (label: string): string => `${label} ${randomUUID().slice(0, 8)}`;

/** A one-turn Messages request for the default Claude model. */
export const ask = (content: string, extra: Json = {}): Json => ({
  model: CLAUDE,
  max_tokens: 256,
  messages: [{ role: 'user', content }],
  ...extra,
});

/**
 * A gateway configured with UPSTREAM_KEY for a fake Anthropic upstream that demands it (or, with
 * `anyKey`, takes any key: for callers' own keys); close() stops both.
 */
export async function startNativeGateway(env: Record<string, string> = {}, { anyKey = false } = {}): Promise<TestGateway> {
  const upstream = await startFakeUpstream(anyKey ? {} : { anthropicApiKey: UPSTREAM_KEY });
  const gw = await startTestGateway({ upstream, env: { ANTHROPIC_BASE_URL: upstream.origin, ANTHROPIC_API_KEY: UPSTREAM_KEY, ...env } });
  return { ...gw, close: () => gw.close().finally(() => upstream.close()) };
}

/** A gateway with no Anthropic upstream: Messages requests are translated to the fake's chat API. */
export async function startTranslatedGateway(modelMap: string, options: { upstream?: FakeUpstream; dataDir?: string } = {}): Promise<TestGateway> {
  return startTestGateway({ ...options, env: { SYNAPSE_MODEL_MAP: modelMap } });
}

export interface ClientCredential {
  /** Sent as Authorization: Bearer (what SDK 1.x does with an apiKey). */
  apiKey?: string;
  authToken?: string;
  /** Sent as x-api-key, the header Claude Code and older SDKs use. */
  xApiKey?: string;
}

/** The official client against the gateway; `baseURL` defaults to the gateway root. */
export function anthropicFor(gw: TestGateway, credential: ClientCredential = { apiKey: ADMIN_KEY }, baseURL = gw.url): Anthropic {
  const headers = credential.xApiKey === undefined ? {} : { 'x-api-key': credential.xApiKey };
  return new Anthropic({
    baseURL,
    apiKey: credential.apiKey ?? null,
    authToken: credential.authToken ?? null,
    defaultHeaders: headers,
    maxRetries: 0,
  });
}

export interface MessagesResult {
  status: number;
  headers: Headers;
  /** x-synapse-cache-status */
  cache: string | null;
  text: string;
  /** The JSON body, or {} for an event stream. */
  json: Json;
  /** Calls on the upstream path made while this request ran. */
  upstreamCalls: number;
}

export interface SendOptions {
  /** Header name to value; the default is the admin key as x-api-key. null sends no credential. */
  auth?: Record<string, string> | null;
  headers?: Record<string, string>;
  path?: string;
  /** The upstream path whose calls are counted (default /v1/messages; /v1/chat/completions when translated). */
  upstreamPath?: string;
}

/** POSTs a Messages body with raw fetch and Anthropic's headers, and drains the answer. */
export async function sendMessages(gw: TestGateway, body: Json | string, options: SendOptions = {}): Promise<MessagesResult> {
  const upstreamPath = options.upstreamPath ?? MESSAGES;
  const before = gw.upstream.callCountFor(upstreamPath);
  const auth = options.auth === undefined ? { 'x-api-key': ADMIN_KEY } : (options.auth ?? {});
  const res = await fetch(gw.url + (options.path ?? MESSAGES), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': ANTHROPIC_VERSION, ...auth, ...options.headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  const json = (text.startsWith('{') ? JSON.parse(text) : {}) as Json;
  return {
    status: res.status,
    headers: res.headers,
    cache: res.headers.get('x-synapse-cache-status'),
    text,
    json,
    upstreamCalls: gw.upstream.callCountFor(upstreamPath) - before,
  };
}

/** Sends, asserts a 200, and returns the cache status with the upstream calls it made. */
export async function cacheOutcome(gw: TestGateway, body: Json, options: SendOptions = {}): Promise<{ cache: string | null; upstreamCalls: number }> {
  const result = await sendMessages(gw, body, options);
  assert.equal(result.status, 200, result.text);
  return { cache: result.cache, upstreamCalls: result.upstreamCalls };
}

/** Splits an SSE text into its events, data parsed as JSON. */
export function sseEvents(text: string): Array<{ event: string | undefined; data: Json }> {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
      const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
      return { event, data: JSON.parse(data) as Json };
    });
}

/** The upstream calls on one path, oldest first. */
export function upstreamCallsOn(gw: TestGateway, path = MESSAGES): RecordedCall[] {
  return gw.upstream.calls.filter((call) => call.path === path);
}

export interface StoreWatch {
  /** Entries stored since the watch began. */
  stored: number;
  /** Of those, entries indexed for paraphrase lookups. */
  indexed: number;
}

/** Counts the cache's stores as they land (they finish after the response that made them). */
export function watchStores(gw: TestGateway): StoreWatch {
  const watch: StoreWatch = { stored: 0, indexed: 0 };
  gw.gateway.deps.cache!.onStored((_tenant, _key, semantic) => {
    watch.stored += 1;
    if (semantic !== undefined) watch.indexed += 1;
  });
  return watch;
}
