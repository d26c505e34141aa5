// Port for the events gateway instances tell each other about, so that every instance's in-memory
// state (cache LRU, semantic index, memory search index, thresholds, rate-limit tiers) follows changes made through
// another. One instance alone needs none of it: the in-process bus delivers nothing.

/** A cached request's semantic fields as sent between instances (the vector as base64 of its float32 bytes). */
export interface SharedSemanticFields {
  partition: string;
  text: string;
  context: string[];
  embedderId: string;
  vector: string;
}

export type ClusterEvent =
  /** An entry was stored or replaced: drop any older copy, index it for paraphrases. */
  | { type: 'cache.stored'; tenantId: string; cacheKey: string; semantic?: SharedSemanticFields }
  /** Entries left the cache (deleted, cleared, evicted or expired). */
  | { type: 'cache.removed'; tenantId: string; cacheKeys: string[] }
  /** A tenant's (or the gateway-wide) threshold overrides as they now are. */
  | { type: 'thresholds.changed'; tenantId: string; overrides: { cacheHitThreshold?: number; ttlSecs?: number } }
  | { type: 'rate-limit-tier.changed'; tenantId: string; tier: string }
  /** A milestone was embedded (its row and vector are in the shared store): index it for search. */
  | { type: 'memory.indexed'; tenantId: string; projectId: string; milestoneId: string; createdAt: string; spaceId: string; vector: string }
  /** Milestones were deleted (with their project). */
  | { type: 'memory.removed'; milestoneIds: string[] }
  /** The instance leading a coalesced miss is done (its answer, if cacheable, is in the shared tier). */
  | { type: 'flight.done'; key: string };

export type ClusterEventListener = (event: ClusterEvent) => void;

export interface ClusterBus {
  /** Sends to every other instance; never throws and never waits (an outage loses the event). */
  publish(event: ClusterEvent): void;
  /** Events from other instances (never this one's own). */
  subscribe(listener: ClusterEventListener): void;
  /** Called when the bus is connected again after an outage: events may have been missed meanwhile. */
  onResync(listener: () => void): void;
  close(): Promise<void>;
}

/** What a bus reports about its backend's reachability (the domain's OutageMonitor listens). */
export interface BackendHealth {
  succeeded(): void;
  failed(operation: string, error: unknown): void;
}
