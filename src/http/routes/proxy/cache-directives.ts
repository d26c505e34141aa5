// Reads the cache directives a client can send with a proxied request: x-synapse-skip-cache,
// x-synapse-force-refresh, x-synapse-cache-ttl, x-synapse-passthrough and Cache-Control.
import type { IncomingHttpHeaders } from 'node:http';
import type { CachePolicy } from '../../../domain/proxy/completion-pipeline.js';
import { SynapseError } from '../../../errors.js';

const MAX_TTL_SECS = 365 * 86_400;

export interface CacheDirectives {
  policy: CachePolicy;
  /**
   * The x-synapse-cache-status reported on a miss: SKIP when the cache was not consulted, BYPASS
   * for a passthrough (neither consulted nor written, the request sent on as it is).
   */
  missStatus: 'MISS' | 'SKIP' | 'BYPASS';
}

const PASSTHROUGH: CacheDirectives = { policy: { lookup: false, store: false, bypass: true }, missStatus: 'BYPASS' };

export function readCacheDirectives(headers: IncomingHttpHeaders): CacheDirectives {
  if (isTrue(headers['x-synapse-passthrough'])) return PASSTHROUGH;
  const cacheControl = String(headers['cache-control'] ?? '').toLowerCase();
  const skip = isTrue(headers['x-synapse-skip-cache']);
  const refresh = isTrue(headers['x-synapse-force-refresh']) || /\bno-cache\b/.test(cacheControl);
  const noStore = /\bno-store\b/.test(cacheControl);
  const ttlSecs = readTtl(headers['x-synapse-cache-ttl']);
  const policy: CachePolicy = {
    lookup: !skip && !refresh,
    store: !skip && !noStore,
    ...(ttlSecs !== undefined ? { ttlSecs } : {}),
  };
  return { policy, missStatus: skip ? 'SKIP' : 'MISS' };
}

function readTtl(raw: string | string[] | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const text = Array.isArray(raw) ? raw[0]! : raw;
  const secs = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(secs) || secs < 1 || secs > MAX_TTL_SECS) {
    throw new SynapseError('validation_failed', {
      detail: `x-synapse-cache-ttl must be a whole number of seconds from 1 to ${MAX_TTL_SECS}`,
    });
  }
  return secs;
}

function isTrue(value: string | string[] | undefined): boolean {
  const text = Array.isArray(value) ? value[0] : value;
  return text !== undefined && ['true', '1', 'yes'].includes(text.trim().toLowerCase());
}
