// Turns ioredis failures into StoreError: an unreachable or silent server is "unavailable" (503),
// an error reply (a script bug, a wrong type) is "failed" (500).
import { StoreError } from '../ports/store-error.js';

const BACKEND = 'Redis';

export function toRedisError(error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  const name = error instanceof Error ? error.name : '';
  const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : undefined;
  // ReplyError is Redis answering; everything else (offline, timeout, retries exhausted, socket) is the link.
  return new StoreError(BACKEND, name === 'ReplyError' ? 'failed' : 'unavailable', error, code);
}
