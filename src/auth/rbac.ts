import type { Role } from '../organizations/role';

/**
 * Access policies of routes.
 * - public: no authentication (health, API docs).
 * - scim: a SCIM bearer token of the connection in the path.
 * - authenticated: any active member, whatever the organization.
 * - organization-member: any active member of the organization in the path.
 * - view / manage: the SCIM settings and member list of that organization.
 */
export type AccessPolicy =
  'public' | 'scim' | 'authenticated' | 'organization-member' | 'view' | 'manage';

export type MemberPolicy = Exclude<AccessPolicy, 'public' | 'scim'>;

const ALL_ROLES: readonly Role[] = ['admin', 'it_admin', 'executive', 'member', 'strada_admin'];

/** Roles allowed by each member policy. Strada Admin may neither view nor manage SCIM settings. */
const POLICY_ROLES: Record<MemberPolicy, readonly Role[]> = {
  authenticated: ALL_ROLES,
  'organization-member': ALL_ROLES,
  view: ['admin', 'it_admin', 'executive'],
  manage: ['admin', 'it_admin'],
};

export function isRoleAllowed(policy: MemberPolicy, role: Role): boolean {
  return POLICY_ROLES[policy].includes(role);
}

export function isOrganizationScoped(policy: MemberPolicy): boolean {
  return policy !== 'authenticated';
}
