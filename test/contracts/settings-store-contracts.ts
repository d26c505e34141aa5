// Contract every SettingsStore implementation must pass; called inside a backend's describe block.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SettingsStore } from '../../src/stores/ports/settings-store.js';

export function runSettingsStoreContracts(store: () => SettingsStore): void {
  test('settings: merge per tenant', async () => {
    assert.deepEqual(await store().getTenantSettings('s1'), {});
    await store().updateTenantSettings('s1', { rateLimitTier: 'pro' });
    assert.deepEqual(await store().updateTenantSettings('s1', { cacheTtlSecs: 60 }), { rateLimitTier: 'pro', cacheTtlSecs: 60 });
    assert.ok((await store().listTenantSettings()).some((s) => s.tenantId === 's1'));
    assert.deepEqual(await store().updateTenantSettings('s1', { rateLimitTier: null }), { cacheTtlSecs: 60 });
  });

  test('settings: concurrent updates of one tenant keep every field', async () => {
    await Promise.all([
      store().updateTenantSettings('s2', { rateLimitTier: 'pro' }),
      store().updateTenantSettings('s2', { cacheTtlSecs: 30 }),
      store().updateTenantSettings('s2', { cacheHitThreshold: 0.9 }),
    ]);
    assert.deepEqual(await store().getTenantSettings('s2'), { rateLimitTier: 'pro', cacheTtlSecs: 30, cacheHitThreshold: 0.9 });
  });
}
