// A real gateway for the memory benchmark and evaluation: started in this process on a temporary
// SQLite data directory (removed on close), rate limits off, reached through HTTP with one
// keep-alive connection per client so timings include routing, validation and serialization.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { loadConfig } from '../src/config/load.js';
import { createGateway, type Gateway } from '../src/gateway.js';

const ADMIN_KEY = 'sk-syn-bench-admin-key-000000000000000000000';
export const MEMORY_API = '/api/v1/memory';

export interface MemoryGateway {
  gateway: Gateway;
  dataDir: string;
  /** GET /ready: its status code and body. */
  ready(): Promise<{ status: number; body: { checks?: Record<string, string> } }>;
  /** A JSON call to the memory API (path below /api/v1/memory) as the bootstrap admin, or with `key`. */
  call<T = unknown>(method: 'GET' | 'POST', path: string, body?: unknown, key?: string): Promise<{ status: number; body: T }>;
  /** A new API key of its own tenant (role `user`). */
  createTenantKey(tenantId: string): Promise<string>;
  /** Stops the gateway; with `keepData` the data directory stays for a restart. */
  close(keepData?: boolean): Promise<void>;
}

/**
 * Starts a gateway and waits until its memory search's vector index is loaded, or, with
 * `background: true`, returns once it listens (what a restart costs before it serves).
 */
export async function startMemoryGateway(
  options: { dataDir?: string; env?: Record<string, string>; now?: () => number; background?: boolean } = {},
): Promise<MemoryGateway> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'synapse-memory-bench-'));
  const config = loadConfig({
    cwd: dataDir,
    env: {
      SYNAPSE_DATA_DIR: dataDir,
      SYNAPSE_BOOTSTRAP_KEY: ADMIN_KEY,
      SYNAPSE_LOG_LEVEL: 'warn',
      SYNAPSE_RATE_LIMITS_ENABLED: 'false',
      ...options.env,
    },
  });
  const gateway = await createGateway(config, options.now ? { now: options.now } : {});
  await gateway.app.listen({ host: '127.0.0.1', port: 0 });
  if (!options.background) await gateway.loaded();
  const address = gateway.app.server.address();
  const pool = new Pool(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, { connections: 8 });
  const request = async <T>(method: 'GET' | 'POST', path: string, body: unknown, key: string) => {
    const response = await pool.request({
      method,
      path,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.body.text();
    if (response.statusCode >= 300) throw new Error(`${method} ${path}: ${response.statusCode} ${text.slice(0, 300)}`);
    return { status: response.statusCode, body: JSON.parse(text) as T };
  };
  return {
    gateway,
    dataDir,
    async ready() {
      const response = await pool.request({ method: 'GET', path: '/ready' });
      return { status: response.statusCode, body: (await response.body.json()) as { checks?: Record<string, string> } };
    },
    call<T>(method: 'GET' | 'POST', path: string, body?: unknown, key = ADMIN_KEY) {
      return request<T>(method, MEMORY_API + path, body, key);
    },
    async createTenantKey(tenantId) {
      const { body } = await request<{ key: string }>('POST', '/api/v1/keys', { role: 'user', name: tenantId, tenant_id: tenantId }, ADMIN_KEY);
      return body.key;
    },
    async close(keepData = false) {
      await pool.close();
      await gateway.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
