// Small HTTP helpers shared by the fake upstream's handlers: OpenAI-shaped JSON and error
// responses, body reading, and waits that end early when the connection goes away.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResponseStore } from './responses-store.js';

export const SYSTEM_FINGERPRINT = 'fp_fake0001';

// A random per-process prefix plus a counter: unique ids without per-request crypto work.
const idPrefix = randomBytes(6).toString('hex');
let idSeq = 0;

export type IdPrefix = 'chatcmpl-' | 'cmpl-' | 'call_' | 'req_' | 'msg_' | 'toolu_' | 'resp_' | 'rs_' | 'fc_';

export function newId(prefix: IdPrefix): string {
  return `${prefix}${idPrefix}${(++idSeq).toString(36)}`;
}

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** Everything a route handler needs; the body is already parsed and known to be a JSON object. */
export interface HandlerContext {
  res: ServerResponse;
  body: Record<string, unknown>;
  memory: AttemptMemory;
  /** Responses kept for GET /v1/responses/{id} and previous_response_id. */
  responses: ResponseStore;
}

/** Counts attempts per key so "fail the first k times" behaviours work across retries. */
export class AttemptMemory {
  private readonly counts = new Map<string, number>();

  /** Records one more attempt for `key` and returns its 1-based attempt number. */
  next(key: string): number {
    const attempt = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, attempt);
    return attempt;
  }

  clear(): void {
    this.counts.clear();
  }
}

export function openAIError(
  message: string,
  type: string,
  param: string | null = null,
  code: string | null = null,
): OpenAIErrorBody {
  return { error: { message, type, param, code } };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.destroyed) return;
  const payload = JSON.stringify(body);
  // Anthropic names its id header request-id; when a caller passes it, OpenAI's is left out.
  const requestId = 'request-id' in headers ? {} : { 'x-request-id': newId('req_') };
  // An explicit Content-Length (instead of chunked encoding) is what the real API does and is cheaper.
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(payload)),
    ...requestId,
    ...headers,
  });
  res.end(payload);
}

export function sendError(res: ServerResponse, status: number, error: OpenAIErrorBody, headers?: Record<string, string>): void {
  sendJson(res, status, error, headers);
}

export function sendInvalidRequest(res: ServerResponse, message: string, param: string | null, code: string | null = null): void {
  sendError(res, 400, openAIError(message, 'invalid_request_error', param, code));
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Resolves true after `ms`, or false as soon as the response closes (client gone or server
 * closing), so no timer outlives its request and a closed server never writes late answers.
 */
export function waitUnlessClosed(res: ServerResponse, ms: number): Promise<boolean> {
  if (res.destroyed) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onClose = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      res.off('close', onClose);
      resolve(true);
    }, ms);
    res.once('close', onClose);
  });
}

// Responses the fake itself kills (fake-error-midstream) must not be recorded as client aborts.
const deliberatelyDestroyed = new WeakSet<ServerResponse>();

export function destroyDeliberately(res: ServerResponse): void {
  deliberatelyDestroyed.add(res);
  res.destroy();
}

export function wasDestroyedDeliberately(res: ServerResponse): boolean {
  return deliberatelyDestroyed.has(res);
}

/** Rough token estimate used everywhere: one token per four characters, like OpenAI's rule of thumb. */
export function estimateTokens(charCount: number): number {
  return Math.ceil(charCount / 4);
}
