// End-to-end tests of SPEC section 1 (auth) through HTTP: token exchange and JWT claims, role
// narrowing, hashed keys, revocation, expiry, forged tokens, roles per route class, tenant isolation.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SignJWT } from 'jose';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

interface ErrorBody {
  error: { message: string; type: string; code: string };
}

async function expectError(response: Response, status: number, type: string): Promise<ErrorBody['error']> {
  const text = await response.text();
  assert.equal(response.status, status, `expected ${status}, got ${response.status}: ${text}`);
  const body = JSON.parse(text) as ErrorBody;
  assert.equal(body.error.type, type, text);
  return body.error;
}

function decodeSegment(token: string, index: 0 | 1): Record<string, unknown> {
  const segment = token.split('.')[index];
  assert.ok(segment, 'token has three segments');
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as Record<string, unknown>;
}

function chatBody(content: string, model = 'gpt-4o'): unknown {
  return { model, messages: [{ role: 'user', content }] };
}

async function exchange(gw: TestGateway, body: unknown): Promise<Response> {
  return gw.request('/api/v1/auth/token', { body, auth: null });
}

async function listKeys(gw: TestGateway, asKey: string): Promise<Array<Record<string, unknown>>> {
  const response = await gw.request('/api/v1/keys', { auth: asKey });
  assert.equal(response.status, 200);
  return ((await response.json()) as { keys: Array<Record<string, unknown>> }).keys;
}

describe('auth end to end', () => {
  // A mutable clock shared by the gateway's token issuer, so expiry can be tested without waiting.
  let clock = Date.now();
  let gw: TestGateway;

  before(async () => {
    gw = await startTestGateway({ now: () => clock });
  });
  after(async () => {
    await gw.close();
  });

  describe('token exchange', () => {
    test('returns a Bearer token of 24 h whose JWT carries the SPEC claims', async () => {
      const response = await exchange(gw, { api_key: gw.adminKey });
      assert.equal(response.status, 200);
      const body = (await response.json()) as Record<string, unknown>;
      assert.deepEqual(Object.keys(body).sort(), ['access_token', 'expires_in', 'role', 'token_type']);
      assert.equal(body.token_type, 'Bearer');
      assert.equal(body.expires_in, 86_400);
      assert.equal(body.role, 'admin');

      const token = body.access_token as string;
      assert.equal(token.split('.').length, 3);
      assert.equal(decodeSegment(token, 0).alg, 'HS256');
      const claims = decodeSegment(token, 1);
      const bootstrap = (await listKeys(gw, gw.adminKey)).find((k) => k.name === 'bootstrap');
      assert.ok(bootstrap, 'the bootstrap key is listed');
      assert.equal(claims.sub, bootstrap.id);
      assert.equal(claims.role, 'admin');
      assert.equal(claims.tenant_id, 'default');
      assert.equal(typeof claims.iat, 'number');
      assert.ok(Math.abs((claims.iat as number) - clock / 1000) < 5, 'iat is the issue time');
      assert.equal(claims.exp, (claims.iat as number) + 86_400);
    });

    test('a role may be narrowed: an admin key can mint a readonly token, which is then readonly', async () => {
      const response = await exchange(gw, { api_key: gw.adminKey, role: 'readonly' });
      assert.equal(response.status, 200);
      const body = (await response.json()) as { access_token: string; role: string };
      assert.equal(body.role, 'readonly');
      assert.equal(decodeSegment(body.access_token, 1).role, 'readonly');
      assert.equal((await gw.request('/v1/models', { auth: body.access_token })).status, 200);
      await expectError(await gw.request('/api/v1/keys', { auth: body.access_token }), 403, 'authorization_error');
    });

    test('a role may not be widened: a readonly key asking for admin is 403', async () => {
      const { key } = await gw.createKey({ role: 'readonly', name: 'ro-widen' });
      const error = await expectError(await exchange(gw, { api_key: key, role: 'admin' }), 403, 'authorization_error');
      assert.match(error.message, /admin/);
      await expectError(await exchange(gw, { api_key: key, role: 'user' }), 403, 'authorization_error');
    });

    test('a missing or empty api_key is 400 validation_error', async () => {
      const missing = await expectError(await exchange(gw, { role: 'admin' }), 400, 'validation_error');
      assert.match(missing.message, /api_key/);
      const empty = await expectError(await exchange(gw, { api_key: '' }), 400, 'validation_error');
      assert.match(empty.message, /api_key/);
    });

    test('an unknown key is 401 with the SPEC message', async () => {
      for (const api_key of ['sk-syn-this-key-does-not-exist-000000000000', 'not-even-a-synapse-key']) {
        const error = await expectError(await exchange(gw, { api_key }), 401, 'authentication_error');
        assert.equal(error.message, 'authentication failed: invalid API key');
      }
    });
  });

  describe('API keys', () => {
    test('a raw API key is accepted as the bearer credential on the proxy', async () => {
      const { key } = await gw.createKey({ role: 'user', name: 'raw-bearer' });
      const models = await gw.request('/v1/models', { auth: key });
      assert.equal(models.status, 200);
      assert.ok(((await models.json()) as { data: unknown[] }).data.length > 0);
      const chat = await gw.request('/v1/chat/completions', { auth: key, body: chatBody('raw key bearer') });
      assert.equal(chat.status, 200);
      const completion = (await chat.json()) as { choices: Array<{ message: { content: string } }> };
      assert.equal(completion.choices[0]?.message.content, 'Echo: raw key bearer');
    });

    test('keys are stored hashed: the plain key appears nowhere in the database', async () => {
      const { id, key } = await gw.createKey({ role: 'user', name: 'hashed-at-rest' });
      const db = new Database(join(gw.dataDir, 'synapse.db'), { readonly: true, fileMustExist: true });
      try {
        const row = db.prepare('SELECT * FROM api_keys WHERE id = ?').get(id) as Record<string, unknown> | undefined;
        assert.ok(row, 'the key has a row');
        for (const [column, value] of Object.entries(row)) {
          assert.ok(!String(value).includes(key), `column ${column} does not hold the plain key`);
        }
        const secretPart = key.slice('sk-syn-'.length);
        const everything = JSON.stringify(db.prepare('SELECT * FROM api_keys').all());
        assert.ok(!everything.includes(secretPart), 'no row holds the secret part of the key');
        assert.ok(!everything.includes(gw.adminKey), 'the bootstrap key is not stored either');
      } finally {
        db.close();
      }
    });

    test('a key is shown once: in the creation response, never in listings', async () => {
      const response = await gw.request('/api/v1/keys', { body: { role: 'readonly', name: 'shown-once' } });
      assert.equal(response.status, 201);
      const created = (await response.json()) as { id: string; key: string; key_prefix: string };
      assert.match(created.key, /^sk-syn-/);
      const listing = await gw.request('/api/v1/keys');
      const text = await listing.text();
      assert.ok(text.includes(created.id), 'the key is listed');
      assert.ok(!text.includes(created.key), 'the listing does not contain the key');
      const listed = (JSON.parse(text) as { keys: Array<Record<string, unknown>> }).keys.find((k) => k.id === created.id);
      assert.ok(listed);
      assert.equal(listed.key, undefined);
      assert.ok(created.key.startsWith(created.key_prefix) && created.key_prefix.length < created.key.length);
    });

    test('revocation makes the raw key and tokens minted from it 401 at once', async () => {
      const { id, key } = await gw.createKey({ role: 'user', name: 'to-revoke' });
      const token = await gw.tokenFor(key);
      assert.equal((await gw.request('/v1/models', { auth: key })).status, 200);
      assert.equal((await gw.request('/v1/models', { auth: token })).status, 200);

      const revoked = await gw.request(`/api/v1/keys/${id}`, { method: 'DELETE' });
      assert.equal(revoked.status, 200);
      assert.ok(((await revoked.json()) as { revoked_at: string | null }).revoked_at);

      await expectError(await gw.request('/v1/models', { auth: key }), 401, 'authentication_error');
      await expectError(await gw.request('/v1/chat/completions', { auth: key, body: chatBody('after revoke') }), 401, 'authentication_error');
      await expectError(await gw.request('/v1/models', { auth: token }), 401, 'authentication_error');
      const exchangeError = await expectError(await exchange(gw, { api_key: key }), 401, 'authentication_error');
      assert.equal(exchangeError.message, 'authentication failed: invalid API key');
    });
  });

  describe('bearer tokens', () => {
    test('an expired token is 401 with a message saying so', async () => {
      const token = await gw.tokenFor(gw.adminKey);
      assert.equal((await gw.request('/v1/models', { auth: token })).status, 200);
      // The clock only moves forward: later tests mint their tokens at the new time.
      clock += 25 * 3600 * 1000;
      const error = await expectError(await gw.request('/v1/models', { auth: token }), 401, 'authentication_error');
      assert.match(error.message, /^authentication failed: token expired$/);
      assert.equal((await gw.request('/v1/models')).status, 200, 'the raw key does not expire');
      const fresh = await gw.tokenFor(gw.adminKey);
      assert.equal((await gw.request('/v1/models', { auth: fresh })).status, 200, 'a token minted now works');
    });

    test('a token signed with another secret is 401 invalid token', async () => {
      const bootstrap = (await listKeys(gw, gw.adminKey)).find((k) => k.name === 'bootstrap');
      assert.ok(bootstrap);
      const iat = Math.floor(clock / 1000);
      const forged = await new SignJWT({ role: 'admin', tenant_id: 'default' })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(String(bootstrap.id))
        .setIssuedAt(iat)
        .setExpirationTime(iat + 3600)
        .sign(new TextEncoder().encode('an-entirely-different-secret-of-enough-length'));
      const error = await expectError(await gw.request('/api/v1/keys', { auth: forged }), 401, 'authentication_error');
      assert.equal(error.message, 'authentication failed: invalid token');
    });

    test('a readonly token whose payload was edited to admin is 401 invalid token', async () => {
      const token = await gw.tokenFor(gw.adminKey, 'readonly');
      const [header, payload, signature] = token.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
      const escalated = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
      const error = await expectError(
        await gw.request('/api/v1/keys', { auth: `${header}.${escalated}.${signature}` }),
        401,
        'authentication_error',
      );
      assert.equal(error.message, 'authentication failed: invalid token');
      const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${escalated}.`;
      assert.equal((await expectError(await gw.request('/api/v1/keys', { auth: unsigned }), 401, 'authentication_error')).message, 'authentication failed: invalid token');
    });

    test('a garbage bearer is 401 invalid token', async () => {
      for (const garbage of ['garbage', 'a.b.c', 'eyJhbGciOiJIUzI1NiJ9.e30.AAAA']) {
        const error = await expectError(await gw.request('/v1/models', { auth: garbage }), 401, 'authentication_error');
        assert.equal(error.message, 'authentication failed: invalid token');
      }
    });

    test('a missing or non-bearer Authorization header is 401', async () => {
      const missing = await expectError(await gw.request('/v1/models', { auth: null }), 401, 'authentication_error');
      assert.match(missing.message, /missing credentials/);
      const basic = await fetch(`${gw.url}/v1/models`, { headers: { authorization: `Basic ${gw.adminKey}` } });
      await expectError(basic, 401, 'authentication_error');
      const before = gw.upstream.callCount();
      await expectError(await gw.request('/v1/chat/completions', { auth: null, body: chatBody('no auth') }), 401, 'authentication_error');
      assert.equal(gw.upstream.callCount(), before, 'an unauthenticated call never reaches the upstream');
    });
  });

  describe('roles on every route class', () => {
    const adminRoutes: Array<{ method: string; path: string; body?: unknown }> = [
      { method: 'POST', path: '/api/v1/keys', body: { role: 'readonly', name: 'escalation' } },
      { method: 'GET', path: '/api/v1/keys' },
      { method: 'GET', path: '/api/v1/rate-limits' },
      { method: 'GET', path: '/api/v1/cache/stats' },
      { method: 'DELETE', path: '/api/v1/cache' },
    ];

    for (const role of ['readonly', 'user'] as const) {
      test(`${role} may use the proxy but gets 403 on admin routes`, async () => {
        const { key } = await gw.createKey({ role, name: `${role}-routes` });
        const token = await gw.tokenFor(key);
        for (const credential of [key, token]) {
          assert.equal((await gw.request('/v1/models', { auth: credential })).status, 200);
          const chat = await gw.request('/v1/chat/completions', { auth: credential, body: chatBody(`${role} proxy`) });
          assert.equal(chat.status, 200);
          for (const route of adminRoutes) {
            const response = await gw.request(route.path, {
              method: route.method,
              auth: credential,
              ...(route.body ? { body: route.body } : {}),
            });
            const error = await expectError(response, 403, 'authorization_error');
            assert.match(error.message, new RegExp(`role '${role}'`), `${route.method} ${route.path}`);
          }
        }
        const names = (await listKeys(gw, gw.adminKey)).map((k) => k.name);
        assert.ok(!names.includes('escalation'), 'no key was created by a non-admin');
      });
    }
  });

  describe('tenant isolation', () => {
    let acmeAdmin: string;

    before(async () => {
      acmeAdmin = (await gw.createKey({ role: 'admin', name: 'acme-admin', tenant_id: 'acme' })).key;
    });

    test("an admin of another tenant lists only that tenant's keys", async () => {
      const created = await gw.createKey({ role: 'user', name: 'acme-user' }, acmeAdmin);
      const keys = await listKeys(gw, acmeAdmin);
      assert.ok(keys.length >= 2);
      assert.ok(keys.every((k) => k.tenant_id === 'acme'), JSON.stringify(keys));
      assert.ok(keys.some((k) => k.id === created.id));
      const allKeys = await listKeys(gw, gw.adminKey);
      assert.ok(allKeys.some((k) => k.tenant_id === 'default'), 'the operator sees default keys that acme does not');
      const asOther = await gw.request('/api/v1/keys?tenant_id=default', { auth: acmeAdmin });
      await expectError(asOther, 403, 'authorization_error');
    });

    test("an admin of another tenant cannot revoke a default-tenant key (404) and it stays usable", async () => {
      const { id, key } = await gw.createKey({ role: 'user', name: 'default-victim' });
      await expectError(await gw.request(`/api/v1/keys/${id}`, { method: 'DELETE', auth: acmeAdmin }), 404, 'not_found');
      assert.equal((await gw.request('/v1/models', { auth: key })).status, 200);
    });

    test('an admin of another tenant cannot create keys for other tenants (403)', async () => {
      const before = (await listKeys(gw, gw.adminKey)).length;
      for (const tenant_id of ['default', 'globex']) {
        const response = await gw.request('/api/v1/keys', { auth: acmeAdmin, body: { role: 'admin', tenant_id } });
        await expectError(response, 403, 'authorization_error');
      }
      assert.equal((await listKeys(gw, gw.adminKey)).length, before, 'no key was created');
    });

    test("a cached answer of one tenant is never served to another", async () => {
      const body = chatBody('tenant isolation of the response cache');
      const first = await gw.request('/v1/chat/completions', { body });
      assert.equal(first.status, 200);
      assert.equal(first.headers.get('x-synapse-cache-status'), 'MISS');
      const second = await gw.request('/v1/chat/completions', { body });
      assert.equal(second.headers.get('x-synapse-cache-status'), 'HIT', 'default tenant gets its own hit');

      const before = gw.upstream.callCount();
      const acme = await gw.request('/v1/chat/completions', { body, auth: acmeAdmin });
      assert.equal(acme.status, 200);
      assert.equal(acme.headers.get('x-synapse-cache-status'), 'MISS');
      assert.equal(gw.upstream.callCount(), before + 1, 'the acme request reached the upstream');
      const acmeBody = (await acme.json()) as { synapse_metadata: { cache_hit: boolean } };
      assert.equal(acmeBody.synapse_metadata.cache_hit, false);

      const acmeAgain = await gw.request('/v1/chat/completions', { body, auth: acmeAdmin });
      assert.equal(acmeAgain.headers.get('x-synapse-cache-status'), 'HIT', 'acme then hits its own entry');
      assert.equal(gw.upstream.callCount(), before + 1);
    });
  });
});
