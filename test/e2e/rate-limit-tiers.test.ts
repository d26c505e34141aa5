// Who may change a tenant's rate-limit tier: admins of the operator tenant (the platform role) may
// set any tier for any tenant; a tenant's own admin may lower its tier (or keep it) but never raise
// it, whether it calls with its raw key or a token, on either route.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

let gw: TestGateway;
let tenantAdmin: string;

const tierOf = async (auth: string): Promise<string> =>
  ((await (await gw.request('/api/v1/rate-limits', { auth })).json()) as { tier: string }).tier;

async function assign(auth: string, tier: string, path = '/api/v1/rate-limits'): Promise<{ status: number; body: any }> {
  const response = await gw.request(path, { method: 'PUT', body: { tier }, auth });
  return { status: response.status, body: await response.json() };
}

before(async () => {
  gw = await startTestGateway();
  tenantAdmin = (await gw.createKey({ role: 'admin', name: 'acme-admin', tenant_id: 'acme' })).key;
});
after(async () => {
  await gw.close();
});

describe('rate-limit tiers', () => {
  test("a tenant admin cannot raise its own tenant's tier, on either route", async () => {
    for (const path of ['/api/v1/rate-limits', '/api/v1/rate-limits/tenants/acme']) {
      for (const tier of ['pro', 'enterprise']) {
        const refused = await assign(tenantAdmin, tier, path);
        assert.equal(refused.status, 403, JSON.stringify(refused.body));
        assert.equal(refused.body.error.type, 'authorization_error');
        assert.equal(refused.body.error.code, 'rate_limit_tier_forbidden');
      }
    }
    const token = await gw.tokenFor(tenantAdmin);
    assert.equal((await assign(token, 'enterprise')).status, 403, 'nor with a token minted from its key');
    assert.equal(await tierOf(tenantAdmin), 'starter', 'nothing changed');
  });

  test('the operator sets any tier; the tenant admin may then lower it or keep it, not raise it again', async () => {
    const raised = await assign(gw.adminKey, 'enterprise', '/api/v1/rate-limits/tenants/acme');
    assert.equal(raised.status, 200, JSON.stringify(raised.body));
    assert.equal(await tierOf(tenantAdmin), 'enterprise');

    assert.equal((await assign(tenantAdmin, 'enterprise')).status, 200, 'keeping the tier is no raise');
    const lowered = await assign(tenantAdmin, 'pro');
    assert.equal(lowered.status, 200, JSON.stringify(lowered.body));
    assert.equal(lowered.body.tier, 'pro');
    assert.equal((await assign(tenantAdmin, 'enterprise')).status, 403, 'back up takes the operator');
    assert.equal((await assign(tenantAdmin, 'starter', '/api/v1/rate-limits/tenants/acme')).status, 200);
    assert.equal(await tierOf(tenantAdmin), 'starter');
  });

  test("the operator tenant's admins may raise their own tier too", async () => {
    assert.equal((await assign(gw.adminKey, 'pro')).status, 200);
    assert.equal(await tierOf(gw.adminKey), 'pro');
    assert.equal((await assign(gw.adminKey, 'starter')).status, 200);
  });
});
