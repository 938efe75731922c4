import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { ADMIN_UNAUTHORIZED } from '../src/auth/access.guard';
import { ROLES, Role } from '../src/organizations/role';
import { request } from './support/http';
import {
  deactivate,
  seedMember,
  seedOrganization,
  SeededMember,
  startTestApp,
  TEST_JWT_SECRET,
  TestApp,
} from './support/test-app';

describe('admin API access control', () => {
  let testApp: TestApp;
  let admin: SeededMember;
  const byRole = {} as Record<Role, SeededMember>;

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = await seedOrganization(testApp);
    for (const role of ROLES) {
      byRole[role] =
        role === 'admin' ? admin : await seedMember(testApp, admin.organizationId, role);
    }
  });

  afterAll(() => testApp.close());

  const viewAllowed: Record<Role, boolean> = {
    admin: true,
    it_admin: true,
    executive: true,
    member: false,
    strada_admin: false,
  };
  const manageAllowed: Record<Role, boolean> = {
    admin: true,
    it_admin: true,
    executive: false,
    member: false,
    strada_admin: false,
  };

  describe.each(ROLES)('role %s', (role) => {
    it('gets its permissions', async () => {
      const response = await request(
        testApp.baseUrl,
        'GET',
        `/api/v1/organizations/${admin.organizationId}/scim/permissions`,
        { token: byRole[role].token },
      );

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ canView: viewAllowed[role], canManage: manageAllowed[role] });
    });

    it('on a view route', async () => {
      const response = await request(
        testApp.baseUrl,
        'GET',
        `/api/v1/organizations/${admin.organizationId}/members`,
        {
          token: byRole[role].token,
        },
      );

      expect(response.status).toBe(viewAllowed[role] ? 200 : 403);
    });

    it('on a manage route', async () => {
      const target = await seedMember(testApp, admin.organizationId, 'member');

      const response = await request(
        testApp.baseUrl,
        'PATCH',
        `/api/v1/organizations/${admin.organizationId}/members/${target.id}`,
        { token: byRole[role].token, body: { role: 'executive' } },
      );

      expect(response.status).toBe(manageAllowed[role] ? 200 : 403);
    });
  });

  it('denies a member of another organization with 404', async () => {
    const outsider = await seedOrganization(testApp, 'Other');

    const view = await request(
      testApp.baseUrl,
      'GET',
      `/api/v1/organizations/${admin.organizationId}/members`,
      {
        token: outsider.token,
      },
    );
    const permissions = await request(
      testApp.baseUrl,
      'GET',
      `/api/v1/organizations/${admin.organizationId}/scim/permissions`,
      { token: outsider.token },
    );

    expect(view.status).toBe(404);
    expect(view.body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: `Organization ${admin.organizationId} not found`,
    });
    expect(permissions.status).toBe(404);
  });

  it('denies an unknown organization with 404', async () => {
    const response = await request(
      testApp.baseUrl,
      'GET',
      `/api/v1/organizations/${randomUUID()}/members`,
      {
        token: admin.token,
      },
    );

    expect(response.status).toBe(404);
  });

  it('denies a deactivated member with 401', async () => {
    const executive = await seedMember(testApp, admin.organizationId, 'executive');
    await deactivate(testApp, executive.id);

    const response = await request(
      testApp.baseUrl,
      'GET',
      `/api/v1/organizations/${admin.organizationId}/members`,
      {
        token: executive.token,
      },
    );

    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('applies a role change at once', async () => {
    const itAdmin = await seedMember(testApp, admin.organizationId, 'it_admin');
    const before = await request(
      testApp.baseUrl,
      'GET',
      `/api/v1/organizations/${admin.organizationId}/scim/permissions`,
      {
        token: itAdmin.token,
      },
    );

    await request(
      testApp.baseUrl,
      'PATCH',
      `/api/v1/organizations/${admin.organizationId}/members/${itAdmin.id}`,
      {
        token: admin.token,
        body: { role: 'member' },
      },
    );
    const after = await request(
      testApp.baseUrl,
      'GET',
      `/api/v1/organizations/${admin.organizationId}/scim/permissions`,
      {
        token: itAdmin.token,
      },
    );

    expect(before.body).toEqual({ canView: true, canManage: true });
    expect(after.body).toEqual({ canView: false, canManage: false });
  });

  describe('rejects bad credentials with 401', () => {
    const jwt = new JwtService();
    const cases: [string, () => Promise<Record<string, string>>][] = [
      ['missing header', async () => ({})],
      ['empty bearer', async () => ({ authorization: 'Bearer ' })],
      ['basic scheme', async () => ({ authorization: 'Basic YWRtaW46YWRtaW4=' })],
      ['malformed token', async () => ({ authorization: 'Bearer not.a.jwt' })],
      [
        'expired token',
        async () => ({
          authorization: `Bearer ${await jwt.signAsync(
            { sub: admin.id, exp: Math.floor(Date.now() / 1000) - 60 },
            { secret: TEST_JWT_SECRET, algorithm: 'HS256' },
          )}`,
        }),
      ],
      [
        'wrongly signed token',
        async () => ({
          authorization: `Bearer ${await jwt.signAsync(
            { sub: admin.id },
            { secret: 'another-secret-that-is-also-long-enough-000', algorithm: 'HS256' },
          )}`,
        }),
      ],
      [
        'unsigned token',
        async () => {
          const encode = (value: object) =>
            Buffer.from(JSON.stringify(value)).toString('base64url');
          return {
            authorization: `Bearer ${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: admin.id })}.`,
          };
        },
      ],
      [
        'token of an unknown member',
        async () => ({
          authorization: `Bearer ${await jwt.signAsync({ sub: randomUUID() }, { secret: TEST_JWT_SECRET, algorithm: 'HS256' })}`,
        }),
      ],
    ];

    it.each(cases)('%s', async (_name, headers) => {
      const response = await request(
        testApp.baseUrl,
        'GET',
        `/api/v1/organizations/${admin.organizationId}/members`,
        {
          headers: await headers(),
        },
      );

      expect(response.status).toBe(401);
      expect(response.body).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: ADMIN_UNAUTHORIZED,
      });
    });
  });
});
