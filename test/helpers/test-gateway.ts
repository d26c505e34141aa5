// Starts a real gateway for a test: a temporary SQLite data directory, the fake upstream on a
// random loopback port, an admin key, and a listening HTTP server on a random port.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { createGateway, type Gateway } from '../../src/gateway.js';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/fake-upstream.js';

export const ADMIN_KEY = 'sk-syn-test-admin-key-0000000000000000000000';

export interface TestGatewayOptions {
  /** Extra environment variables, as a user would set them. */
  env?: Record<string, string>;
  /** Config overrides applied last (nested objects are merged). */
  overrides?: Record<string, unknown>;
  /** An injectable clock for expiry tests. */
  now?: () => number;
  /** Reuse an existing fake upstream (and data dir) instead of starting new ones. */
  upstream?: FakeUpstream;
  dataDir?: string;
  /**
   * `inject`: `request` goes through Fastify's app.inject, with no socket and no port (`url` is then
   * empty), for tests of routing and validation where the network adds nothing. Default `socket`.
   */
  transport?: 'socket' | 'inject';
}

export interface TestGateway {
  /** Base URL of the gateway, e.g. http://127.0.0.1:PORT */
  url: string;
  gateway: Gateway;
  config: Config;
  upstream: FakeUpstream;
  dataDir: string;
  adminKey: string;
  /** Exchanges a key for a JWT through the API. */
  tokenFor(apiKey: string, role?: string): Promise<string>;
  /** Creates a key through the admin API and returns the plain key. */
  createKey(input: { role?: string; name?: string; tenant_id?: string }, asKey?: string): Promise<{ id: string; key: string }>;
  /** fetch against the gateway with JSON and a bearer credential. */
  request(path: string, init?: { method?: string; body?: unknown; auth?: string | null; headers?: Record<string, string> }): Promise<Response>;
  /** Stops the gateway; removes the data dir and stops the upstream unless they were passed in. */
  close(): Promise<void>;
}

export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const upstream = options.upstream ?? (await startFakeUpstream());
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'synapse-test-'));
  const config = loadConfig({
    cwd: dataDir,
    env: {
      SYNAPSE_DATA_DIR: dataDir,
      OPENAI_BASE_URL: upstream.url,
      OPENAI_API_KEY: 'sk-upstream-configured',
      SYNAPSE_BOOTSTRAP_KEY: ADMIN_KEY,
      SYNAPSE_LOG_LEVEL: 'silent',
      SYNAPSE_PROXY_RPS: '100000',
      SYNAPSE_MEMORY_READ_RPS: '100000',
      SYNAPSE_MEMORY_WRITE_RPS: '100000',
      SYNAPSE_TOKEN_PER_MIN: '100000',
      SYNAPSE_AUTH_FAILURES_PER_MIN: '100000',
      SYNAPSE_UPSTREAM_RETRY_BASE_MS: '10',
      SYNAPSE_UPSTREAM_RETRY_MAX_MS: '2000',
      HOST: '127.0.0.1',
      PORT: '0',
      ...options.env,
    },
    ...(options.overrides ? { overrides: options.overrides } : {}),
  });
  const gateway = await createGateway(config, options.now ? { now: options.now } : {});
  const injected = options.transport === 'inject';
  let url = '';
  if (injected) await gateway.app.ready();
  else {
    await gateway.app.listen({ host: '127.0.0.1', port: 0 });
    const address = gateway.app.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  const request: TestGateway['request'] = (path, init = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    const auth = init.auth === undefined ? ADMIN_KEY : init.auth;
    if (auth !== null) headers.authorization = `Bearer ${auth}`;
    let body: string | undefined;
    if (init.body !== undefined) {
      body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
      headers['content-type'] ??= 'application/json';
    }
    const method = init.method ?? (body === undefined ? 'GET' : 'POST');
    if (injected) return injectAsResponse(gateway, { method, url: path, headers, ...(body !== undefined ? { payload: body } : {}) });
    return fetch(url + path, { method, headers, ...(body !== undefined ? { body } : {}) });
  };

  return {
    url,
    gateway,
    config,
    upstream,
    dataDir,
    adminKey: ADMIN_KEY,
    request,
    async tokenFor(apiKey, role) {
      const response = await request('/api/v1/auth/token', { body: { api_key: apiKey, ...(role ? { role } : {}) }, auth: null });
      if (response.status !== 200) throw new Error(`token exchange failed: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { access_token: string }).access_token;
    },
    async createKey(input, asKey = ADMIN_KEY) {
      const response = await request('/api/v1/keys', { body: input, auth: asKey });
      if (response.status !== 201) throw new Error(`key creation failed: ${response.status} ${await response.text()}`);
      return (await response.json()) as { id: string; key: string };
    },
    async close() {
      await gateway.close();
      if (!options.upstream) await upstream.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** One app.inject call as the fetch Response a socket would have given. */
async function injectAsResponse(
  gateway: Gateway,
  request: { method: string; url: string; headers: Record<string, string>; payload?: string },
): Promise<Response> {
  const reply = await gateway.app.inject({ ...request, method: request.method as 'GET' });
  const headers = new Headers();
  for (const [name, value] of Object.entries(reply.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, String(item));
  }
  const empty = reply.statusCode === 204 || reply.statusCode === 304 || request.method === 'HEAD';
  return new Response(empty ? null : reply.rawPayload, { status: reply.statusCode, headers });
}
