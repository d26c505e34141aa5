// Contract suites every storage backend must pass: the same expectations for SQLite today and
// for each backend added later. A backend's test file calls runStorageContracts with an opener, or
// the per-store run*Contracts (one file each) for a backend that implements only some stores.
import { after, before, describe, test } from 'node:test';
import type { Storage } from '../../src/stores/ports/storage.js';
import { runAgentSessionStoreContracts } from './agent-session-store-contracts.js';
import { runApiKeyStoreContracts } from './api-key-store-contracts.js';
import { runCacheStoreContracts } from './cache-store-contracts.js';
import { runMemoryStoreContracts } from './memory-store-contracts.js';
import { runSettingsStoreContracts } from './settings-store-contracts.js';

export function runStorageContracts(backend: string, open: () => Promise<Storage>): void {
  describe(`${backend} storage contract`, () => {
    let storage: Storage;
    before(async () => {
      storage = await open();
    });
    after(async () => {
      await storage.close();
    });

    test('ping answers', async () => {
      await storage.ping();
    });

    runApiKeyStoreContracts(() => storage.apiKeys);
    runCacheStoreContracts(() => storage.cache);
    runSettingsStoreContracts(() => storage.settings);
    runMemoryStoreContracts(() => storage);
    runAgentSessionStoreContracts(() => storage.agentSessions);
  });
}
