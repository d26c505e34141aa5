// Roles and their order: readonly < user < admin. A role may only ever be narrowed.

export const roles = ['readonly', 'user', 'admin'] as const;
export type Role = (typeof roles)[number];

const rank: Record<Role, number> = { readonly: 0, user: 1, admin: 2 };

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

export function roleAllows(held: Role, required: Role): boolean {
  return rank[held] >= rank[required];
}
