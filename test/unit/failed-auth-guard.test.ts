// The failed-authentication guard on its own: it logs every counted failure with the address and
// the reason but never the credential, blocks an address once its bucket is empty and lets it go
// when the bucket admits again, and fails open when its limiter cannot be reached.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { FailedAuthGuard } from '../../src/domain/auth/failed-auth-guard.js';
import { MemoryRateLimiter } from '../../src/domain/ratelimit/memory-rate-limiter.js';
import type { RateLimiter } from '../../src/stores/ports/rate-limiter.js';
import { SynapseError } from '../../src/errors.js';

let now = 1_900_000_000_000;
const limiter = new MemoryRateLimiter(() => now);
after(() => limiter.close());

function recordingLogger() {
  const lines: Array<{ level: string; fields: object; message?: string }> = [];
  const log = (level: string) => (fields: object, message?: string) => void lines.push({ level, fields, message });
  return { lines, logger: { info: log('info'), warn: log('warn'), error: log('error') } };
}

const attempt = { address: '203.0.113.7', method: 'GET', path: '/v1/models' };

describe('FailedAuthGuard', () => {
  test('counts wrong credentials, logs them without the credential, and blocks past the limit', async () => {
    const { lines, logger } = recordingLogger();
    const guard = new FailedAuthGuard(limiter, { limit: 2, windowSecs: 60 }, logger, () => now);
    const failure = new SynapseError('invalid_api_key');
    assert.equal(await guard.recordFailure(attempt, failure), failure);
    assert.equal(await guard.recordFailure(attempt, failure), failure);
    const blocked = await guard.recordFailure(attempt, failure);
    assert.equal(blocked.code, 'rate_limited');
    assert.equal(blocked.retryAfterMs, 30_000);
    assert.equal(guard.blockedFor(attempt.address), 30_000);
    assert.equal(guard.blockedFor('198.51.100.1'), 0, 'other addresses are not blocked');
    assert.equal(lines.length, 3);
    for (const line of lines) {
      assert.equal(line.level, 'warn');
      assert.deepEqual(line.fields, { address: '203.0.113.7', reason: 'invalid_api_key', method: 'GET', path: '/v1/models' });
      assert.doesNotMatch(JSON.stringify(line), /sk-syn/);
    }
    assert.equal(guard.blocking, true);
    now += 30_000;
    assert.equal(guard.blocking, false, 'nothing blocked any more');
    assert.equal(guard.blockedFor(attempt.address), 0, 'unblocked once a failure came back');
  });

  test('only wrong credentials count: other errors pass through uncounted', async () => {
    const { lines, logger } = recordingLogger();
    const guard = new FailedAuthGuard(limiter, { limit: 1, windowSecs: 60 }, logger, () => now);
    for (const code of ['missing_credentials', 'token_expired', 'service_unavailable'] as const) {
      const error = new SynapseError(code, { detail: 'x' });
      assert.equal(await guard.recordFailure({ ...attempt, address: 'uncounted' }, error), error);
    }
    assert.equal(lines.length, 0);
    assert.equal(guard.blockedFor('uncounted'), 0);
  });

  test('fails open when the limiter cannot be reached', async () => {
    const broken: RateLimiter = { consume: async () => Promise.reject(new Error('down')), close: async () => undefined };
    const guard = new FailedAuthGuard(broken, { limit: 1, windowSecs: 60 }, recordingLogger().logger, () => now);
    const failure = new SynapseError('invalid_token');
    for (let i = 0; i < 3; i++) assert.equal(await guard.recordFailure({ ...attempt, address: 'open' }, failure), failure);
  });
});
