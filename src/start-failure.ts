// What a failed start tells the operator: one line naming the cause and the setting that fixes it
// (port in use, database or Redis unreachable, data directory not writable) instead of a stack
// trace. Used by `npm start`, `synapse serve` and the CLI commands that open the database.
import type { Config } from './config/schema.js';
import { isStoreError } from './stores/ports/store-error.js';

/** The one-line explanation of a start failure, or undefined for one this module does not know. */
export function describeStartFailure(error: unknown, config: Config): string | undefined {
  const code = errorCode(error);
  if (code === 'EADDRINUSE') {
    return `port ${config.port} is already in use on ${config.host} (another gateway, or another program, listens there): stop it, or choose a free port with PORT (e.g. PORT=${config.port + 1})`;
  }
  if (code === 'EACCES' && isListenError(error)) {
    return `not allowed to listen on port ${config.port}: choose a port above 1023 with PORT`;
  }
  if (code === 'EADDRNOTAVAIL' || (code === 'ENOTFOUND' && isListenError(error))) {
    return `cannot listen on HOST=${config.host}: it is not an address of this machine; use 0.0.0.0 (all interfaces) or 127.0.0.1 (this machine only)`;
  }
  if (isStoreError(error)) {
    const reason = causeText(error.cause, error.driverCode);
    if (error.backend === 'PostgreSQL') {
      const where = `PostgreSQL at ${redactUrl(config.database.url ?? '')}`;
      return error.failure === 'unavailable'
        ? `cannot reach ${where} (${reason}): start PostgreSQL, or fix SYNAPSE_DATABASE_URL (unset it to use the embedded SQLite database)`
        : `${where} refused to open the database (${reason}): check the user, password and database name in SYNAPSE_DATABASE_URL`;
    }
    if (error.backend === 'Redis') {
      return `cannot reach Redis at ${redactUrl(config.redis.url ?? '')} (${reason}): start Redis, or fix SYNAPSE_REDIS_URL (unset it to run a single instance without Redis)`;
    }
  }
  if (isSqliteOpenError(error)) {
    return `cannot open the database in the data directory ${config.dataDir} (${(error as Error).message}): make it writable, or choose another with SYNAPSE_DATA_DIR`;
  }
  return undefined;
}

/** A connection URL with its password replaced, for messages and start-up lines. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(an unparsable URL)';
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function isListenError(error: unknown): boolean {
  return (error as { syscall?: unknown } | null)?.syscall === 'listen' || (error as { syscall?: unknown } | null)?.syscall === 'getaddrinfo';
}

/** The driver's reason, short: `connection refused`, `password authentication failed for user "x"`. */
function causeText(cause: unknown, driverCode: string | undefined): string {
  if (driverCode === 'ECONNREFUSED') return 'connection refused';
  if (driverCode === 'ENOTFOUND' || driverCode === 'EAI_AGAIN') return 'host not found';
  const message = cause instanceof Error ? cause.message : String(cause ?? 'unknown error');
  return message.replace(/\s+/g, ' ').trim() || driverCode || 'unknown error';
}

/** better-sqlite3 (or the mkdir before it) failing on the data directory. */
function isSqliteOpenError(error: unknown): boolean {
  const code = errorCode(error);
  if (code === 'EACCES' || code === 'EROFS' || code === 'ENOTDIR' || code === 'EEXIST') return true;
  return (error as Error | null)?.name === 'SqliteError' && /unable to open|readonly|read-only/i.test((error as Error).message);
}
