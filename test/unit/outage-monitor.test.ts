// The outage monitor logs an outage once when it starts and once when it ends, counts every use of
// the backend it had to skip, and while the backend is down tries it only every so often.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OutageMonitor } from '../../src/domain/cluster/outage-monitor.js';

test('one warning per outage, one note on recovery, every fallback counted, few probes', async () => {
  const lines: string[] = [];
  const counted: string[] = [];
  let clock = 0;
  const log = (level: string) => (_object: object, message?: string) => lines.push(`${level}: ${message}`);
  const monitor = new OutageMonitor(
    'Redis',
    { recordSharedFallback: (_backend, operation) => counted.push(operation) },
    { info: log('info'), warn: log('warn'), error: log('error') },
    () => clock,
  );
  let tries = 0;
  const fail = () => {
    tries += 1;
    return Promise.reject(new Error('down'));
  };
  for (let i = 0; i < 5; i++) assert.equal(await monitor.attempt('cache.get', fail, 'fallback'), 'fallback');
  assert.equal(tries, 1, 'after a failure the backend is not tried again at once');
  assert.equal(monitor.isDown, true);
  clock += 1_000;
  assert.equal(await monitor.attempt('cache.get', async () => 'value', 'fallback'), 'value');
  assert.equal(await monitor.attempt('cache.get', async () => 'value', 'fallback'), 'value');
  monitor.failed('ratelimit', new Error('down again'));
  assert.deepEqual(counted, ['cache.get', 'cache.get', 'cache.get', 'cache.get', 'cache.get', 'ratelimit']);
  assert.equal(lines.length, 3);
  assert.match(lines[0]!, /^warn: Redis is unreachable/);
  assert.equal(lines[1], 'info: Redis is reachable again');
  assert.match(lines[2]!, /^warn: Redis is unreachable/);
});
