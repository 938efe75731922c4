import { ROLES, Role } from '../src/organizations/role';
import { request } from './support/http';
import { createConnection } from './support/scim';
import {
  seedMember,
  seedOrganization,
  SeededMember,
  startTestApp,
  TestApp,
} from './support/test-app';

type Policy = 'view' | 'manage' | 'authenticated';

const ALLOWED: Record<Policy, Role[]> = {
  view: ['admin', 'it_admin', 'executive'],
  manage: ['admin', 'it_admin'],
  authenticated: [...ROLES],
};

/** Every SCIM settings route with its policy; the path gets the organization id. */
const ROUTES: [string, (organizationId: string) => string, Policy][] = [
  ['GET', (id) => `/api/v1/organizations/${id}/scim/connection`, 'view'],
  ['GET', (id) => `/api/v1/organizations/${id}/scim/activity`, 'view'],
  ['GET', (id) => `/api/v1/organizations/${id}/members`, 'view'],
  ['POST', (id) => `/api/v1/organizations/${id}/scim/connection`, 'manage'],
  ['POST', (id) => `/api/v1/organizations/${id}/scim/connection/rotation`, 'manage'],
  ['POST', (id) => `/api/v1/organizations/${id}/scim/connection/rotation/complete`, 'manage'],
  ['DELETE', (id) => `/api/v1/organizations/${id}/scim/connection/rotation`, 'manage'],
  ['DELETE', (id) => `/api/v1/organizations/${id}/scim/connection`, 'manage'],
  ['GET', () => '/api/v1/identity-providers', 'authenticated'],
];

describe('SCIM settings access control', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });

  afterAll(() => testApp.close());

  async function organizationWithConnection(): Promise<Record<Role, SeededMember>> {
    const admin = await seedOrganization(testApp);
    await createConnection(testApp, admin);
    const members = { admin } as Record<Role, SeededMember>;
    for (const role of ROLES) {
      if (role !== 'admin') members[role] = await seedMember(testApp, admin.organizationId, role);
    }
    return members;
  }

  describe.each(ROUTES)('%s %s', (method, path, policy) => {
    it.each(ROLES)('for %s', async (role) => {
      const members = await organizationWithConnection();
      const caller = members[role];

      const response = await request(testApp.baseUrl, method, path(caller.organizationId), {
        token: caller.token,
        body:
          method === 'POST' && path('x').endsWith('/connection')
            ? { identityProvider: 'okta' }
            : undefined,
      });

      if (ALLOWED[policy].includes(role)) {
        expect([401, 403, 404]).not.toContain(response.status);
      } else {
        expect(response.status).toBe(403);
        expect(response.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
      }
    });

    if (policy !== 'authenticated') {
      it('answers 404 to another organization’s Admin', async () => {
        const members = await organizationWithConnection();
        const outsider = await seedOrganization(testApp, 'Outsider');

        const response = await request(
          testApp.baseUrl,
          method,
          path(members.admin.organizationId),
          {
            token: outsider.token,
          },
        );

        expect(response.status).toBe(404);
      });
    }

    it('answers 401 without a token', async () => {
      const members = await organizationWithConnection();

      const response = await request(testApp.baseUrl, method, path(members.admin.organizationId));

      expect(response.status).toBe(401);
    });
  });
});
