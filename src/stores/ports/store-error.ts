// The typed error every networked store (PostgreSQL, Redis) throws: "unavailable" when the service
// cannot be reached in time (503, retry), "failed" when it answered with an error (500).
import { SynapseError } from '../../errors.js';

export type StoreFailure = 'unavailable' | 'failed';

export class StoreError extends SynapseError {
  readonly backend: string;
  readonly failure: StoreFailure;
  /** The driver's own code (a PostgreSQL SQLSTATE, a Node errno), for logs and callers; never shown to clients. */
  readonly driverCode: string | undefined;

  constructor(backend: string, failure: StoreFailure, cause: unknown, driverCode?: string) {
    super(
      failure === 'unavailable' ? 'service_unavailable' : 'database',
      { detail: `${backend} is not reachable; retry later` },
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
