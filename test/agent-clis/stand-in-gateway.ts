// A stand-in for Synapse used only to check the agent e2e harness itself (`--stand-in`): it takes the
// user key, forwards with the upstream's key, and caches by the request minus what differs between
// identical CLI runs (the fields SPEC §8 keeps out of the cache key). Not a model of the real gateway.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import stringify from 'safe-stable-stringify';

export interface StandInOptions {
  userKey: string;
  /** The upstream's root, without /v1. */
  upstreamOrigin: string;
  anthropicKey: string;
  openaiKey: string;
}

export interface StandInGateway {
  url: string;
  close(): Promise<void>;
}

interface Stored {
  status: number;
  contentType: string;
  body: Buffer;
}

const VOLATILE_FIELDS = ['metadata', 'client_metadata', 'prompt_cache_key', 'user', 'safety_identifier'];
const DROPPED_HEADERS = new Set(['host', 'content-length', 'connection', 'authorization', 'x-api-key', 'accept-encoding']);

function cacheKeyOf(path: string, query: string, raw: Buffer): string {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return `${path}?${query} ${raw.toString('base64')}`;
  }
  if (typeof body === 'object' && body !== null) {
    const fields = { ...(body as Record<string, unknown>) };
    for (const name of VOLATILE_FIELDS) delete fields[name];
    if (Array.isArray(fields['input'])) fields['input'] = fields['input'].map((item: unknown) => (typeof item === 'object' && item !== null ? { ...item, id: undefined } : item));
    body = fields;
  }
  return `${path}?${query} ${stringify(body) ?? ''}`;
}

function isUser(req: IncomingMessage, key: string): boolean {
  return req.headers['x-api-key'] === key || req.headers['authorization'] === `Bearer ${key}`;
}

async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function forward(options: StandInOptions, req: IncomingMessage, path: string, query: string, raw: Buffer): Promise<Stored> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (!DROPPED_HEADERS.has(name) && typeof value === 'string') headers[name] = value;
  }
  if (path.startsWith('/v1/messages')) headers['x-api-key'] = options.anthropicKey;
  else headers['authorization'] = `Bearer ${options.openaiKey}`;
  const response = await fetch(`${options.upstreamOrigin}${path}${query ? `?${query}` : ''}`, { method: req.method ?? 'POST', headers, body: raw });
  return { status: response.status, contentType: response.headers.get('content-type') ?? 'application/json', body: Buffer.from(await response.arrayBuffer()) };
}

function send(res: ServerResponse, stored: Stored, outcome: string): void {
  res.writeHead(stored.status, { 'content-type': stored.contentType, 'x-stand-in-cache': outcome });
  res.end(stored.body);
}

export async function startStandInGateway(options: StandInOptions): Promise<StandInGateway> {
  const cache = new Map<string, Stored>();
  const server = createServer((req, res) => {
    void (async () => {
      const raw = await readRaw(req);
      const url = new URL(req.url ?? '/', 'http://stand-in.invalid');
      const path = url.pathname.replace(/^\/v1\/v1\//, '/v1/'); // a base URL ending in /v1
      const query = url.search.slice(1);
      if (!isUser(req, options.userKey)) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: 'invalid key' } }));
        return;
      }
      const key = cacheKeyOf(path, query, raw);
      const hit = cache.get(key);
      if (hit) return send(res, hit, 'HIT');
      const stored = await forward(options, req, path, query, raw);
      if (stored.status === 200) cache.set(key, stored);
      send(res, stored, 'MISS');
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
