// The typed error every store throws (mapped from SQLite, PostgreSQL and Redis driver errors):
// "unavailable" when the database cannot be reached or is busy (503, retry), "conflict" when a
// write broke a unique key, "failed" when it answered with another error (both 500).
import { SynapseError } from '../../errors.js';

export type StoreFailure = 'unavailable' | 'conflict' | 'failed';

export class StoreError extends SynapseError {
  readonly backend: string;
  readonly failure: StoreFailure;
  /** The driver's own code (a PostgreSQL SQLSTATE, an SQLite result code, a Node errno), for logs and callers; never shown to clients. */
  readonly driverCode: string | undefined;

  constructor(backend: string, failure: StoreFailure, cause: unknown, driverCode?: string) {
    super(
      failure === 'unavailable' ? 'service_unavailable' : 'database',
      { detail: backend === 'SQLite' ? 'SQLite is busy; retry later' : `${backend} is not reachable; retry later` },
      { cause },
    );
    this.name = 'StoreError';
    this.backend = backend;
    this.failure = failure;
    this.driverCode = driverCode;
  }
}

export function isStoreError(value: unknown): value is StoreError {
  return value instanceof StoreError;
}
