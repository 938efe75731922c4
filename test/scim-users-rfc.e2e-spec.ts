// Replays the /Users requests of a client that follows RFC 7644 to the letter:
// lower-case PATCH ops with paths, If-Match and If-None-Match with the ETag,
// SearchRequest bodies, attribute projection and the section 3.12 error bodies.
// - IETF, RFC 7644 "System for Cross-domain Identity Management: Protocol",
//   https://www.rfc-editor.org/rfc/rfc7644
import { randomUUID } from 'node:crypto';
import { request } from './support/http';
import { createConnection, CreatedConnection, scimError, scimRequest } from './support/scim';
import {
  LIST_RESPONSE_URN,
  ListResponse,
  memberColumns,
  patchOp,
  query,
  SCIM_JSON,
  ScimUser,
  SEARCH_REQUEST_URN,
  TIMESTAMP,
  USER_URN,
  userLocation,
  usersRequest,
} from './support/scim-users';
import { seedOrganization, startTestApp, TestApp } from './support/test-app';

describe('RFC 7644 client flow', () => {
  let testApp: TestApp;
  let connection: CreatedConnection;

  beforeAll(async () => {
    testApp = await startTestApp();
    connection = await createConnection(testApp, await seedOrganization(testApp), 'generic');
  });

  afterAll(() => testApp.close());

  /** Creates a User with a work email equal to the userName; throws unless the status is 201. */
  async function createUser(
    userName: string,
    attributes: Record<string, unknown> = {},
  ): Promise<ScimUser> {
    const response = await usersRequest(testApp, connection, 'POST', '', {
      schemas: [USER_URN],
      userName,
      emails: [{ value: userName, type: 'work', primary: true }],
      ...attributes,
    });
    if (response.status !== 201)
      throw new Error(`creating ${userName} returned ${response.status}: ${response.text}`);
    return response.body as ScimUser;
  }

  /** Sends a request with extra headers, such as If-Match, to a User. */
  function userRequestWithHeaders(
    method: string,
    id: string,
    headers: Record<string, string>,
    body?: unknown,
  ) {
    return request(testApp.baseUrl, method, `${connection.scimPath}/Users/${id}`, {
      token: connection.token,
      rawBody: body === undefined ? undefined : JSON.stringify(body),
      headers:
        body === undefined ? headers : { ...headers, 'content-type': 'application/scim+json' },
    });
  }

  describe('create and read', () => {
    it('POST returns 201 with Location and ETag', async () => {
      const response = await usersRequest(testApp, connection, 'POST', '', {
        schemas: [USER_URN],
        userName: 'bjensen@example.com',
        name: { givenName: 'Barbara', familyName: 'Jensen' },
        emails: [{ value: 'bjensen@example.com', type: 'work', primary: true }],
      });
      const user = response.body as ScimUser;

      expect(response.status).toBe(201);
      expect(response.headers.get('content-type')).toBe(SCIM_JSON);
      expect(response.headers.get('location')).toBe(userLocation(testApp, connection, user.id));
      expect(response.headers.get('etag')).toBe('W/"1"');
      expect(user).toEqual({
        schemas: [USER_URN],
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        userName: 'bjensen@example.com',
        name: { givenName: 'Barbara', familyName: 'Jensen' },
        emails: [{ value: 'bjensen@example.com', type: 'work', primary: true }],
        active: true,
        meta: {
          resourceType: 'User',
          created: expect.stringMatching(TIMESTAMP),
          lastModified: expect.stringMatching(TIMESTAMP),
          location: userLocation(testApp, connection, user.id),
          version: 'W/"1"',
        },
      });
    });

    it('POST ignores unknown attributes', async () => {
      const response = await usersRequest(testApp, connection, 'POST', '', {
        schemas: [USER_URN, 'urn:example:params:scim:schemas:extension:badge:1.0:User'],
        userName: 'unknown-attributes@example.com',
        favoriteColor: 'teal',
        'urn:example:params:scim:schemas:extension:badge:1.0:User': { badgeNumber: '17' },
      });

      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        schemas: [USER_URN],
        id: expect.any(String),
        userName: 'unknown-attributes@example.com',
        active: true,
        meta: expect.objectContaining({ version: 'W/"1"' }),
      });
    });

    it('POST without userName is rejected', async () => {
      const response = await usersRequest(testApp, connection, 'POST', '', {
        schemas: [USER_URN],
        displayName: 'Nobody',
      });

      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe(SCIM_JSON);
      expect(response.body).toEqual(scimError(400, 'invalidValue'));
    });

    it('POST with malformed JSON is rejected', async () => {
      const response = await request(testApp.baseUrl, 'POST', `${connection.scimPath}/Users`, {
        token: connection.token,
        rawBody: '{"schemas": [',
        headers: { 'content-type': 'application/scim+json' },
      });

      expect(response.status).toBe(400);
      expect(response.body).toEqual(scimError(400, 'invalidSyntax'));
    });

    it('POST of a taken userName conflicts', async () => {
      await createUser('taken@example.com');

      const response = await usersRequest(testApp, connection, 'POST', '', {
        schemas: [USER_URN],
        userName: 'TAKEN@example.com',
      });

      expect(response.status).toBe(409);
      expect(response.headers.get('content-type')).toBe(SCIM_JSON);
      expect(response.body).toEqual(scimError(409, 'uniqueness'));
    });

    it('password is never stored or returned', async () => {
      const response = await usersRequest(testApp, connection, 'POST', '', {
        schemas: [USER_URN],
        userName: 'with-password@example.com',
        password: 't1meMa$heen',
      });
      const user = response.body as ScimUser;
      const projected = await usersRequest(
        testApp,
        connection,
        'GET',
        `/${user.id}${query({ attributes: 'userName,password' })}`,
      );
      const row = await memberColumns(testApp, user.id);

      expect(response.status).toBe(201);
      expect(user).not.toHaveProperty('password');
      expect(projected.body).toEqual({ schemas: [USER_URN], id: user.id, userName: user.userName });
      expect(JSON.stringify(row)).not.toContain('t1meMa$heen');
      expect(String(row.scim_attributes)).not.toContain('password');
    });

    it('GET with current ETag is 304', async () => {
      const user = await createUser('conditional-get@example.com');

      const response = await userRequestWithHeaders('GET', user.id, {
        'if-none-match': user.meta.version,
      });

      expect(response.status).toBe(304);
      expect(response.text).toBe('');
      expect(response.headers.get('etag')).toBe(user.meta.version);
    });

    it('GET with stale ETag is 200', async () => {
      const user = await createUser('stale-get@example.com');

      const response = await userRequestWithHeaders('GET', user.id, { 'if-none-match': 'W/"0"' });

      expect(response.status).toBe(200);
      expect(response.body).toEqual(user);
    });

    it('GET projects requested attributes', async () => {
      const user = await createUser('projected@example.com', { displayName: 'Projected' });

      const included = await usersRequest(
        testApp,
        connection,
        'GET',
        `/${user.id}${query({ attributes: 'userName,meta.version' })}`,
      );
      const excluded = await usersRequest(
        testApp,
        connection,
        'GET',
        `/${user.id}${query({ excludedAttributes: 'emails,meta' })}`,
      );

      expect(included.body).toEqual({
        schemas: [USER_URN],
        id: user.id,
        userName: 'projected@example.com',
        meta: { version: 'W/"1"' },
      });
      expect(excluded.body).toEqual({
        schemas: [USER_URN],
        id: user.id,
        userName: 'projected@example.com',
        displayName: 'Projected',
        active: true,
      });
    });

    it('GET of another organization is 404', async () => {
      const otherConnection = await createConnection(
        testApp,
        await seedOrganization(testApp, 'Elsewhere'),
        'generic',
      );
      const user = await createUser('isolated@example.com');

      const response = await scimRequest(
        testApp,
        'GET',
        `${otherConnection.scimPath}/Users/${user.id}`,
        otherConnection.token,
      );

      expect(response.status).toBe(404);
      expect(response.body).toEqual(scimError(404));
    });

    it('GET without token is 401', async () => {
      const response = await scimRequest(testApp, 'GET', `${connection.scimPath}/Users`, undefined);

      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe(SCIM_JSON);
      expect(response.body).toEqual(scimError(401));
    });
  });

  describe('replace with PUT', () => {
    it('PUT with matching If-Match replaces', async () => {
      const user = await createUser('put-match@example.com', { nickName: 'Putty' });

      const response = await userRequestWithHeaders(
        'PUT',
        user.id,
        { 'if-match': user.meta.version },
        { schemas: [USER_URN], userName: user.userName, nickName: 'Replaced', active: true },
      );

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(SCIM_JSON);
      expect(response.headers.get('etag')).toBe('W/"2"');
      expect(response.body).toEqual({
        schemas: [USER_URN],
        id: user.id,
        userName: user.userName,
        nickName: 'Replaced',
        active: true,
        meta: {
          ...user.meta,
          lastModified: expect.stringMatching(TIMESTAMP),
          version: 'W/"2"',
        },
      });
    });

    it('PUT with stale If-Match is 412', async () => {
      const user = await createUser('put-stale@example.com', { nickName: 'Kept' });

      const response = await userRequestWithHeaders(
        'PUT',
        user.id,
        { 'if-match': 'W/"7"' },
        { schemas: [USER_URN], userName: user.userName, nickName: 'Lost' },
      );
      const after = await usersRequest(testApp, connection, 'GET', `/${user.id}`);

      expect(response.status).toBe(412);
      expect(response.headers.get('content-type')).toBe(SCIM_JSON);
      expect(response.body).toEqual(scimError(412));
      expect(after.body).toEqual(user);
    });

    it('PUT ignores readOnly attributes', async () => {
      const user = await createUser('put-readonly@example.com');

      const response = await usersRequest(testApp, connection, 'PUT', `/${user.id}`, {
        schemas: [USER_URN],
        id: randomUUID(),
        userName: user.userName,
        groups: [{ value: randomUUID(), display: 'Admins' }],
        meta: {
          resourceType: 'Group',
          created: '2001-01-01T00:00:00.000Z',
          location: 'https://attacker.example/Users/1',
          version: 'W/"99"',
        },
      });
      const body = response.body as ScimUser;

      expect(response.status).toBe(200);
      expect(body.id).toBe(user.id);
      expect(body).not.toHaveProperty('groups');
      expect(body.meta).toEqual({
        ...user.meta,
        lastModified: expect.stringMatching(TIMESTAMP),
        version: 'W/"2"',
      });
    });

    it('PUT clears omitted attributes', async () => {
      const user = await createUser('put-clears@example.com', {
        displayName: 'Clear Me',
        title: 'Engineer',
      });

      const response = await usersRequest(testApp, connection, 'PUT', `/${user.id}`, {
        schemas: [USER_URN],
        userName: user.userName,
      });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        schemas: [USER_URN],
        id: user.id,
        userName: user.userName,
        active: true,
        meta: expect.objectContaining({ version: 'W/"2"' }),
      });
    });

    it('PUT of unknown id is 404', async () => {
      const id = randomUUID();

      const response = await usersRequest(testApp, connection, 'PUT', `/${id}`, {
        schemas: [USER_URN],
        userName: 'never-created@example.com',
      });
      const search = await usersRequest(
        testApp,
        connection,
        'GET',
        query({ filter: 'userName eq "never-created@example.com"' }),
      );

      expect(response.status).toBe(404);
      expect(response.body).toEqual(scimError(404));
      expect((search.body as ListResponse).totalResults).toBe(0);
    });

    it('PUT to a taken userName conflicts', async () => {
      await createUser('put-taken@example.com');
      const user = await createUser('put-renamer@example.com');

      const response = await usersRequest(testApp, connection, 'PUT', `/${user.id}`, {
        schemas: [USER_URN],
        userName: 'Put-Taken@example.com',
      });

      expect(response.status).toBe(409);
      expect(response.body).toEqual(scimError(409, 'uniqueness'));
    });

    it('PUT with active false deactivates', async () => {
      const user = await createUser('put-inactive@example.com');

      const response = await usersRequest(testApp, connection, 'PUT', `/${user.id}`, {
        schemas: [USER_URN],
        userName: user.userName,
        active: false,
      });
      const read = await usersRequest(testApp, connection, 'GET', `/${user.id}`);

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ active: false });
      expect(read.body).toMatchObject({ id: user.id, active: false });
    });
  });

  describe('modify with PATCH', () => {
    it('PATCH adds, replaces and removes', async () => {
      const user = await createUser('patch-ops@example.com', {
        name: { givenName: 'Pat', familyName: 'Chen' },
        nickName: 'Patty',
      });

      const response = await userRequestWithHeaders(
        'PATCH',
        user.id,
        { 'if-match': user.meta.version },
        patchOp(
          { op: 'add', path: 'phoneNumbers', value: [{ value: '+1 555 0100', type: 'mobile' }] },
          { op: 'replace', path: 'name.givenName', value: 'Patricia' },
          { op: 'remove', path: 'nickName' },
        ),
      );

      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).toBe('W/"2"');
      expect(response.body).toEqual({
        ...user,
        name: { givenName: 'Patricia', familyName: 'Chen' },
        phoneNumbers: [{ value: '+1 555 0100', type: 'mobile' }],
        nickName: undefined,
        meta: { ...user.meta, lastModified: expect.stringMatching(TIMESTAMP), version: 'W/"2"' },
      });
      expect(response.body).not.toHaveProperty('nickName');
    });

    it('PATCH through a value filter', async () => {
      const user = await createUser('patch-filter@example.com', {
        emails: [
          { value: 'patch-filter@example.com', type: 'work', primary: true },
          { value: 'home@example.net', type: 'home' },
        ],
      });

      const response = await usersRequest(
        testApp,
        connection,
        'PATCH',
        `/${user.id}`,
        patchOp({ op: 'remove', path: 'emails[type eq "home"]' }),
      );

      expect(response.status).toBe(200);
      expect((response.body as ScimUser).emails).toEqual([
        { value: 'patch-filter@example.com', type: 'work', primary: true },
      ]);
    });

    it('PATCH active false then true', async () => {
      const user = await createUser('patch-active@example.com', { displayName: 'Toggle' });

      const off = await usersRequest(
        testApp,
        connection,
        'PATCH',
        `/${user.id}`,
        patchOp({ op: 'replace', path: 'active', value: false }),
      );
      const on = await usersRequest(
        testApp,
        connection,
        'PATCH',
        `/${user.id}`,
        patchOp({ op: 'replace', path: 'active', value: true }),
      );

      expect(off.status).toBe(200);
      expect(off.body).toMatchObject({ id: user.id, active: false, displayName: 'Toggle' });
      expect(on.status).toBe(200);
      expect(on.body).toEqual({
        ...user,
        meta: {
          ...user.meta,
          lastModified: expect.stringMatching(TIMESTAMP),
          version: 'W/"3"',
        },
      });
    });

    it('PATCH applies all operations or none', async () => {
      const user = await createUser('patch-atomic@example.com', { displayName: 'Before' });

      const response = await usersRequest(
        testApp,
        connection,
        'PATCH',
        `/${user.id}`,
        patchOp(
          { op: 'replace', path: 'displayName', value: 'After' },
          { op: 'replace', path: 'id', value: randomUUID() },
        ),
      );
      const after = await usersRequest(testApp, connection, 'GET', `/${user.id}`);

      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe(SCIM_JSON);
      expect(response.body).toEqual(scimError(400, 'mutability'));
      expect(after.body).toEqual(user);
    });

    it('PATCH with malformed path is rejected', async () => {
      const user = await createUser('patch-bad-path@example.com');

      const response = await usersRequest(
        testApp,
        connection,
        'PATCH',
        `/${user.id}`,
        patchOp({ op: 'replace', path: 'emails[type eq "work"', value: 'x@example.com' }),
      );

      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        ...(scimError(400) as object),
        scimType: expect.stringMatching(/^(invalidPath|invalidFilter)$/),
      });
    });

    it('PATCH with stale If-Match is 412', async () => {
      const user = await createUser('patch-stale@example.com');

      const response = await userRequestWithHeaders(
        'PATCH',
        user.id,
        { 'if-match': 'W/"5"' },
        patchOp({ op: 'replace', path: 'displayName', value: 'Lost' }),
      );

      expect(response.status).toBe(412);
      expect(response.body).toEqual(scimError(412));
    });

    it('PATCH to a taken userName conflicts', async () => {
      await createUser('patch-taken@example.com');
      const user = await createUser('patch-renamer@example.com');

      const response = await usersRequest(
        testApp,
        connection,
        'PATCH',
        `/${user.id}`,
        patchOp({ op: 'replace', path: 'userName', value: 'PATCH-TAKEN@example.com' }),
      );

      expect(response.status).toBe(409);
      expect(response.body).toEqual(scimError(409, 'uniqueness'));
    });

    it('PATCH may change userName case', async () => {
      const user = await createUser('case-change@example.com');

      const response = await usersRequest(
        testApp,
        connection,
        'PATCH',
        `/${user.id}`,
        patchOp({ op: 'replace', path: 'userName', value: 'Case-Change@example.com' }),
      );

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ userName: 'Case-Change@example.com' });
    });
  });

  describe('concurrent writes', () => {
    it('concurrent POSTs create one user', async () => {
      const body = { schemas: [USER_URN], userName: 'race@example.com' };

      const responses = await Promise.all(
        [1, 2, 3, 4].map(() => usersRequest(testApp, connection, 'POST', '', body)),
      );

      expect(responses.map((response) => response.status).sort()).toEqual([201, 409, 409, 409]);
    });

    it('concurrent POSTs revive once', async () => {
      const user = await createUser('revive-race@example.com');
      await usersRequest(testApp, connection, 'DELETE', `/${user.id}`);
      const body = { schemas: [USER_URN], userName: 'revive-race@example.com' };

      const responses = await Promise.all(
        [1, 2, 3, 4].map(() => usersRequest(testApp, connection, 'POST', '', body)),
      );
      const revived = responses.find((response) => response.status === 201);

      expect(responses.map((response) => response.status).sort()).toEqual([201, 409, 409, 409]);
      expect(revived?.body).toMatchObject({ id: user.id });
    });

    it('concurrent renames to one userName', async () => {
      const users = [
        await createUser('rename-race-a@example.com'),
        await createUser('rename-race-b@example.com'),
        await createUser('rename-race-c@example.com'),
      ];

      const responses = await Promise.all(
        users.map((user) =>
          usersRequest(
            testApp,
            connection,
            'PATCH',
            `/${user.id}`,
            patchOp({ op: 'replace', path: 'userName', value: 'rename-race@example.com' }),
          ),
        ),
      );
      const conflicts = responses.filter((response) => response.status === 409);

      expect(responses.map((response) => response.status).sort()).toEqual([200, 409, 409]);
      expect(conflicts.map((response) => response.body)).toEqual([
        scimError(409, 'uniqueness'),
        scimError(409, 'uniqueness'),
      ]);
    });

    it('concurrent PUTs to one userName', async () => {
      const users = [
        await createUser('put-race-a@example.com'),
        await createUser('put-race-b@example.com'),
      ];

      const responses = await Promise.all(
        users.map((user) =>
          usersRequest(testApp, connection, 'PUT', `/${user.id}`, {
            schemas: [USER_URN],
            userName: 'put-race@example.com',
          }),
        ),
      );

      expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
    });
  });

  describe('query', () => {
    let searchConnection: CreatedConnection;

    beforeAll(async () => {
      searchConnection = await createConnection(
        testApp,
        await seedOrganization(testApp, 'Search'),
        'generic',
      );
      for (const [userName, familyName, active] of [
        ['ana@search.example', 'Ito', true],
        ['ben@search.example', 'Ito', false],
        ['cyd@search.example', 'Ito', true],
        ['dee@search.example', 'Olsen', true],
      ] as const) {
        await usersRequest(testApp, searchConnection, 'POST', '', {
          schemas: [USER_URN],
          userName,
          name: { familyName },
          active,
        });
      }
    });

    it('.search filters, sorts and pages', async () => {
      const response = await scimRequest(
        testApp,
        'POST',
        `${searchConnection.scimPath}/Users/.search`,
        searchConnection.token,
        {
          schemas: [SEARCH_REQUEST_URN],
          filter: 'name.familyName eq "ito" and active eq true',
          sortBy: 'userName',
          sortOrder: 'descending',
          startIndex: 1,
          count: 10,
          attributes: ['userName'],
        },
      );

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(SCIM_JSON);
      expect(response.body).toEqual({
        schemas: [LIST_RESPONSE_URN],
        totalResults: 2,
        startIndex: 1,
        itemsPerPage: 2,
        Resources: [
          { schemas: [USER_URN], id: expect.any(String), userName: 'cyd@search.example' },
          { schemas: [USER_URN], id: expect.any(String), userName: 'ana@search.example' },
        ],
      });
    });

    it('GET pages with startIndex and count', async () => {
      const response = await scimRequest(
        testApp,
        'GET',
        `${searchConnection.scimPath}/Users${query({
          filter: 'userName ew "@search.example"',
          sortBy: 'userName',
          startIndex: 2,
          count: 2,
        })}`,
        searchConnection.token,
      );
      const body = response.body as ListResponse;

      expect(response.status).toBe(200);
      expect(body.totalResults).toBe(4);
      expect(body.startIndex).toBe(2);
      expect(body.itemsPerPage).toBe(2);
      expect(body.Resources.map((user) => user.userName)).toEqual([
        'ben@search.example',
        'cyd@search.example',
      ]);
    });

    it('count 0 returns only totalResults', async () => {
      const response = await scimRequest(
        testApp,
        'GET',
        `${searchConnection.scimPath}/Users${query({ count: 0 })}`,
        searchConnection.token,
      );

      expect(response.body).toEqual({
        schemas: [LIST_RESPONSE_URN],
        totalResults: 5,
        startIndex: 1,
        itemsPerPage: 0,
        Resources: [],
      });
    });

    it('invalid filter is rejected', async () => {
      const response = await scimRequest(
        testApp,
        'GET',
        `${searchConnection.scimPath}/Users${query({ filter: 'userName eq' })}`,
        searchConnection.token,
      );

      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe(SCIM_JSON);
      expect(response.body).toEqual(scimError(400, 'invalidFilter'));
    });
  });

  describe('delete', () => {
    it('DELETE with stale If-Match is 412', async () => {
      const user = await createUser('delete-stale@example.com');

      const response = await userRequestWithHeaders('DELETE', user.id, { 'if-match': 'W/"3"' });
      const after = await usersRequest(testApp, connection, 'GET', `/${user.id}`);

      expect(response.status).toBe(412);
      expect(response.body).toEqual(scimError(412));
      expect(after.status).toBe(200);
    });

    it('DELETE removes the user from SCIM', async () => {
      const user = await createUser('delete-me@example.com');

      const response = await userRequestWithHeaders('DELETE', user.id, {
        'if-match': user.meta.version,
      });
      const read = await usersRequest(testApp, connection, 'GET', `/${user.id}`);
      const search = await usersRequest(
        testApp,
        connection,
        'GET',
        query({ filter: 'userName eq "delete-me@example.com"' }),
      );
      const put = await usersRequest(testApp, connection, 'PUT', `/${user.id}`, {
        schemas: [USER_URN],
        userName: user.userName,
      });

      expect(response.status).toBe(204);
      expect(response.text).toBe('');
      expect(read.status).toBe(404);
      expect(read.body).toEqual(scimError(404));
      expect((search.body as ListResponse).totalResults).toBe(0);
      expect(put.status).toBe(404);
    });

    it('POST after DELETE revives the same id', async () => {
      const user = await createUser('revive@example.com', { displayName: 'First Life' });
      await usersRequest(testApp, connection, 'DELETE', `/${user.id}`);

      const response = await usersRequest(testApp, connection, 'POST', '', {
        schemas: [USER_URN],
        userName: 'Revive@example.com',
        nickName: 'Second Life',
      });

      expect(response.status).toBe(201);
      expect(response.headers.get('location')).toBe(user.meta.location);
      expect(response.body).toEqual({
        schemas: [USER_URN],
        id: user.id,
        userName: 'Revive@example.com',
        nickName: 'Second Life',
        active: true,
        meta: {
          ...user.meta,
          lastModified: expect.stringMatching(TIMESTAMP),
          version: response.headers.get('etag'),
        },
      });
    });
  });
});
