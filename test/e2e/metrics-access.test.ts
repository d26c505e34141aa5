// Who may read /metrics and where: open on the API's port by default; with SYNAPSE_METRICS_TOKEN only
// with that bearer token; with SYNAPSE_METRICS_PORT on a listener of its own and not on the API's
// port, for a gateway started in-process and for `node dist/src/main.js` as an operator runs it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/load.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const TOKEN = 'metrics-token-0123456789abcdef';

async function withGateway(env: Record<string, string>, run: (gw: TestGateway) => Promise<void>): Promise<void> {
  const gw = await startTestGateway({ env });
  try {
    await run(gw);
  } finally {
    await gw.close();
  }
}

async function get(url: string, token?: string): Promise<{ status: number; type: string | null; text: string }> {
  const response = await fetch(url, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

describe('/metrics access', () => {
  test('by default /metrics is open on the API port, in Prometheus text format', async () => {
    await withGateway({}, async (gw) => {
      const metrics = await get(gw.url + '/metrics');
      assert.equal(metrics.status, 200);
      assert.match(metrics.type ?? '', /^text\/plain/);
      assert.match(metrics.text, /synapse_http_requests_total/);
    });
  });

  test('with a token, /metrics needs it as a bearer; nothing else changes', async () => {
    await withGateway({ SYNAPSE_METRICS_TOKEN: TOKEN }, async (gw) => {
      const missing = await get(gw.url + '/metrics');
      assert.equal(missing.status, 401);
      assert.deepEqual(JSON.parse(missing.text).error.code, 'metrics_unauthorized');
      assert.equal((await get(gw.url + '/metrics', 'metrics-token-but-not-the-right-one')).status, 401);
      assert.equal((await get(gw.url + '/metrics', gw.adminKey)).status, 401, 'an API key is not the metrics token');
      const allowed = await get(gw.url + '/metrics', TOKEN);
      assert.equal(allowed.status, 200);
      assert.match(allowed.text, /synapse_http_requests_total/);
      assert.doesNotMatch(allowed.text, new RegExp(TOKEN));
      assert.equal((await get(gw.url + '/health')).status, 200);
    });
  });

  test('with a metrics port, /metrics is served there only, counting the API port\'s requests', async () => {
    await withGateway({ SYNAPSE_METRICS_PORT: '0', SYNAPSE_METRICS_TOKEN: TOKEN }, async (gw) => {
      const metricsApp = gw.gateway.metricsApp;
      assert.ok(metricsApp, 'a metrics listener is built');
      await metricsApp.listen({ host: '127.0.0.1', port: 0 });
      const address = metricsApp.server.address();
      const metricsUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      const onApiPort = await get(gw.url + '/metrics', TOKEN);
      assert.equal(onApiPort.status, 404);
      assert.equal(JSON.parse(onApiPort.text).error.code, 'route_not_found');
      assert.equal((await get(gw.url + '/health')).status, 200);
      assert.equal((await get(metricsUrl + '/metrics')).status, 401, 'the token applies there too');
      const scraped = await get(metricsUrl + '/metrics', TOKEN);
      assert.equal(scraped.status, 200);
      assert.match(scraped.text, /synapse_http_requests_total\{method="GET",route="\/health",status="200"\} [1-9]/);
      assert.equal((await get(metricsUrl + '/health')).status, 404, 'nothing but /metrics on the metrics port');
    });
  });

  test('settings are checked at start: a short token, or the API port as metrics port, stop it with the setting named', () => {
    const env = { OPENAI_API_KEY: 'sk-x' };
    assert.throws(() => loadConfig({ env: { ...env, SYNAPSE_METRICS_TOKEN: 'short' } }), (error: unknown) => {
      return error instanceof ConfigError && /metrics\.token/.test(error.message) && /16 characters/.test(error.message);
    });
    assert.throws(() => loadConfig({ env: { ...env, PORT: '9000', SYNAPSE_METRICS_PORT: '9000' } }), (error: unknown) => {
      return error instanceof ConfigError && /metrics\.port/.test(error.message);
    });
    const config = loadConfig({ env: { ...env, SYNAPSE_METRICS_PORT: '9100', SYNAPSE_METRICS_HOST: '127.0.0.1' } });
    assert.deepEqual(config.metrics, { port: 9100, host: '127.0.0.1' });
    assert.equal(loadConfig({ env }).host, '0.0.0.0', 'the documented default bind address');
    assert.equal(loadConfig({ env }).port, 8080);
  });
});

/** <out>/test/e2e/metrics-access.test.js -> <out>/src/main.js, the server of the same build. */
const MAIN_JS = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/main.js');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const address = server.address();
  await new Promise((closed) => server.close(closed));
  return typeof address === 'object' && address ? address.port : 0;
}

describe('/metrics on its own port, as an operator starts the server', () => {
  test('SYNAPSE_METRICS_PORT and SYNAPSE_METRICS_HOST: the API port answers /health, not /metrics', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'synapse-metrics-'));
    const [port, metricsPort] = [await freePort(), await freePort()];
    const env = {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      SYNAPSE_METRICS_PORT: String(metricsPort),
      SYNAPSE_METRICS_HOST: '127.0.0.1',
      SYNAPSE_DATA_DIR: dataDir,
      SYNAPSE_MOCK: '1',
      SYNAPSE_BOOTSTRAP_KEY: 'sk-syn-metrics-port-key-00000000000000000000',
    };
    const child = spawn(process.execPath, [MAIN_JS], { cwd: dataDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((done) => child.once('exit', done));
    try {
      const deadline = Date.now() + 20_000;
      let metrics = { status: 0, type: null as string | null, text: '' };
      while (metrics.status !== 200 && Date.now() < deadline && child.exitCode === null) {
        metrics = await get(`http://127.0.0.1:${metricsPort}/metrics`).catch(() => metrics);
        if (metrics.status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(metrics.status, 200, output);
      assert.match(metrics.text, /synapse_http_requests_total/);
      assert.equal((await get(`http://127.0.0.1:${port}/health`)).status, 200);
      assert.equal((await get(`http://127.0.0.1:${port}/metrics`)).status, 404);
    } finally {
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
