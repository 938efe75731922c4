// Replays the requests that the Microsoft Entra ID provisioning service sends
// to a SCIM 2.0 /Users endpoint, including its known deviations from RFC 7644,
// with request shapes taken from these documents:
// - Microsoft, "Tutorial: Develop and plan provisioning for a SCIM endpoint in Microsoft Entra ID",
//   https://learn.microsoft.com/en-us/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups
// - Microsoft, "Known issues and resolutions with SCIM 2.0 protocol compliance of the
//   Microsoft Entra user provisioning service",
//   https://learn.microsoft.com/en-us/entra/identity/app-provisioning/application-provisioning-config-problem-scim-compatibility
// - Microsoft, "Known issues for provisioning in Microsoft Entra ID",
//   https://learn.microsoft.com/en-us/entra/identity/app-provisioning/known-issues
import { randomUUID } from 'node:crypto';
import { request } from './support/http';
import { createConnection, CreatedConnection, scimError } from './support/scim';
import {
  ENTERPRISE_URN,
  LIST_RESPONSE_URN,
  ListResponse,
  memberColumns,
  patchOp,
  query,
  SCIM_JSON,
  ScimUser,
  TIMESTAMP,
  USER_URN,
  userLocation,
  usersRequest,
} from './support/scim-users';
import {
  seedMember,
  seedOrganization,
  SeededMember,
  startTestApp,
  TestApp,
} from './support/test-app';

const MANAGER_PATH = `${ENTERPRISE_URN}:manager`;

/** Builds the body of Entra ID's POST /Users, which always carries the enterprise extension and `active`. */
function entraCreateBody(
  userName: string,
  externalId: string,
  enterprise: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    schemas: [USER_URN, ENTERPRISE_URN],
    externalId,
    userName,
    active: true,
    emails: [{ primary: true, type: 'work', value: userName }],
    meta: { resourceType: 'User' },
    name: { formatted: 'Jordan Lee', familyName: 'Lee', givenName: 'Jordan' },
    roles: [],
    [ENTERPRISE_URN]: { department: 'Finance', employeeNumber: '4711', ...enterprise },
  };
}

/** Creates a user with Entra ID's POST /Users and returns the created representation. */
async function createEntraUser(
  testApp: TestApp,
  connection: CreatedConnection,
  body: Record<string, unknown>,
): Promise<ScimUser> {
  const response = await usersRequest(testApp, connection, 'POST', '', body);
  if (response.status !== 201) throw new Error(`creating a user returned ${response.status}`);
  return response.body as ScimUser;
}

/** Builds a query on userName or externalId, the attributes Entra ID matches users on by default. */
function matchQuery(userName: string, externalId: string): string {
  return query({ filter: `userName eq "${userName}" or externalId eq "${externalId}"` });
}

describe('Microsoft Entra ID provisioning flow', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });

  afterAll(() => testApp.close());

  describe('provision, update and deprovision', () => {
    const userName = 'jordan.lee@contoso.example';
    const renamed = 'jordan.lee-martin@contoso.example';
    const externalId = '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef';
    let connection: CreatedConnection;
    let manager: ScimUser;
    let created: ScimUser;

    beforeAll(async () => {
      connection = await createConnection(testApp, await seedOrganization(testApp), 'entra_id');
      const managerResponse = await usersRequest(
        testApp,
        connection,
        'POST',
        '',
        entraCreateBody('riley.chen@contoso.example', randomUUID()),
      );
      manager = managerResponse.body as ScimUser;
    });

    it('test connection finds no random user', async () => {
      const response = await usersRequest(
        testApp,
        connection,
        'GET',
        query({ filter: `userName eq "${randomUUID()}"` }),
      );

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(SCIM_JSON);
      expect(response.body).toEqual({
        schemas: [LIST_RESPONSE_URN],
        totalResults: 0,
        startIndex: 1,
        itemsPerPage: 0,
        Resources: [],
      });
    });

    it('matching query finds nothing', async () => {
      const response = await usersRequest(
        testApp,
        connection,
        'GET',
        matchQuery(userName, externalId),
      );

      expect(response.status).toBe(200);
      expect((response.body as ListResponse).totalResults).toBe(0);
    });

    it('create stores the enterprise extension', async () => {
      const body = entraCreateBody(userName, externalId, { manager: manager.id });

      const response = await usersRequest(testApp, connection, 'POST', '', body);
      created = response.body as ScimUser;

      expect(response.status).toBe(201);
      expect(response.headers.get('content-type')).toBe(SCIM_JSON);
      expect(response.headers.get('location')).toBe(userLocation(testApp, connection, created.id));
      expect(response.headers.get('etag')).toBe('W/"1"');
      expect(created).toEqual({
        schemas: [USER_URN, ENTERPRISE_URN],
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        externalId,
        userName,
        active: true,
        emails: [{ primary: true, type: 'work', value: userName }],
        name: { formatted: 'Jordan Lee', familyName: 'Lee', givenName: 'Jordan' },
        [ENTERPRISE_URN]: {
          department: 'Finance',
          employeeNumber: '4711',
          manager: { value: manager.id },
        },
        meta: {
          resourceType: 'User',
          created: expect.stringMatching(TIMESTAMP),
          lastModified: expect.stringMatching(TIMESTAMP),
          location: userLocation(testApp, connection, created.id),
          version: 'W/"1"',
        },
      });
    });

    it('matching query finds by userName', async () => {
      const response = await usersRequest(
        testApp,
        connection,
        'GET',
        matchQuery(userName, 'unrelated'),
      );

      expect(response.body).toEqual({
        schemas: [LIST_RESPONSE_URN],
        totalResults: 1,
        startIndex: 1,
        itemsPerPage: 1,
        Resources: [created],
      });
    });

    it('matching query finds by externalId', async () => {
      const response = await usersRequest(
        testApp,
        connection,
        'GET',
        matchQuery('unrelated@contoso.example', externalId),
      );

      expect((response.body as ListResponse).Resources).toEqual([created]);
    });

    it('read returns the user', async () => {
      const response = await usersRequest(testApp, connection, 'GET', `/${created.id}`);

      expect(response.status).toBe(200);
      expect(response.body).toEqual(created);
    });

    it('Replace updates work email and family name', async () => {
      const response = await usersRequest(
        testApp,
        connection,
        'PATCH',
        `/${created.id}`,
        patchOp(
          { op: 'Replace', path: 'emails[type eq "work"].value', value: 'j.lee@contoso.example' },
          { op: 'Replace', path: 'name.familyName', value: 'Lee-Martin' },
        ),
      );

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(SCIM_JSON);
      expect(response.headers.get('etag')).toBe('W/"2"');
      expect(response.body).toMatchObject({
        emails: [{ primary: true, type: 'work', value: 'j.lee@contoso.example' }],
        name: { formatted: 'Jordan Lee', familyName: 'Lee-Martin', givenName: 'Jordan' },
      });
    });

    it('work email filter finds the user', async () => {
      const response = await usersRequest(
        testApp,
        connection,
        'GET',
        query({ filter: 'emails[type eq "work"].value eq "j.lee@contoso.example"' }),
      );

      expect(response.status).toBe(200);
      expect((response.body as ListResponse).Resources.map((user) => user.id)).toEqual([
        created.id,
      ]);
    });

    it('Add sets a single-valued string', async () => {
      const response = await usersRequest(
        testApp,
        connection,
        'PATCH',
        `/${created.id}`,
        patchOp({ op: 'Add', path: 'nickName', value: 'Jo' }),
      );

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ nickName: 'Jo' });
    });

    it('value object applies dotted keys', async () => {
      const response = await usersRequest(
        testApp,
        connection,
        'PATCH',
        `/${created.id}`,
        patchOp(
          { op: 'replace', path: 'emails[type eq "work"].value', value: 'jordan@contoso.example' },
          {
            op: 'replace',
            value: {
              displayName: 'Jordan Lee-Martin',
              'name.givenName': 'Jordana',
              'name.familyName': 'Lee-Martin',
              [`${ENTERPRISE_URN}:employeeNumber`]: '4712',
            },
          },
        ),
      );
      const user = response.body as ScimUser;

      expect(response.status).toBe(200);
      expect(user.displayName).toBe('Jordan Lee-Martin');
      expect(user.name).toEqual({
        formatted: 'Jordan Lee',
        familyName: 'Lee-Martin',
        givenName: 'Jordana',
      });
      expect(user.emails).toEqual([
        { primary: true, type: 'work', value: 'jordan@contoso.example' },
      ]);
      expect(user[ENTERPRISE_URN]).toEqual({
        department: 'Finance',
        employeeNumber: '4712',
        manager: { value: manager.id },
      });
      expect(user).not.toHaveProperty(['name.givenName']);
    });

    it('Replace manager with a bare id', async () => {
      const newManager = await createEntraUser(
        testApp,
        connection,
        entraCreateBody('avery.diaz@contoso.example', randomUUID()),
      );

      const response = await usersRequest(
        testApp,
        connection,
        'PATCH',
        `/${created.id}`,
        patchOp({ op: 'Replace', path: MANAGER_PATH, value: newManager.id }),
      );
      const read = await usersRequest(testApp, connection, 'GET', `/${created.id}`);

      expect(response.status).toBe(200);
      expect((response.body as ScimUser)[ENTERPRISE_URN]).toMatchObject({
        manager: { value: newManager.id },
      });
      expect((read.body as ScimUser)[ENTERPRISE_URN]).toMatchObject({
        manager: { value: newManager.id },
      });
    });

    it('Replace userName renames the user', async () => {
      const response = await usersRequest(
        testApp,
        connection,
        'PATCH',
        `/${created.id}`,
        patchOp({ op: 'Replace', path: 'userName', value: renamed }),
      );
      const byNewName = await usersRequest(testApp, connection, 'GET', matchQuery(renamed, 'x'));
      const byOldName = await usersRequest(testApp, connection, 'GET', matchQuery(userName, 'x'));

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: created.id, userName: renamed });
      expect((byNewName.body as ListResponse).Resources.map((user) => user.id)).toEqual([
        created.id,
      ]);
      expect((byOldName.body as ListResponse).totalResults).toBe(0);
    });

    it('Replace active "False" disables', async () => {
      const response = await usersRequest(
        testApp,
        connection,
        'PATCH',
        `/${created.id}`,
        patchOp({ op: 'Replace', path: 'active', value: 'False' }),
      );
      const row = await memberColumns(testApp, created.id);

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: created.id, active: false });
      expect(row.status).toBe('deactivated');
    });

    it('disabled user stays queryable', async () => {
      const read = await usersRequest(testApp, connection, 'GET', `/${created.id}`);
      const match = await usersRequest(testApp, connection, 'GET', matchQuery('x', externalId));
      const inactive = await usersRequest(
        testApp,
        connection,
        'GET',
        query({ filter: 'active eq false' }),
      );

      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ id: created.id, active: false });
      expect((match.body as ListResponse).Resources).toEqual([read.body]);
      expect((inactive.body as ListResponse).Resources.map((user) => user.id)).toEqual([
        created.id,
      ]);
    });

    it('Replace active "True" enables', async () => {
      const before = (await usersRequest(testApp, connection, 'GET', `/${created.id}`))
        .body as ScimUser;

      const response = await usersRequest(
        testApp,
        connection,
        'PATCH',
        `/${created.id}`,
        patchOp({ op: 'Replace', path: 'active', value: 'True' }),
      );
      const after = response.body as ScimUser;

      expect(response.status).toBe(200);
      expect(after).toEqual({
        ...before,
        active: true,
        meta: {
          ...before.meta,
          lastModified: expect.stringMatching(TIMESTAMP),
          version: response.headers.get('etag'),
        },
      });
    });

    it('replace active false disables', async () => {
      const response = await usersRequest(
        testApp,
        connection,
        'PATCH',
        `/${created.id}`,
        patchOp({ op: 'replace', path: 'active', value: false }),
      );

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: created.id, active: false });
    });

    it('delete returns 204', async () => {
      const response = await request(
        testApp.baseUrl,
        'DELETE',
        `${connection.scimPath}/Users/${created.id}`,
        { token: connection.token, headers: { 'content-type': 'application/scim+json' } },
      );

      expect(response.status).toBe(204);
      expect(response.text).toBe('');
    });

    it('deleted user is 404', async () => {
      const response = await usersRequest(testApp, connection, 'GET', `/${created.id}`);

      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe(SCIM_JSON);
      expect(response.body).toEqual(scimError(404));
    });

    it('deleted user leaves every list', async () => {
      const match = await usersRequest(testApp, connection, 'GET', matchQuery('x', externalId));
      const all = await usersRequest(testApp, connection, 'GET', query({ count: 100 }));

      expect((match.body as ListResponse).totalResults).toBe(0);
      expect((all.body as ListResponse).Resources.map((user) => user.id)).not.toContain(created.id);
    });

    it('deleted user rejects writes', async () => {
      const patch = await usersRequest(
        testApp,
        connection,
        'PATCH',
        `/${created.id}`,
        patchOp({ op: 'Replace', path: 'active', value: 'True' }),
      );
      const secondDelete = await usersRequest(testApp, connection, 'DELETE', `/${created.id}`);

      expect(patch.status).toBe(404);
      expect(patch.body).toEqual(scimError(404));
      expect(secondDelete.status).toBe(404);
    });

    it('create after delete revives same id', async () => {
      const body = entraCreateBody(renamed, externalId);

      const response = await usersRequest(testApp, connection, 'POST', '', body);
      const revived = response.body as ScimUser;
      const row = await memberColumns(testApp, created.id);

      expect(response.status).toBe(201);
      expect(response.headers.get('location')).toBe(userLocation(testApp, connection, created.id));
      expect(revived).toEqual({
        schemas: [USER_URN, ENTERPRISE_URN],
        id: created.id,
        externalId,
        userName: renamed,
        active: true,
        emails: [{ primary: true, type: 'work', value: renamed }],
        name: { formatted: 'Jordan Lee', familyName: 'Lee', givenName: 'Jordan' },
        [ENTERPRISE_URN]: { department: 'Finance', employeeNumber: '4711' },
        meta: {
          resourceType: 'User',
          created: created.meta.created,
          lastModified: expect.stringMatching(TIMESTAMP),
          location: created.meta.location,
          version: response.headers.get('etag'),
        },
      });
      expect(row.scim_deleted_at).toBeNull();
    });
  });

  describe('requests outside the main flow', () => {
    let admin: SeededMember;
    let connection: CreatedConnection;

    beforeAll(async () => {
      admin = await seedOrganization(testApp, 'Contoso');
      connection = await createConnection(testApp, admin, 'entra_id');
    });

    it('read of unknown id is 404', async () => {
      const response = await request(
        testApp.baseUrl,
        'GET',
        `${connection.scimPath}/Users/5171a35d82074e068ce2`,
        { token: connection.token, headers: { 'content-type': 'application/scim+json' } },
      );

      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe(SCIM_JSON);
      expect(response.body).toEqual(scimError(404));
    });

    it('work email filter finds admin-created member', async () => {
      const member = await seedMember(testApp, admin.organizationId, 'member');
      const email = String((await memberColumns(testApp, member.id)).email);

      const response = await usersRequest(
        testApp,
        connection,
        'GET',
        query({ filter: `emails[type eq "work"].value eq "${email}"` }),
      );

      expect(response.status).toBe(200);
      expect((response.body as ListResponse).Resources).toEqual([
        expect.objectContaining({ id: member.id, userName: email }),
      ]);
    });

    it('create ignores nulls and unknown schemas', async () => {
      const customUrn = 'urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User';
      const body = {
        schemas: [USER_URN, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0User', customUrn],
        externalId: 'jyoung',
        userName: 'jyoung@contoso.example',
        active: true,
        addresses: null,
        displayName: 'Joy Young',
        emails: [{ type: 'work', value: 'jyoung@contoso.example', primary: true }],
        meta: { resourceType: 'User' },
        name: { familyName: 'Young', givenName: 'Joy' },
        phoneNumbers: null,
        preferredLanguage: null,
        title: null,
        department: null,
        manager: null,
        [customUrn]: { tag: '701984' },
      };

      const response = await usersRequest(testApp, connection, 'POST', '', body);
      const user = response.body as ScimUser;

      expect(response.status).toBe(201);
      expect(user).toEqual({
        schemas: [USER_URN],
        id: expect.any(String),
        externalId: 'jyoung',
        userName: 'jyoung@contoso.example',
        displayName: 'Joy Young',
        active: true,
        emails: [{ type: 'work', value: 'jyoung@contoso.example', primary: true }],
        name: { familyName: 'Young', givenName: 'Joy' },
        meta: expect.objectContaining({ resourceType: 'User', version: 'W/"1"' }),
      });
    });

    it('create honours active false', async () => {
      const body = { ...entraCreateBody('casey.ng@contoso.example', randomUUID()), active: false };

      const response = await usersRequest(testApp, connection, 'POST', '', body);
      const row = await memberColumns(testApp, (response.body as ScimUser).id);

      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ active: false });
      expect(row.status).toBe('deactivated');
    });

    it('Add manager to user without one', async () => {
      const employee = await createEntraUser(
        testApp,
        connection,
        entraCreateBody('morgan.ito@contoso.example', randomUUID()),
      );
      const boss = await createEntraUser(
        testApp,
        connection,
        entraCreateBody('quinn.ross@contoso.example', randomUUID()),
      );

      const response = await usersRequest(
        testApp,
        connection,
        'PATCH',
        `/${employee.id}`,
        patchOp({ op: 'Add', path: MANAGER_PATH, value: boss.id }),
      );

      expect(response.status).toBe(200);
      expect((response.body as ScimUser)[ENTERPRISE_URN]).toEqual({
        department: 'Finance',
        employeeNumber: '4711',
        manager: { value: boss.id },
      });
    });

    it('Remove manager clears it', async () => {
      const boss = await createEntraUser(
        testApp,
        connection,
        entraCreateBody('drew.kim@contoso.example', randomUUID()),
      );
      const employee = await createEntraUser(
        testApp,
        connection,
        entraCreateBody('rowan.fox@contoso.example', randomUUID(), { manager: boss.id }),
      );

      const response = await usersRequest(
        testApp,
        connection,
        'PATCH',
        `/${employee.id}`,
        patchOp({ op: 'Remove', path: MANAGER_PATH }),
      );

      expect(response.status).toBe(200);
      expect((response.body as ScimUser)[ENTERPRISE_URN]).toEqual({
        department: 'Finance',
        employeeNumber: '4711',
      });
    });

    it('value object applies filtered keys', async () => {
      const user = await createEntraUser(
        testApp,
        connection,
        entraCreateBody('casey.north@contoso.example', randomUUID()),
      );

      const response = await usersRequest(
        testApp,
        connection,
        'PATCH',
        `/${user.id}`,
        patchOp({
          op: 'Replace',
          value: {
            displayName: 'Casey North',
            'emails[type eq "work"].value': 'casey.n@contoso.example',
            'phoneNumbers[type eq "work"].value': '+1 425 555 0100',
            'addresses[type eq "work"].locality': 'Redmond',
          },
        }),
      );
      const row = await memberColumns(testApp, user.id);

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        displayName: 'Casey North',
        emails: [{ primary: true, type: 'work', value: 'casey.n@contoso.example' }],
        phoneNumbers: [{ type: 'work', value: '+1 425 555 0100' }],
        addresses: [{ type: 'work', locality: 'Redmond' }],
      });
      expect(row.email).toBe('casey.n@contoso.example');
    });

    it('empty work email leaves member email', async () => {
      const user = await createEntraUser(
        testApp,
        connection,
        entraCreateBody('emery.stone@contoso.example', randomUUID()),
      );
      await usersRequest(
        testApp,
        connection,
        'PATCH',
        `/${user.id}`,
        patchOp({
          op: 'Replace',
          path: 'emails[type eq "work"].value',
          value: 'e.s@contoso.example',
        }),
      );

      const response = await usersRequest(
        testApp,
        connection,
        'PATCH',
        `/${user.id}`,
        patchOp({ op: 'Add', path: 'emails[type eq "work"].value', value: '' }),
      );
      const row = await memberColumns(testApp, user.id);

      expect(response.status).toBe(200);
      expect(row.email).toBe('emery.stone@contoso.example');
    });

    it.each([
      ['Add', { worksiteId: '181' }],
      ['Replace', { worksiteId: '181' }],
      ['Remove', undefined],
    ])('custom extension %s is ignored', async (op, value) => {
      const customUrn = 'urn:ietf:params:scim:schemas:extension:custom:2.0:User';
      const user = (
        await usersRequest(testApp, connection, 'POST', '', {
          ...entraCreateBody(`worksite-${op.toLowerCase()}@contoso.example`, randomUUID()),
          schemas: [USER_URN, ENTERPRISE_URN, customUrn],
          [customUrn]: { worksiteId: '180' },
        })
      ).body as ScimUser;

      const byAttribute = await usersRequest(
        testApp,
        connection,
        'PATCH',
        `/${user.id}`,
        patchOp({ op, path: `${customUrn}:worksiteId`, value: value?.worksiteId }),
      );
      const bySchema = await usersRequest(
        testApp,
        connection,
        'PATCH',
        `/${user.id}`,
        patchOp({ op, path: customUrn, value }),
      );

      expect(byAttribute.status).toBe(200);
      expect(bySchema.status).toBe(200);
      expect(bySchema.body).toEqual({ ...user, meta: expect.any(Object) });
      expect(bySchema.body).not.toHaveProperty([customUrn]);
    });

    it('create of a taken userName conflicts', async () => {
      await usersRequest(
        testApp,
        connection,
        'POST',
        '',
        entraCreateBody('sky.moss@contoso.example', randomUUID()),
      );

      const response = await usersRequest(
        testApp,
        connection,
        'POST',
        '',
        entraCreateBody('Sky.Moss@Contoso.example', randomUUID()),
      );

      expect(response.status).toBe(409);
      expect(response.headers.get('content-type')).toBe(SCIM_JSON);
      expect(response.body).toEqual(scimError(409, 'uniqueness'));
    });
  });
});
