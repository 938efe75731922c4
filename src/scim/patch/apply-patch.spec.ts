import type { ScimType } from '../scim-error';
import { applyPatch } from './apply-patch';
import { parsePatchRequest } from './parse-patch-request';
import type { ScimDocument } from './patch-operation';
import { catchScimError, patchBody, patchDocument } from './testing/patch-helpers.fixture';
import {
  ENTERPRISE_URN,
  GROUP_CONTEXT,
  storedGroup,
  storedUser,
  USER_CONTEXT,
  USER_URN,
} from './testing/patch-schemas.fixture';

const ENTERPRISE_MANAGER = `${ENTERPRISE_URN}:manager`;

function enterprise(document: ScimDocument): Record<string, unknown> | undefined {
  return document[ENTERPRISE_URN] as Record<string, unknown> | undefined;
}

function userWithout(...attributes: string[]): ScimDocument {
  const user = storedUser();
  for (const attribute of attributes) delete user[attribute];
  return user;
}

describe(applyPatch.name, () => {
  describe('Okta requests', () => {
    it('deactivates user', () => {
      const result = patchDocument(storedUser(), [{ op: 'replace', value: { active: false } }]);

      expect(result.active).toBe(false);
      expect(result.userName).toBe('bjensen');
    });

    it('accepts and discards password change', () => {
      const user = storedUser();

      const result = patchDocument(user, [{ op: 'replace', value: { password: 'N3w-Passw0rd!' } }]);

      expect(result).toEqual(user);
      expect(result).not.toHaveProperty('password');
    });

    it('updates profile without path', () => {
      const result = patchDocument(storedUser(), [
        {
          op: 'replace',
          value: {
            name: { givenName: 'Babs', familyName: 'Jensen' },
            emails: [{ value: 'babs@work.example', type: 'work', primary: true }],
          },
        },
      ]);

      expect(result.name).toEqual({ givenName: 'Babs', familyName: 'Jensen' });
      expect(result.emails).toEqual([{ value: 'babs@work.example', type: 'work', primary: true }]);
    });

    it('renames group sent with its id', () => {
      const result = patchDocument(
        storedGroup(),
        [{ op: 'replace', value: { id: 'e9e30dba', displayName: 'Platform' } }],
        GROUP_CONTEXT,
      );

      expect(result.displayName).toBe('Platform');
      expect(result.id).toBe('e9e30dba');
    });
  });

  describe('Entra ID requests', () => {
    it('replaces active with "False"', () => {
      const result = patchDocument(storedUser(), [
        { op: 'Replace', path: 'active', value: 'False' },
      ]);

      expect(result.active).toBe(false);
    });

    it.each([
      ['True', true],
      ['TRUE', true],
      ['false', false],
      ['fAlSe', false],
    ])('stores boolean string %s', (text, expected) => {
      const result = patchDocument(storedUser(), [{ op: 'Replace', path: 'active', value: text }]);

      expect(result.active).toBe(expected);
    });

    it('adds work email value through filter', () => {
      const result = patchDocument(storedUser(), [
        { op: 'Add', path: 'emails[type eq "work"].value', value: 'x@y' },
      ]);

      expect(result.emails).toEqual([
        { value: 'bjensen@home.example', type: 'home', primary: true },
        { type: 'work', value: 'x@y' },
      ]);
    });

    it('updates work email value through filter', () => {
      const user = storedUser();
      user.emails = [{ value: 'old@work.example', type: 'work' }];

      const result = patchDocument(user, [
        { op: 'Add', path: 'emails[type eq "work"].value', value: 'x@y' },
      ]);

      expect(result.emails).toEqual([{ value: 'x@y', type: 'work' }]);
    });

    it('replaces work email on user without emails', () => {
      const result = patchDocument(userWithout('emails'), [
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'x@y' },
      ]);

      expect(result.emails).toEqual([{ type: 'work', value: 'x@y' }]);
    });

    it('replaces manager with bare id', () => {
      const result = patchDocument(storedUser(), [
        { op: 'Replace', path: ENTERPRISE_MANAGER, value: 'id' },
      ]);

      expect(enterprise(result)?.manager).toEqual({ value: 'id', displayName: 'Mia Manager' });
    });

    it('adds manager to user without extension', () => {
      const result = patchDocument(userWithout(ENTERPRISE_URN), [
        { op: 'Add', path: ENTERPRISE_MANAGER, value: 'id' },
      ]);

      expect(enterprise(result)).toEqual({ manager: { value: 'id' } });
      expect(result.schemas).toEqual([USER_URN, ENTERPRISE_URN]);
    });

    it('removes manager', () => {
      const result = patchDocument(storedUser(), [{ op: 'Remove', path: ENTERPRISE_MANAGER }]);

      expect(enterprise(result)).toEqual({ department: 'Sales' });
    });

    it('adds dotted key without path', () => {
      const result = patchDocument(storedUser(), [{ op: 'Add', value: { 'name.givenName': 'A' } }]);

      expect(result.name).toEqual({ givenName: 'A', familyName: 'Jensen' });
      expect(result['name.givenName']).toBeUndefined();
    });

    it('adds extension URN key without path', () => {
      const result = patchDocument(storedUser(), [
        { op: 'Add', value: { [`${ENTERPRISE_URN}:department`]: 'Engineering' } },
      ]);

      expect(enterprise(result)?.department).toBe('Engineering');
      expect(result[`${ENTERPRISE_URN}:department`]).toBeUndefined();
    });

    it('adds extension object without path', () => {
      const result = patchDocument(storedUser(), [
        {
          op: 'Replace',
          value: { [ENTERPRISE_URN]: { department: 'Engineering', manager: { value: 'm2' } } },
        },
      ]);

      expect(enterprise(result)?.department).toBe('Engineering');
      expect(enterprise(result)?.manager).toEqual({ value: 'm2', displayName: 'Mia Manager' });
    });

    it('replaces extension attribute path', () => {
      const result = patchDocument(storedUser(), [
        { op: 'Replace', path: `${ENTERPRISE_URN}:department`, value: 'Engineering' },
      ]);

      expect(enterprise(result)?.department).toBe('Engineering');
    });

    it('replaces extension sub-attribute path', () => {
      const result = patchDocument(storedUser(), [
        { op: 'Replace', path: `${ENTERPRISE_MANAGER}.value`, value: 'm2' },
      ]);

      expect(enterprise(result)?.manager).toEqual({ value: 'm2', displayName: 'Mia Manager' });
    });

    it('replaces multiple attributes in one value', () => {
      const result = patchDocument(storedUser(), [
        {
          op: 'Replace',
          value: {
            displayName: 'Babs',
            'name.familyName': 'Jensen-Smith',
            active: 'True',
            [`${ENTERPRISE_URN}:department`]: 'Support',
          },
        },
      ]);

      expect(result.displayName).toBe('Babs');
      expect(result.name).toEqual({ givenName: 'Barbara', familyName: 'Jensen-Smith' });
      expect(result.active).toBe(true);
      expect(enterprise(result)?.department).toBe('Support');
    });
  });

  describe('add', () => {
    it('sets single-valued attribute', () => {
      const result = patchDocument(storedUser(), [
        { op: 'add', path: 'displayName', value: 'Babs' },
      ]);

      expect(result.displayName).toBe('Babs');
    });

    it('appends to multi-valued attribute', () => {
      const result = patchDocument(storedUser(), [
        { op: 'add', path: 'emails', value: [{ value: 'b@work.example', type: 'work' }] },
      ]);

      expect(result.emails).toEqual([
        { value: 'bjensen@home.example', type: 'home', primary: true },
        { value: 'b@work.example', type: 'work' },
      ]);
    });

    it('skips exact duplicate value', () => {
      const result = patchDocument(storedUser(), [
        {
          op: 'add',
          path: 'emails',
          value: [{ value: 'bjensen@home.example', type: 'home', primary: true }],
        },
      ]);

      expect(result.emails).toHaveLength(1);
    });

    it('skips duplicates within request', () => {
      const result = patchDocument(storedUser(), [
        { op: 'add', path: 'tags', value: ['a', 'b', 'a'] },
      ]);

      expect(result.tags).toEqual(['a', 'b']);
    });

    it('takes single element as list', () => {
      const result = patchDocument(userWithout('emails'), [
        { op: 'add', path: 'emails', value: { value: 'b@work.example', type: 'work' } },
      ]);

      expect(result.emails).toEqual([{ value: 'b@work.example', type: 'work' }]);
    });

    it('merges complex sub-attributes', () => {
      const result = patchDocument(storedUser(), [
        { op: 'add', path: 'name', value: { givenName: 'Babs' } },
      ]);

      expect(result.name).toEqual({ givenName: 'Babs', familyName: 'Jensen' });
    });

    it('merges into matching element', () => {
      const result = patchDocument(storedUser(), [
        { op: 'add', path: 'emails[type eq "home"]', value: { value: 'new@home.example' } },
      ]);

      expect(result.emails).toEqual([{ value: 'new@home.example', type: 'home', primary: true }]);
    });

    it('creates element from and-filter', () => {
      const result = patchDocument(userWithout('emails'), [
        { op: 'add', path: 'emails[type eq "work" and primary eq "true"].value', value: 'x@y' },
      ]);

      expect(result.emails).toEqual([{ type: 'work', primary: true, value: 'x@y' }]);
    });

    it('sets sub-attribute on every element', () => {
      const user = storedUser();
      user.emails = [{ value: 'a@x' }, { value: 'b@x' }];

      const result = patchDocument(user, [{ op: 'add', path: 'emails.type', value: 'other' }]);

      expect(result.emails).toEqual([
        { value: 'a@x', type: 'other' },
        { value: 'b@x', type: 'other' },
      ]);
    });

    it('sets immutable attribute when unassigned', () => {
      const result = patchDocument(userWithout('badgeNumber'), [
        { op: 'add', path: 'badgeNumber', value: 'B-7' },
      ]);

      expect(result.badgeNumber).toBe('B-7');
    });

    it('accepts immutable attribute with same value', () => {
      const result = patchDocument(storedUser(), [
        { op: 'replace', path: 'badgeNumber', value: 'B-100' },
      ]);

      expect(result.badgeNumber).toBe('B-100');
    });

    it('unassigns attribute given null', () => {
      const result = patchDocument(storedUser(), [
        { op: 'add', value: { displayName: null, active: null } },
      ]);

      expect(result).not.toHaveProperty('displayName');
      expect(result).not.toHaveProperty('active');
    });
  });

  describe('replace', () => {
    it('adds absent attribute', () => {
      const result = patchDocument(storedUser(), [
        { op: 'replace', path: 'displayName', value: 'Babs' },
      ]);

      expect(result.displayName).toBe('Babs');
    });

    it('replaces whole multi-valued list', () => {
      const result = patchDocument(storedUser(), [
        { op: 'replace', path: 'emails', value: [{ value: 'w@x', type: 'work' }] },
      ]);

      expect(result.emails).toEqual([{ value: 'w@x', type: 'work' }]);
    });

    it('unassigns list replaced with empty array', () => {
      const result = patchDocument(storedUser(), [{ op: 'replace', path: 'emails', value: [] }]);

      expect(result).not.toHaveProperty('emails');
    });

    it('keeps unsent complex sub-attributes', () => {
      const result = patchDocument(storedUser(), [
        { op: 'replace', path: 'name', value: { familyName: 'Smith' } },
      ]);

      expect(result.name).toEqual({ givenName: 'Barbara', familyName: 'Smith' });
    });

    it('unassigns sub-attribute sent as null', () => {
      const result = patchDocument(storedUser(), [
        { op: 'replace', path: 'name', value: { givenName: null } },
      ]);

      expect(result.name).toEqual({ familyName: 'Jensen' });
    });

    it('replaces matching element whole', () => {
      const result = patchDocument(storedUser(), [
        {
          op: 'replace',
          path: 'emails[type eq "home"]',
          value: { value: 'n@home.example', type: 'home' },
        },
      ]);

      expect(result.emails).toEqual([{ value: 'n@home.example', type: 'home' }]);
    });

    it('replaces sub-attribute of matching element', () => {
      const result = patchDocument(storedUser(), [
        { op: 'replace', path: 'emails[type eq "home"].value', value: 'n@home.example' },
      ]);

      expect(result.emails).toEqual([{ value: 'n@home.example', type: 'home', primary: true }]);
    });

    it('replaces sub-attribute of single complex', () => {
      const result = patchDocument(storedUser(), [
        { op: 'replace', path: 'name.givenName', value: 'Babs' },
      ]);

      expect(result.name).toEqual({ givenName: 'Babs', familyName: 'Jensen' });
    });

    it('unassigns attribute given null', () => {
      const result = patchDocument(storedUser(), [{ op: 'replace', path: 'name', value: null }]);

      expect(result).not.toHaveProperty('name');
    });
  });

  describe('remove', () => {
    it('removes single-valued attribute', () => {
      const result = patchDocument(storedUser(), [{ op: 'remove', path: 'active' }]);

      expect(result).not.toHaveProperty('active');
    });

    it('removes sub-attribute', () => {
      const result = patchDocument(storedUser(), [{ op: 'remove', path: 'name.givenName' }]);

      expect(result.name).toEqual({ familyName: 'Jensen' });
    });

    it('removes complex emptied by sub removal', () => {
      const user = storedUser();
      user.name = { givenName: 'Barbara' };

      const result = patchDocument(user, [{ op: 'remove', path: 'name.givenName' }]);

      expect(result).not.toHaveProperty('name');
    });

    it('removes whole multi-valued attribute', () => {
      const result = patchDocument(storedUser(), [{ op: 'remove', path: 'emails' }]);

      expect(result).not.toHaveProperty('emails');
    });

    it('removes matching elements', () => {
      const user = storedUser();
      user.emails = [
        { value: 'a@x', type: 'work' },
        { value: 'b@x', type: 'home' },
        { value: 'c@x', type: 'work' },
      ];

      const result = patchDocument(user, [{ op: 'remove', path: 'emails[type eq "work"]' }]);

      expect(result.emails).toEqual([{ value: 'b@x', type: 'home' }]);
    });

    it('unassigns list emptied by filter', () => {
      const result = patchDocument(storedUser(), [
        { op: 'remove', path: 'emails[type eq "home"]' },
      ]);

      expect(result).not.toHaveProperty('emails');
    });

    it('removes sub-attribute of matching elements', () => {
      const result = patchDocument(storedUser(), [
        { op: 'remove', path: 'emails[type eq "home"].primary' },
      ]);

      expect(result.emails).toEqual([{ value: 'bjensen@home.example', type: 'home' }]);
    });

    it('removes simple value by filter', () => {
      const user = storedUser();
      user.tags = ['a', 'b'];

      const result = patchDocument(user, [{ op: 'remove', path: 'tags[value eq "A"]' }]);

      expect(result.tags).toEqual(['b']);
    });

    it('removes listed values only', () => {
      const user = storedUser();
      user.emails = [
        { value: 'a@x', type: 'work' },
        { value: 'b@x', type: 'home' },
      ];

      const result = patchDocument(user, [
        { op: 'remove', path: 'emails', value: [{ value: 'A@X' }] },
      ]);

      expect(result.emails).toEqual([{ value: 'b@x', type: 'home' }]);
    });

    it('changes nothing when filter matches nothing', () => {
      const user = storedUser();

      const result = patchDocument(user, [{ op: 'remove', path: 'emails[type eq "work"]' }]);

      expect(result).toEqual(user);
    });

    it('changes nothing for absent attribute', () => {
      const user = userWithout('displayName');

      const result = patchDocument(user, [{ op: 'remove', path: 'displayName' }]);

      expect(result).toEqual(user);
    });

    it('removes single-valued attribute sent with value', () => {
      const result = patchDocument(storedUser(), [
        { op: 'Remove', path: ENTERPRISE_MANAGER, value: [{ value: 'm1' }] },
      ]);

      expect(enterprise(result)).toEqual({ department: 'Sales' });
    });

    it('removes last extension attribute and schema URN', () => {
      const user = storedUser();
      user[ENTERPRISE_URN] = { department: 'Sales' };

      const result = patchDocument(user, [{ op: 'remove', path: `${ENTERPRISE_URN}:department` }]);

      expect(result).not.toHaveProperty([ENTERPRISE_URN]);
      expect(result.schemas).toEqual([USER_URN]);
    });

    it('removes whole extension by URN path', () => {
      const result = patchDocument(storedUser(), [{ op: 'remove', path: ENTERPRISE_URN }]);

      expect(result).not.toHaveProperty([ENTERPRISE_URN]);
      expect(result.schemas).toEqual([USER_URN]);
    });
  });

  describe('attribute names', () => {
    it.each([
      ['USERNAME', 'userName'],
      ['displayname', 'displayName'],
      [`${USER_URN}:userName`, 'userName'],
      [`${USER_URN.toUpperCase()}:USERNAME`, 'userName'],
    ])('resolves path %s', (path, canonical) => {
      const result = patchDocument(storedUser(), [{ op: 'replace', path, value: 'new' }]);

      expect(result[canonical]).toBe('new');
      if (path !== canonical) expect(result).not.toHaveProperty([path]);
    });

    it('resolves sub-attribute case', () => {
      const result = patchDocument(storedUser(), [
        { op: 'replace', path: 'Name.GIVENNAME', value: 'Babs' },
      ]);

      expect(result.name).toEqual({ givenName: 'Babs', familyName: 'Jensen' });
    });

    it('resolves filter names case-insensitively', () => {
      const result = patchDocument(storedUser(), [
        { op: 'replace', path: 'EMAILS[TYPE eq "HOME"].VALUE', value: 'n@home.example' },
      ]);

      expect(result.emails).toEqual([{ value: 'n@home.example', type: 'home', primary: true }]);
    });

    it('resolves value object keys', () => {
      const result = patchDocument(storedUser(), [
        { op: 'replace', value: { ACTIVE: 'false', Name: { GIVENNAME: 'Babs' } } },
      ]);

      expect(result.active).toBe(false);
      expect(result.name).toEqual({ givenName: 'Babs', familyName: 'Jensen' });
      expect(result).not.toHaveProperty('ACTIVE');
    });

    it('resolves extension URN case', () => {
      const result = patchDocument(storedUser(), [
        { op: 'replace', path: `${ENTERPRISE_URN.toLowerCase()}:DEPARTMENT`, value: 'Support' },
      ]);

      expect(enterprise(result)?.department).toBe('Support');
    });

    it('ignores unknown value object keys', () => {
      const user = storedUser();

      const result = patchDocument(user, [
        {
          op: 'replace',
          value: { nickName: 'Babs', 'urn:example:custom:2.0:User:costCenter': '42', schemas: [] },
        },
      ]);

      expect(result).toEqual(user);
    });

    it.each([
      ['attribute path', 'add', 'urn:example:custom:2.0:User:costCenter', '1'],
      ['attribute path', 'replace', 'urn:example:custom:2.0:User:costCenter', '1'],
      ['attribute path', 'remove', 'urn:example:custom:2.0:User:costCenter', undefined],
      ['schema path', 'add', 'urn:example:custom:2.0:User', { costCenter: '1' }],
      ['filtered path', 'replace', 'urn:example:custom:2.0:User:sites[id eq "1"].name', 'HQ'],
    ])('ignores unknown extension %s on %s', (_case, op, path, value) => {
      const user = storedUser();

      const result = patchDocument(user, [{ op, path, value }]);

      expect(result).toEqual(user);
    });

    it('replaces filtered key without path', () => {
      const result = patchDocument(storedUser(), [
        {
          op: 'Replace',
          value: { displayName: 'Babs', 'emails[type eq "home"].value': 'babs@home.example' },
        },
      ]);

      expect(result.displayName).toBe('Babs');
      expect(result.emails).toEqual([{ value: 'babs@home.example', type: 'home', primary: true }]);
    });

    it('adds filtered key without path', () => {
      const result = patchDocument(storedUser(), [
        { op: 'Add', value: { 'emails[type eq "work"].value': 'babs@work.example' } },
      ]);

      expect(result.emails).toEqual([
        { value: 'bjensen@home.example', type: 'home', primary: true },
        { value: 'babs@work.example', type: 'work' },
      ]);
    });

    it('replaces filtered key of empty attribute', () => {
      const result = patchDocument(userWithout('emails'), [
        { op: 'Replace', value: { 'emails[type eq "work"].value': 'babs@work.example' } },
      ]);

      expect(result.emails).toEqual([{ value: 'babs@work.example', type: 'work' }]);
    });

    it('ignores filtered keys of unknown attributes', () => {
      const user = storedUser();

      const result = patchDocument(user, [
        { op: 'replace', value: { 'faxes[type eq "work"].value': '1', nickName: 'Babs' } },
      ]);

      expect(result).toEqual(user);
    });

    it('drops unknown sub-attributes', () => {
      const result = patchDocument(storedUser(), [
        { op: 'replace', path: 'name', value: { givenName: 'Babs', middleName: 'J' } },
      ]);

      expect(result.name).toEqual({ givenName: 'Babs', familyName: 'Jensen' });
    });
  });

  describe('primary', () => {
    it('clears other primary on add', () => {
      const result = patchDocument(storedUser(), [
        { op: 'add', path: 'emails', value: [{ value: 'w@x', type: 'work', primary: true }] },
      ]);

      expect(result.emails).toEqual([
        { value: 'bjensen@home.example', type: 'home', primary: false },
        { value: 'w@x', type: 'work', primary: true },
      ]);
    });

    it('clears other primary on filter replace', () => {
      const user = storedUser();
      user.emails = [
        { value: 'h@x', type: 'home', primary: true },
        { value: 'w@x', type: 'work' },
      ];

      const result = patchDocument(user, [
        { op: 'replace', path: 'emails[type eq "work"].primary', value: 'True' },
      ]);

      expect(result.emails).toEqual([
        { value: 'h@x', type: 'home', primary: false },
        { value: 'w@x', type: 'work', primary: true },
      ]);
    });

    it('clears other primary on created element', () => {
      const result = patchDocument(storedUser(), [
        { op: 'add', path: 'emails[type eq "work"]', value: { value: 'w@x', primary: true } },
      ]);

      expect(result.emails).toEqual([
        { value: 'bjensen@home.example', type: 'home', primary: false },
        { type: 'work', value: 'w@x', primary: true },
      ]);
    });

    it('keeps primary when op sets none', () => {
      const result = patchDocument(storedUser(), [
        { op: 'add', path: 'emails', value: [{ value: 'w@x' }] },
      ]);

      expect(result.emails).toEqual([
        { value: 'bjensen@home.example', type: 'home', primary: true },
        { value: 'w@x' },
      ]);
    });
  });

  describe('errors', () => {
    it.each<[string, unknown[], ScimType]>([
      ['replace id', [{ op: 'replace', path: 'id', value: 'x' }], 'mutability'],
      ['remove id', [{ op: 'remove', path: 'id' }], 'mutability'],
      [
        'replace meta sub-attribute',
        [{ op: 'replace', path: 'meta.created', value: '2020-01-01T00:00:00Z' }],
        'mutability',
      ],
      ['add groups', [{ op: 'add', path: 'groups', value: [{ value: 'g2' }] }], 'mutability'],
      ['change id in value object', [{ op: 'replace', value: { id: 'other' } }], 'mutability'],
      ['remove required userName', [{ op: 'remove', path: 'userName' }], 'mutability'],
      [
        'replace userName with null',
        [{ op: 'replace', path: 'userName', value: null }],
        'mutability',
      ],
      ['change immutable', [{ op: 'replace', path: 'badgeNumber', value: 'B-200' }], 'mutability'],
      ['remove immutable', [{ op: 'remove', path: 'badgeNumber' }], 'mutability'],
      [
        'replace filter without match',
        [{ op: 'replace', path: 'emails[type eq "work"].value', value: 'x@y' }],
        'noTarget',
      ],
      [
        'replace element without match',
        [{ op: 'replace', path: 'emails[type eq "work"]', value: { value: 'x@y' } }],
        'noTarget',
      ],
      [
        'add through non-eq filter',
        [{ op: 'add', path: 'emails[value co "work"].type', value: 'work' }],
        'noTarget',
      ],
      [
        'add through or-filter',
        [{ op: 'add', path: 'emails[type eq "a" or type eq "b"].value', value: 'x' }],
        'noTarget',
      ],
      ['unknown attribute path', [{ op: 'add', path: 'nickName', value: 'B' }], 'invalidPath'],
      [
        'unknown sub-attribute path',
        [{ op: 'add', path: 'name.middleName', value: 'J' }],
        'invalidPath',
      ],
      [
        'unknown extension attribute',
        [{ op: 'add', path: `${ENTERPRISE_URN}:costCenter`, value: '1' }],
        'invalidPath',
      ],
      [
        'malformed filter key without path',
        [{ op: 'replace', value: { 'emails[type eq].value': 'a@x' } }],
        'invalidPath',
      ],
      [
        'filter key on single-valued',
        [{ op: 'replace', value: { 'name[givenName eq "B"].familyName': 'J' } }],
        'invalidPath',
      ],
      [
        'filter on single-valued',
        [{ op: 'add', path: 'name[givenName eq "B"].familyName', value: 'J' }],
        'invalidPath',
      ],
      [
        'filter on unknown sub-attribute',
        [{ op: 'remove', path: 'emails[kind eq "work"]' }],
        'invalidPath',
      ],
      [
        'unknown sub-attribute after filter',
        [{ op: 'add', path: 'emails[type eq "work"].label', value: 'x' }],
        'invalidPath',
      ],
      [
        'add through simple filter',
        [{ op: 'add', path: 'tags[value eq "a"]', value: 'a' }],
        'invalidPath',
      ],
      ['ordering on boolean', [{ op: 'remove', path: 'emails[primary gt true]' }], 'invalidFilter'],
      ['boolean as word', [{ op: 'replace', path: 'active', value: 'yes' }], 'invalidValue'],
      ['boolean as number', [{ op: 'replace', path: 'active', value: 1 }], 'invalidValue'],
      ['string as number', [{ op: 'replace', path: 'displayName', value: 42 }], 'invalidValue'],
      [
        'single value as array',
        [{ op: 'replace', path: 'displayName', value: ['a'] }],
        'invalidValue',
      ],
      [
        'complex as array',
        [{ op: 'replace', path: 'name', value: [{ givenName: 'B' }] }],
        'invalidValue',
      ],
      [
        'complex as string without value sub',
        [{ op: 'replace', path: 'name', value: 'Babs' }],
        'invalidValue',
      ],
      [
        'email value as number',
        [{ op: 'add', path: 'emails', value: [{ value: 7 }] }],
        'invalidValue',
      ],
      [
        'two primaries in one value',
        [
          {
            op: 'add',
            path: 'emails',
            value: [
              { value: 'a@x', primary: true },
              { value: 'b@x', primary: true },
            ],
          },
        ],
        'invalidValue',
      ],
      [
        'extension URN with string',
        [{ op: 'replace', path: ENTERPRISE_URN, value: 'Sales' }],
        'invalidValue',
      ],
    ])('rejects %s', (_case, operations, scimType) => {
      const error = catchScimError(() => patchDocument(storedUser(), operations));

      expect(error.scimType).toBe(scimType);
      expect(error.status).toBe(400);
    });

    it.each<[string, unknown[], ScimType]>([
      [
        'change immutable member value',
        [{ op: 'replace', path: 'members[value eq "u1"]', value: { value: 'u2' } }],
        'mutability',
      ],
      [
        'change immutable member sub',
        [{ op: 'replace', path: 'members[value eq "u1"].value', value: 'u2' }],
        'mutability',
      ],
      [
        'remove immutable member sub',
        [{ op: 'remove', path: 'members[value eq "u1"].type' }],
        'mutability',
      ],
    ])('rejects group %s', (_case, operations, scimType) => {
      const group = { ...storedGroup(), members: [{ value: 'u1', type: 'User' }] };

      const error = catchScimError(() => patchDocument(group, operations, GROUP_CONTEXT));

      expect(error.scimType).toBe(scimType);
    });

    it.each<[string, unknown[]]>([
      ['remove required manager value', [{ op: 'remove', path: `${ENTERPRISE_MANAGER}.value` }]],
      [
        'replace readOnly manager displayName',
        [{ op: 'replace', path: `${ENTERPRISE_MANAGER}.displayName`, value: 'X' }],
      ],
      [
        'change meta in value object',
        [{ op: 'replace', value: { meta: { resourceType: 'Group' } } }],
      ],
    ])('rejects %s as mutability', (_case, operations) => {
      const error = catchScimError(() => patchDocument(storedUser(), operations));

      expect(error.scimType).toBe('mutability');
    });

    it('rejects removing required group displayName', () => {
      const error = catchScimError(() =>
        patchDocument(storedGroup(), [{ op: 'remove', path: 'displayName' }], GROUP_CONTEXT),
      );

      expect(error.scimType).toBe('mutability');
    });

    it('names path in noTarget detail', () => {
      const error = catchScimError(() =>
        patchDocument(storedUser(), [
          { op: 'replace', path: 'emails[type eq "work"].value', value: 'x' },
        ]),
      );

      expect(error.detail).toContain('emails[type eq "work"].value');
    });

    it('names attribute in mutability detail', () => {
      const error = catchScimError(() =>
        patchDocument(storedUser(), [{ op: 'remove', path: 'userName' }]),
      );

      expect(error.detail).toContain('userName');
      expect(error.detail).toContain('required');
    });

    it('discards password of wrong type', () => {
      const user = storedUser();

      const result = patchDocument(user, [
        { op: 'replace', path: 'password', value: { secret: 'hunter2' } },
      ]);

      expect(result).toEqual(user);
    });
  });

  describe('atomicity', () => {
    it('changes nothing for empty Operations', () => {
      const user = storedUser();

      const result = applyPatch(user, parsePatchRequest(patchBody([])), USER_CONTEXT);

      expect(result).toEqual(user);
      expect(result).not.toBe(user);
    });

    it('leaves input untouched when third op fails', () => {
      const user = storedUser();
      const operations = parsePatchRequest(
        patchBody([
          { op: 'replace', path: 'displayName', value: 'Babs' },
          { op: 'add', path: 'emails', value: [{ value: 'w@x', type: 'work', primary: true }] },
          { op: 'remove', path: 'userName' },
        ]),
      );

      const error = catchScimError(() => applyPatch(user, operations, USER_CONTEXT));

      expect(error.scimType).toBe('mutability');
      expect(user).toEqual(storedUser());
    });

    it('never mutates input', () => {
      const user = storedUser();

      const result = patchDocument(user, [
        { op: 'replace', path: 'name.givenName', value: 'Babs' },
        { op: 'add', path: 'emails', value: [{ value: 'w@x', type: 'work', primary: true }] },
        { op: 'remove', path: `${ENTERPRISE_MANAGER}` },
        { op: 'remove', path: 'emails[type eq "home"].type' },
      ]);

      expect(user).toEqual(storedUser());
      expect(result.name).not.toBe(user.name);
      expect(result.emails).not.toBe(user.emails);
      expect(result[ENTERPRISE_URN]).not.toBe(user[ENTERPRISE_URN]);
    });

    it('skips unchanged readOnly values in value object', () => {
      const user = storedUser();

      const result = patchDocument(user, [
        {
          op: 'replace',
          value: { id: '2819c223', meta: user.meta, groups: user.groups, displayName: 'Babs' },
        },
      ]);

      expect(result.displayName).toBe('Babs');
      expect(result.meta).toEqual(user.meta);
    });

    it('keeps Date values', () => {
      const user = {
        ...storedUser(),
        meta: { resourceType: 'User', created: new Date('2024-01-01T00:00:00Z') },
      };

      const result = patchDocument(user, [{ op: 'replace', path: 'displayName', value: 'Babs' }]);

      expect(result.meta).toEqual(user.meta);
    });

    it('applies operations in order', () => {
      const result = patchDocument(storedUser(), [
        { op: 'add', path: 'displayName', value: 'First' },
        { op: 'replace', path: 'displayName', value: 'Second' },
        { op: 'remove', path: 'emails' },
        { op: 'add', path: 'emails[type eq "work"].value', value: 'w@x' },
      ]);

      expect(result.displayName).toBe('Second');
      expect(result.emails).toEqual([{ type: 'work', value: 'w@x' }]);
    });
  });
});
