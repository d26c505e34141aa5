// The `synapse` command line as an operator uses it: `node bin/synapse.js` (and `npx synapse`)
// on a data directory, alone and beside a running gateway that must see its revocations at once.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startTestGateway } from './helpers/test-gateway.js';

/** The checkout this compiled test belongs to (dist/test/ is two levels down). */
const MAIN_DIR = fileURLToPath(new URL('../../', import.meta.url));
const tempDirs: string[] = [];

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'synapse-cli-'));
  tempDirs.push(dir);
  return dir;
}

/** Runs a command without blocking this process's event loop (a gateway may be serving in it). */
function run(file: string, args: string[], dataDir: string): Promise<CliResult> {
  return new Promise((done) => {
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), SYNAPSE_DATA_DIR: dataDir };
    execFile(file, args, { cwd: MAIN_DIR, env, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

function synapse(args: string[], dataDir: string): Promise<CliResult> {
  return run(process.execPath, ['bin/synapse.js', ...args], dataDir);
}

function jwtPayload(token: string): Record<string, unknown> {
  const parts = token.split('.');
  assert.equal(parts.length, 3, `not a JWT: ${token}`);
  return JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Creates a key with the CLI and returns its id and plain value, checking the output on the way. */
async function createKey(dataDir: string, tenant: string, role: string, name: string): Promise<{ id: string; key: string; stdout: string }> {
  const created = await synapse(['keys', 'create', '--tenant', tenant, '--role', role, '--name', name], dataDir);
  assert.equal(created.code, 0, created.stderr);
  const keys = created.stdout.match(/sk-syn-[A-Za-z0-9_-]{20,}/g) ?? [];
  assert.equal(keys.length, 1, `the key is printed exactly once: ${created.stdout}`);
  const id = /\b(key_[A-Za-z0-9_-]+)/.exec(created.stdout)?.[1];
  assert.ok(id, `an id is printed: ${created.stdout}`);
  return { id, key: keys[0]!, stdout: created.stdout };
}

after(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('synapse keys and token', () => {
  const dataDir = tempDir();
  let id = '';
  let key = '';

  test('keys create prints the key once and its id', async () => {
    const created = await createKey(dataDir, 'acme', 'user', 'ci');
    ({ id, key } = created);
    assert.match(created.stdout, /tenant=acme/);
    assert.match(created.stdout, /role=user/);
  });

  test('keys list shows tenant, role, name, prefix and state, never the key', async () => {
    const listed = await synapse(['keys', 'list'], dataDir);
    assert.equal(listed.code, 0, listed.stderr);
    const lines = listed.stdout.trim().split('\n');
    assert.equal(lines.length, 1);
    const line = lines[0]!;
    assert.ok(line.startsWith(id), line);
    for (const part of ['tenant=acme', 'role=user', 'name=ci', key.slice(0, 13), 'active']) assert.ok(line.includes(part), `${part} in ${line}`);
    assert.ok(!listed.stdout.includes(key), 'the full key is never listed');
    assert.ok(!listed.stdout.includes(key.slice(20)), 'no tail of the key either');
  });

  test('token --key prints a JWT for the key tenant and role', async () => {
    const minted = await synapse(['token', '--key', key], dataDir);
    assert.equal(minted.code, 0, minted.stderr);
    const payload = jwtPayload(minted.stdout.trim());
    assert.equal(payload.tenant_id, 'acme');
    assert.equal(payload.role, 'user');
    assert.equal(payload.sub, id);
    assert.equal(Number(payload.exp) - Number(payload.iat), 86_400);
  });

  test('token --role cannot widen the key role', async () => {
    const refused = await synapse(['token', '--key', key, '--role', 'admin'], dataDir);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /role/);
    assert.match(refused.stderr, /admin/);
    assert.doesNotMatch(refused.stdout, /eyJ/, 'no token printed');
    const narrowed = await synapse(['token', '--key', key, '--role', 'readonly'], dataDir);
    assert.equal(narrowed.code, 0, narrowed.stderr);
    assert.equal(jwtPayload(narrowed.stdout.trim()).role, 'readonly');
  });

  test('keys revoke marks the key revoked and token then fails', async () => {
    const revoked = await synapse(['keys', 'revoke', id], dataDir);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.match(revoked.stdout, new RegExp(`revoked ${id}`));
    const listed = await synapse(['keys', 'list'], dataDir);
    assert.match(listed.stdout, new RegExp(`^${escapeRegExp(id)}\\s.*revoked \\d{4}-\\d\\d-\\d\\dT`, 'm'));
    assert.doesNotMatch(listed.stdout, /active/);
    const minted = await synapse(['token', '--key', key], dataDir);
    assert.notEqual(minted.code, 0);
    assert.match(minted.stderr, /invalid API key/);
    assert.equal(minted.stdout, '');
  });
});

describe('synapse usage', () => {
  test('an unknown command exits 2 with the usage', async () => {
    const result = await synapse(['frobnicate'], tempDir());
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown command 'frobnicate'/);
    assert.match(result.stderr + result.stdout, /usage: synapse <command>/);
  });

  test('an unknown option exits 2 with a message, not a stack trace', async () => {
    const result = await synapse(['keys', 'create', '--colour', 'blue'], tempDir());
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--colour/);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });

  test('npx synapse --help runs the package bin', async () => {
    // --no: never install anything; the project's own bin must resolve locally.
    const result = await run('npx', ['--no', '--offline', 'synapse', '--help'], tempDir());
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /usage: synapse <command>/);
    assert.match(result.stdout, /keys revoke ID/);
  });
});

describe('synapse beside a running gateway', () => {
  test('a key revoked by the CLI is refused by the running gateway at once', async () => {
    const dataDir = tempDir();
    const gw = await startTestGateway({ dataDir });
    try {
      const { id, key } = await createKey(dataDir, 'acme', 'user', 'live');
      const minted = await synapse(['token', '--key', key], dataDir);
      assert.equal(minted.code, 0, minted.stderr);
      const jwt = minted.stdout.trim();
      const body = { model: 'gpt-4o', messages: [{ role: 'user', content: 'hello from the CLI key' }] };
      const allowed = await gw.request('/v1/chat/completions', { body, auth: key });
      assert.equal(allowed.status, 200, await allowed.clone().text());
      await allowed.arrayBuffer();
      const withJwt = await gw.request('/v1/models', { auth: jwt });
      assert.equal(withJwt.status, 200, 'a CLI token is valid for the gateway on the same data dir');
      await withJwt.arrayBuffer();

      const revoked = await synapse(['keys', 'revoke', id], dataDir);
      assert.equal(revoked.code, 0, revoked.stderr);

      const refused = await gw.request('/v1/chat/completions', { body, auth: key });
      assert.equal(refused.status, 401);
      assert.equal(((await refused.json()) as { error: { type: string } }).error.type, 'authentication_error');
      // Tokens carry only the key id, whose status the gateway caches for a second (by design).
      const revokedAt = Date.now();
      let jwtStatus = 0;
      while (Date.now() - revokedAt < 3_000) {
        const jwtAfter = await gw.request('/v1/models', { auth: jwt });
        jwtStatus = jwtAfter.status;
        await jwtAfter.arrayBuffer();
        if (jwtStatus === 401) break;
        await sleep(100);
      }
      assert.equal(jwtStatus, 401, 'tokens minted from a revoked key stop working within the status cache time');
      const exchange = await gw.request('/api/v1/auth/token', { body: { api_key: key }, auth: null });
      assert.equal(exchange.status, 401);
      await exchange.arrayBuffer();
    } finally {
      await gw.close();
    }
  });
});

/** `text` as a regular expression that matches it literally (key ids may hold `-` and `_`). */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
