import { buildSchemaRepresentations, findSchemaRepresentation } from './schema-representations';
import { USER_SCHEMA } from './user.schema';

const BASE_URL = 'https://scim.example.com/scim/v2/c-1';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

describe(buildSchemaRepresentations.name, () => {
  const representations = buildSchemaRepresentations(BASE_URL);

  it('lists the three resource schemas', () => {
    expect(representations.map((schema) => schema.id)).toEqual([USER, ENTERPRISE, GROUP]);
  });

  it('names the schema of each entry', () => {
    for (const representation of representations) {
      expect(representation.schemas).toEqual(['urn:ietf:params:scim:schemas:core:2.0:Schema']);
    }
  });

  it.each([
    [USER, 'User'],
    [ENTERPRISE, 'EnterpriseUser'],
    [GROUP, 'Group'],
  ])('gives %s the name %s', (id, name) => {
    expect(representations.find((schema) => schema.id === id)?.name).toBe(name);
  });

  it.each([USER, ENTERPRISE, GROUP])('locates %s under /Schemas', (id) => {
    expect(representations.find((schema) => schema.id === id)?.meta).toEqual({
      resourceType: 'Schema',
      location: `${BASE_URL}/Schemas/${id}`,
    });
  });

  it('publishes the attribute definitions', () => {
    const user = representations[0];

    expect(user.attributes).toEqual(USER_SCHEMA.attributes);
  });

  it('publishes password as never returned', () => {
    const password = representations[0].attributes.find(
      (attribute) => attribute.name === 'password',
    );

    expect(password?.mutability).toBe('writeOnly');
    expect(password?.returned).toBe('never');
  });

  it('leaves optional characteristics out', () => {
    const userName = representations[0].attributes.find(
      (attribute) => attribute.name === 'userName',
    );

    expect(userName).not.toHaveProperty('subAttributes');
    expect(userName).not.toHaveProperty('canonicalValues');
    expect(userName).not.toHaveProperty('referenceTypes');
  });

  it('returns copies of the definitions', () => {
    buildSchemaRepresentations(BASE_URL)[0].attributes[0].required = false;

    expect(USER_SCHEMA.attributes[0].required).toBe(true);
  });
});

describe(findSchemaRepresentation.name, () => {
  it('finds by URN in any case', () => {
    expect(findSchemaRepresentation(BASE_URL, ENTERPRISE.toLowerCase())?.id).toBe(ENTERPRISE);
  });

  it('returns undefined for an unknown URN', () => {
    expect(findSchemaRepresentation(BASE_URL, 'urn:example:unknown')).toBeUndefined();
  });
});
