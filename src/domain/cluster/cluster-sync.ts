// Keeps this instance's in-memory state in step with the others over the cluster bus: tells them of
// cache entries stored and removed and of threshold and tier changes made here, and applies theirs
// (drops LRU copies, adds and removes semantic index entries, takes new thresholds and tiers).
// The durable store is shared, so only memory is updated here.
import type { SemanticFields } from '../../stores/ports/cache-store.js';
import type { LayeredCache } from '../cache/layered-cache.js';
import type { ThresholdPolicy } from '../cache/threshold-policy.js';
import type { Logger } from '../logger.js';
import type { MilestoneSearch } from '../memory/search/milestone-search.js';
import type { RateLimitPolicy } from '../ratelimit/rate-limit-policy.js';
import type { ClusterBus, ClusterEvent, SharedSemanticFields } from '../../stores/ports/cluster-bus.js';

export interface ClusterSyncParts {
  bus: ClusterBus;
  cache: LayeredCache | undefined;
  thresholds: ThresholdPolicy;
  rateLimits: RateLimitPolicy;
  /** The memory API's search index, when the memory API runs. */
  memorySearch?: MilestoneSearch;
  logger: Logger;
}

/** Keys per cache.removed message, so clearing a large tenant does not make one huge message. */
const KEYS_PER_MESSAGE = 500;

export function connectClusterSync(parts: ClusterSyncParts): void {
  const { bus, cache, thresholds, rateLimits, memorySearch, logger } = parts;
  thresholds.onUpdated((tenantId, overrides) => bus.publish({ type: 'thresholds.changed', tenantId, overrides }));
  rateLimits.onTierAssigned((tenantId, tier) => bus.publish({ type: 'rate-limit-tier.changed', tenantId, tier }));
  if (cache) {
    cache.onStored((tenantId, cacheKey, semantic) =>
      bus.publish({ type: 'cache.stored', tenantId, cacheKey, ...(semantic ? { semantic: encodeSemantic(semantic) } : {}) }),
    );
    cache.exact.onRemoved(batchRemovals(bus));
  }
  memorySearch?.onIndexed((row) => bus.publish({ type: 'memory.indexed', ...row, vector: toBase64(row.vector) }));
  memorySearch?.onRemoved((milestoneIds) => {
    for (let i = 0; i < milestoneIds.length; i += KEYS_PER_MESSAGE) {
      bus.publish({ type: 'memory.removed', milestoneIds: milestoneIds.slice(i, i + KEYS_PER_MESSAGE) });
    }
  });
  bus.subscribe((event) => applyEvent(event, parts));
  bus.onResync(() => {
    // Changes made elsewhere during the outage were not heard: forget what may be stale, and index
    // the paraphrase entries stored meanwhile (the store is shared; entries already indexed are
    // replaced, and ones deleted meanwhile can only lead to a miss, as their rows are gone).
    cache?.exact.dropAllFromMemory();
    cache?.semantic?.start().catch((error: unknown) => logger.error({ err: error }, 're-indexing the semantic cache after a bus outage failed'));
    memorySearch?.start().catch((error: unknown) => logger.error({ err: error }, 're-indexing memory search after a bus outage failed'));
    Promise.all([thresholds.load(), rateLimits.load()]).catch((error: unknown) =>
      logger.error({ err: error }, 'reloading thresholds and tiers after a bus outage failed'),
    );
  });
}

function applyEvent(event: ClusterEvent, { cache, thresholds, rateLimits, memorySearch }: ClusterSyncParts): void {
  switch (event.type) {
    case 'cache.stored':
      cache?.exact.dropFromMemory(event.tenantId, event.cacheKey);
      if (event.semantic) cache?.semantic?.indexShared(event.tenantId, event.cacheKey, decodeSemantic(event.semantic));
      return;
    case 'cache.removed':
      for (const cacheKey of event.cacheKeys) {
        cache?.exact.dropFromMemory(event.tenantId, cacheKey);
        cache?.semantic?.remove(event.tenantId, cacheKey);
      }
      return;
    case 'thresholds.changed':
      thresholds.applyShared(event.tenantId, event.overrides);
      return;
    case 'rate-limit-tier.changed':
      rateLimits.applySharedTier(event.tenantId, event.tier);
      return;
    case 'memory.indexed':
      memorySearch?.applyShared({ ...event, vector: fromBase64(event.vector) });
      return;
    case 'memory.removed':
      memorySearch?.remove(event.milestoneIds, true);
      return;
    default:
      return; // flight.done and any newer kinds belong to other listeners
  }
}

/** Collects the removals of one synchronous run (a clear removes many) into few messages per tenant. */
function batchRemovals(bus: ClusterBus): (tenantId: string, cacheKey: string) => void {
  let pending: Map<string, string[]> | undefined;
  return (tenantId, cacheKey) => {
    if (!pending) {
      pending = new Map();
      queueMicrotask(() => {
        const batch = pending!;
        pending = undefined;
        for (const [tenant, keys] of batch) {
          for (let i = 0; i < keys.length; i += KEYS_PER_MESSAGE) {
            bus.publish({ type: 'cache.removed', tenantId: tenant, cacheKeys: keys.slice(i, i + KEYS_PER_MESSAGE) });
          }
        }
      });
    }
    const keys = pending.get(tenantId);
    if (keys) keys.push(cacheKey);
    else pending.set(tenantId, [cacheKey]);
  };
}

function encodeSemantic(fields: SemanticFields): SharedSemanticFields {
  return { ...fields, vector: toBase64(fields.vector) };
}

function decodeSemantic(fields: SharedSemanticFields): SemanticFields {
  return { ...fields, context: fields.context ?? [], vector: fromBase64(fields.vector) };
}

function toBase64(vector: Float32Array): string {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64');
}

function fromBase64(text: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  const copy = new Uint8Array(bytes.byteLength - (bytes.byteLength % 4));
  copy.set(bytes.subarray(0, copy.byteLength));
  return new Float32Array(copy.buffer);
}
