// Runs the seed's own Python (Authentication + Error Handling's call_with_retry, from
// seed/python-sdk-examples.txt) against a started gateway with only the base URL changed.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const PYTHON = '/usr/bin/python3';
/** The checkout this compiled test belongs to (dist/test/e2e/ is three levels down). */
const SCRIPT = fileURLToPath(new URL('../../../test/python/seed_auth_proxy.py', import.meta.url));
const QUESTION = 'What is a semantic cache?';

function pythonWithRequests(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import requests'], { encoding: 'utf8' });
  if (probe.error) return `${PYTHON} is not available (${probe.error.message})`;
  if (probe.status !== 0) return `${PYTHON} has no requests module (apt-get install -y python3-requests)`;
  return undefined;
}

const skipReason = pythonWithRequests();

function runScript(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(PYTHON, [SCRIPT], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

describe('seed Python: authentication, proxy and call_with_retry', { skip: skipReason ?? false }, () => {
  let gw: TestGateway;
  let output: { code: number; stdout: string; stderr: string };

  before(async () => {
    // No upstream retries in the gateway, so each fake-429 answer reaches the script at once.
    gw = await startTestGateway({ env: { SYNAPSE_UPSTREAM_MAX_RETRIES: '0' } });
    const { key } = await gw.createKey({ role: 'user', name: 'python-seed' });
    output = await runScript({ SYNAPSE_URL: gw.url, SYNAPSE_SEED_API_KEY: key });
  });

  after(async () => {
    await gw?.close();
  });

  test('the script runs to the end', () => {
    assert.equal(output.code, 0, output.stderr);
    assert.equal(output.stderr, '');
  });

  test('the first call is a MISS, the second a HIT with the same content', () => {
    const lines = output.stdout.split('\n');
    assert.ok(lines.includes('call 1 X-Cache-Status: MISS'), output.stdout);
    assert.ok(lines.includes('call 2 X-Cache-Status: HIT'), output.stdout);
    assert.ok(lines.includes(`call 1 content: Echo: ${QUESTION}`), output.stdout);
    assert.ok(lines.includes(`call 2 content: Echo: ${QUESTION}`), output.stdout);
    assert.equal(gw.upstream.callCount('gpt-4o'), 1, 'the HIT never reached the upstream');
  });

  test('a 429 is retried after retry_after_secs, then raised as HTTPError 429', () => {
    const line = output.stdout.split('\n').find((l) => l.startsWith('rate limited:'));
    assert.ok(line, output.stdout);
    const match = /HTTPError (\d+) attempts=(\d+) statuses=\[([^\]]*)\] retry_after_secs=(\d+) retry_after_header=(\d+) elapsed=([\d.]+)/.exec(line);
    assert.ok(match, line);
    const [, status, attempts, statuses, retryAfterSecs, retryAfterHeader, elapsed] = match;
    assert.equal(status, '429');
    assert.equal(attempts, '2', 'max_retries=1: one try and one retry');
    assert.equal(statuses, '429, 429');
    assert.equal(retryAfterSecs, '1');
    assert.equal(retryAfterHeader, '1');
    // The seed sleeps retry_after_secs after each 429, the last one included, before raising.
    assert.ok(Number(elapsed) >= 2 && Number(elapsed) < 6, `elapsed ${elapsed}`);
    assert.equal(gw.upstream.callCount('fake-429'), 2);
  });
});
