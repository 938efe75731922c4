import type { AttributeDefinition } from './attribute-definition';
import { COMMON_ATTRIBUTES } from './common-attributes';
import { ENTERPRISE_USER_SCHEMA } from './enterprise-user.schema';
import { GROUP_SCHEMA } from './group.schema';
import { resolveAttributePath, type ScimResourceType } from './schema-registry';
import { USER_SCHEMA } from './user.schema';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

function definitionAt(resourceType: ScimResourceType, path: string): AttributeDefinition {
  const resolved = resolveAttributePath(resourceType, path);
  if (resolved === undefined) throw new Error(`${path} does not resolve for ${resourceType}`);
  return resolved.subAttribute ?? resolved.attribute;
}

describe('SCIM schema definitions', () => {
  it.each<[ScimResourceType, string, keyof AttributeDefinition, unknown]>([
    ['User', 'id', 'mutability', 'readOnly'],
    ['User', 'id', 'returned', 'always'],
    ['User', 'id', 'caseExact', true],
    ['User', 'externalId', 'caseExact', true],
    ['User', 'externalId', 'mutability', 'readWrite'],
    ['User', 'meta', 'mutability', 'readOnly'],
    ['User', 'meta.lastModified', 'type', 'dateTime'],
    ['User', 'userName', 'required', true],
    ['User', 'userName', 'caseExact', false],
    ['User', 'userName', 'uniqueness', 'server'],
    ['User', 'userName', 'returned', 'default'],
    ['User', 'active', 'type', 'boolean'],
    ['User', 'password', 'mutability', 'writeOnly'],
    ['User', 'password', 'returned', 'never'],
    ['User', 'groups', 'mutability', 'readOnly'],
    ['User', 'groups.value', 'mutability', 'readOnly'],
    ['User', 'groups.$ref', 'referenceTypes', ['Group']],
    ['User', 'emails', 'multiValued', true],
    ['User', 'emails.type', 'canonicalValues', ['work', 'home', 'other']],
    [
      'User',
      'phoneNumbers.type',
      'canonicalValues',
      ['work', 'home', 'mobile', 'fax', 'pager', 'other'],
    ],
    ['User', 'addresses.primary', 'type', 'boolean'],
    ['User', 'profileUrl', 'referenceTypes', ['external']],
    ['User', 'photos.value', 'type', 'reference'],
    ['User', 'x509Certificates.value', 'type', 'binary'],
    ['User', `${ENTERPRISE}:employeeNumber`, 'type', 'string'],
    ['User', `${ENTERPRISE}:manager`, 'multiValued', false],
    ['User', `${ENTERPRISE}:manager.value`, 'required', true],
    ['User', `${ENTERPRISE}:manager.$ref`, 'mutability', 'readOnly'],
    ['User', `${ENTERPRISE}:manager.displayName`, 'mutability', 'readOnly'],
    ['Group', 'displayName', 'required', true],
    ['Group', 'displayName', 'caseExact', false],
    ['Group', 'displayName', 'uniqueness', 'server'],
    ['Group', 'members', 'multiValued', true],
    ['Group', 'members.value', 'mutability', 'immutable'],
    ['Group', 'members.value', 'required', true],
    ['Group', 'members.display', 'mutability', 'readOnly'],
    ['Group', 'members.type', 'canonicalValues', ['User', 'Group']],
    ['Group', 'members.$ref', 'referenceTypes', ['User', 'Group']],
  ])('%s %s has %s %j', (resourceType, path, characteristic, expected) => {
    expect(definitionAt(resourceType, path)[characteristic]).toEqual(expected);
  });

  it('lists the RFC 7643 User attributes', () => {
    const names = USER_SCHEMA.attributes.map((attribute) => attribute.name);

    expect(names).toEqual([
      'userName',
      'name',
      'displayName',
      'nickName',
      'profileUrl',
      'title',
      'userType',
      'preferredLanguage',
      'locale',
      'timezone',
      'active',
      'password',
      'emails',
      'phoneNumbers',
      'ims',
      'photos',
      'addresses',
      'groups',
      'entitlements',
      'roles',
      'x509Certificates',
    ]);
  });

  it('lists the enterprise attributes', () => {
    const names = ENTERPRISE_USER_SCHEMA.attributes.map((attribute) => attribute.name);

    expect(names).toEqual([
      'employeeNumber',
      'costCenter',
      'organization',
      'division',
      'department',
      'manager',
    ]);
  });

  it('lists the Group attributes', () => {
    const names = GROUP_SCHEMA.attributes.map((attribute) => attribute.name);

    expect(names).toEqual(['displayName', 'members']);
  });

  describe.each([
    ['common attributes', COMMON_ATTRIBUTES],
    ['User', USER_SCHEMA.attributes],
    ['EnterpriseUser', ENTERPRISE_USER_SCHEMA.attributes],
    ['Group', GROUP_SCHEMA.attributes],
  ])('%s', (_label, attributes) => {
    it('has unique attribute names', () => {
      const names = attributes.map((attribute) => attribute.name.toLowerCase());

      expect(new Set(names).size).toBe(names.length);
    });

    it.each(attributes.map((attribute) => [attribute.name, attribute] as const))(
      '%s is well formed',
      (_name, attribute) => {
        const subAttributes = attribute.subAttributes ?? [];
        const subNames = subAttributes.map((subAttribute) => subAttribute.name.toLowerCase());

        expect(attribute.description).not.toBe('');
        expect(attribute.subAttributes !== undefined).toBe(attribute.type === 'complex');
        expect(new Set(subNames).size).toBe(subNames.length);
        // RFC 7643 section 2.3.8: a complex attribute has no complex sub-attributes.
        expect(subAttributes.filter((subAttribute) => subAttribute.type === 'complex')).toEqual([]);
        expect(subAttributes.filter((subAttribute) => subAttribute.description === '')).toEqual([]);
      },
    );
  });
});
