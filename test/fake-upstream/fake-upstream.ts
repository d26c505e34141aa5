// Fake OpenAI-compatible upstream used by Synapse's tests and benchmarks (there is no internet):
// a plain node:http server that records every call and can be scripted through model names.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleChatCompletion } from './chat-completions.js';
import { handleEmbeddings } from './embeddings.js';
import {
  AttemptMemory,
  openAIError,
  readBody,
  sendError,
  sendInvalidRequest,
  sendJson,
  waitUnlessClosed,
  wasDestroyedDeliberately,
  type HandlerContext,
} from './http-helpers.js';
import { LISTED_MODELS, sendModelNotFound } from './scripted-behaviours.js';

export interface FakeUpstreamOptions {
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Added before every response, default 0. */
  latencyMs?: number;
  /** If set, requests must carry `Authorization: Bearer <apiKey>`, else 401 in OpenAI's error shape. */
  apiKey?: string;
  /**
   * Default true. Off, `calls` stays empty: long in-process benchmarks would otherwise keep every
   * request body in memory (the CLI turns it off, nothing could read its records anyway).
   */
  recordCalls?: boolean;
}

export interface RecordedCall {
  path: string;
  model?: string;
  stream: boolean;
  authorization?: string;
  body: unknown;
  aborted: boolean;
}

export interface FakeUpstream {
  /** Base URL including /v1, e.g. http://127.0.0.1:PORT/v1. */
  url: string;
  port: number;
  calls: RecordedCall[];
  /** Number of chat completion calls, all or for one model. */
  callCount(model?: string): number;
  /** Clears the recorded calls and the flaky/429-once attempt memory. */
  reset(): void;
  /** Closes the server and destroys open sockets, hung ones included. */
  close(): Promise<void>;
}

interface ServerState {
  calls: RecordedCall[];
  memory: AttemptMemory;
  recordCalls: boolean;
  latencyMs: number;
  expectedAuthorization: string | undefined;
}

const CHAT_PATH = '/v1/chat/completions';
const CREATED = 1_700_000_000;
// Built once: the model list never changes.
const MODELS_BODY = {
  object: 'list',
  data: LISTED_MODELS.map((id) => ({ id, object: 'model', created: CREATED, owned_by: 'fake' })),
};

type ParsedBody = { ok: true; value: unknown } | { ok: false; raw: string };

function parseBody(raw: string): ParsedBody {
  if (raw === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false, raw };
  }
}

function recordCall(state: ServerState, req: IncomingMessage, res: ServerResponse, path: string, parsed: ParsedBody): void {
  const body = parsed.ok ? parsed.value : parsed.raw;
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const call: RecordedCall = { path, stream: fields['stream'] === true, body, aborted: false };
  if (typeof fields['model'] === 'string') call.model = fields['model'];
  if (req.headers.authorization !== undefined) call.authorization = req.headers.authorization;
  state.calls.push(call);
  // 'close' before the response finished means the client went away (or close() killed it).
  res.once('close', () => {
    if (!res.writableFinished && !wasDestroyedDeliberately(res)) call.aborted = true;
  });
}

function sendUnauthorized(res: ServerResponse, authorization: string | undefined): void {
  const message =
    authorization === undefined
      ? "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
      : `Incorrect API key provided: ${authorization.replace(/^Bearer\s+/i, '').slice(0, 8)}***. You can find your API key at https://platform.openai.com/account/api-keys.`;
  const code = authorization === undefined ? null : 'invalid_api_key';
  sendError(res, 401, openAIError(message, 'invalid_request_error', null, code));
}

function sendUnknownRoute(res: ServerResponse, method: string, path: string): void {
  sendError(res, 404, openAIError(`Invalid URL (${method} ${path})`, 'invalid_request_error'));
}

/** JSON endpoints need an object body; anything else gets OpenAI's "could not parse" 400. */
function asHandlerContext(state: ServerState, res: ServerResponse, parsed: ParsedBody): HandlerContext | undefined {
  if (parsed.ok && typeof parsed.value === 'object' && parsed.value !== null && !Array.isArray(parsed.value)) {
    return { res, body: parsed.value as Record<string, unknown>, memory: state.memory };
  }
  sendInvalidRequest(
    res,
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
    null,
  );
  return undefined;
}

async function route(state: ServerState, req: IncomingMessage, res: ServerResponse, path: string, parsed: ParsedBody): Promise<void> {
  const method = req.method ?? 'GET';
  if (method === 'POST' && (path === CHAT_PATH || path === '/v1/embeddings')) {
    const ctx = asHandlerContext(state, res, parsed);
    if (ctx === undefined) return;
    await (path === CHAT_PATH ? handleChatCompletion(ctx) : handleEmbeddings(ctx));
  } else if (method === 'GET' && path === '/v1/models') {
    sendJson(res, 200, MODELS_BODY);
  } else if (method === 'GET' && path.startsWith('/v1/models/')) {
    const id = decodeURIComponent(path.slice('/v1/models/'.length));
    const model = MODELS_BODY.data.find((m) => m.id === id);
    if (model) sendJson(res, 200, model);
    else sendModelNotFound(res, id);
  } else {
    sendUnknownRoute(res, method, path);
  }
}

async function handleRequest(state: ServerState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = req.url ?? '/';
  const queryStart = url.indexOf('?');
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  const parsed = parseBody(await readBody(req));
  if (state.recordCalls) recordCall(state, req, res, path, parsed);
  if (state.latencyMs > 0 && !(await waitUnlessClosed(res, state.latencyMs))) return;
  if (state.expectedAuthorization !== undefined && req.headers.authorization !== state.expectedAuthorization) {
    sendUnauthorized(res, req.headers.authorization);
    return;
  }
  await route(state, req, res, path, parsed);
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
    recordCalls: options.recordCalls ?? true,
    latencyMs: options.latencyMs ?? 0,
    expectedAuthorization: options.apiKey === undefined ? undefined : `Bearer ${options.apiKey}`,
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
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/v1`,
    port,
    calls: state.calls,
    callCount: (model) =>
      state.calls.filter((c) => c.path === CHAT_PATH && (model === undefined || c.model === model)).length,
    reset: () => {
      // Emptied in place so references to `calls` held by tests stay valid.
      state.calls.length = 0;
      state.memory.clear();
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
