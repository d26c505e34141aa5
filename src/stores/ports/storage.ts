// The set of stores one gateway runs on, opened together and closed together.
import type { AgentSessionStore } from './agent-session-store.js';
import type { ApiKeyStore } from './api-key-store.js';
import type { CacheStore } from './cache-store.js';
import type { ContributorStore } from './contributor-store.js';
import type { MemoryStore } from './memory-store.js';
import type { RequestLogStore } from './request-log-store.js';
import type { SecretStore } from './secret-store.js';
import type { SessionMetricsStore } from './session-metrics-store.js';
import type { SettingsStore } from './settings-store.js';

export interface Storage {
  readonly backend: string;
  readonly apiKeys: ApiKeyStore;
  readonly cache: CacheStore;
  readonly settings: SettingsStore;
  readonly memory: MemoryStore;
  readonly contributors: ContributorStore;
  readonly sessionMetrics: SessionMetricsStore;
  readonly agentSessions: AgentSessionStore;
  readonly requestLog: RequestLogStore;
  /** Generated secrets shared by every instance; absent for a single-instance backend (SQLite). */
  readonly secrets?: SecretStore;
  /** Resolves when the backend answers a trivial query; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
