import { ScimError } from '../scim-error';
import { normalizeResource, type NormalizeMode } from './resource-normalizer';
import type { ScimResourceType } from './schema-registry';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

function catchScimError(action: () => unknown): ScimError {
  try {
    action();
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error('expected a ScimError, but nothing was thrown');
}

// POST /Users as Okta's SCIM 2.0 reference shows it (developer.okta.com,
// "Okta and SCIM Version 2.0"). Okta sends password even without password sync.
const OKTA_CREATE_USER = {
  schemas: [USER],
  userName: 'test.user@okta.local',
  name: { givenName: 'Test', familyName: 'User' },
  emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
  displayName: 'Test User',
  locale: 'en-US',
  externalId: '00ujl29u0le5T6Aj10h7',
  groups: [],
  password: '1mz050nq',
  active: true,
};

// PUT /Users/{id} from the same reference: the GET result sent back with changes.
const OKTA_REPLACE_USER = {
  schemas: [USER],
  id: '23a35c27-23d3-4c03-b4c5-6443c09e7173',
  userName: 'test.user@okta.local',
  name: { givenName: 'Another', middleName: 'Excited', familyName: 'User' },
  emails: [
    { primary: true, value: 'test.user@okta.local', type: 'work', display: 'test.user@okta.local' },
  ],
  active: true,
  groups: [],
  meta: { resourceType: 'User' },
};

// POST /Users as Microsoft's "Develop a SCIM endpoint" tutorial for Entra ID shows it.
const ENTRA_CREATE_USER = {
  schemas: [USER, ENTERPRISE],
  externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
  userName: 'Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1',
  active: true,
  emails: [
    {
      primary: true,
      type: 'work',
      value: 'Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com',
    },
  ],
  meta: { resourceType: 'User' },
  name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
  roles: [],
};

// POST /Groups from the same tutorial, with Entra ID's own Group schema URN.
const ENTRA_CREATE_GROUP = {
  schemas: [GROUP, 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
  externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
  displayName: 'displayName',
  meta: { resourceType: 'Group' },
};

describe(normalizeResource.name, () => {
  describe('Okta', () => {
    it('normalizes a create body', () => {
      const document = normalizeResource(OKTA_CREATE_USER, 'User', 'create');

      expect(document).toEqual({
        schemas: [USER],
        externalId: '00ujl29u0le5T6Aj10h7',
        userName: 'test.user@okta.local',
        name: { familyName: 'User', givenName: 'Test' },
        displayName: 'Test User',
        locale: 'en-US',
        active: true,
        emails: [{ value: 'test.user@okta.local', type: 'work', primary: true }],
      });
    });

    it('drops password and groups', () => {
      const document = normalizeResource(OKTA_CREATE_USER, 'User', 'create');

      expect(document).not.toHaveProperty('password');
      expect(document).not.toHaveProperty('groups');
    });

    it('normalizes a replace body', () => {
      const document = normalizeResource(OKTA_REPLACE_USER, 'User', 'replace');

      expect(document).toEqual({
        schemas: [USER],
        userName: 'test.user@okta.local',
        name: { familyName: 'User', givenName: 'Another', middleName: 'Excited' },
        active: true,
        emails: [
          {
            value: 'test.user@okta.local',
            display: 'test.user@okta.local',
            type: 'work',
            primary: true,
          },
        ],
      });
    });

    it('drops id and meta on replace', () => {
      const document = normalizeResource(OKTA_REPLACE_USER, 'User', 'replace');

      expect(document).not.toHaveProperty('id');
      expect(document).not.toHaveProperty('meta');
    });

    it('normalizes a Group create body', () => {
      const body = { schemas: [GROUP], displayName: 'Test SCIMv2', members: [] };

      expect(normalizeResource(body, 'Group', 'create')).toEqual({
        schemas: [GROUP],
        displayName: 'Test SCIMv2',
      });
    });
  });

  describe('Entra ID', () => {
    it('normalizes a create body', () => {
      const document = normalizeResource(ENTRA_CREATE_USER, 'User', 'create');

      expect(document).toEqual({
        schemas: [USER],
        externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
        userName: 'Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1',
        name: {
          formatted: 'givenName familyName',
          familyName: 'familyName',
          givenName: 'givenName',
        },
        active: true,
        emails: [
          {
            value: 'Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com',
            type: 'work',
            primary: true,
          },
        ],
      });
    });

    it('has one work email', () => {
      const document = normalizeResource(ENTRA_CREATE_USER, 'User', 'create');
      const emails = document.emails as { type?: string }[];

      expect(emails.filter((email) => email.type === 'work')).toHaveLength(1);
    });

    it('drops the extension URN without extension data', () => {
      const document = normalizeResource(ENTRA_CREATE_USER, 'User', 'create');

      expect(document.schemas).toEqual([USER]);
    });

    it('stores "True" and "False" as booleans', () => {
      const active = normalizeResource({ ...ENTRA_CREATE_USER, active: 'True' }, 'User', 'create');
      const inactive = normalizeResource(
        { ...ENTRA_CREATE_USER, active: 'False' },
        'User',
        'create',
      );

      expect(active.active).toBe(true);
      expect(inactive.active).toBe(false);
    });

    it('keeps enterprise attributes', () => {
      const body = {
        ...ENTRA_CREATE_USER,
        [ENTERPRISE]: {
          employeeNumber: '701984',
          department: 'Tour Operations',
          manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d' },
        },
      };

      const document = normalizeResource(body, 'User', 'create');

      expect(document.schemas).toEqual([USER, ENTERPRISE]);
      expect(document[ENTERPRISE]).toEqual({
        employeeNumber: '701984',
        department: 'Tour Operations',
        manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d' },
      });
    });

    it('accepts the keys of a path-less PATCH value', () => {
      const body = {
        userName: 'bjensen@example.com',
        displayName: 'Bjfe',
        'name.givenName': 'Kkom',
        'name.familyName': 'Unua',
        [`${ENTERPRISE}:employeeNumber`]: 'Aklq',
      };

      const document = normalizeResource(body, 'User', 'replace');

      expect(document.name).toEqual({ givenName: 'Kkom', familyName: 'Unua' });
      expect(document[ENTERPRISE]).toEqual({ employeeNumber: 'Aklq' });
      expect(document.schemas).toEqual([USER, ENTERPRISE]);
    });

    it('ignores its own Group schema URN', () => {
      expect(normalizeResource(ENTRA_CREATE_GROUP, 'Group', 'create')).toEqual({
        schemas: [GROUP],
        externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
        displayName: 'displayName',
      });
    });
  });

  it.each<NormalizeMode>(['create', 'replace'])('gives the same result on %s', (mode) => {
    expect(normalizeResource(OKTA_CREATE_USER, 'User', mode)).toEqual(
      normalizeResource(OKTA_CREATE_USER, 'User', 'create'),
    );
  });

  describe('attribute names', () => {
    it('canonicalizes core names', () => {
      const body = {
        USERNAME: 'bjensen',
        Name: { GivenName: 'Barbara', FAMILYNAME: 'Jensen' },
        emails: [{ VALUE: 'bjensen@example.com', Type: 'work', PRIMARY: true }],
        displayname: 'Babs',
      };

      expect(normalizeResource(body, 'User', 'create')).toEqual({
        schemas: [USER],
        userName: 'bjensen',
        name: { givenName: 'Barbara', familyName: 'Jensen' },
        displayName: 'Babs',
        emails: [{ value: 'bjensen@example.com', type: 'work', primary: true }],
      });
    });

    it('canonicalizes extension names', () => {
      const body = { userName: 'bjensen', [ENTERPRISE.toLowerCase()]: { COSTCENTER: '4130' } };

      const document = normalizeResource(body, 'User', 'create');

      expect(document[ENTERPRISE]).toEqual({ costCenter: '4130' });
    });

    it('accepts URN-prefixed core names', () => {
      const body = { [`${USER}:userName`]: 'bjensen', [`${USER}:name.givenName`]: 'Barbara' };

      expect(normalizeResource(body, 'User', 'create')).toEqual({
        schemas: [USER],
        userName: 'bjensen',
        name: { givenName: 'Barbara' },
      });
    });

    it('nests URN-prefixed extension keys', () => {
      const body = { userName: 'bjensen', [`${ENTERPRISE}:employeeNumber`]: '7' };

      const document = normalizeResource(body, 'User', 'create');

      expect(document[ENTERPRISE]).toEqual({ employeeNumber: '7' });
      expect(document).not.toHaveProperty(`${ENTERPRISE}:employeeNumber`);
    });

    it('merges nested and prefixed extension keys', () => {
      const body = {
        userName: 'bjensen',
        [ENTERPRISE]: { department: 'Tour Operations' },
        [`${ENTERPRISE}:manager.value`]: 'u-1',
      };

      const document = normalizeResource(body, 'User', 'create');

      expect(document[ENTERPRISE]).toEqual({
        department: 'Tour Operations',
        manager: { value: 'u-1' },
      });
    });

    it('merges a whole object with a sub-attribute key', () => {
      const body = {
        userName: 'bjensen',
        name: { givenName: 'Barbara' },
        'NAME.familyName': 'Jensen',
      };

      const document = normalizeResource(body, 'User', 'create');

      expect(document.name).toEqual({ givenName: 'Barbara', familyName: 'Jensen' });
    });
  });

  describe('dropped input', () => {
    it('drops unknown attributes and schemas', () => {
      const body = {
        userName: 'bjensen',
        favouriteColour: 'green',
        name: { givenName: 'Barbara', nickname: 'Babs' },
        'urn:example:params:scim:schemas:extension:custom:2.0:User': { badge: 7 },
        'urn:example:params:scim:schemas:extension:custom:2.0:User:badge': 7,
        [`${ENTERPRISE}:shoeSize`]: 38,
        'emails[type eq "work"].value': 'bjensen@example.com',
      };

      expect(normalizeResource(body, 'User', 'create')).toEqual({
        schemas: [USER],
        userName: 'bjensen',
        name: { givenName: 'Barbara' },
      });
    });

    it.each([
      ['id', { id: 'client-chosen' }],
      ['meta', { meta: { created: '2026-01-02T03:04:05Z', version: 'W/"1"' } }],
      ['groups', { groups: [{ value: 'g-1', display: 'Admins' }] }],
      ['password', { password: 't1meMa$heen' }],
    ])('drops %s', (name, extra) => {
      const document = normalizeResource({ userName: 'bjensen', ...extra }, 'User', 'create');

      expect(document).not.toHaveProperty(name);
    });

    it('drops a password of the wrong type', () => {
      const document = normalizeResource(
        { userName: 'bjensen', password: 12345 },
        'User',
        'create',
      );

      expect(document).not.toHaveProperty('password');
    });

    it('drops readOnly manager sub-attributes', () => {
      const manager = {
        value: '26118915-6090-4610-87e4-49d8ca9f808d',
        $ref: '../Users/26118915-6090-4610-87e4-49d8ca9f808d',
        displayName: 'John Smith',
      };

      const document = normalizeResource(
        { userName: 'bjensen', [ENTERPRISE]: { manager } },
        'User',
        'create',
      );

      expect(document[ENTERPRISE]).toEqual({
        manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d' },
      });
    });

    it('drops member display', () => {
      const body = {
        displayName: 'Tour Guides',
        members: [
          { value: '2819c223', display: 'Babs Jensen', type: 'User', $ref: '../Users/2819c223' },
        ],
      };

      const document = normalizeResource(body, 'Group', 'create');

      expect(document.members).toEqual([
        { value: '2819c223', $ref: '../Users/2819c223', type: 'User' },
      ]);
    });

    it.each([
      ['null attribute', { displayName: null }, 'displayName'],
      ['null sub-attributes', { name: { givenName: null, familyName: null } }, 'name'],
      ['empty array', { emails: [] }, 'emails'],
      ['empty elements', { emails: [{}, null] }, 'emails'],
      ['null extension', { [ENTERPRISE]: null }, ENTERPRISE],
      ['empty extension', { [ENTERPRISE]: { department: null } }, ENTERPRISE],
    ])('removes %s', (_case, extra, name) => {
      const document = normalizeResource({ userName: 'bjensen', ...extra }, 'User', 'create');

      expect(document).not.toHaveProperty(name);
    });

    it('lists only the core URN without extension data', () => {
      const document = normalizeResource(
        { userName: 'bjensen', [ENTERPRISE]: {} },
        'User',
        'create',
      );

      expect(document.schemas).toEqual([USER]);
    });
  });

  describe('values', () => {
    it('accepts the manager as a plain id', () => {
      const body = {
        userName: 'bjensen',
        [ENTERPRISE]: { manager: '26118915-6090-4610-87e4-49d8ca9f808d' },
      };

      const document = normalizeResource(body, 'User', 'create');

      expect(document[ENTERPRISE]).toEqual({
        manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d' },
      });
    });

    it('wraps a single email object', () => {
      const body = { userName: 'bjensen', emails: { value: 'bjensen@example.com', type: 'work' } };

      const document = normalizeResource(body, 'User', 'create');

      expect(document.emails).toEqual([{ value: 'bjensen@example.com', type: 'work' }]);
    });

    it('trims userName', () => {
      expect(normalizeResource({ userName: '  bjensen \t' }, 'User', 'create').userName).toBe(
        'bjensen',
      );
    });

    it('trims Group displayName', () => {
      expect(
        normalizeResource({ displayName: ' Tour Guides ' }, 'Group', 'create').displayName,
      ).toBe('Tour Guides');
    });

    it('keeps User displayName as sent', () => {
      const document = normalizeResource(
        { userName: 'bjensen', displayName: ' Babs ' },
        'User',
        'create',
      );

      expect(document.displayName).toBe(' Babs ');
    });

    it('keeps the case of values', () => {
      const document = normalizeResource(
        {
          userName: 'BJensen@Example.COM',
          emails: [{ value: 'BJensen@Example.COM', type: 'Work' }],
        },
        'User',
        'create',
      );

      expect(document.userName).toBe('BJensen@Example.COM');
      expect(document.emails).toEqual([{ value: 'BJensen@Example.COM', type: 'Work' }]);
    });

    it('accepts one primary email', () => {
      const body = {
        userName: 'bjensen',
        emails: [
          { value: 'bjensen@example.com', type: 'work', primary: 'true' },
          { value: 'babs@jensen.org', type: 'home', primary: false },
        ],
      };

      const document = normalizeResource(body, 'User', 'create');

      expect(document.emails).toEqual([
        { value: 'bjensen@example.com', type: 'work', primary: true },
        { value: 'babs@jensen.org', type: 'home', primary: false },
      ]);
    });

    it('keeps an empty name component', () => {
      const document = normalizeResource(
        { userName: 'bjensen', name: { middleName: '' } },
        'User',
        'create',
      );

      expect(document.name).toEqual({ middleName: '' });
    });
  });

  describe('schemas', () => {
    it.each([
      ['missing', undefined],
      ['null', null],
      ['a single string', USER],
      ['in another case', [USER.toLowerCase()]],
      ['with unknown URNs', ['urn:example:custom', USER]],
    ])('accepts schemas %s', (_case, schemas) => {
      const document = normalizeResource({ schemas, userName: 'bjensen' }, 'User', 'replace');

      expect(document.schemas).toEqual([USER]);
    });
  });

  describe('errors', () => {
    it.each([
      ['null', null, 'null'],
      ['an array', [{ userName: 'bjensen' }], '[{"userName":"bjensen"}]'],
      ['a string', 'bjensen', '"bjensen"'],
    ])('rejects %s as body', (_case, body, shown) => {
      const error = catchScimError(() => normalizeResource(body, 'User', 'create'));

      expect(error.scimType).toBe('invalidSyntax');
      expect(error.detail).toBe(`The User create request body must be a JSON object; got ${shown}`);
    });

    it.each<[string, ScimResourceType, Record<string, unknown>, string]>([
      ['missing userName', 'User', { name: { givenName: 'Barbara' } }, 'userName is required'],
      ['null userName', 'User', { userName: null }, 'userName is required'],
      ['empty userName', 'User', { userName: '' }, 'userName must not be empty'],
      ['blank userName', 'User', { userName: '   ' }, 'userName must not be empty'],
      ['number userName', 'User', { userName: 42 }, 'userName must be a string; got 42'],
      ['missing Group displayName', 'Group', { members: [] }, 'displayName is required'],
      ['blank Group displayName', 'Group', { displayName: ' ' }, 'displayName must not be empty'],
      [
        'wrong schemas',
        'User',
        { schemas: [GROUP], userName: 'bjensen' },
        `schemas must contain ${USER}; got ["${GROUP}"]`,
      ],
      [
        'empty schemas',
        'User',
        { schemas: [], userName: 'bjensen' },
        `schemas must contain ${USER}; got []`,
      ],
      [
        'schemas of numbers',
        'User',
        { schemas: [1], userName: 'bjensen' },
        'schemas must be an array of schema URN strings; got [1]',
      ],
      [
        'word for active',
        'User',
        { userName: 'bjensen', active: 'yes' },
        'active must be a boolean (true or false); got "yes"',
      ],
      [
        'string for name',
        'User',
        { userName: 'bjensen', name: 'Barbara Jensen' },
        'name must be an object of sub-attributes; got "Barbara Jensen"',
      ],
      [
        'array for displayName',
        'User',
        { userName: 'bjensen', displayName: ['Babs'] },
        'displayName must be a single value, a string; got an array',
      ],
      [
        'number email',
        'User',
        { userName: 'bjensen', emails: [{ value: 7 }] },
        'emails[0].value must be a string; got 7',
      ],
      [
        'two primary emails',
        'User',
        {
          userName: 'bjensen',
          emails: [
            { value: 'a@example.com', primary: true },
            { value: 'b@example.com', primary: 'True' },
          ],
        },
        'emails has 2 values with primary set to true; at most one value may be primary',
      ],
      [
        'two primary addresses',
        'User',
        {
          userName: 'bjensen',
          addresses: [
            { locality: 'Hollywood', primary: true },
            { locality: 'Malibu', primary: true },
          ],
        },
        'addresses has 2 values with primary set to true; at most one value may be primary',
      ],
      [
        'bad certificate',
        'User',
        { userName: 'bjensen', x509Certificates: [{ value: '-----BEGIN CERTIFICATE-----' }] },
        'x509Certificates[0].value must be a base64 string; got "-----BEGIN CERTIFICATE-----"',
      ],
      [
        'string extension',
        'User',
        { userName: 'bjensen', [ENTERPRISE]: 'Tour Operations' },
        `${ENTERPRISE} must be an object of the schema's attributes; got "Tour Operations"`,
      ],
      [
        'number manager',
        'User',
        { userName: 'bjensen', [ENTERPRISE]: { manager: 7 } },
        `${ENTERPRISE}:manager.value must be a string; got 7`,
      ],
      [
        'manager without id',
        'User',
        { userName: 'bjensen', [ENTERPRISE]: { manager: { value: '' } } },
        `${ENTERPRISE}:manager.value must not be empty`,
      ],
      [
        'number employeeNumber',
        'User',
        { userName: 'bjensen', [`${ENTERPRISE}:employeeNumber`]: 7 },
        `${ENTERPRISE}:employeeNumber must be a string; got 7`,
      ],
      [
        'member without value',
        'Group',
        { displayName: 'Tour Guides', members: [{ display: 'Babs Jensen', type: 'User' }] },
        'members[0].value is required',
      ],
      [
        'sub-attribute key of a list',
        'User',
        { userName: 'bjensen', 'emails.value': 'bjensen@example.com' },
        '"emails.value" sets a sub-attribute of the multi-valued attribute emails; send emails as an array of objects',
      ],
    ])('rejects %s', (_case, resourceType, body, detail) => {
      const error = catchScimError(() => normalizeResource(body, resourceType, 'create'));

      expect(error.scimType).toBe('invalidValue');
      expect(error.detail).toBe(detail);
      expect(error.status).toBe(400);
    });

    it.each<[string, Record<string, unknown>, string]>([
      [
        'userName twice',
        { userName: 'bjensen', USERNAME: 'babs' },
        'userName is given more than once, as "userName" and "USERNAME"',
      ],
      [
        'name sub-attribute twice',
        { userName: 'bjensen', name: { givenName: 'Barbara' }, 'name.givenName': 'Babs' },
        'name.givenName is given more than once, as "name" and "name.givenName"',
      ],
      [
        'extension attribute twice',
        {
          userName: 'bjensen',
          [ENTERPRISE]: { department: 'A' },
          [`${ENTERPRISE}:department`]: 'B',
        },
        `${ENTERPRISE}:department is given more than once, as "department" in "${ENTERPRISE}" and "${ENTERPRISE}:department"`,
      ],
    ])('rejects %s', (_case, body, detail) => {
      const error = catchScimError(() => normalizeResource(body, 'User', 'create'));

      expect(error.scimType).toBe('invalidSyntax');
      expect(error.detail).toBe(detail);
    });
  });
});
