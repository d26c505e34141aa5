// The similarity threshold and entry TTL in force for a tenant: the tenant's override, else the
// gateway-wide override set by an operator admin, else the configured default. Overrides live in
// the settings store (the gateway-wide one under a tenant id no real tenant can have) and are
// cached in memory.
import { SynapseError } from '../../errors.js';
import type { SettingsStore, TenantSettings } from '../../stores/ports/settings-store.js';

export const GLOBAL_SETTINGS_ID = '*';

export interface Thresholds {
  cacheHitThreshold: number;
  ttlSecs: number;
}

export interface ThresholdPatch {
  cacheHitThreshold?: number | null;
  ttlSecs?: number | null;
}

export type ThresholdListener = (tenantId: string, overrides: Partial<Thresholds>) => void;

export class ThresholdPolicy {
  private readonly overrides = new Map<string, Partial<Thresholds>>();
  private readonly listeners: ThresholdListener[] = [];

  constructor(
    private readonly defaults: Thresholds,
    private readonly settings: SettingsStore,
  ) {}

  async load(): Promise<void> {
    for (const { tenantId, settings } of await this.settings.listTenantSettings()) {
      this.overrides.set(tenantId, fromSettings(settings));
    }
  }

  /** What applies to the tenant now. */
  effective(tenantId: string): Thresholds {
    const tenant = this.overrides.get(tenantId);
    const global = this.overrides.get(GLOBAL_SETTINGS_ID);
    return {
      cacheHitThreshold: tenant?.cacheHitThreshold ?? global?.cacheHitThreshold ?? this.defaults.cacheHitThreshold,
      ttlSecs: tenant?.ttlSecs ?? global?.ttlSecs ?? this.defaults.ttlSecs,
    };
  }

  /** The gateway-wide values (defaults with the operator's overrides). */
  global(): Thresholds {
    return this.effective(GLOBAL_SETTINGS_ID);
  }

  /** A tenant's own overrides only. */
  overridesOf(tenantId: string): Partial<Thresholds> {
    return { ...this.overrides.get(tenantId) };
  }

  async update(tenantId: string, patch: ThresholdPatch): Promise<void> {
    validate(patch);
    const saved = await this.settings.updateTenantSettings(tenantId, {
      ...(patch.cacheHitThreshold !== undefined ? { cacheHitThreshold: patch.cacheHitThreshold } : {}),
      ...(patch.ttlSecs !== undefined ? { cacheTtlSecs: patch.ttlSecs } : {}),
    });
    const overrides = fromSettings(saved);
    this.overrides.set(tenantId, overrides);
    for (const listener of this.listeners) listener(tenantId, { ...overrides });
  }

  /** Told of every update made through this instance. */
  onUpdated(listener: ThresholdListener): void {
    this.listeners.push(listener);
  }

  /** Takes a tenant's overrides as another instance saved them. */
  applyShared(tenantId: string, overrides: Partial<Thresholds>): void {
    this.overrides.set(tenantId, { ...overrides });
  }
}

function fromSettings(settings: TenantSettings): Partial<Thresholds> {
  return {
    ...(settings.cacheHitThreshold !== undefined ? { cacheHitThreshold: settings.cacheHitThreshold } : {}),
    ...(settings.cacheTtlSecs !== undefined ? { ttlSecs: settings.cacheTtlSecs } : {}),
  };
}

function validate(patch: ThresholdPatch): void {
  const threshold = patch.cacheHitThreshold;
  if (threshold !== undefined && threshold !== null && !(threshold > 0 && threshold <= 1)) {
    throw new SynapseError('validation_failed', { detail: 'cacheHitThreshold must be a number in (0, 1]' });
  }
  const ttl = patch.ttlSecs;
  if (ttl !== undefined && ttl !== null && !(Number.isInteger(ttl) && ttl >= 1 && ttl <= 365 * 86_400)) {
    throw new SynapseError('validation_failed', { detail: 'ttlSecs must be a whole number of seconds from 1 to 31536000' });
  }
}
