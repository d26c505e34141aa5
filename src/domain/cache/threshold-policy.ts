// The similarity thresholds and entry TTLs in force for a tenant: the tenant's override, else the
// gateway-wide override set by an operator admin, else the configured default. Overrides live in
// the settings store (the gateway-wide one under a tenant id no real tenant can have) and are
// cached in memory.
//
// - cacheHitThreshold: the least similarity at which a paraphrase is served from the cache.
// - partialHitThreshold: below cacheHitThreshold, the least similarity a preview reports as a
//   near miss (`partial`); Synapse serves no partial answers, so it changes no proxy answer.
// - ttlSecs: how long an entry lives (and is served exactly); WorldFlow's l1TtlSecs.
// - semanticTtlSecs: how long after it was stored an entry may still be served by meaning
//   (WorldFlow's l2TtlSecs); null follows the entry's lifetime. The semantic layer indexes the
//   exact layer's entries, so a value above ttlSecs changes nothing.
import { SynapseError } from '../../errors.js';
import type { SettingsStore, TenantSettings } from '../../stores/ports/settings-store.js';

export const GLOBAL_SETTINGS_ID = '*';
export const DEFAULT_PARTIAL_HIT_THRESHOLD = 0.85;
const MAX_TTL_SECS = 365 * 86_400;

export interface Thresholds {
  cacheHitThreshold: number;
  partialHitThreshold: number;
  ttlSecs: number;
  semanticTtlSecs: number | null;
}

export type ThresholdOverrides = Partial<{ [K in keyof Thresholds]: number }>;

/** A field set to null removes the override. */
export type ThresholdPatch = { [K in keyof Thresholds]?: number | null };

export type ThresholdListener = (tenantId: string, overrides: ThresholdOverrides) => void;

export class ThresholdPolicy {
  private readonly overrides = new Map<string, ThresholdOverrides>();
  private readonly listeners: ThresholdListener[] = [];
  private readonly defaults: Thresholds;

  constructor(
    defaults: Pick<Thresholds, 'cacheHitThreshold' | 'ttlSecs'> & Partial<Thresholds>,
    private readonly settings: SettingsStore,
  ) {
    this.defaults = { partialHitThreshold: DEFAULT_PARTIAL_HIT_THRESHOLD, semanticTtlSecs: null, ...defaults };
  }

  async load(): Promise<void> {
    const stored = await this.settings.listTenantSettings();
    this.overrides.clear(); // an override removed elsewhere is gone from the store
    for (const { tenantId, settings } of stored) {
      const overrides = fromSettings(settings);
      if (Object.keys(overrides).length > 0) this.overrides.set(tenantId, overrides);
    }
  }

  /** What applies to the tenant now. */
  effective(tenantId: string): Thresholds {
    const tenant = this.overrides.get(tenantId);
    const global = this.overrides.get(GLOBAL_SETTINGS_ID);
    const pick = <K extends keyof Thresholds>(field: K): Thresholds[K] | number => tenant?.[field] ?? global?.[field] ?? this.defaults[field];
    return {
      cacheHitThreshold: pick('cacheHitThreshold') as number,
      partialHitThreshold: pick('partialHitThreshold') as number,
      ttlSecs: pick('ttlSecs') as number,
      semanticTtlSecs: pick('semanticTtlSecs'),
    };
  }

  /** The gateway-wide values (defaults with the operator's overrides). */
  global(): Thresholds {
    return this.effective(GLOBAL_SETTINGS_ID);
  }

  /** A tenant's own overrides only. */
  overridesOf(tenantId: string): ThresholdOverrides {
    return { ...this.overrides.get(tenantId) };
  }

  /** Every tenant with an override of its own (not the gateway-wide one), by tenant id. */
  tenantsWithOverrides(): Array<{ tenantId: string; overrides: ThresholdOverrides }> {
    return [...this.overrides.entries()]
      .filter(([tenantId, overrides]) => tenantId !== GLOBAL_SETTINGS_ID && Object.keys(overrides).length > 0)
      .map(([tenantId, overrides]) => ({ tenantId, overrides: { ...overrides } }))
      .sort((a, b) => (a.tenantId < b.tenantId ? -1 : a.tenantId > b.tenantId ? 1 : 0));
  }

  async update(tenantId: string, patch: ThresholdPatch): Promise<void> {
    validate(patch);
    const saved = await this.settings.updateTenantSettings(tenantId, {
      ...(patch.cacheHitThreshold !== undefined ? { cacheHitThreshold: patch.cacheHitThreshold } : {}),
      ...(patch.partialHitThreshold !== undefined ? { partialHitThreshold: patch.partialHitThreshold } : {}),
      ...(patch.ttlSecs !== undefined ? { cacheTtlSecs: patch.ttlSecs } : {}),
      ...(patch.semanticTtlSecs !== undefined ? { semanticTtlSecs: patch.semanticTtlSecs } : {}),
    });
    const overrides = fromSettings(saved);
    this.overrides.set(tenantId, overrides);
    for (const listener of this.listeners) listener(tenantId, { ...overrides });
  }

  /** Removes every override of the tenant (it falls back to the gateway-wide values). False when it had none. */
  async reset(tenantId: string): Promise<boolean> {
    if (Object.keys(this.overridesOf(tenantId)).length === 0) return false;
    await this.update(tenantId, { cacheHitThreshold: null, partialHitThreshold: null, ttlSecs: null, semanticTtlSecs: null });
    return true;
  }

  /** Told of every update made through this instance. */
  onUpdated(listener: ThresholdListener): void {
    this.listeners.push(listener);
  }

  /** Takes a tenant's overrides as another instance saved them. */
  applyShared(tenantId: string, overrides: ThresholdOverrides): void {
    this.overrides.set(tenantId, { ...overrides });
  }
}

function fromSettings(settings: TenantSettings): ThresholdOverrides {
  return {
    ...(settings.cacheHitThreshold !== undefined ? { cacheHitThreshold: settings.cacheHitThreshold } : {}),
    ...(settings.partialHitThreshold !== undefined ? { partialHitThreshold: settings.partialHitThreshold } : {}),
    ...(settings.cacheTtlSecs !== undefined ? { ttlSecs: settings.cacheTtlSecs } : {}),
    ...(settings.semanticTtlSecs !== undefined ? { semanticTtlSecs: settings.semanticTtlSecs } : {}),
  };
}

function validate(patch: ThresholdPatch): void {
  const threshold = patch.cacheHitThreshold;
  if (threshold !== undefined && threshold !== null && !(threshold > 0 && threshold <= 1)) {
    throw new SynapseError('validation_failed', { detail: 'cacheHitThreshold must be a number in (0, 1]' });
  }
  const partial = patch.partialHitThreshold;
  if (partial !== undefined && partial !== null && !(partial >= 0 && partial <= 1)) {
    throw new SynapseError('validation_failed', { detail: 'partialHitThreshold must be a number in [0, 1]' });
  }
  for (const [name, ttl] of [['ttlSecs', patch.ttlSecs], ['semanticTtlSecs', patch.semanticTtlSecs]] as const) {
    if (ttl !== undefined && ttl !== null && !(Number.isInteger(ttl) && ttl >= 1 && ttl <= MAX_TTL_SECS)) {
      throw new SynapseError('validation_failed', { detail: `${name} must be a whole number of seconds from 1 to ${MAX_TTL_SECS}` });
    }
  }
}
