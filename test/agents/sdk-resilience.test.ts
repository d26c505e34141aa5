// The SDK's resilience against a real gateway: token renewal before expiry (a short token
// lifetime, and the 24 h one), a token refused as expired, 429s from the real rate limiter, 5xx
// from the fake upstream, and a gateway restart. Time is a fake clock the gateway and the SDK
// share (their injectable `now`, and the SDK's `sleep` moving it): no test waits in real time.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { loadConfig } from '../../src/config/load.js';
import { createGateway } from '../../src/gateway.js';
import {
  ConnectionError,
  GatewayTimeoutError,
  ProxyError,
  RateLimitError,
  ServiceUnavailableError,
  Synapse,
  retryDelayMs,
  DEFAULT_RETRY_POLICY,
  type FetchLike,
} from '../../src/sdk/index.js';
import { ADMIN_KEY } from '../helpers/test-gateway.js';
import { rmSync } from 'node:fs';
import { removeTempDirs, startAgentGateway } from './helpers/agent-kit.js';

after(removeTempDirs);

interface Recorded {
  path: string;
  status: number | 'error';
  authorization: string | undefined;
}

/** A fetch that records each call's path, status and bearer, then delegates to the real fetch. */
function recordingFetch(): { fetch: FetchLike; calls: Recorded[] } {
  const calls: Recorded[] = [];
  const fetchImpl: FetchLike = async (input, init) => {
    const path = new URL(input).pathname;
    const authorization = (init.headers as Record<string, string> | undefined)?.authorization;
    try {
      const response = await fetch(input, init);
      calls.push({ path, status: response.status, authorization });
      return response;
    } catch (error) {
      calls.push({ path, status: 'error', authorization });
      throw error;
    }
  };
  return { fetch: fetchImpl, calls };
}

const exchanges = (calls: Recorded[]) => calls.filter((c) => c.path === '/api/v1/auth/token').length;
/** A clock that moves only when told: by the test, or by the SDK's waits between retries (recorded). */
function fakeClock(): { now: () => number; advance: (ms: number) => void; sleep: (ms: number) => Promise<void>; waits: number[] } {
  let at = Date.now();
  const waits: number[] = [];
  return {
    now: () => at,
    advance: (ms) => void (at += ms),
    sleep: async (ms) => {
      waits.push(ms);
      at += ms;
    },
    waits,
  };
}

describe('token renewal', () => {
  test('a short-lived token is renewed before it expires (SYNAPSE_TOKEN_LIFETIME_SECS=4)', async () => {
    const clock = fakeClock();
    const gw = await startAgentGateway({ env: { SYNAPSE_TOKEN_LIFETIME_SECS: '4' }, now: clock.now });
    try {
      const { fetch, calls } = recordingFetch();
      const synapse = new Synapse({ baseUrl: gw.url, apiKey: gw.userKey, fetch, now: clock.now, env: {} });
      await synapse.projects.list();
      await synapse.projects.list();
      assert.equal(exchanges(calls), 1, 'one exchange serves calls until the renewal point');
      const firstToken = calls.at(-1)!.authorization;
      clock.advance(2_300); // past half the 4 s lifetime: renewal is due, the token is still valid
      await synapse.projects.list();
      assert.equal(exchanges(calls), 2, 'renewed before expiry');
      assert.notEqual(calls.at(-1)!.authorization, firstToken);
      clock.advance(2_000); // the first token has now expired; the renewed one has not
      await synapse.projects.list();
      assert.ok(calls.every((c) => c.status === 200), `no call was refused: ${JSON.stringify(calls.map((c) => c.status))}`);
    } finally {
      await gw.close();
    }
  });

  test('the 24 h token is renewed 5 minutes before expiry (injected clock)', async () => {
    let offsetMs = 0;
    const now = () => Date.now() + offsetMs;
    const gw = await startAgentGateway({ now });
    try {
      const { fetch, calls } = recordingFetch();
      const synapse = new Synapse({ baseUrl: gw.url, apiKey: gw.userKey, fetch, now, env: {} });
      await synapse.projects.list();
      offsetMs = (86_400 - 301) * 1000; // 5 min + 1 s before expiry: not yet
      await synapse.projects.list();
      assert.equal(exchanges(calls), 1);
      offsetMs = (86_400 - 299) * 1000; // inside the last 5 minutes: renew first
      await synapse.projects.list();
      assert.equal(exchanges(calls), 2);
      assert.ok(calls.every((c) => c.status === 200));
    } finally {
      await gw.close();
    }
  });

  test('a token the gateway refuses as expired is exchanged again once, transparently', async () => {
    const clock = fakeClock();
    const gw = await startAgentGateway({ env: { SYNAPSE_TOKEN_LIFETIME_SECS: '1' }, now: clock.now });
    try {
      const { fetch, calls } = recordingFetch();
      const frozen = clock.now();
      // The client's clock is stuck, so it believes its token is fresh; the gateway knows better.
      const synapse = new Synapse({ baseUrl: gw.url, apiKey: gw.userKey, fetch, now: () => frozen, env: {} });
      await synapse.projects.list();
      clock.advance(2_100);
      await synapse.projects.list();
      assert.deepEqual(calls.map((c) => c.status), [200, 200, 401, 200, 200]);
      assert.equal(exchanges(calls), 2);
    } finally {
      await gw.close();
    }
  });
});

describe('retries', () => {
  test('a 429 from the real rate limiter is retried after retry_after_secs', async () => {
    const clock = fakeClock();
    const gw = await startAgentGateway({ env: { SYNAPSE_MEMORY_WRITE_RPS: '1' }, now: clock.now });
    try {
      const { fetch, calls } = recordingFetch();
      const synapse = new Synapse({ baseUrl: gw.url, apiKey: gw.userKey, fetch, now: clock.now, sleep: clock.sleep, env: {} });
      await synapse.projects.create({ projectId: 'limited', name: 'Limited' });
      const milestone = await synapse.store('limited', { thisContribution: 'after a 429', agentId: 'a' });
      assert.equal(milestone.sequenceNumber, 1);
      const storeStatuses = calls.filter((c) => c.path.endsWith('/store')).map((c) => c.status);
      assert.deepEqual(storeStatuses, [429, 200]);
      assert.deepEqual(clock.waits, [1_000], 'waited the advertised second, and only that');

      const impatient = new Synapse({ baseUrl: gw.url, apiKey: gw.userKey, maxRetries: 0, now: clock.now, env: {} });
      await impatient.store('limited', { thisContribution: 'drain the bucket', agentId: 'a' }).catch(() => undefined);
      const refused = await impatient.store('limited', { thisContribution: 'refused', agentId: 'a' }).catch((e: unknown) => e);
      assert.ok(refused instanceof RateLimitError, String(refused));
      assert.equal(refused.status, 429);
      assert.ok(refused.retryAfterSecs! >= 1);
    } finally {
      await gw.close();
    }
  });

  test('502s from a flaky upstream are retried with backoff until one succeeds', async () => {
    const gw = await startAgentGateway({ env: { SYNAPSE_UPSTREAM_MAX_RETRIES: '0' } });
    try {
      const { fetch, calls } = recordingFetch();
      const delays: number[] = [];
      const synapse = new Synapse({
        baseUrl: gw.url,
        apiKey: gw.userKey,
        fetch,
        env: {},
        sleep: async (ms) => void delays.push(ms),
      });
      const completion = await synapse.chat.create({ model: 'fake-flaky-2', messages: [{ role: 'user', content: 'eventually' }] });
      assert.match(completion.choices[0]!.message.content!, /eventually/);
      assert.deepEqual(calls.filter((c) => c.path === '/v1/chat/completions').map((c) => c.status), [502, 502, 200]);
      assert.equal(gw.upstream.callCount('fake-flaky-2'), 3);
      assert.equal(delays.length, 2);
      assert.ok(delays[0]! >= 375 && delays[0]! <= 500, `first backoff ${delays[0]}`);
      assert.ok(delays[1]! >= 750 && delays[1]! <= 1000, `second backoff ${delays[1]}`);

      const failing = await synapse.chat.create({ model: 'fake-503', messages: [{ role: 'user', content: 'never' }] }).catch((e: unknown) => e);
      assert.ok(failing instanceof ProxyError, String(failing));
      assert.equal(gw.upstream.callCount('fake-503'), 4, 'the first attempt and 3 retries');
    } finally {
      await gw.close();
    }
  });

  test('504s from a slow upstream are retried, then thrown as GatewayTimeoutError', async () => {
    const gw = await startAgentGateway({ env: { SYNAPSE_UPSTREAM_MAX_RETRIES: '0', SYNAPSE_UPSTREAM_TIMEOUT_MS: '100' } });
    try {
      const synapse = new Synapse({ baseUrl: gw.url, apiKey: gw.userKey, maxRetries: 1, env: {}, sleep: async () => {} });
      const error = await synapse.chat.create({ model: 'fake-slow-1000', messages: [{ role: 'user', content: 'slow' }] }).catch((e: unknown) => e);
      assert.ok(error instanceof GatewayTimeoutError, String(error));
      assert.equal(error.status, 504);
      assert.equal(gw.upstream.callCount('fake-slow-1000'), 2);
    } finally {
      await gw.close();
    }
  });

  test('a 503 is retried with jittered backoff and surfaces as ServiceUnavailableError', async () => {
    let attempts = 0;
    const unavailable: FetchLike = async () => {
      attempts++;
      return new Response(JSON.stringify({ error: { message: 'the gateway is shutting down; retry', type: 'service_unavailable' } }), {
        status: 503,
        headers: { 'content-type': 'application/json', 'x-request-id': '00000000-0000-4000-8000-000000000503' },
      });
    };
    const delays: number[] = [];
    const synapse = new Synapse({ baseUrl: 'http://gateway.invalid', token: 't', fetch: unavailable, env: {}, sleep: async (ms) => void delays.push(ms) });
    const error = await synapse.projects.list().catch((e: unknown) => e);
    assert.ok(error instanceof ServiceUnavailableError);
    assert.equal(error.requestId, '00000000-0000-4000-8000-000000000503');
    assert.equal(attempts, 4);
    assert.equal(delays.length, 3);
    // Jitter keeps each wait within 75-100% of the capped exponential step.
    for (let attempt = 0; attempt < 3; attempt++) {
      const step = Math.min(500 * 2 ** attempt, 8_000);
      assert.ok(delays[attempt]! >= step * 0.75 && delays[attempt]! <= step, `attempt ${attempt}: ${delays[attempt]}`);
    }
    const spread = new Set(Array.from({ length: 20 }, () => retryDelayMs(error, 2, DEFAULT_RETRY_POLICY)));
    assert.ok(spread.size > 1, 'backoff is jittered');
  });

  test('a gateway restart is ridden out: connection errors are retried', async () => {
    const first = await startAgentGateway();
    const port = Number(new URL(first.url).port);
    let second: Awaited<ReturnType<typeof createGateway>> | undefined;
    try {
      const synapse = new Synapse({
        baseUrl: first.url,
        apiKey: first.userKey,
        env: {},
        // The first backoff is when the replacement instance comes up on the same port and data.
        sleep: async () => {
          if (second) return;
          const config = loadConfig({
            cwd: first.dataDir,
            env: { SYNAPSE_DATA_DIR: first.dataDir, OPENAI_BASE_URL: first.upstream.url, SYNAPSE_LOG_LEVEL: 'silent', SYNAPSE_BOOTSTRAP_KEY: ADMIN_KEY },
          });
          second = await createGateway(config);
          await second.app.listen({ host: '127.0.0.1', port });
        },
      });
      await synapse.projects.create({ projectId: 'restart', name: 'Restart' });
      await first.gateway.close();
      const down = new Synapse({ baseUrl: first.url, apiKey: first.userKey, maxRetries: 0, env: {} });
      await assert.rejects(down.projects.list(), ConnectionError);
      const milestone = await synapse.store('restart', { thisContribution: 'stored across a restart', agentId: 'a' });
      assert.equal(milestone.sequenceNumber, 1);
      assert.ok(second, 'the retry went to the new instance');
    } finally {
      await second?.close();
      await first.upstream.close();
      rmSync(first.dataDir, { recursive: true, force: true });
    }
  });

  test('an aborted call is not retried', async () => {
    const synapse = new Synapse({ baseUrl: 'http://127.0.0.1:9', token: 't', env: {} });
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await assert.rejects(synapse.projects.list({ signal: controller.signal }), /stop/);
  });
});
