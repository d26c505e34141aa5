// Turns node-postgres failures into StoreError: connection trouble and timeouts are "unavailable"
// (503), anything the server refused is "failed" (500). The driver's message never reaches a client.
import { StoreError } from '../ports/store-error.js';

const BACKEND = 'PostgreSQL';

/** Node socket errors that mean the server cannot be reached. */
const unreachableErrnos = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN',
]);

/** SQLSTATEs of a server that is going away, not accepting connections, or cancelled a statement on timeout. */
const unavailableStates = new Set(['57P01', '57P02', '57P03', '53300', '57014', '55P03']);

/** node-postgres reports its own timeouts and broken clients with plain messages and no code. */
const unreachableMessages = [
  'timeout exceeded when trying to connect',
  'connection terminated',
  'connection timeout',
  'query read timeout',
  'not queryable',
  'cannot use a pool after calling end',
];

export function toPostgresError(error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : undefined;
  return new StoreError(BACKEND, isUnavailable(error, code) ? 'unavailable' : 'failed', error, code);
}

function isUnavailable(error: unknown, code: string | undefined): boolean {
  if (code !== undefined) {
    if (unreachableErrnos.has(code) || unavailableStates.has(code)) return true;
    if (code.startsWith('08')) return true; // connection exception class
  }
  const message = error instanceof Error ? error.message.toLowerCase() : '';
  return unreachableMessages.some((fragment) => message.includes(fragment));
}
