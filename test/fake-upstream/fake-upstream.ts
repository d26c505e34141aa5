// Fake LLM upstream used by Synapse's tests and benchmarks (there is no internet): a plain node:http
// server speaking OpenAI (chat, completions, embeddings, Responses) and Anthropic (Messages) on one
// port, recording every call and scriptable through model names.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AttemptMemory, openAIError, readBody, sendError, waitUnlessClosed, wasDestroyedDeliberately } from './http-helpers.js';
import { parseBody, routeRequest, type ParsedBody } from './request-routing.js';
import { ResponseStore } from './responses-store.js';
import { checkCredentials, isAnthropicRequest, type ExpectedKeys } from './upstream-auth.js';

export interface FakeUpstreamOptions {
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Added before every response, default 0. */
  latencyMs?: number;
  /** If set, OpenAI routes need `Authorization: Bearer <apiKey>`, else 401 in OpenAI's error shape. */
  apiKey?: string;
  /**
   * If set, Anthropic routes (/v1/messages*, /v1/models* with anthropic-version) need `x-api-key: <key>`
   * or `Authorization: Bearer <key>` (what @anthropic-ai/sdk 1.x sends), else 401 in Anthropic's shape.
   */
  anthropicApiKey?: string;
  /**
   * Default true. Off, `calls` stays empty: long in-process benchmarks would otherwise keep every
   * request body in memory (the CLI turns it off, nothing could read its records anyway).
   */
  recordCalls?: boolean;
}

export interface RecordedCall {
  path: string;
  /** The raw query string without '?', '' when none (the Anthropic SDK's beta calls send beta=true). */
  query: string;
  model?: string;
  stream: boolean;
  authorization?: string;
  /** All request headers, lowercased names, as node:http gives them. */
  headers: IncomingHttpHeaders;
  body: unknown;
  aborted: boolean;
}

export interface FakeUpstream {
  /** Base URL including /v1, e.g. http://127.0.0.1:PORT/v1 (OpenAI SDK baseURL). */
  url: string;
  /** Base URL without /v1, e.g. http://127.0.0.1:PORT (Anthropic SDK baseURL). */
  origin: string;
  port: number;
  calls: RecordedCall[];
  /** Number of chat completion calls, all or for one model. */
  callCount(model?: string): number;
  /** Number of calls on one path (e.g. '/v1/messages', '/v1/responses'), all or for one model. */
  callCountFor(path: string, model?: string): number;
  /** Clears the recorded calls, the flaky/429-once attempt memory and the stored responses. */
  reset(): void;
  /** Closes the server and destroys open sockets, hung ones included. */
  close(): Promise<void>;
}

interface ServerState {
  calls: RecordedCall[];
  memory: AttemptMemory;
  responses: ResponseStore;
  recordCalls: boolean;
  latencyMs: number;
  keys: ExpectedKeys;
}

const CHAT_PATH = '/v1/chat/completions';

function recordCall(state: ServerState, req: IncomingMessage, res: ServerResponse, path: string, query: string, parsed: ParsedBody): void {
  const body = parsed.ok ? parsed.value : parsed.raw;
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const call: RecordedCall = { path, query, stream: fields['stream'] === true, headers: { ...req.headers }, body, aborted: false };
  if (typeof fields['model'] === 'string') call.model = fields['model'];
  if (req.headers.authorization !== undefined) call.authorization = req.headers.authorization;
  state.calls.push(call);
  // 'close' before the response finished means the client went away (or close() killed it).
  res.once('close', () => {
    if (!res.writableFinished && !wasDestroyedDeliberately(res)) call.aborted = true;
  });
}

async function handleRequest(state: ServerState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = req.url ?? '/';
  const queryStart = url.indexOf('?');
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  const query = queryStart === -1 ? '' : url.slice(queryStart + 1);
  const parsed = parseBody(await readBody(req));
  if (state.recordCalls) recordCall(state, req, res, path, query, parsed);
  if (state.latencyMs > 0 && !(await waitUnlessClosed(res, state.latencyMs))) return;
  const anthropic = isAnthropicRequest(path, req.headers);
  if (!checkCredentials(state.keys, anthropic, req.headers, res)) return;
  await routeRequest(state, { req, res, path, query: new URLSearchParams(query), parsed, anthropic });
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export async function startFakeUpstream(options: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
  const host = options.host ?? '127.0.0.1';
  const state: ServerState = {
    calls: [],
    memory: new AttemptMemory(),
    responses: new ResponseStore(),
    recordCalls: options.recordCalls ?? true,
    latencyMs: options.latencyMs ?? 0,
    keys: {
      authorization: options.apiKey === undefined ? undefined : `Bearer ${options.apiKey}`,
      anthropicApiKey: options.anthropicApiKey,
    },
  };
  // HTTP keep-alive and TCP_NODELAY are node:http defaults; only the idle timeout is raised so
  // pooled client connections are not closed under a benchmark's feet.
  const server = createServer((req, res) => {
    handleRequest(state, req, res).catch(() => {
      if (!res.headersSent) sendError(res, 500, openAIError('Fake upstream internal error.', 'server_error'));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  await listen(server, options.port ?? 0, host);
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const countOn = (path: string, model: string | undefined): number =>
    state.calls.filter((c) => c.path === path && (model === undefined || c.model === model)).length;
  let closing: Promise<void> | undefined;
  return {
    url: `${origin}/v1`,
    origin,
    port,
    calls: state.calls,
    callCount: (model) => countOn(CHAT_PATH, model),
    callCountFor: countOn,
    reset: () => {
      // Emptied in place so references to `calls` held by tests stay valid.
      state.calls.length = 0;
      state.memory.clear();
      state.responses.clear();
    },
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Without this, idle keep-alive and fake-hang sockets would keep close() waiting forever.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
