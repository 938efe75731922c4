import type {
  AssignableRole,
  ManagedBy,
  MemberStatus,
  Role,
  RoleSource,
} from '../organizations/role';
import { roleRank } from '../organizations/role';

/** The fields of a member that decide their role. */
export interface RoleHolder {
  id: string;
  role: Role;
  roleSource: RoleSource;
  managedBy: ManagedBy;
  status: MemberStatus;
}

export interface ResolvedRole {
  role: Role;
  roleSource: RoleSource;
}

/** Returns the highest-ranked role of a list, or null for an empty list. */
export function highestRole(roles: readonly AssignableRole[]): AssignableRole | null {
  let best: AssignableRole | null = null;
  for (const role of roles) {
    if (best === null || roleRank(role) > roleRank(best)) best = role;
  }
  return best;
}

/**
 * Decides a member's role from the roles mapped to the groups they are in.
 * - Strada Admin and manually managed members keep their role.
 * - A SCIM-managed member in at least one mapped group gets the
 *   highest-ranked mapped role, which replaces a role set by hand.
 * - Otherwise a role that came from a mapping falls back to Member, and a
 *   role set by hand stays.
 */
export function resolveRole(
  member: RoleHolder,
  mappedRoles: readonly AssignableRole[],
): ResolvedRole {
  const current: ResolvedRole = { role: member.role, roleSource: member.roleSource };
  if (member.role === 'strada_admin' || member.managedBy !== 'scim') return current;

  const mapped = highestRole(mappedRoles);
  if (mapped !== null) return { role: mapped, roleSource: 'mapping' };
  if (member.roleSource === 'mapping') return { role: 'member', roleSource: 'manual' };
  return current;
}

export interface RoleDecision {
  member: RoleHolder;
  next: ResolvedRole;
}

/**
 * Splits role decisions into those to apply and the demotions refused
 * because they would leave the organization without an active Admin.
 * `otherActiveAdmins` counts the active Admins that none of the decisions
 * touch. When every active Admin would be demoted, the first of them in
 * `decisions` order keeps Admin.
 */
export function protectLastAdmin(
  decisions: readonly RoleDecision[],
  otherActiveAdmins: number,
): { apply: RoleDecision[]; refused: RoleDecision[] } {
  const isActiveAdmin = (holder: RoleHolder | ResolvedRole, status: MemberStatus) =>
    holder.role === 'admin' && status === 'active';
  const remainingAdmins =
    otherActiveAdmins +
    decisions.filter((decision) => isActiveAdmin(decision.next, decision.member.status)).length;
  if (remainingAdmins > 0) return { apply: [...decisions], refused: [] };

  const refusedIndex = decisions.findIndex(
    (decision) =>
      isActiveAdmin(decision.member, decision.member.status) && decision.next.role !== 'admin',
  );
  if (refusedIndex < 0) return { apply: [...decisions], refused: [] };
  return {
    apply: decisions.filter((_decision, index) => index !== refusedIndex),
    refused: [decisions[refusedIndex]],
  };
}
