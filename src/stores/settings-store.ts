// Port for per-tenant settings an admin can change at run time (rate-limit tier, cache TTL).

export interface TenantSettings {
  rateLimitTier?: string;
  cacheTtlSecs?: number;
}

export interface SettingsStore {
  getTenantSettings(tenantId: string): Promise<TenantSettings>;
  /** Merges the given fields into the tenant's settings and returns the result. */
  updateTenantSettings(tenantId: string, patch: TenantSettings): Promise<TenantSettings>;
  listTenantSettings(): Promise<Array<{ tenantId: string; settings: TenantSettings }>>;
}
