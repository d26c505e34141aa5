// Port for per-tenant settings an admin can change at run time (rate-limit tier, cache TTL).

export interface TenantSettings {
  rateLimitTier?: string;
  cacheTtlSecs?: number;
  cacheHitThreshold?: number;
}

export type SettingsPatch = { [K in keyof TenantSettings]?: TenantSettings[K] | null };

export interface SettingsStore {
  getTenantSettings(tenantId: string): Promise<TenantSettings>;
  /** Merges the given fields into the tenant's settings (a null removes one) and returns the result. */
  updateTenantSettings(tenantId: string, patch: SettingsPatch): Promise<TenantSettings>;
  listTenantSettings(): Promise<Array<{ tenantId: string; settings: TenantSettings }>>;
}
