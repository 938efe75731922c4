import { ROLES, Role } from '../organizations/role';
import { isRoleAllowed, MemberPolicy } from './rbac';

describe('RBAC matrix', () => {
  const expected: Record<MemberPolicy, Record<Role, boolean>> = {
    authenticated: {
      admin: true,
      it_admin: true,
      executive: true,
      member: true,
      strada_admin: true,
    },
    'organization-member': {
      admin: true,
      it_admin: true,
      executive: true,
      member: true,
      strada_admin: true,
    },
    view: { admin: true, it_admin: true, executive: true, member: false, strada_admin: false },
    manage: { admin: true, it_admin: true, executive: false, member: false, strada_admin: false },
  };

  for (const [policy, byRole] of Object.entries(expected) as [
    MemberPolicy,
    Record<Role, boolean>,
  ][]) {
    for (const role of ROLES) {
      it(`${policy} for ${role} is ${byRole[role] ? 'allowed' : 'denied'}`, () => {
        expect(isRoleAllowed(policy, role)).toBe(byRole[role]);
      });
    }
  }
});
