import { randomUUID } from 'node:crypto';
import { AuditEvent } from '../src/audit/audit-event.entity';
import { request } from './support/http';
import {
  seedMember,
  seedOrganization,
  SeededMember,
  startTestApp,
  TestApp,
} from './support/test-app';

describe('members admin API', () => {
  let testApp: TestApp;
  let admin: SeededMember;
  let base: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = await seedOrganization(testApp);
    base = `/api/v1/organizations/${admin.organizationId}/members`;
  });

  afterAll(() => testApp.close());

  describe('GET /members', () => {
    it('returns members in the documented shape', async () => {
      const response = await request(testApp.baseUrl, 'GET', `${base}/${admin.id}`, {
        token: admin.token,
      });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        id: admin.id,
        email: expect.stringMatching(/@acme\.test$/),
        userName: expect.stringMatching(/@acme\.test$/),
        displayName: null,
        status: 'active',
        role: 'admin',
        roleSource: 'manual',
        managedBy: 'manual',
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      });
    });

    it('pages with a cursor without repeats', async () => {
      const organization = await seedOrganization(testApp, 'Paging');
      for (let index = 0; index < 4; index += 1)
        await seedMember(testApp, organization.organizationId, 'member');
      const path = `/api/v1/organizations/${organization.organizationId}/members`;

      const first = await request(testApp.baseUrl, 'GET', `${path}?limit=2`, {
        token: organization.token,
      });
      const firstBody = first.body as { data: { id: string }[]; nextCursor: string };
      const second = await request(
        testApp.baseUrl,
        'GET',
        `${path}?limit=2&cursor=${firstBody.nextCursor}`,
        {
          token: organization.token,
        },
      );
      const secondBody = second.body as { data: { id: string }[]; nextCursor: string };
      const third = await request(
        testApp.baseUrl,
        'GET',
        `${path}?limit=2&cursor=${secondBody.nextCursor}`,
        {
          token: organization.token,
        },
      );
      const thirdBody = third.body as { data: { id: string }[]; nextCursor: string | null };

      const ids = [...firstBody.data, ...secondBody.data, ...thirdBody.data].map(
        (member) => member.id,
      );
      expect(ids).toHaveLength(5);
      expect(new Set(ids).size).toBe(5);
      expect(thirdBody.nextCursor).toBeNull();
    });

    it('filters by role and status', async () => {
      const organization = await seedOrganization(testApp, 'Filters');
      const executive = await seedMember(testApp, organization.organizationId, 'executive');
      const path = `/api/v1/organizations/${organization.organizationId}/members`;

      const byRole = await request(testApp.baseUrl, 'GET', `${path}?role=executive&status=active`, {
        token: organization.token,
      });

      expect((byRole.body as { data: { id: string }[] }).data.map((member) => member.id)).toEqual([
        executive.id,
      ]);
    });

    it('rejects an invalid filter value', async () => {
      const response = await request(testApp.baseUrl, 'GET', `${base}?role=owner&limit=0`, {
        token: admin.token,
      });

      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'Request validation failed',
        details: expect.arrayContaining([
          { field: 'limit', messages: ['limit must not be less than 1'] },
          { field: 'role', messages: [expect.stringContaining('role must be one of')] },
        ]),
      });
    });

    it.each([
      ['nonsense', 'nonsense'],
      [
        'a forged id',
        Buffer.from(JSON.stringify(['2020-01-01T00:00:00.000Z', 'x'])).toString('base64url'),
      ],
    ])('rejects a bad cursor: %s', async (_case, cursor) => {
      for (const path of [base, `/api/v1/organizations/${admin.organizationId}/scim/activity`]) {
        const response = await request(testApp.baseUrl, 'GET', `${path}?cursor=${cursor}`, {
          token: admin.token,
        });

        expect(response.status).toBe(400);
        expect(response.body).toMatchObject({
          message: 'cursor is invalid; pass the nextCursor value of the previous page',
        });
      }
    });

    it('answers 404 for an unknown member', async () => {
      const response = await request(testApp.baseUrl, 'GET', `${base}/${randomUUID()}`, {
        token: admin.token,
      });

      expect(response.status).toBe(404);
    });

    it('hides members of another organization', async () => {
      const other = await seedOrganization(testApp, 'Other');

      const response = await request(testApp.baseUrl, 'GET', `${base}/${other.id}`, {
        token: admin.token,
      });

      expect(response.status).toBe(404);
    });
  });

  describe('PATCH /members/{id}', () => {
    it('sets the role and records it', async () => {
      const target = await seedMember(testApp, admin.organizationId, 'member');

      const response = await request(testApp.baseUrl, 'PATCH', `${base}/${target.id}`, {
        token: admin.token,
        body: { role: 'it_admin' },
        headers: { 'x-request-id': 'role-change-1' },
      });
      const events = await testApp.dataSource
        .getRepository(AuditEvent)
        .findBy({ targetId: target.id, action: 'member.role_changed' });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        id: target.id,
        role: 'it_admin',
        roleSource: 'manual',
      });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        actorType: 'member',
        actorId: admin.id,
        requestId: 'role-change-1',
        changes: { role: { old: 'member', new: 'it_admin' }, cause: 'manual' },
      });
    });

    it('rejects granting a role above the caller', async () => {
      const itAdmin = await seedMember(testApp, admin.organizationId, 'it_admin');
      const target = await seedMember(testApp, admin.organizationId, 'member');

      const response = await request(testApp.baseUrl, 'PATCH', `${base}/${target.id}`, {
        token: itAdmin.token,
        body: { role: 'admin' },
      });

      expect(response.status).toBe(403);
      expect(response.body).toEqual({
        statusCode: 403,
        error: 'Forbidden',
        message: 'Your role (IT Admin) cannot grant Admin',
      });
    });

    it('rejects changing an Admin from IT Admin', async () => {
      const itAdmin = await seedMember(testApp, admin.organizationId, 'it_admin');
      const otherAdmin = await seedMember(testApp, admin.organizationId, 'admin');

      const response = await request(testApp.baseUrl, 'PATCH', `${base}/${otherAdmin.id}`, {
        token: itAdmin.token,
        body: { role: 'member' },
      });

      expect(response.status).toBe(403);
    });

    it('rejects granting Strada Admin', async () => {
      const target = await seedMember(testApp, admin.organizationId, 'member');

      const response = await request(testApp.baseUrl, 'PATCH', `${base}/${target.id}`, {
        token: admin.token,
        body: { role: 'strada_admin' },
      });

      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({
        message: 'Strada Admin cannot be granted by an organization',
      });
    });

    it('rejects changing a Strada Admin member', async () => {
      const stradaAdmin = await seedMember(testApp, admin.organizationId, 'strada_admin');

      const response = await request(testApp.baseUrl, 'PATCH', `${base}/${stradaAdmin.id}`, {
        token: admin.token,
        body: { role: 'member' },
      });

      expect(response.status).toBe(403);
    });

    it('refuses to demote the last active Admin', async () => {
      const organization = await seedOrganization(testApp, 'Solo');

      const response = await request(
        testApp.baseUrl,
        'PATCH',
        `/api/v1/organizations/${organization.organizationId}/members/${organization.id}`,
        { token: organization.token, body: { role: 'member' } },
      );

      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
    });

    it('rejects unknown fields and bad roles', async () => {
      const target = await seedMember(testApp, admin.organizationId, 'member');

      const response = await request(testApp.baseUrl, 'PATCH', `${base}/${target.id}`, {
        token: admin.token,
        body: { role: 'owner', status: 'deactivated' },
      });
      const after = await request(testApp.baseUrl, 'GET', `${base}/${target.id}`, {
        token: admin.token,
      });

      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        details: expect.arrayContaining([
          { field: 'status', messages: ['property status should not exist'] },
        ]),
      });
      expect(after.body).toMatchObject({ role: 'member', status: 'active' });
    });

    it('answers 404 for a member of another organization', async () => {
      const other = await seedOrganization(testApp, 'Elsewhere');

      const response = await request(testApp.baseUrl, 'PATCH', `${base}/${other.id}`, {
        token: admin.token,
        body: { role: 'member' },
      });

      expect(response.status).toBe(404);
    });
  });
});
