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

/** WorldFlow's role names, accepted where a role is named: `viewer` is readonly, `operator` is user. */
export const roleAliases = { viewer: 'readonly', operator: 'user' } as const satisfies Record<string, Role>;
export const roleNames = [...roles, ...(Object.keys(roleAliases) as Array<keyof typeof roleAliases>)] as const;
export type RoleName = (typeof roleNames)[number];

/** The role a name stands for: itself, or the role an alias names. */
export function roleOf(name: RoleName): Role {
  return name in roleAliases ? roleAliases[name as keyof typeof roleAliases] : (name as Role);
}
