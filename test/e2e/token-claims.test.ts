// A token never grants more than its key has now: its role and tenant claims are checked against
// the key's current record (read at most a second ago, like its revocation status). A key whose
// role was lowered makes its older tokens act with the lower role; a key moved to another tenant
// makes them invalid. Keys are changed in the database directly: no route changes a key's role.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/** Longer than the key-status cache (1 s), so the next request reads the key again. */
const KEY_STATUS_TTL_MS = 1_100;

let gw: TestGateway;

function updateKey(id: string, column: 'role' | 'tenant_id', value: string): void {
  const db = new Database(join(gw.dataDir, 'synapse.db'));
  try {
    db.prepare(`UPDATE api_keys SET ${column} = ? WHERE id = ?`).run(value, id);
  } finally {
    db.close();
  }
}

const writeMemory = (auth: string, projectId: string) =>
  gw.request('/api/v1/memory/projects', { auth, body: { projectId, name: 'claims probe' } });

async function errorOf(response: Response): Promise<{ status: number; code: string }> {
  const body = (await response.json()) as { error?: { code: string } };
  return { status: response.status, code: body.error?.code ?? '' };
}

before(async () => {
  gw = await startTestGateway();
});
after(async () => {
  await gw.close();
});

describe('token claims against the key as it is now', () => {
  test("a user key lowered to readonly: its older token keeps reading but can no longer write", async () => {
    const key = await gw.createKey({ role: 'user', name: 'lowered', tenant_id: 'acme' });
    const token = await gw.tokenFor(key.key);
    assert.equal((await writeMemory(token, 'before')).status, 200, 'the token writes while the key is a user key');

    updateKey(key.id, 'role', 'readonly');
    await sleep(KEY_STATUS_TTL_MS);
    assert.deepEqual(await errorOf(await writeMemory(token, 'after')), { status: 403, code: 'role_forbidden' });
    assert.equal((await gw.request('/api/v1/memory/projects', { auth: token })).status, 200, 'reading is still allowed');
    assert.deepEqual(await errorOf(await writeMemory(key.key, 'raw')), { status: 403, code: 'role_forbidden' }, 'as is the raw key');
  });

  test('an admin token of a key lowered to user loses the admin routes', async () => {
    const key = await gw.createKey({ role: 'admin', name: 'demoted', tenant_id: 'acme' });
    const token = await gw.tokenFor(key.key);
    assert.equal((await gw.request('/api/v1/keys', { auth: token })).status, 200);
    updateKey(key.id, 'role', 'user');
    await sleep(KEY_STATUS_TTL_MS);
    assert.deepEqual(await errorOf(await gw.request('/api/v1/keys', { auth: token })), { status: 403, code: 'role_forbidden' });
    assert.equal((await writeMemory(token, 'demoted-writes')).status, 200, 'what a user may do still works');
  });

  test("a narrowed token stays narrow when its key's role is lowered less than the token's", async () => {
    const key = await gw.createKey({ role: 'admin', name: 'narrow', tenant_id: 'acme' });
    const token = await gw.tokenFor(key.key, 'readonly');
    updateKey(key.id, 'role', 'user');
    await sleep(KEY_STATUS_TTL_MS);
    assert.deepEqual(await errorOf(await writeMemory(token, 'narrow')), { status: 403, code: 'role_forbidden' });
  });

  test("a key moved to another tenant makes its older tokens invalid", async () => {
    const key = await gw.createKey({ role: 'user', name: 'moved', tenant_id: 'acme' });
    const token = await gw.tokenFor(key.key);
    assert.equal((await gw.request('/api/v1/memory/projects', { auth: token })).status, 200);
    updateKey(key.id, 'tenant_id', 'globex');
    await sleep(KEY_STATUS_TTL_MS);
    assert.deepEqual(await errorOf(await gw.request('/api/v1/memory/projects', { auth: token })), { status: 401, code: 'invalid_token' });
  });
});
