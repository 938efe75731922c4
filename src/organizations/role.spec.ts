import { canGrantRole, ROLES, Role } from './role';

describe(canGrantRole.name, () => {
  const cases: [Role, Role, boolean][] = [
    ['admin', 'admin', true],
    ['admin', 'it_admin', true],
    ['admin', 'member', true],
    ['admin', 'strada_admin', false],
    ['it_admin', 'admin', false],
    ['it_admin', 'it_admin', true],
    ['it_admin', 'executive', true],
    ['executive', 'member', true],
    ['executive', 'it_admin', false],
    ['strada_admin', 'member', false],
  ];

  it.each(cases)('%s granting %s is %s', (manager, role, allowed) => {
    expect(canGrantRole(manager, role)).toBe(allowed);
  });

  it('never grants Strada Admin', () => {
    for (const manager of ROLES) {
      expect(canGrantRole(manager, 'strada_admin')).toBe(false);
    }
  });
});
