import { request } from './support/http';
import { createConnection, CreatedConnection, scimError, scimRequest } from './support/scim';
import {
  ENTERPRISE_URN,
  LIST_RESPONSE_URN,
  SCIM_CONTENT_TYPE,
  USER_URN,
} from './support/scim-assertions';
import { seedOrganization, startTestApp, TestApp } from './support/test-app';

const SCHEMA_URN = 'urn:ietf:params:scim:schemas:core:2.0:Schema';
const RESOURCE_TYPE_URN = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
const SPC_URN = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';

interface PublishedAttribute {
  name: string;
  type: string;
  multiValued: boolean;
  required: boolean;
  caseExact: boolean;
  mutability: string;
  returned: string;
  uniqueness: string;
  subAttributes?: PublishedAttribute[];
}

interface PublishedSchema {
  id: string;
  attributes: PublishedAttribute[];
}

/** The characteristics that /Schemas publishes for one attribute or sub-attribute. */
type Characteristics = Pick<
  PublishedAttribute,
  'type' | 'multiValued' | 'required' | 'caseExact' | 'mutability' | 'returned' | 'uniqueness'
>;

/** Finds `name` or `name.sub` in a published schema. */
function findPublished(schema: PublishedSchema, path: string): PublishedAttribute | undefined {
  const [name, subName] = path.split('.');
  const attribute = schema.attributes.find((candidate) => candidate.name === name);
  if (subName === undefined) return attribute;
  return attribute?.subAttributes?.find((candidate) => candidate.name === subName);
}

function characteristicsOf(attribute: PublishedAttribute | undefined): Characteristics | undefined {
  if (attribute === undefined) return undefined;
  const { type, multiValued, required, caseExact, mutability, returned, uniqueness } = attribute;
  return { type, multiValued, required, caseExact, mutability, returned, uniqueness };
}

/** readWrite, optional, single-valued, caseExact false, returned by default, not unique. */
function plain(type: string, overrides: Partial<Characteristics> = {}): Characteristics {
  return {
    type,
    multiValued: false,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...overrides,
  };
}

describe('SCIM discovery', () => {
  let testApp: TestApp;
  let connection: CreatedConnection;
  let otherConnection: CreatedConnection;

  beforeAll(async () => {
    testApp = await startTestApp();
    connection = await createConnection(testApp, await seedOrganization(testApp));
    otherConnection = await createConnection(testApp, await seedOrganization(testApp, 'Other'));
  });

  afterAll(() => testApp.close());

  function discover(path: string) {
    return scimRequest(testApp, 'GET', `${connection.scimPath}${path}`, connection.token);
  }

  async function publishedSchema(urn: string): Promise<PublishedSchema> {
    const response = await discover(`/Schemas/${urn}`);
    if (response.status !== 200) throw new Error(`/Schemas/${urn} returned ${response.status}`);
    return response.body as PublishedSchema;
  }

  describe('ServiceProviderConfig', () => {
    it('publishes the supported features', async () => {
      const response = await discover('/ServiceProviderConfig');

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(SCIM_CONTENT_TYPE);
      expect(response.body).toEqual({
        schemas: [SPC_URN],
        patch: { supported: true },
        bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
        filter: { supported: true, maxResults: 1000 },
        changePassword: { supported: false },
        sort: { supported: true },
        etag: { supported: true },
        authenticationSchemes: [
          {
            type: 'oauthbearertoken',
            name: 'OAuth Bearer Token',
            description: expect.any(String),
            specUri: 'https://www.rfc-editor.org/info/rfc6750',
            primary: true,
          },
        ],
        meta: {
          resourceType: 'ServiceProviderConfig',
          location: `${connection.baseUrl}/ServiceProviderConfig`,
        },
      });
    });
  });

  describe('ResourceTypes', () => {
    const userResourceType = () => ({
      schemas: [RESOURCE_TYPE_URN],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'User Account',
      schema: USER_URN,
      schemaExtensions: [{ schema: ENTERPRISE_URN, required: false }],
      meta: { resourceType: 'ResourceType', location: `${connection.baseUrl}/ResourceTypes/User` },
    });

    const groupResourceType = () => ({
      schemas: [RESOURCE_TYPE_URN],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      description: expect.any(String),
      schema: GROUP_URN,
      meta: { resourceType: 'ResourceType', location: `${connection.baseUrl}/ResourceTypes/Group` },
    });

    it('lists User and Group', async () => {
      const response = await discover('/ResourceTypes');

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(SCIM_CONTENT_TYPE);
      expect(response.body).toEqual({
        schemas: [LIST_RESPONSE_URN],
        totalResults: 2,
        startIndex: 1,
        itemsPerPage: 2,
        Resources: [userResourceType(), groupResourceType()],
      });
    });

    it('returns Group by id', async () => {
      const response = await discover('/ResourceTypes/Group');

      expect(response.status).toBe(200);
      expect(response.body).toEqual(groupResourceType());
    });

    it('returns User by id', async () => {
      const response = await discover('/ResourceTypes/User');

      expect(response.status).toBe(200);
      expect(response.body).toEqual(userResourceType());
    });

    it.each(['Nope', 'urn:x'])('returns 404 for %s', async (id) => {
      const response = await discover(`/ResourceTypes/${id}`);

      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe(SCIM_CONTENT_TYPE);
      expect(response.body).toEqual(scimError(404));
    });
  });

  describe('Schemas', () => {
    it('lists User, the enterprise extension and Group', async () => {
      const response = await discover('/Schemas');
      const body = response.body as { Resources: PublishedSchema[] };

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        schemas: [LIST_RESPONSE_URN],
        totalResults: 3,
        startIndex: 1,
        itemsPerPage: 3,
      });
      expect(body.Resources.map((schema) => schema.id)).toEqual([
        USER_URN,
        ENTERPRISE_URN,
        GROUP_URN,
      ]);
    });

    it.each([USER_URN, ENTERPRISE_URN, GROUP_URN])('returns %s by id', async (urn) => {
      const response = await discover(`/Schemas/${urn}`);
      const listed = (await discover('/Schemas')).body as { Resources: PublishedSchema[] };

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(SCIM_CONTENT_TYPE);
      expect(response.body).toMatchObject({
        schemas: [SCHEMA_URN],
        id: urn,
        meta: { resourceType: 'Schema', location: `${connection.baseUrl}/Schemas/${urn}` },
      });
      expect(response.body).toEqual(listed.Resources.find((schema) => schema.id === urn));
    });

    it.each([
      ['userName', plain('string', { required: true, uniqueness: 'server' })],
      ['name', plain('complex')],
      ['name.givenName', plain('string')],
      ['name.familyName', plain('string')],
      ['name.formatted', plain('string')],
      ['name.middleName', plain('string')],
      ['name.honorificPrefix', plain('string')],
      ['name.honorificSuffix', plain('string')],
      ['displayName', plain('string')],
      ['nickName', plain('string')],
      ['title', plain('string')],
      ['userType', plain('string')],
      ['preferredLanguage', plain('string')],
      ['locale', plain('string')],
      ['timezone', plain('string')],
      ['profileUrl', plain('reference')],
      ['active', plain('boolean')],
      ['password', plain('string', { mutability: 'writeOnly', returned: 'never' })],
      ['emails', plain('complex', { multiValued: true })],
      ['emails.value', plain('string')],
      ['emails.type', plain('string')],
      ['emails.primary', plain('boolean')],
      ['emails.display', plain('string')],
      ['phoneNumbers', plain('complex', { multiValued: true })],
      ['phoneNumbers.value', plain('string')],
      ['ims', plain('complex', { multiValued: true })],
      ['photos', plain('complex', { multiValued: true })],
      ['photos.value', plain('reference')],
      ['addresses', plain('complex', { multiValued: true })],
      ['addresses.streetAddress', plain('string')],
      ['addresses.primary', plain('boolean')],
      ['groups', plain('complex', { multiValued: true, mutability: 'readOnly' })],
      ['groups.value', plain('string', { caseExact: true, mutability: 'readOnly' })],
      ['groups.$ref', plain('reference', { caseExact: true, mutability: 'readOnly' })],
      ['groups.display', plain('string', { mutability: 'readOnly' })],
      ['groups.type', plain('string', { mutability: 'readOnly' })],
      ['entitlements', plain('complex', { multiValued: true })],
      ['roles', plain('complex', { multiValued: true })],
      ['x509Certificates', plain('complex', { multiValued: true })],
      ['x509Certificates.value', plain('binary', { caseExact: true })],
    ])('publishes User %s', async (path, expected) => {
      const schema = await publishedSchema(USER_URN);

      expect(characteristicsOf(findPublished(schema, path))).toEqual(expected);
    });

    it.each([
      ['employeeNumber', plain('string')],
      ['costCenter', plain('string')],
      ['organization', plain('string')],
      ['division', plain('string')],
      ['department', plain('string')],
      ['manager', plain('complex')],
      ['manager.value', plain('string', { required: true, caseExact: true })],
      ['manager.$ref', plain('reference', { caseExact: true, mutability: 'readOnly' })],
      ['manager.displayName', plain('string', { mutability: 'readOnly' })],
    ])('publishes enterprise %s', async (path, expected) => {
      const schema = await publishedSchema(ENTERPRISE_URN);

      expect(characteristicsOf(findPublished(schema, path))).toEqual(expected);
    });

    it('lists the User attributes in order', async () => {
      const schema = await publishedSchema(USER_URN);

      expect(schema.attributes.map((attribute) => attribute.name)).toEqual([
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

    it('lists the enterprise attributes in order', async () => {
      const schema = await publishedSchema(ENTERPRISE_URN);

      expect(schema.attributes.map((attribute) => attribute.name)).toEqual([
        'employeeNumber',
        'costCenter',
        'organization',
        'division',
        'department',
        'manager',
      ]);
    });

    it.each([USER_URN, ENTERPRISE_URN])('states every characteristic in %s', async (urn) => {
      const schema = await publishedSchema(urn);
      const attributes = schema.attributes.flatMap((attribute) => [
        attribute,
        ...(attribute.subAttributes ?? []),
      ]);

      for (const attribute of attributes) {
        expect(attribute).toEqual(
          expect.objectContaining({
            name: expect.any(String),
            type: expect.stringMatching(
              /^(string|boolean|decimal|integer|dateTime|binary|reference|complex)$/,
            ),
            multiValued: expect.any(Boolean),
            description: expect.any(String),
            required: expect.any(Boolean),
            caseExact: expect.any(Boolean),
            mutability: expect.stringMatching(/^(readOnly|readWrite|immutable|writeOnly)$/),
            returned: expect.stringMatching(/^(always|never|default|request)$/),
            uniqueness: expect.stringMatching(/^(none|server|global)$/),
          }),
        );
      }
    });

    it('publishes no common attributes', async () => {
      const schema = await publishedSchema(USER_URN);

      expect(findPublished(schema, 'id')).toBeUndefined();
      expect(findPublished(schema, 'meta')).toBeUndefined();
      expect(findPublished(schema, 'externalId')).toBeUndefined();
    });

    it.each(['urn:ietf:params:scim:schemas:extension:nope:2.0:User', 'User'])(
      'returns 404 for %s',
      async (id) => {
        const response = await discover(`/Schemas/${id}`);

        expect(response.status).toBe(404);
        expect(response.body).toEqual(scimError(404));
      },
    );
  });

  describe('optional endpoints', () => {
    it.each(['/ResourceTypes', '/Schemas'])('rejects a filter on %s', async (path) => {
      const response = await discover(`${path}?filter=${encodeURIComponent('id eq "User"')}`);

      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toBe(SCIM_CONTENT_TYPE);
      expect(response.body).toEqual(scimError(403));
    });

    it.each(['GET', 'POST', 'PATCH', 'DELETE'])('rejects %s /Me with 501', async (method) => {
      const body = method === 'POST' || method === 'PATCH' ? { userName: 'me' } : undefined;

      const response = await scimRequest(
        testApp,
        method,
        `${connection.scimPath}/Me`,
        connection.token,
        body,
      );

      expect(response.status).toBe(501);
      expect(response.body).toEqual(scimError(501));
    });

    it('requires the token on /Me', async () => {
      const response = await scimRequest(testApp, 'GET', `${connection.scimPath}/Me`, undefined);

      expect(response.status).toBe(401);
    });
  });

  describe('authentication', () => {
    const routes = [
      '/ServiceProviderConfig',
      '/ResourceTypes',
      '/ResourceTypes/User',
      '/Schemas',
      `/Schemas/${USER_URN}`,
      `/Schemas/${ENTERPRISE_URN}`,
    ];

    it.each(routes)('rejects %s without token', async (route) => {
      const response = await request(testApp.baseUrl, 'GET', `${connection.scimPath}${route}`);

      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(response.body).toEqual(scimError(401));
    });

    it.each(routes)('rejects %s with another token', async (route) => {
      const response = await scimRequest(
        testApp,
        'GET',
        `${connection.scimPath}${route}`,
        otherConnection.token,
      );

      expect(response.status).toBe(401);
      expect(response.body).toEqual(scimError(401));
    });
  });
});

// Its own app, started after the first one closes: two applications in one
// process share passport's strategy registry, so the admin API of the first
// would use the second one's database connection.
describe('SCIM discovery with SCIM_MAX_RESULTS', () => {
  it('advertises the configured maximum', async () => {
    const limited = await startTestApp({ SCIM_MAX_RESULTS: '5' });
    try {
      const connection = await createConnection(limited, await seedOrganization(limited));

      const response = await scimRequest(
        limited,
        'GET',
        `${connection.scimPath}/ServiceProviderConfig`,
        connection.token,
      );

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ filter: { supported: true, maxResults: 5 } });
    } finally {
      await limited.close();
    }
  });
});
