// Shutdown drains promptly: a connection that never sent a request does not hold close() open,
// and an in-flight request still completes.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { connect } from 'node:net';
import { once } from 'node:events';
import { test } from 'node:test';
import { eventually } from '../helpers/eventually.js';
import { ADMIN_KEY, startTestGateway } from '../helpers/test-gateway.js';

test('close() is not held open by an idle, never-used connection and lets in-flight work finish', async () => {
  const gw = await startTestGateway();
  try {
    const port = Number(new URL(gw.url).port);
    const spare = connect(port, '127.0.0.1');
    await once(spare, 'connect');
    const inFlight = gw.request('/v1/chat/completions', {
      body: { model: 'fake-slow-400', messages: [{ role: 'user', content: 'drain me' }] },
      auth: ADMIN_KEY,
    });
    // In flight for certain: the gateway has already called the upstream (a fixed wait could close
    // before a busy machine even delivered the request).
    await eventually('the request reaches the upstream', 10_000, () => gw.upstream.calls.some((c) => c.model === 'fake-slow-400'));
    const started = performance.now();
    const closing = gw.gateway.close();
    const response = await inFlight;
    assert.equal(response.status, 200);
    assert.match(((await response.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content, /drain me/);
    await closing;
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 3000, `close took ${elapsed.toFixed(0)} ms`);
    assert.ok(spare.destroyed || (await Promise.race([once(spare, 'close').then(() => true), new Promise((r) => setTimeout(() => r(false), 1000))])));
  } finally {
    await gw.upstream.close();
    rmSync(gw.dataDir, { recursive: true, force: true });
  }
});
