// Which limit applies to a tenant and endpoint group: the configured defaults scaled by the
// tenant's tier. Tiers are kept in memory and written through to the settings store. Raising a
// tier is the platform's decision; a tenant may only lower its own.
import type { RateLimitRules, RateLimitTier } from '../../config/schema.js';
import { SynapseError } from '../../errors.js';
import type { SettingsStore } from '../../stores/ports/settings-store.js';
import type { RateLimitRule } from '../../stores/ports/rate-limiter.js';

export const rateLimitGroups = ['proxy', 'memory_read', 'memory_write', 'token_exchange'] as const;
export type RateLimitGroup = (typeof rateLimitGroups)[number];
export const rateLimitTiers = ['starter', 'pro', 'enterprise'] as const;
export const DEFAULT_TIER: RateLimitTier = 'starter';

/** The bucket a tenant's requests of a group draw from: one per tenant and group, on every instance. */
export function tenantBucketKey(group: RateLimitGroup, tenantId: string): string {
  return `${group}:t:${tenantId}`;
}

export interface RateLimitPolicyOptions {
  defaults: RateLimitRules;
  tierMultipliers: Record<RateLimitTier, number>;
  settings: SettingsStore;
}

export class RateLimitPolicy {
  private readonly tiers = new Map<string, RateLimitTier>();
  private readonly listeners: Array<(tenantId: string, tier: RateLimitTier) => void> = [];
  private readonly rulesByTier: Record<RateLimitTier, Record<RateLimitGroup, RateLimitRule>>;

  constructor(private readonly options: RateLimitPolicyOptions) {
    this.rulesByTier = {
      starter: this.buildRules(options.tierMultipliers.starter),
      pro: this.buildRules(options.tierMultipliers.pro),
      enterprise: this.buildRules(options.tierMultipliers.enterprise),
    };
  }

  async load(): Promise<void> {
    for (const { tenantId, settings } of await this.options.settings.listTenantSettings()) {
      if (isTier(settings.rateLimitTier)) this.tiers.set(tenantId, settings.rateLimitTier);
    }
  }

  ruleFor(tenantId: string, group: RateLimitGroup): RateLimitRule {
    return this.rulesByTier[this.tierOf(tenantId)][group];
  }

  tierOf(tenantId: string): RateLimitTier {
    return this.tiers.get(tenantId) ?? DEFAULT_TIER;
  }

  describe(tenantId: string): { tenantId: string; tier: RateLimitTier; limits: Record<RateLimitGroup, RateLimitRule> } {
    const tier = this.tierOf(tenantId);
    return { tenantId, tier, limits: this.rulesByTier[tier] };
  }

  describeTiers(): Record<RateLimitTier, Record<RateLimitGroup, RateLimitRule>> {
    return this.rulesByTier;
  }

  /**
   * Assigns a tier. `mayRaise` is false for a tenant's own admin: a tier with a higher multiplier
   * than the current one is then refused (keeping or lowering it is fine).
   */
  async assignTier(tenantId: string, tier: string, mayRaise: boolean): Promise<void> {
    if (!isTier(tier)) {
      throw new SynapseError('validation_failed', { detail: `tier must be one of ${rateLimitTiers.join(', ')}` });
    }
    const current = this.tierOf(tenantId);
    const multipliers = this.options.tierMultipliers;
    if (!mayRaise && multipliers[tier] > multipliers[current]) {
      throw new SynapseError('rate_limit_tier_forbidden', { current, requested: tier });
    }
    await this.options.settings.updateTenantSettings(tenantId, { rateLimitTier: tier });
    this.tiers.set(tenantId, tier);
    for (const listener of this.listeners) listener(tenantId, tier);
  }

  /** Told of every tier assigned through this instance. */
  onTierAssigned(listener: (tenantId: string, tier: RateLimitTier) => void): void {
    this.listeners.push(listener);
  }

  /** Takes a tier another instance assigned; an unknown one is ignored. */
  applySharedTier(tenantId: string, tier: string): void {
    if (isTier(tier)) this.tiers.set(tenantId, tier);
  }

  private buildRules(multiplier: number): Record<RateLimitGroup, RateLimitRule> {
    const d = this.options.defaults;
    return {
      proxy: { limit: d.proxyRps * multiplier, windowSecs: 1 },
      memory_read: { limit: d.memoryReadRps * multiplier, windowSecs: 1 },
      memory_write: { limit: d.memoryWriteRps * multiplier, windowSecs: 1 },
      token_exchange: { limit: d.tokenPerMin * multiplier, windowSecs: 60 },
    };
  }
}

function isTier(value: unknown): value is RateLimitTier {
  return typeof value === 'string' && (rateLimitTiers as readonly string[]).includes(value);
}
