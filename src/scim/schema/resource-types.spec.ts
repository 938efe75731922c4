import { buildResourceTypes, findResourceType } from './resource-types';

const BASE_URL = 'https://scim.example.com/scim/v2/c-1';

describe(buildResourceTypes.name, () => {
  const resourceTypes = buildResourceTypes(BASE_URL);

  it('lists User and Group', () => {
    expect(resourceTypes.map((resourceType) => resourceType.id)).toEqual(['User', 'Group']);
  });

  it('describes User with the enterprise extension', () => {
    expect(resourceTypes[0]).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'User Account',
      schema: 'urn:ietf:params:scim:schemas:core:2.0:User',
      schemaExtensions: [
        { schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', required: false },
      ],
      meta: { resourceType: 'ResourceType', location: `${BASE_URL}/ResourceTypes/User` },
    });
  });

  it('describes Group without extensions', () => {
    expect(resourceTypes[1]).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      description: 'Group',
      schema: 'urn:ietf:params:scim:schemas:core:2.0:Group',
      meta: { resourceType: 'ResourceType', location: `${BASE_URL}/ResourceTypes/Group` },
    });
  });
});

describe(findResourceType.name, () => {
  it('finds by id in any case', () => {
    expect(findResourceType(BASE_URL, 'group')?.endpoint).toBe('/Groups');
  });

  it('returns undefined for an unknown id', () => {
    expect(findResourceType(BASE_URL, 'Device')).toBeUndefined();
  });
});
