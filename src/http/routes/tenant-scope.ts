// Which tenant an admin request acts on: its own, or another one only for operator admins.
import type { Principal } from '../../domain/auth/principal.js';
import { SynapseError } from '../../errors.js';

export function resolveTenant(principal: Principal, requested: string | undefined, operatorTenant: string): string {
  if (requested === undefined || requested === principal.tenantId) return principal.tenantId;
  if (principal.tenantId !== operatorTenant) throw new SynapseError('tenant_forbidden');
  return requested;
}

export function isOperator(principal: Principal, operatorTenant: string): boolean {
  return principal.tenantId === operatorTenant && principal.role === 'admin';
}
