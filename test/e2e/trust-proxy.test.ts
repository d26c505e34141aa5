// Behind a proxy (compose.yaml's nginx), SYNAPSE_TRUST_PROXY=1 makes the per-address limit of the
// token exchange count each client, from the address the proxy appended to X-Forwarded-For, and
// not the proxy; addresses a client puts in the header itself do not count. Off by default.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from '../../src/config/load.js';
import { ADMIN_KEY, startTestGateway } from '../helpers/test-gateway.js';

async function exchangeStatuses(env: Record<string, string>, forwardedFor: string[]): Promise<number[]> {
  const gw = await startTestGateway({ env: { SYNAPSE_TOKEN_PER_MIN: '1', ...env } });
  try {
    const statuses: number[] = [];
    for (const chain of forwardedFor) {
      const response = await gw.request('/api/v1/auth/token', { body: { api_key: ADMIN_KEY }, auth: null, headers: { 'x-forwarded-for': chain } });
      await response.arrayBuffer();
      statuses.push(response.status);
    }
    return statuses;
  } finally {
    await gw.close();
  }
}

describe('client addresses behind a proxy', () => {
  test('by default X-Forwarded-For is ignored: every caller of one proxy shares its address', async () => {
    assert.deepEqual(await exchangeStatuses({}, ['203.0.113.1', '203.0.113.2']), [200, 429]);
  });

  test('with SYNAPSE_TRUST_PROXY=1 each client has its own limit, and a forged first entry changes nothing', async () => {
    const chains = ['203.0.113.1', '203.0.113.2', '198.51.100.7, 203.0.113.1'];
    assert.deepEqual(await exchangeStatuses({ SYNAPSE_TRUST_PROXY: '1' }, chains), [200, 200, 429]);
  });

  test('SYNAPSE_TRUST_PROXY takes a hop count, a boolean, or addresses', () => {
    const trustProxy = (value: string) => loadConfig({ env: { OPENAI_API_KEY: 'sk-x', SYNAPSE_TRUST_PROXY: value } }).trustProxy;
    assert.equal(loadConfig({ env: {} }).trustProxy, false);
    assert.equal(trustProxy('1'), 1);
    assert.equal(trustProxy('0'), false);
    assert.equal(trustProxy('true'), true);
    assert.equal(trustProxy('10.0.0.0/8,127.0.0.1'), '10.0.0.0/8,127.0.0.1');
  });
});
