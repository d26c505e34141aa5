// The SDK's token cache against a real gateway: clients in turn (as hook runs are) share one
// exchanged token through a user-only file, a cached token the gateway refuses is discarded and
// replaced once, a due one is renewed, and a rate-limited token endpoint falls back to the key.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FileTokenCache, Synapse, type FetchLike } from '../../src/sdk/index.js';
import { removeTempDirs, startAgentGateway, tempDir, type AgentGateway } from './helpers/agent-kit.js';

after(removeTempDirs);

/** A fetch that records each call's path and bearer, then delegates to the real fetch. */
function recordingFetch(): { fetch: FetchLike; calls: Array<{ path: string; status: number; bearer: string }> } {
  const calls: Array<{ path: string; status: number; bearer: string }> = [];
  const fetchImpl: FetchLike = async (input, init) => {
    const response = await fetch(input, init);
    const bearer = ((init.headers as Record<string, string>).authorization ?? '').replace(/^Bearer /, '');
    calls.push({ path: new URL(input).pathname, status: response.status, bearer });
    return response;
  };
  return { fetch: fetchImpl, calls };
}

const exchanges = (calls: Array<{ path: string }>) => calls.filter((c) => c.path === '/api/v1/auth/token').length;

describe('token cache', () => {
  let gw: AgentGateway;
  before(async () => {
    gw = await startAgentGateway({ env: { SYNAPSE_TOKEN_PER_MIN: '10' } }); // the default limit
  });
  after(async () => {
    await gw.close();
  });

  const client = (cacheDir: string, fetch: FetchLike, apiKey = gw.userKey) =>
    new Synapse({ baseUrl: gw.url, apiKey, fetch, env: {}, tokenCache: new FileTokenCache(cacheDir), maxRetries: 0 });

  test('clients one after another exchange the key once, through a file only the user can read', async () => {
    const dir = join(tempDir(), 'cache', 'synapse');
    const { fetch, calls } = recordingFetch();
    for (let run = 0; run < 25; run++) await client(dir, fetch).projects.list(); // more runs than the 10/min limit
    assert.equal(exchanges(calls), 1);
    assert.ok(calls.every((c) => c.status === 200));
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    const [file, ...others] = readdirSync(dir);
    assert.deepEqual(others, []);
    assert.match(file!, /^token-[0-9a-f]{32}\.json$/);
    assert.equal(statSync(join(dir, file!)).mode & 0o777, 0o600);
    const text = readFileSync(join(dir, file!), 'utf8');
    assert.ok(!text.includes(gw.userKey), 'the key itself is never written');
    const cached = JSON.parse(text);
    assert.equal(cached.gatewayUrl, gw.url);
    assert.ok(cached.renewAtMs < cached.expiresAtMs && cached.expiresAtMs > Date.now() + 86_000_000);
  });

  test('a cached token the gateway refuses is discarded and exchanged again, once', async () => {
    const dir = tempDir();
    const cache = new FileTokenCache(dir);
    const far = Date.now() + 3_600_000;
    await cache.save(gw.url, gw.userKey, { token: 'eyJhbGciOiJIUzI1NiJ9.eyJ4IjoxfQ.bad-signature', expiresAtMs: far, renewAtMs: far });
    const { fetch, calls } = recordingFetch();
    await client(dir, fetch).projects.list();
    assert.deepEqual(calls.map((c) => [c.path, c.status]), [
      ['/api/v1/memory/projects', 401],
      ['/api/v1/auth/token', 200],
      ['/api/v1/memory/projects', 200],
    ]);
    const replaced = await cache.load(gw.url, gw.userKey);
    assert.equal(replaced?.token, calls[2]!.bearer, 'the new token replaced the refused one in the file');
  });

  test('a cached token due for renewal is renewed ahead of its expiry', async () => {
    const dir = tempDir();
    const { fetch, calls } = recordingFetch();
    await client(dir, fetch).projects.list();
    const cache = new FileTokenCache(dir);
    const first = (await cache.load(gw.url, gw.userKey))!;
    await cache.save(gw.url, gw.userKey, { ...first, renewAtMs: Date.now() - 1 }); // still valid, but due
    await client(dir, fetch).projects.list();
    assert.equal(exchanges(calls), 2);
    assert.ok((await cache.load(gw.url, gw.userKey))!.renewAtMs > Date.now(), 'the renewed token is cached');
  });

  test('another gateway URL or another key has its own entry', () => {
    const cache = new FileTokenCache('/x');
    assert.equal(cache.pathFor('http://127.0.0.1:8080/', 'sk-a'), cache.pathFor('HTTP://127.0.0.1:8080', 'sk-a'));
    assert.notEqual(cache.pathFor('http://127.0.0.1:8080', 'sk-a'), cache.pathFor('http://127.0.0.1:8081', 'sk-a'));
    assert.notEqual(cache.pathFor('http://127.0.0.1:8080', 'sk-a'), cache.pathFor('http://127.0.0.1:8080', 'sk-b'));
  });

  test('when the token endpoint is rate limited, the key itself is the bearer and the call succeeds', async () => {
    const { key } = await gw.createKey({ role: 'user', name: 'burst', tenant_id: 'agents' });
    const { fetch, calls } = recordingFetch();
    // Fresh cache directories: every client must exchange, far more often than 10 per minute allows.
    const results = await Promise.all(Array.from({ length: 15 }, () => client(tempDir(), fetch, key).projects.list()));
    assert.equal(results.length, 15);
    const limited = calls.filter((c) => c.path === '/api/v1/auth/token' && c.status === 429);
    assert.ok(limited.length > 0, 'the limit was reached');
    const withKey = calls.filter((c) => c.path === '/api/v1/memory/projects' && c.bearer === key);
    assert.equal(withKey.length, limited.length);
    assert.ok(calls.filter((c) => c.path === '/api/v1/memory/projects').every((c) => c.status === 200));
  });
});

test('a cache directory that cannot be written costs an exchange, never a failure', async () => {
  const gw = await startAgentGateway();
  try {
    const blocked = join(tempDir(), 'not-a-dir');
    writeFileSync(blocked, 'a file where the directory should be');
    const { fetch, calls } = recordingFetch();
    const synapse = new Synapse({ baseUrl: gw.url, apiKey: gw.userKey, fetch, env: {}, tokenCache: new FileTokenCache(join(blocked, 'synapse')) });
    await synapse.projects.list();
    await new Synapse({ baseUrl: gw.url, apiKey: gw.userKey, fetch, env: {}, tokenCache: new FileTokenCache(join(blocked, 'synapse')) }).projects.list();
    assert.equal(exchanges(calls), 2);
  } finally {
    await gw.close();
  }
});
