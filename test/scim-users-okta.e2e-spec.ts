// Replays the requests that Okta sends to a SCIM 2.0 /Users endpoint, with
// request shapes taken from these documents:
// - Okta, "Okta and SCIM Version 2.0" (SCIM 2.0 protocol reference),
//   https://developer.okta.com/docs/api/openapi/okta-scim/guides/scim-20
// - Delinea, "Okta SCIM Endpoint Reference for the Platform" (the count=2 connection test),
//   https://docs.delinea.com/online-help/delinea-platform/scim/okta-scim-provisioning/okta-scim-endpoint-reference.htm
import { randomUUID } from 'node:crypto';
import { createConnection, CreatedConnection, scimError } from './support/scim';
import {
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
  deactivate,
  seedMember,
  seedOrganization,
  SeededMember,
  startTestApp,
  TestApp,
} from './support/test-app';

const OKTA_PASSWORD = 'Okta-Sync-9f3k2L';

/** Builds the body of Okta's POST /Users: the user's application profile, with a generated password. */
function oktaCreateBody(userName: string): Record<string, unknown> {
  return {
    schemas: [USER_URN],
    userName,
    name: { givenName: 'Sam', familyName: 'Rivera' },
    emails: [{ primary: true, value: userName, type: 'work' }],
    displayName: 'Sam Rivera',
    locale: 'en-US',
    externalId: '00u5xq8r2kT7Lm3Z90h7',
    groups: [],
    password: OKTA_PASSWORD,
    active: true,
  };
}

/** Builds the query of Okta's existence check before a create: userName eq, first page of 100. */
function matchQuery(userName: string): string {
  return query({ filter: `userName eq "${userName}"`, startIndex: 1, count: 100 });
}

describe('Okta provisioning flow', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });

  afterAll(() => testApp.close());

  describe('assign, update and deactivate', () => {
    const userName = 'sam.rivera@example.com';
    let connection: CreatedConnection;
    let created: ScimUser;

    beforeAll(async () => {
      connection = await createConnection(testApp, await seedOrganization(testApp), 'okta');
    });

    it('connection test lists users', async () => {
      const response = await usersRequest(
        testApp,
        connection,
        'GET',
        query({ startIndex: 1, count: 2 }),
      );
      const body = response.body as ListResponse;

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(SCIM_JSON);
      expect(body.schemas).toEqual([LIST_RESPONSE_URN]);
      expect(body.startIndex).toBe(1);
      expect(body.totalResults).toBe(1);
      expect(body.itemsPerPage).toBe(1);
    });

    it('existence check finds nothing', async () => {
      const response = await usersRequest(testApp, connection, 'GET', matchQuery(userName));

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

    it('create returns the new user', async () => {
      const response = await usersRequest(
        testApp,
        connection,
        'POST',
        '',
        oktaCreateBody(userName),
      );
      created = response.body as ScimUser;

      expect(response.status).toBe(201);
      expect(response.headers.get('content-type')).toBe(SCIM_JSON);
      expect(response.body).toEqual({
        schemas: [USER_URN],
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        externalId: '00u5xq8r2kT7Lm3Z90h7',
        userName,
        name: { givenName: 'Sam', familyName: 'Rivera' },
        displayName: 'Sam Rivera',
        locale: 'en-US',
        active: true,
        emails: [{ primary: true, value: userName, type: 'work' }],
        meta: {
          resourceType: 'User',
          created: expect.stringMatching(TIMESTAMP),
          lastModified: expect.stringMatching(TIMESTAMP),
          location: userLocation(testApp, connection, created.id),
          version: 'W/"1"',
        },
      });
      expect(response.headers.get('location')).toBe(created.meta.location);
      expect(response.headers.get('etag')).toBe(created.meta.version);
    });

    it('create stores no password', async () => {
      const row = await memberColumns(testApp, created.id);

      expect(JSON.stringify(row)).not.toContain(OKTA_PASSWORD);
      expect(String(row.scim_attributes)).not.toContain('password');
      expect(row).toMatchObject({ role: 'member', managed_by: 'scim', status: 'active' });
    });

    it('existence check finds the user', async () => {
      const response = await usersRequest(testApp, connection, 'GET', matchQuery(userName));

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        schemas: [LIST_RESPONSE_URN],
        totalResults: 1,
        startIndex: 1,
        itemsPerPage: 1,
        Resources: [created],
      });
    });

    it('existence check ignores case', async () => {
      const response = await usersRequest(
        testApp,
        connection,
        'GET',
        matchQuery('Sam.Rivera@EXAMPLE.com'),
      );

      expect((response.body as ListResponse).Resources.map((user) => user.id)).toEqual([
        created.id,
      ]);
    });

    it('read returns the user', async () => {
      const response = await usersRequest(testApp, connection, 'GET', `/${created.id}`);

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(SCIM_JSON);
      expect(response.headers.get('etag')).toBe('W/"1"');
      expect(response.body).toEqual(created);
    });

    it('PUT replaces the profile', async () => {
      const current = (await usersRequest(testApp, connection, 'GET', `/${created.id}`))
        .body as ScimUser;
      const body = {
        ...current,
        name: { givenName: 'Samantha', middleName: 'Jo', familyName: 'Rivera' },
        groups: [],
      };

      const response = await usersRequest(testApp, connection, 'PUT', `/${created.id}`, body);
      const updated = response.body as ScimUser;

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(SCIM_JSON);
      expect(response.headers.get('etag')).toBe('W/"2"');
      expect(updated).toEqual({
        ...created,
        name: { givenName: 'Samantha', middleName: 'Jo', familyName: 'Rivera' },
        meta: { ...created.meta, lastModified: expect.stringMatching(TIMESTAMP), version: 'W/"2"' },
      });
    });

    it('PATCH password is discarded', async () => {
      const response = await usersRequest(
        testApp,
        connection,
        'PATCH',
        `/${created.id}`,
        patchOp({ op: 'replace', value: { password: 'Okta-Rotated-4u8Q' } }),
      );
      const row = await memberColumns(testApp, created.id);

      expect(response.status).toBe(200);
      expect(response.body).not.toHaveProperty('password');
      expect(JSON.stringify(row)).not.toContain('Okta-Rotated-4u8Q');
    });

    it('PATCH deactivates the user', async () => {
      const response = await usersRequest(
        testApp,
        connection,
        'PATCH',
        `/${created.id}`,
        patchOp({ op: 'replace', value: { active: false } }),
      );
      const row = await memberColumns(testApp, created.id);

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(SCIM_JSON);
      expect(response.body).toMatchObject({ id: created.id, userName, active: false });
      expect(row.status).toBe('deactivated');
    });

    it('deactivated user stays readable', async () => {
      const read = await usersRequest(testApp, connection, 'GET', `/${created.id}`);
      const match = await usersRequest(testApp, connection, 'GET', matchQuery(userName));

      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ id: created.id, active: false });
      expect((match.body as ListResponse).Resources).toEqual([read.body]);
    });

    it('PATCH reactivates the same user', async () => {
      const response = await usersRequest(
        testApp,
        connection,
        'PATCH',
        `/${created.id}`,
        patchOp({ op: 'replace', value: { active: true } }),
      );
      const user = response.body as ScimUser;

      expect(response.status).toBe(200);
      expect(user).toEqual({
        ...created,
        name: { givenName: 'Samantha', middleName: 'Jo', familyName: 'Rivera' },
        active: true,
        meta: {
          ...created.meta,
          lastModified: expect.stringMatching(TIMESTAMP),
          version: response.headers.get('etag'),
        },
      });
    });

    it('create of a taken userName conflicts', async () => {
      const response = await usersRequest(
        testApp,
        connection,
        'POST',
        '',
        oktaCreateBody('SAM.RIVERA@example.com'),
      );

      expect(response.status).toBe(409);
      expect(response.headers.get('content-type')).toBe(SCIM_JSON);
      expect(response.body).toEqual(scimError(409, 'uniqueness'));
    });

    it('import pages through all users', async () => {
      const first = await usersRequest(
        testApp,
        connection,
        'GET',
        query({ startIndex: 1, count: 1 }),
      );
      const second = await usersRequest(
        testApp,
        connection,
        'GET',
        query({ startIndex: 2, count: 1 }),
      );
      const all = await usersRequest(
        testApp,
        connection,
        'GET',
        query({ startIndex: 1, count: 100 }),
      );
      const firstBody = first.body as ListResponse;
      const secondBody = second.body as ListResponse;
      const allBody = all.body as ListResponse;

      expect(firstBody.totalResults).toBe(2);
      expect(secondBody.startIndex).toBe(2);
      expect(allBody.itemsPerPage).toBe(2);
      expect([...firstBody.Resources, ...secondBody.Resources]).toEqual(allBody.Resources);
      expect(allBody.Resources.map((user) => user.id)).toContain(created.id);
    });
  });

  describe('existing members', () => {
    let admin: SeededMember;
    let connection: CreatedConnection;

    beforeAll(async () => {
      admin = await seedOrganization(testApp, 'Existing');
      connection = await createConnection(testApp, admin, 'okta');
    });

    it('existence check finds admin-created member', async () => {
      const member = await seedMember(testApp, admin.organizationId, 'member');
      const row = await memberColumns(testApp, member.id);
      const email = String(row.email);

      const response = await usersRequest(testApp, connection, 'GET', matchQuery(email));
      const body = response.body as ListResponse;

      expect(response.status).toBe(200);
      expect(body.totalResults).toBe(1);
      expect(body.Resources[0]).toEqual({
        schemas: [USER_URN],
        id: member.id,
        userName: email,
        active: true,
        emails: [{ value: email, type: 'work', primary: true }],
        meta: {
          resourceType: 'User',
          created: expect.stringMatching(TIMESTAMP),
          lastModified: expect.stringMatching(TIMESTAMP),
          location: userLocation(testApp, connection, member.id),
          version: 'W/"1"',
        },
      });
    });

    it('deactivated member is found inactive', async () => {
      const member = await seedMember(testApp, admin.organizationId, 'member');
      const email = String((await memberColumns(testApp, member.id)).email);
      await deactivate(testApp, member.id);

      const match = await usersRequest(testApp, connection, 'GET', matchQuery(email));
      const reactivated = await usersRequest(
        testApp,
        connection,
        'PATCH',
        `/${member.id}`,
        patchOp({ op: 'replace', value: { active: true } }),
      );

      expect((match.body as ListResponse).Resources).toEqual([
        expect.objectContaining({ id: member.id, userName: email, active: false }),
      ]);
      expect(reactivated.status).toBe(200);
      expect(reactivated.body).toMatchObject({ id: member.id, userName: email, active: true });
    });

    it('PUT links admin-created member', async () => {
      const member = await seedMember(testApp, admin.organizationId, 'member');
      const email = String((await memberColumns(testApp, member.id)).email);
      const body = { ...oktaCreateBody(email), id: member.id };

      const response = await usersRequest(testApp, connection, 'PUT', `/${member.id}`, body);
      const row = await memberColumns(testApp, member.id);

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        id: member.id,
        userName: email,
        externalId: '00u5xq8r2kT7Lm3Z90h7',
        name: { givenName: 'Sam', familyName: 'Rivera' },
      });
      expect(response.body).not.toHaveProperty('password');
      expect(row).toMatchObject({ role: 'member', managed_by: 'scim' });
      expect(JSON.stringify(row)).not.toContain(OKTA_PASSWORD);
    });

    it('create of admin-created userName conflicts', async () => {
      const member = await seedMember(testApp, admin.organizationId, 'member');
      const email = String((await memberColumns(testApp, member.id)).email);

      const response = await usersRequest(testApp, connection, 'POST', '', oktaCreateBody(email));

      expect(response.status).toBe(409);
      expect(response.body).toEqual(scimError(409, 'uniqueness'));
    });
  });

  describe('App Integration Wizard apps', () => {
    let connection: CreatedConnection;

    beforeAll(async () => {
      connection = await createConnection(
        testApp,
        await seedOrganization(testApp, 'Wizard'),
        'okta',
      );
    });

    it('PUT with active false deactivates', async () => {
      const created = (
        await usersRequest(testApp, connection, 'POST', '', oktaCreateBody('kai.wong@example.com'))
      ).body as ScimUser;

      const response = await usersRequest(testApp, connection, 'PUT', `/${created.id}`, {
        ...created,
        active: false,
        password: OKTA_PASSWORD,
      });
      const read = await usersRequest(testApp, connection, 'GET', `/${created.id}`);

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: created.id, active: false });
      expect(read.body).toMatchObject({ id: created.id, active: false });
    });

    it('PUT with active true reactivates', async () => {
      const created = (
        await usersRequest(testApp, connection, 'POST', '', {
          ...oktaCreateBody('lee.park@example.com'),
          active: false,
        })
      ).body as ScimUser;

      const response = await usersRequest(testApp, connection, 'PUT', `/${created.id}`, {
        ...created,
        active: true,
      });

      expect(created.active).toBe(false);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: created.id, active: true });
    });

    it('read of unknown user is 404', async () => {
      const response = await usersRequest(testApp, connection, 'GET', `/${randomUUID()}`);

      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe(SCIM_JSON);
      expect(response.body).toEqual(scimError(404));
    });
  });
});
