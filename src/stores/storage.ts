// The set of stores one gateway runs on, opened together and closed together.
import type { ApiKeyStore } from './api-key-store.js';
import type { CacheStore } from './cache-store.js';
import type { SettingsStore } from './settings-store.js';

export interface Storage {
  readonly backend: string;
  readonly apiKeys: ApiKeyStore;
  readonly cache: CacheStore;
  readonly settings: SettingsStore;
  /** Resolves when the backend answers a trivial query; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
