// Starts a gateway on a port chosen before its config is built, so that an upstream base URL can
// point at the gateway itself (the misconfiguration the loop guard exists for), and counts every
// request its HTTP server receives, including those the gateway sent to itself.
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { GATEWAY_HOP_HEADER } from '../../src/domain/proxy/upstream-loop.js';
import { createGateway, type Gateway } from '../../src/gateway.js';
import { ADMIN_KEY } from './test-gateway.js';

export interface OwnPortGateway {
  url: string;
  gateway: Gateway;
  /** Requests received that carry a gateway id, i.e. sent by a gateway to an upstream. */
  innerRequests(): number;
  close(): Promise<void>;
}

/** A loopback port that was free a moment ago (and has nothing listening on it now). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `envFor(origin)` gives the upstream settings, e.g. { ANTHROPIC_BASE_URL: origin }. */
export async function startOwnPortGateway(envFor: (origin: string) => Record<string, string>): Promise<OwnPortGateway> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'synapse-loop-'));
  const config = loadConfig({
    cwd: dataDir,
    env: {
      SYNAPSE_DATA_DIR: dataDir,
      SYNAPSE_BOOTSTRAP_KEY: ADMIN_KEY,
      SYNAPSE_LOG_LEVEL: 'silent',
      SYNAPSE_PROXY_RPS: '100000',
      SYNAPSE_TOKEN_PER_MIN: '100000',
      SYNAPSE_UPSTREAM_RETRY_BASE_MS: '10',
      SYNAPSE_UPSTREAM_TIMEOUT_MS: '5000',
      HOST: '127.0.0.1',
      PORT: String(port),
      ...envFor(origin),
    },
  });
  const gateway = await createGateway(config);
  // Tests start from loaded vector indexes (memory search, semantic cache: both load in the background).
  await gateway.loaded();
  let inner = 0;
  gateway.app.server.prependListener('request', (req: IncomingMessage) => {
    if (req.headers[GATEWAY_HOP_HEADER] !== undefined) inner++;
  });
  await gateway.app.listen({ host: '127.0.0.1', port });
  return {
    url: origin,
    gateway,
    innerRequests: () => inner,
    async close() {
      await gateway.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
