import { highestRole, protectLastAdmin, resolveRole, RoleHolder } from './role-resolution';

function holder(overrides: Partial<RoleHolder> = {}): RoleHolder {
  return {
    id: 'm1',
    role: 'member',
    roleSource: 'manual',
    managedBy: 'scim',
    status: 'active',
    ...overrides,
  };
}

describe(highestRole.name, () => {
  it('returns null for no roles', () => {
    expect(highestRole([])).toBeNull();
  });

  it('picks the highest rank', () => {
    expect(highestRole(['member', 'it_admin', 'executive'])).toBe('it_admin');
    expect(highestRole(['executive', 'admin'])).toBe('admin');
  });
});

describe(resolveRole.name, () => {
  it('gives the mapped role to a SCIM member', () => {
    expect(resolveRole(holder(), ['executive'])).toEqual({
      role: 'executive',
      roleSource: 'mapping',
    });
  });

  it('gives the highest mapped role', () => {
    expect(resolveRole(holder(), ['member', 'it_admin', 'executive'])).toEqual({
      role: 'it_admin',
      roleSource: 'mapping',
    });
  });

  it('lets a mapping win over a manual role', () => {
    expect(resolveRole(holder({ role: 'admin' }), ['executive'])).toEqual({
      role: 'executive',
      roleSource: 'mapping',
    });
  });

  it('falls back to Member when a mapped role loses its group', () => {
    expect(resolveRole(holder({ role: 'it_admin', roleSource: 'mapping' }), [])).toEqual({
      role: 'member',
      roleSource: 'manual',
    });
  });

  it('keeps a manual role without mappings', () => {
    expect(resolveRole(holder({ role: 'executive' }), [])).toEqual({
      role: 'executive',
      roleSource: 'manual',
    });
  });

  it('never touches Strada Admin', () => {
    expect(resolveRole(holder({ role: 'strada_admin' }), ['admin'])).toEqual({
      role: 'strada_admin',
      roleSource: 'manual',
    });
  });

  it('leaves manually managed members alone', () => {
    expect(resolveRole(holder({ managedBy: 'manual' }), ['admin'])).toEqual({
      role: 'member',
      roleSource: 'manual',
    });
  });
});

describe(protectLastAdmin.name, () => {
  const demotion = {
    member: holder({ id: 'a1', role: 'admin' }),
    next: { role: 'member' as const, roleSource: 'mapping' as const },
  };
  const promotion = {
    member: holder({ id: 'm2' }),
    next: { role: 'admin' as const, roleSource: 'mapping' as const },
  };

  it('applies a demotion when another Admin remains', () => {
    expect(protectLastAdmin([demotion], 1)).toEqual({ apply: [demotion], refused: [] });
  });

  it('refuses demoting the last active Admin', () => {
    expect(protectLastAdmin([demotion], 0)).toEqual({ apply: [], refused: [demotion] });
  });

  it('applies a demotion when a promotion adds an Admin', () => {
    expect(protectLastAdmin([demotion, promotion], 0)).toEqual({
      apply: [demotion, promotion],
      refused: [],
    });
  });

  it('keeps only the first of several demoted Admins', () => {
    const second = { ...demotion, member: holder({ id: 'a2', role: 'admin' }) };

    expect(protectLastAdmin([demotion, second], 0)).toEqual({
      apply: [second],
      refused: [demotion],
    });
  });

  it('ignores a deactivated Admin', () => {
    const inactive = {
      ...demotion,
      member: holder({ id: 'a3', role: 'admin', status: 'deactivated' }),
    };

    expect(protectLastAdmin([inactive], 0)).toEqual({ apply: [inactive], refused: [] });
  });
});
