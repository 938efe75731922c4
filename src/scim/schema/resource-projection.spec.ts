import { projectResource } from './resource-projection';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const USER_ID = '2819c223-7f76-453a-919d-413861904646';

const META = {
  resourceType: 'User',
  created: '2026-01-02T03:04:05.000Z',
  lastModified: '2026-01-03T03:04:05.000Z',
  location: `https://scim.example.com/scim/v2/c-1/Users/${USER_ID}`,
  version: 'W/"3"',
};

const EMAILS = [
  { value: 'bjensen@example.com', type: 'work', primary: true },
  { value: 'babs@jensen.org', type: 'home' },
];

const ENTERPRISE_DATA = {
  employeeNumber: '701984',
  department: 'Tour Operations',
  manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d' },
};

function storedUser(): Record<string, unknown> {
  return {
    schemas: [USER, ENTERPRISE],
    id: USER_ID,
    externalId: 'bjensen',
    meta: { ...META },
    userName: 'bjensen@example.com',
    name: { formatted: 'Ms. Barbara J Jensen', familyName: 'Jensen', givenName: 'Barbara' },
    displayName: 'Babs Jensen',
    nickName: null,
    active: true,
    password: 'never-returned',
    emails: EMAILS.map((email) => ({ ...email })),
    groups: [{ value: 'g-1', display: 'Tour Guides', type: 'direct' }],
    [ENTERPRISE]: { ...ENTERPRISE_DATA, manager: { ...ENTERPRISE_DATA.manager } },
    internalNote: 'not a SCIM attribute',
  };
}

const STORED_GROUP = {
  id: 'e9e30dba-f08f-4109-8486-d5c6a331660a',
  displayName: 'Tour Guides',
  members: [{ value: USER_ID, display: 'Babs Jensen', type: 'User' }],
  meta: { resourceType: 'Group', created: '2026-01-02T03:04:05.000Z' },
};

describe(projectResource.name, () => {
  describe('without lists', () => {
    it('returns default attributes', () => {
      expect(projectResource(storedUser(), 'User')).toEqual({
        schemas: [USER, ENTERPRISE],
        id: USER_ID,
        externalId: 'bjensen',
        meta: META,
        userName: 'bjensen@example.com',
        name: { formatted: 'Ms. Barbara J Jensen', familyName: 'Jensen', givenName: 'Barbara' },
        displayName: 'Babs Jensen',
        active: true,
        emails: EMAILS,
        groups: [{ value: 'g-1', display: 'Tour Guides', type: 'direct' }],
        [ENTERPRISE]: ENTERPRISE_DATA,
      });
    });

    it('never returns password', () => {
      expect(projectResource(storedUser(), 'User')).not.toHaveProperty('password');
    });

    it('drops undefined keys and nulls', () => {
      const projected = projectResource(storedUser(), 'User');

      expect(projected).not.toHaveProperty('internalNote');
      expect(projected).not.toHaveProperty('nickName');
    });

    it('treats empty lists as absent', () => {
      const options = { attributes: [], excludedAttributes: [] };

      expect(projectResource(storedUser(), 'User', options)).toEqual(
        projectResource(storedUser(), 'User'),
      );
    });

    it('lists only the core URN without extension data', () => {
      const stored = { ...storedUser(), [ENTERPRISE]: {} };

      expect(projectResource(stored, 'User').schemas).toEqual([USER]);
    });

    it('leaves the stored resource unchanged', () => {
      const stored = storedUser();

      projectResource(stored, 'User', {
        attributes: ['name.givenName'],
        excludedAttributes: ['emails'],
      });

      expect(stored).toEqual(storedUser());
    });
  });

  describe('attributes', () => {
    it.each<[string, string[], Record<string, unknown>]>([
      ['one attribute', ['userName'], { userName: 'bjensen@example.com' }],
      [
        'any case',
        ['USERNAME', 'DisplayName'],
        { userName: 'bjensen@example.com', displayName: 'Babs Jensen' },
      ],
      ['a sub-attribute', ['name.givenName'], { name: { givenName: 'Barbara' } }],
      [
        'sub-attributes of a list',
        ['emails.value'],
        { emails: [{ value: 'bjensen@example.com' }, { value: 'babs@jensen.org' }] },
      ],
      [
        'a meta sub-attribute',
        ['meta.lastModified'],
        { meta: { lastModified: '2026-01-03T03:04:05.000Z' } },
      ],
      [
        'a parent and its sub-attribute',
        ['name.givenName', 'name'],
        { name: { formatted: 'Ms. Barbara J Jensen', familyName: 'Jensen', givenName: 'Barbara' } },
      ],
      ['a URN-prefixed core name', [`${USER}:userName`], { userName: 'bjensen@example.com' }],
      ['an unknown name', ['favouriteColour'], {}],
      ['password', ['password'], {}],
      ['only unmatched sub-attributes', ['emails.display'], {}],
    ])('selects %s', (_case, attributes, expected) => {
      const projected = projectResource(storedUser(), 'User', { attributes });

      expect(projected).toEqual({ schemas: [USER], id: USER_ID, ...expected });
    });

    it('selects an extension attribute', () => {
      const projected = projectResource(storedUser(), 'User', {
        attributes: [`${ENTERPRISE.toLowerCase()}:manager.VALUE`],
      });

      expect(projected).toEqual({
        schemas: [USER, ENTERPRISE],
        id: USER_ID,
        [ENTERPRISE]: { manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d' } },
      });
    });

    it('selects a whole extension', () => {
      const projected = projectResource(storedUser(), 'User', { attributes: [ENTERPRISE] });

      expect(projected).toEqual({
        schemas: [USER, ENTERPRISE],
        id: USER_ID,
        [ENTERPRISE]: ENTERPRISE_DATA,
      });
    });

    it('selects the whole core schema', () => {
      const projected = projectResource(storedUser(), 'User', { attributes: [USER] });

      expect(projected.userName).toBe('bjensen@example.com');
      expect(projected.meta).toEqual(META);
      expect(projected).not.toHaveProperty(ENTERPRISE);
    });
  });

  describe('excludedAttributes', () => {
    it('removes named attributes', () => {
      const projected = projectResource(storedUser(), 'User', {
        excludedAttributes: ['emails', 'GROUPS'],
      });

      expect(projected).not.toHaveProperty('emails');
      expect(projected).not.toHaveProperty('groups');
      expect(projected.userName).toBe('bjensen@example.com');
    });

    it('keeps id and schemas', () => {
      const projected = projectResource(storedUser(), 'User', {
        excludedAttributes: ['id', 'schemas'],
      });

      expect(projected.id).toBe(USER_ID);
      expect(projected.schemas).toEqual([USER, ENTERPRISE]);
    });

    it('removes a sub-attribute', () => {
      const projected = projectResource(storedUser(), 'User', {
        excludedAttributes: ['name.givenName'],
      });

      expect(projected.name).toEqual({ formatted: 'Ms. Barbara J Jensen', familyName: 'Jensen' });
    });

    it('removes a sub-attribute of a list', () => {
      const projected = projectResource(storedUser(), 'User', {
        excludedAttributes: ['emails.TYPE'],
      });

      expect(projected.emails).toEqual([
        { value: 'bjensen@example.com', primary: true },
        { value: 'babs@jensen.org' },
      ]);
    });

    it('removes meta', () => {
      expect(
        projectResource(storedUser(), 'User', { excludedAttributes: ['meta'] }),
      ).not.toHaveProperty('meta');
    });

    it('removes an extension attribute', () => {
      const projected = projectResource(storedUser(), 'User', {
        excludedAttributes: [`${ENTERPRISE}:department`],
      });

      expect(projected[ENTERPRISE]).toEqual({
        employeeNumber: '701984',
        manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d' },
      });
    });

    it('removes a whole extension', () => {
      const projected = projectResource(storedUser(), 'User', { excludedAttributes: [ENTERPRISE] });

      expect(projected).not.toHaveProperty(ENTERPRISE);
      expect(projected.schemas).toEqual([USER]);
    });

    it('ignores unknown names', () => {
      const projected = projectResource(storedUser(), 'User', {
        excludedAttributes: ['favouriteColour'],
      });

      expect(projected).toEqual(projectResource(storedUser(), 'User'));
    });
  });

  it('applies both lists', () => {
    const projected = projectResource(storedUser(), 'User', {
      attributes: ['name', 'userName'],
      excludedAttributes: ['name.familyName', 'userName'],
    });

    expect(projected).toEqual({
      schemas: [USER],
      id: USER_ID,
      name: { formatted: 'Ms. Barbara J Jensen', givenName: 'Barbara' },
    });
  });

  describe('Group', () => {
    it('excludes members as Entra ID asks', () => {
      const projected = projectResource(STORED_GROUP, 'Group', { excludedAttributes: ['members'] });

      expect(projected).toEqual({
        schemas: [GROUP],
        id: 'e9e30dba-f08f-4109-8486-d5c6a331660a',
        meta: { resourceType: 'Group', created: '2026-01-02T03:04:05.000Z' },
        displayName: 'Tour Guides',
      });
    });

    it('returns member display', () => {
      const projected = projectResource(STORED_GROUP, 'Group', { attributes: ['members.display'] });

      expect(projected.members).toEqual([{ display: 'Babs Jensen' }]);
    });

    it('ignores User attributes', () => {
      const projected = projectResource({ ...STORED_GROUP, userName: 'x' }, 'Group');

      expect(projected).not.toHaveProperty('userName');
    });
  });
});
