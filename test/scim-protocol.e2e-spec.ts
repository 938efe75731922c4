import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { HttpResponse, request } from './support/http';
import { createConnection, CreatedConnection, scimError, scimRequest } from './support/scim';
import {
  createUser,
  ENTERPRISE_URN,
  fetchUser,
  internalDetailsIn,
  ListResponse,
  LIST_RESPONSE_URN,
  memberRow,
  patchBody,
  SCIM_CONTENT_TYPE,
  ScimUser,
  SEARCH_REQUEST_URN,
  USER_URN,
  userBody,
} from './support/scim-assertions';
import { seedOrganization, SeededMember, startTestApp, TestApp } from './support/test-app';

const TEN_MEGABYTES = 10 * 1024 * 1024;

/** Orders users as the service's default list order does: by creation time, then by id. */
function byCreationThenId(left: ScimUser, right: ScimUser): number {
  const created = Date.parse(left.meta.created) - Date.parse(right.meta.created);
  if (created !== 0) return created;
  if (left.id < right.id) return -1;
  return left.id > right.id ? 1 : 0;
}

/**
 * Sends a request with `Content-Length: 0` and a JSON content type, as some
 * identity providers send GET and DELETE; fetch refuses a body on GET.
 */
function sendWithEmptyBody(
  baseUrl: string,
  method: string,
  path: string,
  token: string,
): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/scim+json',
        'content-length': '0',
      },
    });
    outgoing.on('response', (incoming) => {
      incoming.resume();
      incoming.on('end', () => resolve(incoming.statusCode));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

function idsOf(body: unknown): string[] {
  return ((body as ListResponse).Resources ?? []).map((user) => user.id);
}

function userNamesOf(body: unknown): string[] {
  return ((body as ListResponse).Resources ?? []).map((user) => user.userName);
}

describe('SCIM protocol', () => {
  let testApp: TestApp;
  let admin: SeededMember;
  let connection: CreatedConnection;

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = await seedOrganization(testApp);
    connection = await createConnection(testApp, admin);
  });

  afterAll(() => testApp.close());

  function scim(method: string, path: string, body?: unknown): Promise<HttpResponse> {
    return scimRequest(testApp, method, `${connection.scimPath}${path}`, connection.token, body);
  }

  function send(
    method: string,
    path: string,
    rawBody: string | undefined,
    headers: Record<string, string>,
  ): Promise<HttpResponse> {
    return request(testApp.baseUrl, method, `${connection.scimPath}${path}`, {
      token: connection.token,
      rawBody,
      headers,
    });
  }

  function uniqueName(prefix: string): string {
    return `${prefix}-${randomUUID().slice(0, 8)}@example.test`;
  }

  describe('media types', () => {
    it.each([
      'application/scim+json',
      'application/scim+json; charset=utf-8',
      'application/json',
      'application/json; charset=UTF-8',
    ])('accepts a body in %s', async (contentType) => {
      const userName = uniqueName('media');

      const response = await send('POST', '/Users', JSON.stringify(userBody(userName)), {
        'content-type': contentType,
      });

      expect(response.status).toBe(201);
      expect(response.headers.get('content-type')).toBe(SCIM_CONTENT_TYPE);
      expect(response.body).toMatchObject({ userName });
    });

    it.each([
      ['POST', '/Users'],
      ['PUT', '/Users/:id'],
      ['PATCH', '/Users/:id'],
      ['POST', '/Users/.search'],
      ['POST', '/.search'],
    ])('rejects malformed JSON on %s %s', async (method, path) => {
      const user = await createUser(testApp, connection, userBody(uniqueName('malformed')));

      const response = await send(method, path.replace(':id', user.id), '{"userName": ', {
        'content-type': 'application/scim+json',
      });

      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe(SCIM_CONTENT_TYPE);
      expect(response.body).toEqual(scimError(400, 'invalidSyntax'));
      expect(internalDetailsIn(response)).toEqual([]);
    });

    it('rejects a body over 10 MB', async () => {
      const body = JSON.stringify(
        userBody(uniqueName('large'), { displayName: 'x'.repeat(TEN_MEGABYTES) }),
      );

      const response = await send('POST', '/Users', body, {
        'content-type': 'application/scim+json',
      });

      expect(response.status).toBe(413);
      expect(response.headers.get('content-type')).toBe(SCIM_CONTENT_TYPE);
      expect(response.body).toEqual(scimError(413));
    });

    it('accepts a body just under 10 MB', async () => {
      const userName = uniqueName('nearly');
      const padding = TEN_MEGABYTES - JSON.stringify(userBody(userName, { nickName: '' })).length;
      const body = JSON.stringify(userBody(userName, { nickName: 'n'.repeat(padding) }));

      const response = await send('POST', '/Users', body, {
        'content-type': 'application/scim+json',
      });

      expect(Buffer.byteLength(body)).toBe(TEN_MEGABYTES);
      expect(response.status).toBe(201);
    });

    it.each(['text/plain', 'application/xml', 'application/x-www-form-urlencoded'])(
      'rejects %s with 415',
      async (contentType) => {
        const response = await send('POST', '/Users', JSON.stringify(userBody('a@b.test')), {
          'content-type': contentType,
        });

        expect(response.status).toBe(415);
        expect(response.headers.get('content-type')).toBe(SCIM_CONTENT_TYPE);
        expect(response.body).toEqual(scimError(415));
        expect((response.body as { detail: string }).detail).toContain('application/scim+json');
      },
    );

    it.each(['//Users', '/Users/', '//Users/'])(
      'serves %s for a Base URL pasted with a slash',
      async (suffix) => {
        const response = await send('GET', suffix, undefined, {});

        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({ totalResults: expect.any(Number) });
      },
    );

    it.each([
      ['GET', 200],
      ['DELETE', 204],
    ])('accepts an empty JSON body on %s', async (method, status) => {
      const user = await createUser(testApp, connection, userBody(uniqueName('empty')));

      const response = await send(method, `/Users/${user.id}`, undefined, {
        'content-type': 'application/scim+json; charset=utf-8',
      });

      expect(response.status).toBe(status);
    });

    it.each([
      ['GET', 200],
      ['DELETE', 204],
    ])('accepts a zero-length body on %s', async (method, status) => {
      const user = await createUser(testApp, connection, userBody(uniqueName('zero')));

      const responseStatus = await sendWithEmptyBody(
        testApp.baseUrl,
        method,
        `${connection.scimPath}/Users/${user.id}`,
        connection.token,
      );

      expect(responseStatus).toBe(status);
    });

    it('ignores unknown attributes on POST', async () => {
      const userName = uniqueName('unknown');

      const response = await scim(
        'POST',
        '/Users',
        userBody(userName, {
          schemas: [USER_URN, 'urn:acme:params:scim:schemas:extension:badge:1.0:User'],
          favoriteColor: 'teal',
          name: { givenName: 'Una', nickname: 'U' },
          'urn:acme:params:scim:schemas:extension:badge:1.0:User': { badge: 7 },
          [`${ENTERPRISE_URN}`]: { department: 'Ops', floor: 3 },
        }),
      );

      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        schemas: [USER_URN, ENTERPRISE_URN],
        id: expect.any(String),
        userName,
        name: { givenName: 'Una' },
        emails: [{ value: userName, type: 'work', primary: true }],
        active: true,
        [ENTERPRISE_URN]: { department: 'Ops' },
        meta: expect.objectContaining({ resourceType: 'User' }),
      });
    });

    it('ignores unknown attributes on PUT', async () => {
      const user = await createUser(testApp, connection, userBody(uniqueName('unknown-put')));

      const response = await scim(
        'PUT',
        `/Users/${user.id}`,
        userBody(user.userName, {
          schemas: [USER_URN, 'urn:acme:params:scim:schemas:extension:badge:1.0:User'],
          favoriteColor: 'teal',
          'urn:acme:params:scim:schemas:extension:badge:1.0:User': { badge: 7 },
          title: 'Pilot',
        }),
      );

      expect(response.status).toBe(200);
      expect(response.body).not.toHaveProperty('favoriteColor');
      expect(response.body).not.toHaveProperty(
        'urn:acme:params:scim:schemas:extension:badge:1.0:User',
      );
      expect(response.body).toMatchObject({ schemas: [USER_URN], title: 'Pilot' });
    });

    it('ignores unknown attributes in a PATCH value', async () => {
      const user = await createUser(testApp, connection, userBody(uniqueName('unknown-patch')));

      const response = await scim(
        'PATCH',
        `/Users/${user.id}`,
        patchBody({
          op: 'add',
          value: {
            favoriteColor: 'teal',
            'urn:acme:params:scim:schemas:extension:badge:1.0:User': { badge: 7 },
            title: 'Pilot',
          },
        }),
      );

      expect(response.status).toBe(200);
      expect(response.body).not.toHaveProperty('favoriteColor');
      expect(response.body).toMatchObject({ schemas: [USER_URN], title: 'Pilot' });
    });
  });

  describe('errors', () => {
    const unknownIds: [string, string][] = [
      ['random uuid', randomUUID()],
      ['not a uuid', 'not-a-uuid'],
      ['100 characters', 'a'.repeat(100)],
      ['special characters', encodeURIComponent(`ü'"<>;&|%$ ../x`)],
      ['encoded slash', encodeURIComponent('a/b')],
      ['uppercase uuid of nobody', randomUUID().toUpperCase()],
    ];
    const methods: [string, unknown][] = [
      ['GET', undefined],
      ['PUT', userBody('nobody@example.test')],
      ['PATCH', patchBody({ op: 'replace', path: 'displayName', value: 'x' })],
      ['DELETE', undefined],
    ];
    const cases = unknownIds.flatMap(([name, id]) =>
      methods.map(([method, body]) => [method, name, id, body] as const),
    );

    it.each(cases)('returns 404 to %s of %s', async (method, _name, id, body) => {
      const response = await scim(method, `/Users/${id}`, body);

      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe(SCIM_CONTENT_TYPE);
      expect(response.body).toEqual(scimError(404));
      expect(internalDetailsIn(response)).toEqual([]);
    });

    it('returns 404 for a 1,000-character id', async () => {
      const response = await scim('GET', `/Users/${'a'.repeat(1000)}`);

      expect(response.status).toBe(404);
      expect(response.body).toEqual(scimError(404));
    });

    it.each([
      ['GET', undefined],
      ['PUT', userBody('upper@example.test', { title: 'Changed' })],
      ['PATCH', patchBody({ op: 'replace', path: 'title', value: 'Changed' })],
      ['DELETE', undefined],
    ])('returns 404 to %s of an uppercase id', async (method, body) => {
      const user = await createUser(testApp, connection, userBody(uniqueName('upper')));

      const response = await scim(method, `/Users/${user.id.toUpperCase()}`, body);

      expect(response.status).toBe(404);
      expect(response.body).toEqual(scimError(404));
      expect(await fetchUser(testApp, connection, user.id)).toEqual(user);
    });

    it.each([
      ['missing userName', { schemas: [USER_URN], displayName: 'No Name' }],
      ['null userName', { schemas: [USER_URN], userName: null }],
      ['empty userName', { schemas: [USER_URN], userName: '' }],
      ['blank userName', { schemas: [USER_URN], userName: '   ' }],
      ['numeric userName', { schemas: [USER_URN], userName: 42 }],
      ['boolean displayName', userBody('t1@example.test', { displayName: true })],
      ['string name', userBody('t2@example.test', { name: 'Ada Lovelace' })],
      ['object title', userBody('t3@example.test', { title: { text: 'x' } })],
      ['array nickName', userBody('t4@example.test', { nickName: ['a', 'b'] })],
      ['string active', userBody('t5@example.test', { active: 'maybe' })],
      ['number emails', userBody('t6@example.test', { emails: 5 })],
      ['number email value', userBody('t7@example.test', { emails: [{ value: 7 }] })],
      [
        'two primary emails',
        userBody('t8@example.test', {
          emails: [
            { value: 'a@example.test', primary: true },
            { value: 'b@example.test', primary: true },
          ],
        }),
      ],
      ['string department', userBody('t9@example.test', { [ENTERPRISE_URN]: { department: 3 } })],
      ['schemas without User', { schemas: [ENTERPRISE_URN], userName: 't10@example.test' }],
      ['userName over 320', { schemas: [USER_URN], userName: `${'u'.repeat(321)}` }],
    ])('rejects POST with %s', async (_name, body) => {
      const before = await scim('GET', '/Users?count=0');

      const response = await scim('POST', '/Users', body);
      const after = await scim('GET', '/Users?count=0');

      expect(response.status).toBe(400);
      expect(response.body).toEqual(scimError(400, 'invalidValue'));
      expect(internalDetailsIn(response)).toEqual([]);
      expect((after.body as ListResponse).totalResults).toBe(
        (before.body as ListResponse).totalResults,
      );
    });

    it.each([
      ['missing userName', { schemas: [USER_URN], displayName: 'No Name' }],
      ['numeric userName', { schemas: [USER_URN], userName: 42 }],
      ['string active', { schemas: [USER_URN], userName: 'kept', active: 'maybe' }],
    ])('rejects PUT with %s', async (_name, body) => {
      const user = await createUser(testApp, connection, userBody(uniqueName('put-type')));

      const response = await scim('PUT', `/Users/${user.id}`, body);
      const after = await fetchUser(testApp, connection, user.id);

      expect(response.status).toBe(400);
      expect(response.body).toEqual(scimError(400, 'invalidValue'));
      expect(after).toEqual(user);
    });

    it.each([
      ['NUL in userName', 'POST', () => userBody('nul\u0000@example.test')],
      ['NUL in title', 'POST', () => userBody('t@example.test', { title: 'a\u0000b' })],
      [
        'surrogate in displayName',
        'POST',
        () => userBody('d@example.test', { displayName: 'a\ud800' }),
      ],
      ['NUL in email', 'POST', () => userBody('e@example.test', { emails: [{ value: '\u0000' }] })],
      [
        'NUL in profileUrl',
        'POST',
        () => userBody('p@example.test', { profileUrl: 'https://x/\u0000' }),
      ],
      [
        'NUL in department',
        'POST',
        () => userBody('n@example.test', { [ENTERPRISE_URN]: { department: '\u0000' } }),
      ],
      [
        'NUL in externalId',
        'PUT',
        (userName: string) => userBody(userName, { externalId: '\u0000' }),
      ],
      [
        'NUL in PATCH path value',
        'PATCH',
        () => patchBody({ op: 'add', path: 'title', value: 'x\u0000' }),
      ],
      [
        'surrogate in PATCH value',
        'PATCH',
        () => patchBody({ op: 'replace', value: { 'name.givenName': '\udc00x' } }),
      ],
    ])('rejects %s', async (_name, method, makeBody) => {
      const user = await createUser(testApp, connection, userBody(uniqueName('storable')));
      const path = method === 'POST' ? '/Users' : `/Users/${user.id}`;

      const response = await scim(method, path, makeBody(user.userName));

      expect(response.status).toBe(400);
      expect(response.body).toEqual(scimError(400, 'invalidValue'));
      expect(await fetchUser(testApp, connection, user.id)).toEqual(user);
    });

    it.each([
      ['array body', '[]'],
      ['string body', '"user"'],
      ['number body', '7'],
      ['empty body', ''],
      ['null body', 'null'],
    ])('rejects POST with %s', async (_name, rawBody) => {
      const response = await send('POST', '/Users', rawBody, {
        'content-type': 'application/scim+json',
      });

      expect(response.status).toBe(400);
      expect(response.body).toEqual(scimError(400, 'invalidSyntax'));
    });
  });

  describe('filter errors', () => {
    const invalidFilters: [string, string][] = [
      ['missing value', 'userName eq'],
      ['unknown operator', 'userName zz "a"'],
      ['unclosed parenthesis', '(userName eq "a"'],
      ['unterminated string', 'userName eq "a'],
      ['dangling and', 'userName eq "a" and'],
      ['bare word', 'alice'],
      ['empty', ''],
      ['blank', '   '],
      ['unknown attribute', 'favoriteColor eq "teal"'],
      ['unknown sub-attribute', 'name.nickname eq "U"'],
      ['unknown extension', 'urn:acme:params:scim:schemas:extension:badge:1.0:User:badge eq 7'],
      ['unknown element attribute', 'emails[kind eq "work"]'],
      ['password', 'password eq "secret"'],
      ['gt on boolean', 'active gt true'],
      ['bad dateTime', 'meta.lastModified gt "yesterday"'],
      ['escaped NUL', 'userName eq "a\\u0000b"'],
      ['unpaired surrogate', 'title eq "\\ud800"'],
    ];

    it.each(invalidFilters)('rejects %s in GET', async (_name, filter) => {
      const response = await scim('GET', `/Users?filter=${encodeURIComponent(filter)}`);

      expect(response.status).toBe(400);
      expect(response.body).toEqual(scimError(400, 'invalidFilter'));
      expect(internalDetailsIn(response)).toEqual([]);
    });

    it.each(invalidFilters)('rejects %s in .search', async (_name, filter) => {
      const response = await scim('POST', '/Users/.search', {
        schemas: [SEARCH_REQUEST_URN],
        filter,
      });

      expect(response.status).toBe(400);
      expect(response.body).toEqual(scimError(400, 'invalidFilter'));
    });

    it('accepts an escaped surrogate pair', async () => {
      const user = await createUser(
        testApp,
        connection,
        userBody(uniqueName('emoji'), { title: 'Rocket \ud83d\ude80' }),
      );

      const response = await scim(
        'GET',
        `/Users?filter=${encodeURIComponent('title eq "Rocket \\ud83d\\ude80"')}`,
      );

      expect(response.status).toBe(200);
      expect(idsOf(response.body)).toEqual([user.id]);
    });

    it.each([
      ['count', 'count=abc'],
      ['count decimal', 'count=1.5'],
      ['startIndex', 'startIndex=first'],
      ['sortOrder', 'sortOrder=sideways'],
      ['sortBy unknown', 'sortBy=favoriteColor'],
    ])('rejects invalid %s', async (_name, query) => {
      const response = await scim('GET', `/Users?${query}`);

      expect(response.status).toBe(400);
      expect(response.body).toEqual(scimError(400, 'invalidValue'));
    });

    it.each([
      ['count', { count: 'abc' }],
      ['startIndex', { startIndex: 'first' }],
      ['attributes', { attributes: [7] }],
      ['filter', { filter: 7 }],
    ])('rejects invalid %s in .search', async (_name, parameters) => {
      const response = await scim('POST', '/Users/.search', {
        schemas: [SEARCH_REQUEST_URN],
        ...parameters,
      });

      expect(response.status).toBe(400);
      expect(response.body).toEqual(scimError(400, 'invalidValue'));
    });
  });

  describe('ETags', () => {
    it('sends the version on every response', async () => {
      const created = await scim('POST', '/Users', userBody(uniqueName('etag')));
      const id = (created.body as ScimUser).id;
      const read = await scim('GET', `/Users/${id}`);
      const replaced = await scim(
        'PUT',
        `/Users/${id}`,
        userBody((created.body as ScimUser).userName, { title: 'A' }),
      );
      const patched = await scim(
        'PATCH',
        `/Users/${id}`,
        patchBody({ op: 'replace', path: 'title', value: 'B' }),
      );

      expect(created.headers.get('etag')).toBe('W/"1"');
      expect((created.body as ScimUser).meta.version).toBe('W/"1"');
      expect(read.headers.get('etag')).toBe('W/"1"');
      expect((read.body as ScimUser).meta.version).toBe('W/"1"');
      expect(replaced.headers.get('etag')).toBe('W/"2"');
      expect((replaced.body as ScimUser).meta.version).toBe('W/"2"');
      expect(patched.headers.get('etag')).toBe('W/"3"');
      expect((patched.body as ScimUser).meta.version).toBe('W/"3"');
    });

    it('sends Location on POST', async () => {
      const response = await scim('POST', '/Users', userBody(uniqueName('location')));
      const user = response.body as ScimUser;

      expect(response.headers.get('location')).toBe(`${connection.baseUrl}/Users/${user.id}`);
      expect(user.meta.location).toBe(`${connection.baseUrl}/Users/${user.id}`);
    });

    it.each([
      ['PUT', (user: ScimUser) => userBody(user.userName, { title: 'Changed' })],
      ['PATCH', () => patchBody({ op: 'replace', path: 'title', value: 'Changed' })],
      ['DELETE', () => undefined],
    ])('rejects a stale If-Match on %s', async (method, makeBody) => {
      const user = await createUser(
        testApp,
        connection,
        userBody(uniqueName('stale'), { title: 'Kept' }),
      );
      await scim(
        'PATCH',
        `/Users/${user.id}`,
        patchBody({ op: 'replace', path: 'nickName', value: 'v2' }),
      );
      const current = await fetchUser(testApp, connection, user.id);
      const body = makeBody(user);

      const response = await request(
        testApp.baseUrl,
        method,
        `${connection.scimPath}/Users/${user.id}`,
        {
          token: connection.token,
          rawBody: body === undefined ? undefined : JSON.stringify(body),
          headers: {
            'if-match': user.meta.version,
            ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
          },
        },
      );
      const after = await fetchUser(testApp, connection, user.id);

      expect(response.status).toBe(412);
      expect(response.body).toEqual(scimError(412));
      expect(after).toEqual(current);
    });

    it.each([
      ['PUT', 200, (user: ScimUser) => userBody(user.userName, { title: 'Changed' })],
      ['PATCH', 200, () => patchBody({ op: 'replace', path: 'title', value: 'Changed' })],
      ['DELETE', 204, () => undefined],
    ])('accepts the current If-Match on %s', async (method, status, makeBody) => {
      const user = await createUser(testApp, connection, userBody(uniqueName('current')));
      const body = makeBody(user);

      const response = await request(
        testApp.baseUrl,
        method,
        `${connection.scimPath}/Users/${user.id}`,
        {
          token: connection.token,
          rawBody: body === undefined ? undefined : JSON.stringify(body),
          headers: {
            'if-match': user.meta.version,
            ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
          },
        },
      );

      expect(response.status).toBe(status);
    });

    it.each(['*', 'W/"9", W/"1"', '"1"'])('accepts If-Match %s', async (ifMatch) => {
      const user = await createUser(testApp, connection, userBody(uniqueName('match')));

      const response = await request(
        testApp.baseUrl,
        'PATCH',
        `${connection.scimPath}/Users/${user.id}`,
        {
          token: connection.token,
          rawBody: JSON.stringify(patchBody({ op: 'replace', path: 'title', value: 'T' })),
          headers: { 'if-match': ifMatch, 'content-type': 'application/scim+json' },
        },
      );

      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).toBe('W/"2"');
    });

    it('returns 304 for the current If-None-Match', async () => {
      const user = await createUser(testApp, connection, userBody(uniqueName('none-match')));

      const response = await request(
        testApp.baseUrl,
        'GET',
        `${connection.scimPath}/Users/${user.id}`,
        {
          token: connection.token,
          headers: { 'if-none-match': user.meta.version },
        },
      );

      expect(response.status).toBe(304);
      expect(response.text).toBe('');
      expect(response.headers.get('etag')).toBe(user.meta.version);
    });

    it('returns 200 for a stale If-None-Match', async () => {
      const user = await createUser(testApp, connection, userBody(uniqueName('none-stale')));
      await scim(
        'PATCH',
        `/Users/${user.id}`,
        patchBody({ op: 'replace', path: 'title', value: 'T' }),
      );

      const response = await request(
        testApp.baseUrl,
        'GET',
        `${connection.scimPath}/Users/${user.id}`,
        {
          token: connection.token,
          headers: { 'if-none-match': user.meta.version },
        },
      );

      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).toBe('W/"2"');
      expect(response.body).toMatchObject({ title: 'T', meta: { version: 'W/"2"' } });
    });

    it('keeps the version of a stale DELETE', async () => {
      const user = await createUser(testApp, connection, userBody(uniqueName('stale-delete')));
      await scim(
        'PATCH',
        `/Users/${user.id}`,
        patchBody({ op: 'replace', path: 'title', value: 'T' }),
      );

      const response = await request(
        testApp.baseUrl,
        'DELETE',
        `${connection.scimPath}/Users/${user.id}`,
        {
          token: connection.token,
          headers: { 'if-match': user.meta.version },
        },
      );
      const row = await memberRow(testApp, user.id);

      expect(response.status).toBe(412);
      expect(row?.scimDeletedAt).toBeNull();
      expect(row?.status).toBe('active');
      expect(row?.scimVersion).toBe(2);
    });
  });
});

describe('SCIM lists', () => {
  const USER_COUNT = 105;
  let testApp: TestApp;
  let admin: SeededMember;
  let connection: CreatedConnection;
  /** Every User of the organization, the seeded Admin included, in the default order. */
  let everyone: ScimUser[];

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = await seedOrganization(testApp);
    connection = await createConnection(testApp, admin);
    const created: ScimUser[] = [];
    for (let index = 0; index < USER_COUNT; index += 1) {
      const userName = `user${String((index * 37) % USER_COUNT).padStart(3, '0')}@list.test`;
      created.push(await createUser(testApp, connection, userBody(userName)));
    }
    everyone = [await fetchUser(testApp, connection, admin.id), ...created].sort(byCreationThenId);
  });

  afterAll(() => testApp.close());

  function scim(method: string, path: string, body?: unknown): Promise<HttpResponse> {
    return scimRequest(testApp, method, `${connection.scimPath}${path}`, connection.token, body);
  }

  it('returns the first 100 by default', async () => {
    const response = await scim('GET', '/Users');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(SCIM_CONTENT_TYPE);
    expect(response.body).toMatchObject({
      schemas: [LIST_RESPONSE_URN],
      totalResults: USER_COUNT + 1,
      startIndex: 1,
      itemsPerPage: 100,
    });
    expect(idsOf(response.body)).toEqual(everyone.slice(0, 100).map((user) => user.id));
  });

  it('returns whole Users by default', async () => {
    const response = await scim('GET', '/Users?count=3');

    expect((response.body as ListResponse).Resources).toEqual(everyone.slice(0, 3));
  });

  it('pages without repeats or gaps', async () => {
    const seen: string[] = [];
    const pageSizes: number[] = [];

    for (let startIndex = 1; startIndex <= USER_COUNT + 1; startIndex += 10) {
      const page = await scim('GET', `/Users?startIndex=${startIndex}&count=10`);
      const body = page.body as ListResponse;
      pageSizes.push(body.itemsPerPage);
      expect(body.startIndex).toBe(startIndex);
      expect(body.totalResults).toBe(USER_COUNT + 1);
      expect(body.itemsPerPage).toBe(body.Resources?.length ?? 0);
      seen.push(...idsOf(body));
    }

    expect(seen).toEqual(everyone.map((user) => user.id));
    expect(pageSizes).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 6]);
  });

  it.each([
    ['startIndex=0', 1],
    ['startIndex=-5', 1],
    ['startIndex=', 1],
  ])('treats %s as 1', async (query, startIndex) => {
    const response = await scim('GET', `/Users?${query}&count=2`);

    expect(response.body).toMatchObject({ startIndex, itemsPerPage: 2 });
    expect(idsOf(response.body)).toEqual(everyone.slice(0, 2).map((user) => user.id));
  });

  it.each(['count=0', 'count=-1', 'count=-100'])(
    'returns only totalResults for %s',
    async (query) => {
      const response = await scim('GET', `/Users?${query}`);
      const body = response.body as ListResponse;

      expect(response.status).toBe(200);
      expect(body.totalResults).toBe(USER_COUNT + 1);
      expect(body.itemsPerPage).toBe(0);
      expect(body.Resources ?? []).toEqual([]);
    },
  );

  it('returns an empty page past the end', async () => {
    const response = await scim('GET', `/Users?startIndex=${USER_COUNT + 2}&count=5`);

    expect(response.body).toEqual({
      schemas: [LIST_RESPONSE_URN],
      totalResults: USER_COUNT + 1,
      startIndex: USER_COUNT + 2,
      itemsPerPage: 0,
      Resources: [],
    });
  });

  it.each([
    ['/Users?startIndex=9223372036854775807&count=5', 'GET', undefined],
    [
      '/Users?filter=userName%20eq%20%22nobody%22&startIndex=99999999999999999999',
      'GET',
      undefined,
    ],
    ['/Groups?startIndex=9223372036854775807', 'GET', undefined],
    ['/Users/.search', 'POST', { startIndex: 2 ** 63, count: 5 }],
  ])('returns an empty page for huge startIndex: %s', async (path, method, body) => {
    const response = await scim(method, path, body);

    expect(response.status).toBe(200);
    expect((response.body as ListResponse).Resources).toEqual([]);
    expect((response.body as ListResponse).startIndex).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('returns the last partial page', async () => {
    const response = await scim('GET', `/Users?startIndex=${USER_COUNT - 1}&count=10`);

    expect(response.body).toMatchObject({ startIndex: USER_COUNT - 1, itemsPerPage: 3 });
    expect(idsOf(response.body)).toEqual(everyone.slice(-3).map((user) => user.id));
  });

  it.each([
    ['sortBy=userName', 'ascending'],
    ['sortBy=userName&sortOrder=ascending', 'ascending'],
    ['sortBy=USERNAME&sortOrder=Descending', 'descending'],
    ['sortBy=userName&sortOrder=descending', 'descending'],
  ])('sorts by %s', async (query, order) => {
    const names = everyone.map((user) => user.userName.toLowerCase()).sort();
    const expected = order === 'ascending' ? names : names.reverse();

    const first = await scim('GET', `/Users?${query}&count=60`);
    const second = await scim('GET', `/Users?${query}&startIndex=61&count=60`);

    expect([...userNamesOf(first.body), ...userNamesOf(second.body)]).toEqual(expected);
  });

  it('returns only userName with attributes=userName', async () => {
    const response = await scim('GET', '/Users?attributes=userName&count=2');

    expect((response.body as ListResponse).Resources).toEqual(
      everyone
        .slice(0, 2)
        .map((user) => ({ schemas: [USER_URN], id: user.id, userName: user.userName })),
    );
  });

  it('matches attribute names in any case', async () => {
    const response = await scim('GET', '/Users?attributes=USERNAME,Meta.Version&count=1');

    expect((response.body as ListResponse).Resources).toEqual([
      {
        schemas: [USER_URN],
        id: everyone[0].id,
        userName: everyone[0].userName,
        meta: { version: everyone[0].meta.version },
      },
    ]);
  });

  it('keeps id and schemas when excluded', async () => {
    const response = await scim('GET', '/Users?excludedAttributes=id,schemas,emails,meta&count=1');

    expect((response.body as ListResponse).Resources).toEqual([
      { schemas: [USER_URN], id: everyone[0].id, userName: everyone[0].userName, active: true },
    ]);
  });

  it('projects a single User', async () => {
    const user = everyone[5];

    const response = await scim('GET', `/Users/${user.id}?attributes=userName,emails.value`);

    expect(response.body).toEqual({
      schemas: [USER_URN],
      id: user.id,
      userName: user.userName,
      emails: [{ value: user.userName }],
    });
  });

  it('excludes from a single User', async () => {
    const user = everyone[5];

    const response = await scim('GET', `/Users/${user.id}?excludedAttributes=meta,emails`);

    expect(response.body).toEqual({
      schemas: [USER_URN],
      id: user.id,
      userName: user.userName,
      active: true,
    });
  });

  it.each(['/Users/.search', '/.search'])('searches with POST %s', async (path) => {
    const query =
      '/Users?filter=userName%20sw%20%22user0%22&sortBy=userName&sortOrder=descending' +
      '&startIndex=2&count=3&attributes=userName';

    const viaGet = await scim('GET', query);
    const viaPost = await scim('POST', path, {
      schemas: [SEARCH_REQUEST_URN],
      filter: 'userName sw "user0"',
      sortBy: 'userName',
      sortOrder: 'descending',
      startIndex: 2,
      count: 3,
      attributes: ['userName'],
    });

    expect(viaPost.status).toBe(200);
    expect(viaPost.headers.get('content-type')).toBe(SCIM_CONTENT_TYPE);
    expect(viaPost.body).toEqual(viaGet.body);
    expect(viaPost.body).toMatchObject({ totalResults: 100, startIndex: 2, itemsPerPage: 3 });
    expect(userNamesOf(viaPost.body)).toEqual([
      'user098@list.test',
      'user097@list.test',
      'user096@list.test',
    ]);
  });

  it.each(['/Users/.search', '/.search'])('excludes with POST %s', async (path) => {
    const response = await scim('POST', path, {
      schemas: [SEARCH_REQUEST_URN],
      excludedAttributes: ['emails', 'meta', 'active'],
      count: 1,
    });

    expect(response.body).toMatchObject({ totalResults: USER_COUNT + 1, itemsPerPage: 1 });
    expect((response.body as ListResponse).Resources).toEqual([
      { schemas: [USER_URN], id: everyone[0].id, userName: everyone[0].userName },
    ]);
  });

  it.each(['/Users/.search', '/.search'])('pages with POST %s', async (path) => {
    const response = await scim('POST', path, { schemas: [SEARCH_REQUEST_URN] });

    expect(response.body).toMatchObject({
      totalResults: USER_COUNT + 1,
      startIndex: 1,
      itemsPerPage: 100,
    });
    expect(idsOf(response.body)).toEqual(everyone.slice(0, 100).map((user) => user.id));
  });

  it('searches with an empty body', async () => {
    const response = await request(
      testApp.baseUrl,
      'POST',
      `${connection.scimPath}/Users/.search`,
      {
        token: connection.token,
        headers: { 'content-type': 'application/scim+json' },
      },
    );

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ totalResults: USER_COUNT + 1, itemsPerPage: 100 });
  });

  it('returns count 0 with POST .search', async () => {
    const response = await scim('POST', '/.search', { schemas: [SEARCH_REQUEST_URN], count: 0 });
    const body = response.body as ListResponse;

    expect(body.totalResults).toBe(USER_COUNT + 1);
    expect(body.itemsPerPage).toBe(0);
    expect(body.Resources ?? []).toEqual([]);
  });
});

describe('SCIM filters', () => {
  let testApp: TestApp;
  let admin: SeededMember;
  let connection: CreatedConnection;
  let adminUserName: string;
  let alice: ScimUser;
  let bob: ScimUser;
  let carol: ScimUser;
  let dave: ScimUser;
  let beforeBobChanged: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = await seedOrganization(testApp);
    connection = await createConnection(testApp, admin);
    adminUserName = (await fetchUser(testApp, connection, admin.id)).userName;
    alice = await createUser(testApp, connection, {
      schemas: [USER_URN, ENTERPRISE_URN],
      userName: 'alice@x.test',
      externalId: 'ext-Alice',
      name: { givenName: 'Alice', familyName: 'Smith' },
      title: 'Engineer',
      emails: [
        { value: 'alice@x.test', type: 'work', primary: true },
        { value: 'alice@home.test', type: 'home' },
      ],
      [ENTERPRISE_URN]: { department: 'Sales', employeeNumber: '001' },
    });
    bob = await createUser(testApp, connection, {
      schemas: [USER_URN, ENTERPRISE_URN],
      userName: 'bob@y.test',
      name: { givenName: 'Bob' },
      emails: [{ value: 'bob@y.test', type: 'work' }],
      active: false,
      [ENTERPRISE_URN]: { department: 'Engineering' },
    });
    carol = await createUser(testApp, connection, {
      schemas: [USER_URN, ENTERPRISE_URN],
      userName: 'carol@x.test',
      name: { givenName: 'Carol' },
      emails: [{ value: 'carol@x.test', type: 'home' }],
      [ENTERPRISE_URN]: { department: 'Sales' },
    });
    dave = await createUser(testApp, connection, { schemas: [USER_URN], userName: 'dave@z.test' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    beforeBobChanged = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    bob = (
      await scimRequest(
        testApp,
        'PATCH',
        `${connection.scimPath}/Users/${bob.id}`,
        connection.token,
        patchBody({ op: 'replace', path: 'nickName', value: 'Bobby' }),
      )
    ).body as ScimUser;
  });

  afterAll(() => testApp.close());

  async function filtered(filter: string): Promise<string[]> {
    const response = await scimRequest(
      testApp,
      'GET',
      `${connection.scimPath}/Users?sortBy=userName&filter=${encodeURIComponent(filter)}`,
      connection.token,
    );
    if (response.status !== 200) throw new Error(`filter ${filter} returned ${response.text}`);
    const body = response.body as ListResponse;
    expect(body.totalResults).toBe(body.Resources?.length ?? 0);
    return userNamesOf(body);
  }

  it.each([
    ['userName eq "alice@x.test"', ['alice']],
    ['USERNAME Eq "ALICE@X.TEST"', ['alice']],
    ['userName co "@x."', ['alice', 'carol']],
    ['userName sw "b"', ['bob']],
    ['userName ew "@z.test"', ['dave']],
    [
      'userName ne "alice@x.test" and userName co ".test" and not (userName sw "admin")',
      ['bob', 'carol', 'dave'],
    ],
    ['name.givenName eq "Alice"', ['alice']],
    ['NAME.GIVENNAME eq "alice"', ['alice']],
    ['name.givenName pr', ['alice', 'bob', 'carol']],
    ['not (name.givenName pr)', ['admin', 'dave']],
    ['title pr', ['alice']],
    ['nickName eq "Bobby"', ['bob']],
    ['externalId eq "ext-Alice"', ['alice']],
    ['externalId eq "EXT-ALICE"', []],
    ['emails[type eq "work" and value co "@x"]', ['alice']],
    ['emails[type eq "home"]', ['alice', 'carol']],
    ['emails.type eq "home"', ['alice', 'carol']],
    ['emails.value ew "home.test"', ['alice']],
    ['emails pr', ['admin', 'alice', 'bob', 'carol']],
    [`${ENTERPRISE_URN}:department eq "Sales"`, ['alice', 'carol']],
    [`${ENTERPRISE_URN.toUpperCase()}:DEPARTMENT eq "sales"`, ['alice', 'carol']],
    [`${ENTERPRISE_URN}:employeeNumber pr`, ['alice']],
    [`${USER_URN}:userName eq "dave@z.test"`, ['dave']],
    ['active eq false', ['bob']],
    ['active eq true and userName co "@x"', ['alice', 'carol']],
    ['not (active eq false) and not (userName sw "admin")', ['alice', 'carol', 'dave']],
    ['userName sw "alice" or userName sw "dave"', ['alice', 'dave']],
    ['(userName sw "alice" or userName sw "bob") and active eq true', ['alice']],
    ['userName sw "a"', ['admin', 'alice']],
    ['userName eq "nobody@x.test"', []],
  ])('filters %s', async (filter, expected) => {
    const names = await filtered(filter);

    expect(names.map((name) => (name === adminUserName ? 'admin' : name.split('@')[0]))).toEqual(
      expected,
    );
  });

  it('filters by id', async () => {
    expect(await filtered(`id eq "${carol.id}"`)).toEqual([carol.userName]);
  });

  it('filters the email of a Member added in Strada', async () => {
    const filter = `emails[type eq "work" and value eq "${adminUserName.toUpperCase()}"]`;

    expect(await filtered(filter)).toEqual([adminUserName]);
  });

  it('sorts by emails.value', async () => {
    const response = await scimRequest(
      testApp,
      'GET',
      `${connection.scimPath}/Users?sortBy=emails.value&attributes=userName`,
      connection.token,
    );

    expect(userNamesOf(response.body)).toEqual([
      adminUserName,
      alice.userName,
      bob.userName,
      carol.userName,
      dave.userName,
    ]);
  });

  it('filters meta.lastModified gt a dateTime', async () => {
    expect(await filtered(`meta.lastModified gt "${beforeBobChanged}"`)).toEqual([bob.userName]);
  });

  it('filters meta.created lt a dateTime', async () => {
    expect(await filtered(`meta.created lt "${beforeBobChanged}"`)).toEqual(
      [adminUserName, alice.userName, bob.userName, carol.userName, dave.userName].sort(),
    );
  });

  it('filters in POST .search', async () => {
    const response = await scimRequest(
      testApp,
      'POST',
      `${connection.scimPath}/.search`,
      connection.token,
      {
        schemas: [SEARCH_REQUEST_URN],
        filter: 'emails[type eq "work" and value co "@x"]',
        attributes: ['userName', `${ENTERPRISE_URN}:department`],
      },
    );

    expect(response.body).toEqual({
      schemas: [LIST_RESPONSE_URN],
      totalResults: 1,
      startIndex: 1,
      itemsPerPage: 1,
      Resources: [
        {
          schemas: [USER_URN, ENTERPRISE_URN],
          id: alice.id,
          userName: alice.userName,
          [ENTERPRISE_URN]: { department: 'Sales' },
        },
      ],
    });
  });
});

describe('SCIM lists with SCIM_MAX_RESULTS', () => {
  let testApp: TestApp;
  let connection: CreatedConnection;

  beforeAll(async () => {
    testApp = await startTestApp({ SCIM_MAX_RESULTS: '5' });
    connection = await createConnection(testApp, await seedOrganization(testApp));
    for (let index = 0; index < 8; index += 1) {
      await createUser(testApp, connection, userBody(`capped${index}@example.test`));
    }
  });

  afterAll(() => testApp.close());

  it.each([
    ['/Users', 5],
    ['/Users?count=6', 5],
    ['/Users?count=1000', 5],
    ['/Users?count=3', 3],
    ['/Users?startIndex=6&count=100', 4],
  ])('caps %s', async (path, itemsPerPage) => {
    const response = await scimRequest(
      testApp,
      'GET',
      `${connection.scimPath}${path}`,
      connection.token,
    );

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ totalResults: 9, itemsPerPage });
    expect((response.body as ListResponse).Resources).toHaveLength(itemsPerPage);
  });

  it('caps POST .search', async () => {
    const response = await scimRequest(
      testApp,
      'POST',
      `${connection.scimPath}/Users/.search`,
      connection.token,
      { schemas: [SEARCH_REQUEST_URN], count: 50 },
    );

    expect(response.body).toMatchObject({ totalResults: 9, itemsPerPage: 5 });
  });
});
