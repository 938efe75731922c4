import { request } from './support/http';
import {
  seedMember,
  seedOrganization,
  startTestApp,
  TEST_JWT_SECRET,
  TestApp,
} from './support/test-app';

describe('logging', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ LOG_LEVEL: 'trace', REQUEST_LOGGING: 'true' });
  });

  afterAll(() => testApp.close());

  it('never writes credentials', async () => {
    const admin = await seedOrganization(testApp);
    const executive = await seedMember(testApp, admin.organizationId, 'executive');
    const forged = `${admin.token.slice(0, -4)}AAAA`;

    await request(testApp.baseUrl, 'GET', `/api/v1/organizations/${admin.organizationId}/members`, {
      token: admin.token,
    });
    await request(
      testApp.baseUrl,
      'PATCH',
      `/api/v1/organizations/${admin.organizationId}/members/${executive.id}`,
      {
        token: admin.token,
        body: { role: 'member' },
      },
    );
    await request(
      testApp.baseUrl,
      'GET',
      `/api/v1/organizations/${admin.organizationId}/scim/permissions`,
      {
        token: forged,
      },
    );
    await request(
      testApp.baseUrl,
      'GET',
      `/api/v1/organizations/${admin.organizationId}/scim/permissions`,
      {
        headers: { authorization: 'Basic c2VjcmV0OnNlY3JldA==' },
      },
    );
    const output = testApp.logs.join('\n');

    expect(testApp.logs.some((line) => line.includes('"request completed"'))).toBe(true);
    for (const secret of [
      admin.token,
      executive.token,
      forged,
      'c2VjcmV0OnNlY3JldA==',
      TEST_JWT_SECRET,
    ]) {
      expect(output).not.toContain(secret);
    }
    for (const token of [admin.token, executive.token]) {
      const [, payload, signature] = token.split('.');
      expect(output).not.toContain(signature);
      expect(output).not.toContain(payload);
    }
  });

  it('logs each request with its request id', async () => {
    await request(testApp.baseUrl, 'GET', '/health/live', {
      headers: { 'x-request-id': 'log-check-1' },
    });

    const line = testApp.logs.find((entry) => entry.includes('log-check-1'));

    expect(line).toBeDefined();
    expect(JSON.parse(line as string)).toMatchObject({
      msg: 'request completed',
      res: { statusCode: 200 },
    });
  });
});
