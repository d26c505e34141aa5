// A loopback stand-in for the Anthropic and OpenAI APIs that records every request (method, url,
// headers, body) to memory and optionally a JSONL file, and answers like the real API would.
import { appendFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { estimateTokens, sendAnthropicError, sendMessageJson, sendMessageStream } from './anthropic-replies.js';
import { sendResponseJson, sendResponseStream } from './responses-replies.js';

export interface CapturedRequest {
  at: string;
  method: string;
  /** Path with its query string, exactly as received. */
  url: string;
  path: string;
  /** The raw query string without '?', '' when none. */
  query: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON when the body is JSON, the text otherwise, base64 when not text. */
  body: unknown;
  answeredWith: number;
}

export interface CaptureServer {
  /** Root URL without /v1, e.g. http://127.0.0.1:PORT */
  url: string;
  requests: CapturedRequest[];
  close(): Promise<void>;
}

export interface CaptureServerOptions {
  /** Appends one JSON line per request. */
  logFile?: string;
  /** The assistant text for a request body; default a fixed greeting. */
  answerFor?: (body: unknown) => string;
}

export const CAPTURE_ANSWER = 'Hello from the capture server.';

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (typeof field(part, 'text') === 'string' ? String(field(part, 'text')) : '')).filter(Boolean).join(' ');
}

/** "Echo: <last user turn>", as the fake upstream answers, for Messages (`messages`) and Responses (`input`). */
export function echoLastUserText(body: unknown): string {
  const turns = field(body, 'messages') ?? field(body, 'input');
  const list = Array.isArray(turns) ? turns : typeof turns === 'string' ? [{ role: 'user', content: turns }] : [];
  const last = list.findLast((turn) => field(turn, 'role') === 'user');
  return `Echo: ${textOf(field(last, 'content'))}`;
}

async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function decodeBody(raw: Buffer, encoding: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  let bytes = raw;
  if (encoding === 'gzip') bytes = gunzipSync(raw);
  else if (encoding !== undefined && encoding !== 'identity') return { encoding, base64: raw.toString('base64') };
  const text = bytes.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Answers by the path's ending, so a doubled /v1 still gets an answer (and shows up in the log). */
function answer(req: IncomingMessage, res: ServerResponse, path: string, body: unknown, text: string): void {
  const model = String(field(body, 'model') ?? 'unknown-model');
  const stream = field(body, 'stream') === true;
  const tokens = estimateTokens(body);
  if (req.method === 'POST' && path.endsWith('/messages/count_tokens')) sendJson(res, 200, { input_tokens: tokens });
  else if (req.method === 'POST' && path.endsWith('/messages')) (stream ? sendMessageStream : sendMessageJson)(res, model, text, tokens);
  else if (req.method === 'POST' && path.endsWith('/responses')) (stream ? sendResponseStream : sendResponseJson)(res, model, text, tokens);
  else if (req.method === 'GET' && path.endsWith('/models') && req.headers['anthropic-version'] !== undefined) {
    const data = [{ type: 'model', id: 'claude-sonnet-4-5', display_name: 'Claude Sonnet 4.5', created_at: '2025-09-29T00:00:00Z' }];
    sendJson(res, 200, { data, has_more: false, first_id: data[0]!.id, last_id: data[0]!.id });
  } else if (req.method === 'HEAD' || (req.method === 'GET' && path === '/')) res.writeHead(200).end();
  else sendAnthropicError(res, 404, 'not_found_error', `capture server: no route for ${req.method ?? '?'} ${path}`);
}

export async function startCaptureServer(options: CaptureServerOptions = {}): Promise<CaptureServer> {
  const requests: CapturedRequest[] = [];
  const answerFor = options.answerFor ?? ((): string => CAPTURE_ANSWER);
  const server = createServer((req, res) => {
    void (async () => {
      const raw = await readRaw(req);
      const url = new URL(req.url ?? '/', 'http://capture.invalid');
      const body = decodeBody(raw, req.headers['content-encoding']);
      const captured: CapturedRequest = {
        at: new Date().toISOString(),
        method: req.method ?? '?',
        url: req.url ?? '/',
        path: url.pathname,
        query: url.search.slice(1),
        headers: { ...req.headers },
        body,
        answeredWith: 0,
      };
      requests.push(captured);
      answer(req, res, url.pathname, body, answerFor(body));
      captured.answeredWith = res.statusCode;
      if (options.logFile) appendFileSync(options.logFile, JSON.stringify(captured) + '\n');
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
