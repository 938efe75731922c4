import {
  findSchemaByUrn,
  resolveAttributeParts,
  resolveAttributePath,
  splitAttributePath,
  type ScimResourceType,
} from './schema-registry';

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

describe(resolveAttributePath.name, () => {
  it.each<[ScimResourceType, string, string]>([
    ['User', 'userName', 'userName'],
    ['User', 'USERNAME', 'userName'],
    ['User', 'NAME.givenname', 'name.givenName'],
    ['User', 'name.GivenName', 'name.givenName'],
    ['User', `${CORE_USER}:name.givenName`, 'name.givenName'],
    ['User', `${CORE_USER.toUpperCase()}:USERNAME`, 'userName'],
    ['User', `${ENTERPRISE}:manager.value`, `${ENTERPRISE}:manager.value`],
    ['User', `${ENTERPRISE.toLowerCase()}:DEPARTMENT`, `${ENTERPRISE}:department`],
    ['User', 'ID', 'id'],
    ['User', 'meta.LASTMODIFIED', 'meta.lastModified'],
    ['User', 'emails.value', 'emails.value'],
    ['User', 'x509certificates.VALUE', 'x509Certificates.value'],
    ['Group', 'DISPLAYNAME', 'displayName'],
    ['Group', 'members.display', 'members.display'],
    ['Group', 'urn:ietf:params:scim:schemas:core:2.0:Group:members.value', 'members.value'],
  ])('resolves %s %s to %s', (resourceType, path, canonicalPath) => {
    expect(resolveAttributePath(resourceType, path)?.path).toBe(canonicalPath);
  });

  it.each<[ScimResourceType, string]>([
    ['User', 'unknown'],
    ['User', 'name.unknown'],
    ['User', 'userName.value'],
    ['User', 'name.givenName.extra'],
    ['User', 'employeeNumber'],
    ['User', 'emails[type eq "work"].value'],
    ['User', ENTERPRISE],
    ['User', `${ENTERPRISE}:`],
    ['User', 'urn:example:params:scim:schemas:extension:other:2.0:User:userName'],
    ['User', ''],
    ['User', 'name.'],
    ['User', 'schemas'],
    ['Group', 'userName'],
    ['Group', `${ENTERPRISE}:department`],
  ])('returns undefined for %s %s', (resourceType, path) => {
    expect(resolveAttributePath(resourceType, path)).toBeUndefined();
  });

  it('returns the definitions of an extension sub-attribute', () => {
    const resolved = resolveAttributePath('User', `${ENTERPRISE}:MANAGER.value`);

    expect(resolved?.schemaUrn).toBe(ENTERPRISE);
    expect(resolved?.isExtension).toBe(true);
    expect(resolved?.attribute.name).toBe('manager');
    expect(resolved?.subAttribute?.name).toBe('value');
  });

  it('resolves common attributes as core', () => {
    const resolved = resolveAttributePath('Group', 'meta.created');

    expect(resolved?.schemaUrn).toBe('urn:ietf:params:scim:schemas:core:2.0:Group');
    expect(resolved?.isExtension).toBe(false);
    expect(resolved?.subAttribute?.type).toBe('dateTime');
  });
});

describe(resolveAttributeParts.name, () => {
  it('resolves parts from a filter reference', () => {
    const resolved = resolveAttributeParts('User', {
      schema: ENTERPRISE.toUpperCase(),
      attribute: 'Manager',
      subAttribute: 'VALUE',
    });

    expect(resolved?.path).toBe(`${ENTERPRISE}:manager.value`);
  });

  it('returns undefined for an unknown schema', () => {
    const resolved = resolveAttributeParts('User', {
      schema: 'urn:example:unknown',
      attribute: 'userName',
    });

    expect(resolved).toBeUndefined();
  });
});

describe(splitAttributePath.name, () => {
  it('splits a URN-prefixed path', () => {
    expect(splitAttributePath('User', `${ENTERPRISE}:manager.value`)).toEqual({
      schema: ENTERPRISE,
      attribute: 'manager',
      subAttribute: 'value',
    });
  });

  it('splits a core path', () => {
    expect(splitAttributePath('User', 'name.givenName')).toEqual({
      attribute: 'name',
      subAttribute: 'givenName',
    });
  });
});

describe(findSchemaByUrn.name, () => {
  it('ignores case', () => {
    expect(findSchemaByUrn('User', ENTERPRISE.toUpperCase())?.id).toBe(ENTERPRISE);
  });

  it('finds no extension for Group', () => {
    expect(findSchemaByUrn('Group', ENTERPRISE)).toBeUndefined();
  });
});
