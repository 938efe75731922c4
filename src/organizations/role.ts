/**
 * The role catalog, highest rank first. `strada_admin` is Strada's own staff
 * role: it sits outside the ranking, is never assigned by a mapping or by an
 * organization's managers, and gets no access to the SCIM settings.
 */
export const ROLES = ['admin', 'it_admin', 'executive', 'member', 'strada_admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles an organization's managers and group mappings may assign. */
export const ASSIGNABLE_ROLES = ['admin', 'it_admin', 'executive', 'member'] as const;
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];

export const ROLE_DISPLAY_NAMES: Record<Role, string> = {
  admin: 'Admin',
  it_admin: 'IT Admin',
  executive: 'Executive',
  member: 'Member',
  strada_admin: 'Strada Admin',
};

const RANKS: Record<AssignableRole, number> = { admin: 4, it_admin: 3, executive: 2, member: 1 };

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isAssignableRole(value: unknown): value is AssignableRole {
  return typeof value === 'string' && (ASSIGNABLE_ROLES as readonly string[]).includes(value);
}

/** Rank of a role; Strada Admin has none (0) because it is outside the organization's ranking. */
export function roleRank(role: Role): number {
  return role === 'strada_admin' ? 0 : RANKS[role];
}

/** Whether a manager holding `managerRole` may grant `role`: never Strada Admin, never above their own rank. */
export function canGrantRole(managerRole: Role, role: Role): boolean {
  if (role === 'strada_admin' || managerRole === 'strada_admin') return false;
  return roleRank(role) <= roleRank(managerRole);
}

export type MemberStatus = 'active' | 'deactivated';
export type RoleSource = 'manual' | 'mapping';
export type ManagedBy = 'manual' | 'scim';
