// When the gateway retries an upstream call and how long it waits: Retry-After parsing in all
// its forms and the capped, jittered exponential backoff.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { backoffDelayMs, isRetryableStatus, parseRetryAfterMs, type RetryPolicy } from '../../src/domain/proxy/retry-policy.js';

const NOW = Date.UTC(2026, 1, 10, 14, 22, 0); // whole seconds, as HTTP dates are

describe('parseRetryAfterMs', () => {
  test('reads Retry-After in seconds', () => {
    assert.equal(parseRetryAfterMs({ 'retry-after': '2' }, NOW), 2000);
    assert.equal(parseRetryAfterMs({ 'retry-after': '0' }, NOW), 0);
    assert.equal(parseRetryAfterMs({ 'retry-after': '1.5' }, NOW), 1500);
    assert.equal(parseRetryAfterMs({ 'retry-after': ' 3 ' }, NOW), 3000);
  });

  test('reads Retry-After as an HTTP date, relative to now', () => {
    assert.equal(parseRetryAfterMs({ 'retry-after': new Date(NOW + 5000).toUTCString() }, NOW), 5000);
    assert.equal(parseRetryAfterMs({ 'retry-after': new Date(NOW - 5000).toUTCString() }, NOW), 0, 'a past date means now');
  });

  test('prefers retry-after-ms', () => {
    assert.equal(parseRetryAfterMs({ 'retry-after-ms': '250' }, NOW), 250);
    assert.equal(parseRetryAfterMs({ 'retry-after-ms': '250', 'retry-after': '9' }, NOW), 250);
    assert.equal(parseRetryAfterMs({ 'retry-after-ms': 'soon', 'retry-after': '9' }, NOW), 9000, 'a bad ms value falls back');
  });

  test('takes the first of repeated headers', () => {
    assert.equal(parseRetryAfterMs({ 'retry-after': ['4', '8'] }, NOW), 4000);
  });

  test('returns undefined for garbage or absence, and never a negative wait', () => {
    assert.equal(parseRetryAfterMs({}, NOW), undefined);
    assert.equal(parseRetryAfterMs({ 'retry-after': '' }, NOW), undefined);
    assert.equal(parseRetryAfterMs({ 'retry-after': 'soon-ish' }, NOW), undefined);
    assert.equal(parseRetryAfterMs({ 'retry-after': undefined }, NOW), undefined);
    assert.equal(parseRetryAfterMs({ 'retry-after': '-5' }, NOW), 0);
    assert.equal(parseRetryAfterMs({ 'retry-after-ms': '-5' }, NOW), undefined);
  });
});

describe('backoffDelayMs', () => {
  const policy: RetryPolicy = { maxRetries: 5, baseMs: 100, maxMs: 1000 };

  test('stays within [ceiling/2, ceiling] where the ceiling doubles per attempt', () => {
    for (const [attempt, ceiling] of [[0, 100], [1, 200], [2, 400], [3, 800]] as const) {
      assert.equal(backoffDelayMs(policy, attempt, () => 0), ceiling / 2);
      assert.equal(backoffDelayMs(policy, attempt, () => 0.5), (ceiling * 3) / 4);
      assert.equal(backoffDelayMs(policy, attempt, () => 0.999999), ceiling);
    }
  });

  test('is capped at maxMs however many attempts', () => {
    for (const attempt of [4, 5, 10, 50]) {
      assert.equal(backoffDelayMs(policy, attempt, () => 0), 500);
      assert.equal(backoffDelayMs(policy, attempt, () => 0.999999), 1000);
    }
  });

  test('with real randomness, every delay is in range and they vary', () => {
    const delays = Array.from({ length: 200 }, () => backoffDelayMs(policy, 2));
    for (const delay of delays) assert.ok(delay >= 200 && delay <= 400, `delay ${delay}`);
    assert.ok(new Set(delays).size > 10, 'jittered');
  });
});

describe('isRetryableStatus', () => {
  test('retries rate limits, timeouts and server errors, not client errors', () => {
    for (const status of [408, 429, 500, 502, 503, 504]) assert.equal(isRetryableStatus(status), true, String(status));
    for (const status of [200, 400, 401, 403, 404, 413, 422, 501]) assert.equal(isRetryableStatus(status), false, String(status));
  });
});
