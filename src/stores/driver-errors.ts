// The one mapper from SQL driver failures to StoreError, for SQLite (better-sqlite3's SqliteError) and
// PostgreSQL (node-postgres): a busy or unreachable database is "unavailable" (503, retry), a unique or
// primary-key violation "conflict", anything else the database refused "failed" (both 500, as the
// domain resolves the conflicts it expects itself). The driver's message never reaches a client.
import { StoreError, type StoreFailure } from './ports/store-error.js';

export type SqlBackend = 'SQLite' | 'PostgreSQL';

/** Node socket errors that mean the server cannot be reached. */
const unreachableErrnos = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN',
]);

/** PostgreSQL SQLSTATEs of a server going away, not accepting connections, or cancelling a statement on timeout. */
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

/** SQLite's extended result codes: the lock wait ran out (busy_timeout) or a table is locked. */
const sqliteBusy = /^SQLITE_(BUSY|LOCKED)(_|$)/;
const sqliteConflicts = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);
/** PostgreSQL's unique_violation (a primary key is a unique index too). */
const PG_UNIQUE_VIOLATION = '23505';

export function toStoreError(backend: SqlBackend, error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : undefined;
  return new StoreError(backend, classify(error, code), error, code);
}

function classify(error: unknown, code: string | undefined): StoreFailure {
  if (code !== undefined) {
    if (sqliteBusy.test(code)) return 'unavailable';
    if (sqliteConflicts.has(code) || code === PG_UNIQUE_VIOLATION) return 'conflict';
    if (unreachableErrnos.has(code) || unavailableStates.has(code)) return 'unavailable';
    if (/^08[0-9A-Z]{3}$/.test(code)) return 'unavailable'; // PostgreSQL's connection exception class
  }
  const message = error instanceof Error ? error.message.toLowerCase() : '';
  return unreachableMessages.some((fragment) => message.includes(fragment)) ? 'unavailable' : 'failed';
}

/**
 * The store with every method's failure (thrown, or a rejected promise) turned into a StoreError:
 * SQLite stores call the synchronous driver inside each method, so this is their one place to map.
 */
export function mappingDriverErrors<T extends object>(backend: SqlBackend, store: T): T {
  // One wrapper per method, made on first use: store methods are called on every request.
  const wrappers = new Map<PropertyKey, (...args: unknown[]) => unknown>();
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'constructor') return value;
      let wrapper = wrappers.get(property);
      if (!wrapper) {
        wrapper = (...args: unknown[]) => {
          let result: unknown;
          try {
            result = value.apply(target, args);
          } catch (error) {
            throw toStoreError(backend, error);
          }
          return result instanceof Promise ? result.catch((error: unknown) => Promise.reject(toStoreError(backend, error))) : result;
        };
        wrappers.set(property, wrapper);
      }
      return wrapper;
    },
  });
}
