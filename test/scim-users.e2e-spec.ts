import { randomUUID } from 'node:crypto';
import { AuditEvent } from '../src/audit/audit-event.entity';
import { Member } from '../src/organizations/member.entity';
import { HttpResponse, request } from './support/http';
import { createConnection, CreatedConnection, scimError, scimRequest } from './support/scim';
import {
  createUser,
  ENTERPRISE_URN,
  eventsAbout,
  fetchUser,
  internalDetailsIn,
  ListResponse,
  memberRow,
  patchBody,
  ScimUser,
  SEARCH_REQUEST_URN,
  tokenIdOf,
  USER_URN,
  userBody,
} from './support/scim-assertions';
import {
  seedMember,
  seedOrganization,
  SeededMember,
  startTestApp,
  TestApp,
} from './support/test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('SCIM Users', () => {
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

  function uniqueName(prefix: string): string {
    return `${prefix}-${randomUUID().slice(0, 8)}@example.test`;
  }

  function create(userName: string, attributes: Record<string, unknown> = {}): Promise<ScimUser> {
    return createUser(testApp, connection, userBody(userName, attributes));
  }

  function patch(id: string, ...operations: Record<string, unknown>[]): Promise<HttpResponse> {
    return scim('PATCH', `/Users/${id}`, patchBody(...operations));
  }

  describe('create', () => {
    it('returns the whole User', async () => {
      const userName = uniqueName('ada');

      const response = await scim('POST', '/Users', {
        schemas: [USER_URN, ENTERPRISE_URN],
        userName,
        externalId: 'okta-00u1',
        name: { givenName: 'Ada', familyName: 'Lovelace' },
        displayName: 'Ada Lovelace',
        password: 'Secret-123',
        emails: [
          { value: userName, type: 'work', primary: true },
          { value: 'ada@home.test', type: 'home' },
        ],
        [ENTERPRISE_URN]: { department: 'Research', manager: { value: admin.id } },
      });
      const user = response.body as ScimUser;

      expect(response.status).toBe(201);
      expect(response.headers.get('location')).toBe(`${connection.baseUrl}/Users/${user.id}`);
      expect(response.body).toEqual({
        schemas: [USER_URN, ENTERPRISE_URN],
        id: expect.stringMatching(UUID),
        externalId: 'okta-00u1',
        userName,
        name: { givenName: 'Ada', familyName: 'Lovelace' },
        displayName: 'Ada Lovelace',
        emails: [
          { value: userName, type: 'work', primary: true },
          { value: 'ada@home.test', type: 'home' },
        ],
        active: true,
        [ENTERPRISE_URN]: { department: 'Research', manager: { value: admin.id } },
        meta: {
          resourceType: 'User',
          created: expect.stringMatching(ISO_DATE_TIME),
          lastModified: user.meta.created,
          location: `${connection.baseUrl}/Users/${user.id}`,
          version: 'W/"1"',
        },
      });
    });

    it('stores a SCIM-managed Member', async () => {
      const userName = uniqueName('stored');

      const user = await create(userName, { password: 'Secret-123', displayName: 'Stored' });
      const row = await memberRow(testApp, user.id);

      expect(row).toMatchObject({
        organizationId: admin.organizationId,
        userName,
        email: userName,
        displayName: 'Stored',
        status: 'active',
        role: 'member',
        managedBy: 'scim',
        scimVersion: 1,
        scimDeletedAt: null,
      });
      expect(row?.scimAttributes).not.toContain('Secret-123');
    });

    it('creates an inactive User', async () => {
      const user = await create(uniqueName('inactive'), { active: false });

      expect(user.active).toBe(false);
      expect((await memberRow(testApp, user.id))?.status).toBe('deactivated');
    });

    it('reads back what it returned', async () => {
      const user = await create(uniqueName('read'), { title: 'Pilot' });

      const response = await scim('GET', `/Users/${user.id}`);

      expect(response.status).toBe(200);
      expect(response.body).toEqual(user);
    });

    it('shows a Member added in Strada', async () => {
      const member = await seedMember(testApp, admin.organizationId, 'executive');
      const row = await memberRow(testApp, member.id);

      const response = await scim('GET', `/Users/${member.id}`);

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        id: member.id,
        userName: row?.userName,
        emails: [{ value: row?.email, type: 'work', primary: true }],
        active: true,
      });
    });
  });

  describe('replace', () => {
    it('replaces every readWrite attribute', async () => {
      const user = await create(uniqueName('put'), {
        title: 'Pilot',
        nickName: 'P',
        [ENTERPRISE_URN]: { department: 'Ops' },
        schemas: [USER_URN, ENTERPRISE_URN],
      });

      const response = await scim('PUT', `/Users/${user.id}`, {
        schemas: [USER_URN],
        id: randomUUID(),
        userName: user.userName,
        displayName: 'Renamed',
        meta: { version: 'W/"77"' },
      });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        schemas: [USER_URN],
        id: user.id,
        userName: user.userName,
        displayName: 'Renamed',
        active: true,
        meta: { ...user.meta, lastModified: expect.any(String), version: 'W/"2"' },
      });
    });

    it('keeps active when omitted', async () => {
      const user = await create(uniqueName('keep-active'), { active: false });

      const response = await scim('PUT', `/Users/${user.id}`, userBody(user.userName));

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ active: false });
    });
  });

  describe('delete', () => {
    it('hides the User and keeps the Member', async () => {
      const user = await create(uniqueName('delete'));

      const response = await scim('DELETE', `/Users/${user.id}`);
      const read = await scim('GET', `/Users/${user.id}`);
      const listed = await scim('GET', `/Users?filter=${encodeURIComponent(`id eq "${user.id}"`)}`);
      const again = await scim('DELETE', `/Users/${user.id}`);
      const row = await memberRow(testApp, user.id);

      expect(response.status).toBe(204);
      expect(response.text).toBe('');
      expect(read.status).toBe(404);
      expect(read.body).toEqual(scimError(404));
      expect((listed.body as ListResponse).totalResults).toBe(0);
      expect(again.status).toBe(404);
      expect(row).toMatchObject({ status: 'deactivated', scimVersion: 2 });
      expect(row?.scimDeletedAt).toBeInstanceOf(Date);
    });

    it('revives on POST of the same userName', async () => {
      const user = await create(uniqueName('revive'), { title: 'Old' });
      await scim('DELETE', `/Users/${user.id}`);

      const response = await scim('POST', '/Users', userBody(user.userName.toUpperCase()));

      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        id: user.id,
        userName: user.userName.toUpperCase(),
        active: true,
        meta: { version: 'W/"3"' },
      });
      expect(response.body).not.toHaveProperty('title');
    });

    it.each(['PUT', 'PATCH'])('returns 404 to %s after delete', async (method) => {
      const user = await create(uniqueName('deleted-write'));
      await scim('DELETE', `/Users/${user.id}`);

      const response = await scim(
        method,
        `/Users/${user.id}`,
        method === 'PUT'
          ? userBody(user.userName)
          : patchBody({ op: 'replace', path: 'title', value: 'x' }),
      );

      expect(response.status).toBe(404);
      expect(response.body).toEqual(scimError(404));
    });
  });

  describe('uniqueness', () => {
    it.each([
      ['same case', (name: string) => name],
      ['upper case', (name: string) => name.toUpperCase()],
      ['mixed case', (name: string) => name[0].toUpperCase() + name.slice(1)],
      ['surrounding spaces', (name: string) => `  ${name} `],
    ])('rejects a taken userName in %s', async (_case, spell) => {
      const user = await create(uniqueName('taken'));

      const response = await scim('POST', '/Users', userBody(spell(user.userName)));
      const rows = await testApp.dataSource
        .getRepository(Member)
        .createQueryBuilder('member')
        .where('lower(member.userName) = lower(:userName)', { userName: user.userName })
        .getCount();

      expect(response.status).toBe(409);
      expect(response.body).toEqual(scimError(409, 'uniqueness'));
      expect(internalDetailsIn(response)).toEqual([]);
      expect(rows).toBe(1);
    });

    it('rejects the userName of a Member added in Strada', async () => {
      const row = await memberRow(testApp, admin.id);

      const response = await scim('POST', '/Users', userBody(row?.userName.toUpperCase() ?? ''));

      expect(response.status).toBe(409);
      expect(response.body).toEqual(scimError(409, 'uniqueness'));
    });

    it.each([
      ['PUT', 'PUT', (otherName: string) => userBody(otherName)],
      [
        'PATCH replace path',
        'PATCH',
        (otherName: string) => patchBody({ op: 'replace', path: 'userName', value: otherName }),
      ],
      [
        'PATCH replace value',
        'PATCH',
        (otherName: string) =>
          patchBody({ op: 'Replace', value: { userName: otherName.toUpperCase() } }),
      ],
    ])('rejects renaming by %s', async (_name, method, makeBody) => {
      const other = await create(uniqueName('occupied'));
      const user = await create(uniqueName('renamer'));

      const response = await scim(method, `/Users/${user.id}`, makeBody(other.userName));

      expect(response.status).toBe(409);
      expect(response.body).toEqual(scimError(409, 'uniqueness'));
      expect(await fetchUser(testApp, connection, user.id)).toEqual(user);
    });

    it('allows a change of case only', async () => {
      const user = await create(uniqueName('recase'));

      const response = await patch(user.id, {
        op: 'replace',
        path: 'userName',
        value: user.userName.toUpperCase(),
      });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ userName: user.userName.toUpperCase() });
    });

    it('allows one of 10 concurrent creates', async () => {
      const userName = uniqueName('race');

      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          scim('POST', '/Users', userBody(index % 2 === 0 ? userName : userName.toUpperCase())),
        ),
      );
      const rows = await testApp.dataSource
        .getRepository(Member)
        .createQueryBuilder('member')
        .where('lower(member.userName) = lower(:userName)', { userName })
        .getCount();
      const errors = testApp.logs.filter((line) => line.includes('"level":50'));

      expect(responses.map((response) => response.status).sort()).toEqual([
        201, 409, 409, 409, 409, 409, 409, 409, 409, 409,
      ]);
      expect(
        responses.filter((response) => response.status === 409).map((response) => response.body),
      ).toEqual(Array.from({ length: 9 }, () => scimError(409, 'uniqueness')));
      expect(rows).toBe(1);
      expect(errors).toEqual([]);
    });
  });

  describe('PATCH', () => {
    it('applies add, replace and remove', async () => {
      const user = await create(uniqueName('ops'), { title: 'Pilot', nickName: 'P' });

      const response = await patch(
        user.id,
        { op: 'add', path: 'name.givenName', value: 'Grace' },
        { op: 'replace', path: 'title', value: 'Admiral' },
        { op: 'remove', path: 'nickName' },
        { op: 'add', path: 'emails', value: [{ value: 'grace@home.test', type: 'home' }] },
        { op: 'replace', path: `${ENTERPRISE_URN}:department`, value: 'Navy' },
      );

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        schemas: [USER_URN, ENTERPRISE_URN],
        id: user.id,
        userName: user.userName,
        name: { givenName: 'Grace' },
        title: 'Admiral',
        emails: [
          { value: user.userName, type: 'work', primary: true },
          { value: 'grace@home.test', type: 'home' },
        ],
        active: true,
        [ENTERPRISE_URN]: { department: 'Navy' },
        meta: { ...user.meta, lastModified: expect.any(String), version: 'W/"2"' },
      });
    });

    it.each(['replace', 'Replace', 'REPLACE', 'rEpLaCe'])('accepts op %s', async (op) => {
      const user = await create(uniqueName('op-case'));

      const response = await patch(user.id, { op, path: 'title', value: 'Set' });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ title: 'Set' });
    });

    it.each(['Add', 'ADD', 'Remove', 'REMOVE'])('accepts op %s', async (op) => {
      const user = await create(uniqueName('op-name'), { title: 'Before' });

      const response = await patch(user.id, {
        op,
        path: 'title',
        ...(op.toLowerCase() === 'add' ? { value: 'After' } : {}),
      });

      expect(response.status).toBe(200);
      expect((response.body as ScimUser).title).toBe(
        op.toLowerCase() === 'add' ? 'After' : undefined,
      );
    });

    it.each([
      ['False', { op: 'Replace', path: 'active', value: 'False' }, false],
      ['false', { op: 'replace', path: 'active', value: 'false' }, false],
      ['True', { op: 'Replace', path: 'active', value: 'True' }, true],
      ['False in a value', { op: 'Replace', value: { active: 'False' } }, false],
      ['boolean false', { op: 'replace', value: { active: false } }, false],
    ])('sets active from %s', async (_name, operation, active) => {
      const user = await create(uniqueName('bool'), { active: !active });

      const response = await patch(user.id, operation);
      const row = await memberRow(testApp, user.id);

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ active });
      expect(row?.status).toBe(active ? 'active' : 'deactivated');
    });

    it('applies none when the third fails', async () => {
      const user = await create(uniqueName('atomic'), { title: 'Kept' });

      const response = await patch(
        user.id,
        { op: 'replace', path: 'title', value: 'Lost' },
        { op: 'replace', path: 'active', value: false },
        { op: 'replace', path: 'favoriteColor', value: 'teal' },
      );
      const row = await memberRow(testApp, user.id);

      expect(response.status).toBe(400);
      expect(response.body).toEqual(scimError(400, 'invalidPath'));
      expect(await fetchUser(testApp, connection, user.id)).toEqual(user);
      expect(row?.status).toBe('active');
      expect(row?.scimVersion).toBe(1);
      expect(await eventsAbout(testApp, user.id)).toHaveLength(1);
    });

    it('changes nothing for empty Operations', async () => {
      const user = await create(uniqueName('empty-ops'), { title: 'Kept' });

      const response = await patch(user.id);

      expect(response.status).toBe(200);
      expect(response.body).toEqual(user);
      expect(response.headers.get('etag')).toBe('W/"1"');
      expect(await fetchUser(testApp, connection, user.id)).toEqual(user);
      expect(await eventsAbout(testApp, user.id)).toHaveLength(1);
    });

    it('keeps the version for a no-op', async () => {
      const user = await create(uniqueName('no-op'), { title: 'Same' });

      const response = await patch(
        user.id,
        { op: 'replace', path: 'title', value: 'Same' },
        { op: 'Replace', path: 'active', value: 'True' },
      );

      expect(response.status).toBe(200);
      expect(response.body).toEqual(user);
    });

    it.each([
      ['unknown attribute', { op: 'replace', path: 'favoriteColor', value: 'x' }, 'invalidPath'],
      ['unknown sub-attribute', { op: 'replace', path: 'name.nick', value: 'x' }, 'invalidPath'],
      [
        'filter on single value',
        { op: 'replace', path: 'title[value eq "x"]', value: 'y' },
        'invalidPath',
      ],
      ['unparsable path', { op: 'replace', path: 'emails[type eq', value: 'x' }, 'invalidPath'],
      ['remove without path', { op: 'remove' }, 'noTarget'],
      [
        'replace matching nothing',
        { op: 'replace', path: 'emails[type eq "home"].value', value: 'h@home.test' },
        'noTarget',
      ],
      ['readOnly id', { op: 'replace', path: 'id', value: randomUUID() }, 'mutability'],
      [
        'readOnly meta',
        { op: 'replace', path: 'meta.created', value: '2020-01-01T00:00:00Z' },
        'mutability',
      ],
      [
        'readOnly groups',
        { op: 'add', path: 'groups', value: [{ value: randomUUID() }] },
        'mutability',
      ],
      ['remove userName', { op: 'remove', path: 'userName' }, 'mutability'],
      ['unknown op', { op: 'move', path: 'title', value: 'x' }, 'invalidSyntax'],
      ['add without value', { op: 'add', path: 'title' }, 'invalidSyntax'],
      ['wrong type', { op: 'replace', path: 'active', value: 'perhaps' }, 'invalidValue'],
      ['wrong title type', { op: 'replace', path: 'title', value: 7 }, 'invalidValue'],
    ])('rejects %s', async (_name, operation, scimType) => {
      const user = await create(uniqueName('patch-error'));

      const response = await patch(user.id, operation);

      expect(response.status).toBe(400);
      expect(response.body).toEqual(scimError(400, scimType));
      expect(internalDetailsIn(response)).toEqual([]);
      expect(await fetchUser(testApp, connection, user.id)).toEqual(user);
    });

    it.each([
      ['no Operations', { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'] }],
      ['Operations object', { Operations: { op: 'add' } }],
      ['wrong schemas', { schemas: [USER_URN], Operations: [] }],
    ])('rejects a body with %s', async (_name, body) => {
      const user = await create(uniqueName('patch-body'));

      const response = await scim('PATCH', `/Users/${user.id}`, body);

      expect(response.status).toBe(400);
      expect(response.body).toEqual(scimError(400, 'invalidSyntax'));
    });
  });

  describe('activity', () => {
    it('records every write with the token', async () => {
      const userName = uniqueName('audited');
      const send = (method: string, path: string, requestId: string, body?: unknown) =>
        request(testApp.baseUrl, method, `${connection.scimPath}${path}`, {
          token: connection.token,
          rawBody: body === undefined ? undefined : JSON.stringify(body),
          headers: {
            'x-request-id': requestId,
            ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
          },
        });

      const created = await send('POST', '/Users', 'req-create', userBody(userName));
      const id = (created.body as ScimUser).id;
      await send('PUT', `/Users/${id}`, 'req-replace', userBody(userName, { title: 'A' }));
      await send(
        'PATCH',
        `/Users/${id}`,
        'req-patch',
        patchBody({ op: 'replace', path: 'active', value: false }),
      );
      await send('GET', `/Users/${id}`, 'req-read');
      await send('PATCH', `/Users/${id}`, 'req-invalid', patchBody({ op: 'remove' }));
      await send('DELETE', `/Users/${id}`, 'req-delete');
      const events = await eventsAbout(testApp, id);

      expect(events.map((event) => [event.action, event.requestId])).toEqual([
        ['scim_user.created', 'req-create'],
        ['scim_user.replaced', 'req-replace'],
        ['scim_user.patched', 'req-patch'],
        ['scim_user.deleted', 'req-delete'],
      ]);
      for (const event of events) {
        expect(event).toMatchObject({
          organizationId: admin.organizationId,
          actorType: 'scim_token',
          actorId: connection.id,
          actorTokenId: tokenIdOf(connection.token),
          targetType: 'member',
          targetId: id,
        });
      }
      expect(events[2].changes).toEqual({
        changed: [],
        status: { old: 'active', new: 'deactivated' },
      });
      expect(JSON.stringify(events)).not.toContain(connection.token);
    });

    it('records the revival of a deleted User', async () => {
      const user = await create(uniqueName('revived'));
      await scim('DELETE', `/Users/${user.id}`);

      await scim('POST', '/Users', userBody(user.userName));
      const events = await eventsAbout(testApp, user.id);

      expect(events.map((event) => event.action)).toEqual([
        'scim_user.created',
        'scim_user.deleted',
        'scim_user.revived',
      ]);
    });
  });
});

describe('SCIM tenant isolation', () => {
  let testApp: TestApp;
  let connectionA: CreatedConnection;
  let connectionB: CreatedConnection;
  let userA: ScimUser;

  beforeAll(async () => {
    testApp = await startTestApp();
    connectionA = await createConnection(testApp, await seedOrganization(testApp, 'Alpha'));
    connectionB = await createConnection(testApp, await seedOrganization(testApp, 'Beta'));
    userA = await createUser(testApp, connectionA, userBody('shared@example.test'));
  });

  afterAll(() => testApp.close());

  function asB(method: string, path: string, body?: unknown): Promise<HttpResponse> {
    return scimRequest(testApp, method, `${connectionB.scimPath}${path}`, connectionB.token, body);
  }

  it.each([
    ['GET', undefined],
    ['PUT', userBody('shared@example.test', { title: 'Taken over' })],
    ['PATCH', patchBody({ op: 'replace', path: 'active', value: false })],
    ['DELETE', undefined],
  ])('returns 404 to %s by another organization', async (method, body) => {
    const response = await asB(method, `/Users/${userA.id}`, body);

    expect(response.status).toBe(404);
    expect(response.body).toEqual(scimError(404));
    expect(await fetchUser(testApp, connectionA, userA.id)).toEqual(userA);
  });

  it.each([
    ['list', () => asB('GET', '/Users')],
    [
      'filter',
      () => asB('GET', `/Users?filter=${encodeURIComponent('userName eq "shared@example.test"')}`),
    ],
    ['id filter', () => asB('GET', `/Users?filter=${encodeURIComponent(`id eq "${userA.id}"`)}`)],
    [
      'Users .search',
      () =>
        asB('POST', '/Users/.search', {
          schemas: [SEARCH_REQUEST_URN],
          filter: 'userName eq "shared@example.test"',
        }),
    ],
    ['root .search', () => asB('POST', '/.search', { schemas: [SEARCH_REQUEST_URN] })],
  ])('hides the User from %s', async (_name, list) => {
    const response = await list();
    const ids = ((response.body as ListResponse).Resources ?? []).map((user) => user.id);

    expect(response.status).toBe(200);
    expect(ids).not.toContain(userA.id);
  });

  it('lets each organization use the userName', async () => {
    const response = await asB('POST', '/Users', userBody('shared@example.test'));

    expect(response.status).toBe(201);
    expect((response.body as ScimUser).id).not.toBe(userA.id);
  });

  it.each([
    ['GET', '/Users', undefined],
    ['GET', `/Users/${randomUUID()}`, undefined],
    ['POST', '/Users', userBody('intruder@example.test')],
    ['PUT', `/Users/${randomUUID()}`, userBody('intruder@example.test')],
    ['PATCH', `/Users/${randomUUID()}`, patchBody({ op: 'replace', path: 'title', value: 'x' })],
    ['DELETE', `/Users/${randomUUID()}`, undefined],
    ['POST', '/Users/.search', { schemas: [SEARCH_REQUEST_URN] }],
    ['POST', '/.search', { schemas: [SEARCH_REQUEST_URN] }],
  ])('rejects token A on B for %s %s', async (method, path, body) => {
    const response = await scimRequest(
      testApp,
      method,
      `${connectionB.scimPath}${path}`,
      connectionA.token,
      body,
    );

    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(response.body).toEqual(scimError(401));
  });

  it('rejects token A on B for a real id', async () => {
    const userB = await createUser(testApp, connectionB, userBody('only-b@example.test'));

    const response = await scimRequest(
      testApp,
      'DELETE',
      `${connectionB.scimPath}/Users/${userB.id}`,
      connectionA.token,
    );

    expect(response.status).toBe(401);
    expect(await fetchUser(testApp, connectionB, userB.id)).toEqual(userB);
  });
});

describe('SCIM Admin protections', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });

  afterAll(() => testApp.close());

  async function organizationWithConnection(): Promise<{
    admin: SeededMember;
    connection: CreatedConnection;
  }> {
    const admin = await seedOrganization(testApp);
    return { admin, connection: await createConnection(testApp, admin) };
  }

  function refusedEvents(memberId: string): Promise<AuditEvent[]> {
    return testApp.dataSource
      .getRepository(AuditEvent)
      .find({ where: { targetId: memberId, action: 'scim_user.refused' } });
  }

  describe('Strada Admin', () => {
    it('is visible', async () => {
      const { admin, connection } = await organizationWithConnection();
      const staff = await seedMember(testApp, admin.organizationId, 'strada_admin');

      const read = await scimRequest(
        testApp,
        'GET',
        `${connection.scimPath}/Users/${staff.id}`,
        connection.token,
      );
      const listed = await scimRequest(
        testApp,
        'GET',
        `${connection.scimPath}/Users?filter=${encodeURIComponent(`id eq "${staff.id}"`)}`,
        connection.token,
      );

      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ id: staff.id, active: true });
      expect((listed.body as ListResponse).totalResults).toBe(1);
    });

    it.each([
      ['PUT', (userName: string) => userBody(userName, { title: 'x' })],
      ['PATCH', () => patchBody({ op: 'replace', path: 'title', value: 'x' })],
      ['DELETE', () => undefined],
    ])('rejects %s', async (method, makeBody) => {
      const { admin, connection } = await organizationWithConnection();
      const staff = await seedMember(testApp, admin.organizationId, 'strada_admin');
      const before = await memberRow(testApp, staff.id);

      const response = await scimRequest(
        testApp,
        method,
        `${connection.scimPath}/Users/${staff.id}`,
        connection.token,
        makeBody(before?.userName ?? ''),
      );

      expect(response.status).toBe(403);
      expect(response.body).toEqual(scimError(403));
      expect(await memberRow(testApp, staff.id)).toEqual(before);
    });
  });

  describe('last active Admin', () => {
    it.each([
      ['PATCH', 'deactivated', () => patchBody({ op: 'replace', path: 'active', value: false })],
      ['PUT', 'deactivated', (userName: string) => userBody(userName, { active: false })],
      ['DELETE', 'deleted', () => undefined],
    ])('rejects %s and records it', async (method, change, makeBody) => {
      const { admin, connection } = await organizationWithConnection();
      const before = await memberRow(testApp, admin.id);

      const response = await request(
        testApp.baseUrl,
        method,
        `${connection.scimPath}/Users/${admin.id}`,
        {
          token: connection.token,
          body: makeBody(before?.userName ?? ''),
          headers: { 'x-request-id': `refused-${method}` },
        },
      );
      const events = await refusedEvents(admin.id);

      expect(response.status).toBe(403);
      expect(response.body).toEqual({
        ...scimError(403),
        detail: expect.stringContaining("organization's last active Admin"),
      });
      expect((response.body as { detail: string }).detail).toContain(change);
      expect(await memberRow(testApp, admin.id)).toEqual(before);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        actorType: 'scim_token',
        actorId: connection.id,
        actorTokenId: tokenIdOf(connection.token),
        requestId: `refused-${method}`,
        changes: { reason: 'last_active_admin', change },
      });
    });

    it('allows deactivation with a second Admin', async () => {
      const { admin, connection } = await organizationWithConnection();
      await seedMember(testApp, admin.organizationId, 'admin');

      const response = await scimRequest(
        testApp,
        'PATCH',
        `${connection.scimPath}/Users/${admin.id}`,
        connection.token,
        patchBody({ op: 'replace', path: 'active', value: false }),
      );

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: admin.id, active: false });
      expect((await memberRow(testApp, admin.id))?.status).toBe('deactivated');
      expect(await refusedEvents(admin.id)).toEqual([]);
    });

    it('ignores a deactivated second Admin', async () => {
      const { admin, connection } = await organizationWithConnection();
      const second = await seedMember(testApp, admin.organizationId, 'admin');
      await testApp.dataSource
        .getRepository(Member)
        .update({ id: second.id }, { status: 'deactivated' });

      const response = await scimRequest(
        testApp,
        'DELETE',
        `${connection.scimPath}/Users/${admin.id}`,
        connection.token,
      );

      expect(response.status).toBe(403);
      expect(await refusedEvents(admin.id)).toHaveLength(1);
    });

    it('allows other changes to the last Admin', async () => {
      const { admin, connection } = await organizationWithConnection();

      const response = await scimRequest(
        testApp,
        'PATCH',
        `${connection.scimPath}/Users/${admin.id}`,
        connection.token,
        patchBody({ op: 'add', path: 'title', value: 'Founder' }),
      );

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ title: 'Founder', active: true });
    });
  });
});
