// The dashboard's routes through Fastify's inject, without a browser: the page and its assets from
// a build folder, their caching and content policy, a missing asset, and a gateway never built.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Fastify from 'fastify';
import { registerErrorHandling } from '../../../src/http/error-handling.js';
import { registerDashboardRoutes } from '../../../src/http/routes/dashboard/dashboard-routes.js';

function appServing(dir: string) {
  const app = Fastify();
  registerErrorHandling(app, 1_000_000);
  registerDashboardRoutes(app, dir);
  return app;
}

describe('dashboard routes', () => {
  const built = mkdtempSync(join(tmpdir(), 'synapse-dashboard-'));
  mkdirSync(join(built, 'assets'));
  writeFileSync(join(built, 'index.html'), '<!doctype html><title>t</title><script type="module" src="/dashboard/assets/main-ABCD1234.js"></script>');
  writeFileSync(join(built, 'assets', 'main-ABCD1234.js'), 'console.log(1)');
  writeFileSync(join(built, 'assets', 'notes.txt'), 'not served: not a known asset type');
  after(() => rmSync(built, { recursive: true, force: true }));

  test('the page, with and without the slash, is revalidated and carries a same-origin content policy', async () => {
    const app = appServing(built);
    for (const url of ['/dashboard', '/dashboard/']) {
      const response = await app.inject({ url });
      assert.equal(response.statusCode, 200);
      assert.match(response.headers['content-type'] as string, /^text\/html/);
      assert.equal(response.headers['cache-control'], 'no-cache');
      assert.match(response.headers['content-security-policy'] as string, /script-src 'self'/);
      assert.match(response.body, /main-ABCD1234\.js/);
    }
  });

  test('hashed assets are immutable; unknown names and types are 404 in the SPEC shape', async () => {
    const app = appServing(built);
    const asset = await app.inject({ url: '/dashboard/assets/main-ABCD1234.js' });
    assert.equal(asset.statusCode, 200);
    assert.match(asset.headers['content-type'] as string, /^text\/javascript/);
    assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable');
    for (const url of ['/dashboard/assets/other-00000000.js', '/dashboard/assets/notes.txt']) {
      const missing = await app.inject({ url });
      assert.equal(missing.statusCode, 404, url);
      assert.equal(missing.json().error.type, 'not_found');
    }
    assert.equal((await app.inject({ url: '/dashboard/assets/..%2Findex.html' })).statusCode, 400);
  });

  test('without a build the page says how to make one', async () => {
    const app = appServing(join(built, 'nowhere'));
    const response = await app.inject({ url: '/dashboard' });
    assert.equal(response.statusCode, 503);
    assert.match(response.body, /npm run build/);
  });
});
