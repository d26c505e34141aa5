// Reads the cache directives a client can send with a proxied request: x-synapse-skip-cache,
// x-synapse-force-refresh, x-synapse-cache-ttl, x-synapse-passthrough and Cache-Control. The two
// Synapse directives that decide what others are served (replace an entry, choose how long it
// lives) need role `user`; a TTL above cache.maxTtlSecs is refused.
import type { IncomingHttpHeaders } from 'node:http';
import { roleAllows, type Role } from '../../../domain/auth/roles.js';
import type { CachePolicy } from '../../../domain/proxy/completion-pipeline.js';
import { SynapseError } from '../../../errors.js';

export interface CacheDirectives {
  policy: CachePolicy;
  /**
   * The x-synapse-cache-status reported on a miss: SKIP when the cache was not consulted, BYPASS
   * for a passthrough (neither consulted nor written, the request sent on as it is).
   */
  missStatus: 'MISS' | 'SKIP' | 'BYPASS';
}

/** Who asks, and the longest TTL a request may choose. */
export interface DirectiveLimits {
  role: Role;
  maxTtlSecs: number;
}

const PASSTHROUGH: CacheDirectives = { policy: { lookup: false, store: false, bypass: true }, missStatus: 'BYPASS' };
const WRITE_DIRECTIVES = 'replace cache entries or choose their lifetime (x-synapse-force-refresh, x-synapse-cache-ttl)';

export function readCacheDirectives(headers: IncomingHttpHeaders, limits: DirectiveLimits): CacheDirectives {
  if (isTrue(headers['x-synapse-passthrough'])) return PASSTHROUGH;
  const cacheControl = String(headers['cache-control'] ?? '').toLowerCase();
  const skip = isTrue(headers['x-synapse-skip-cache']);
  const forceRefresh = isTrue(headers['x-synapse-force-refresh']);
  const noCache = /\bno-cache\b/.test(cacheControl);
  const noStore = /\bno-store\b/.test(cacheControl);
  const mayWrite = roleAllows(limits.role, 'user');
  if (!mayWrite && (forceRefresh || headers['x-synapse-cache-ttl'] !== undefined)) {
    throw new SynapseError('role_forbidden', { role: limits.role, action: WRITE_DIRECTIVES, required: 'user' });
  }
  const ttlSecs = readTtl(headers['x-synapse-cache-ttl'], limits.maxTtlSecs);
  const refresh = forceRefresh || noCache;
  const policy: CachePolicy = {
    lookup: !skip && !refresh,
    // A readonly client's Cache-Control: no-cache gets a fresh answer but does not replace the entry.
    store: !skip && !noStore && (mayWrite || !refresh),
    ...(ttlSecs !== undefined ? { ttlSecs } : {}),
  };
  return { policy, missStatus: skip ? 'SKIP' : 'MISS' };
}

function readTtl(raw: string | string[] | undefined, maxTtlSecs: number): number | undefined {
  if (raw === undefined) return undefined;
  const text = Array.isArray(raw) ? raw[0]! : raw;
  const secs = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(secs) || secs < 1 || secs > maxTtlSecs) {
    throw new SynapseError('validation_failed', {
      detail: `x-synapse-cache-ttl must be a whole number of seconds from 1 to ${maxTtlSecs}`,
    });
  }
  return secs;
}

export function isTrue(value: string | string[] | undefined): boolean {
  const text = Array.isArray(value) ? value[0] : value;
  return text !== undefined && ['true', '1', 'yes'].includes(text.trim().toLowerCase());
}
