import { request } from './support/http';
import { tokenIdOf } from './support/scim-assertions';
import { createConnection, scimRequest } from './support/scim';
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

  it('logs the migrations applied at start', () => {
    const line = testApp.logs.find((entry) => entry.includes('migration(s)'));

    expect(line).toBeDefined();
    expect((JSON.parse(line as string) as { msg: string }).msg).toMatch(
      /^Applied \d+ migration\(s\): CreateOrganizationsAndScimConnections\d+, /,
    );
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

  it('logs rejected SCIM tokens once', async () => {
    const admin = await seedOrganization(testApp, 'Rejected Tokens');
    const connection = await createConnection(testApp, admin);
    const path = `${connection.scimPath}/ServiceProviderConfig`;
    const wrongSecret = `${connection.token.slice(0, -4)}${connection.token.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    const rejectionLines = () =>
      testApp.logs
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((entry) => String(entry.msg).startsWith('Rejected a SCIM request'));
    const before = rejectionLines().length;

    expect((await scimRequest(testApp, 'GET', path, connection.token)).status).toBe(200);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await scimRequest(testApp, 'GET', path, wrongSecret)).status).toBe(401);
      expect((await scimRequest(testApp, 'GET', path, 'not-a-strada-token')).status).toBe(401);
    }

    const lines = rejectionLines().slice(before);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: 40,
      msg: 'Rejected a SCIM request: the bearer token has a known token id but a wrong secret',
      connectionId: connection.id,
      tokenId: tokenIdOf(connection.token),
      rejectedSincePreviousLine: 0,
    });
    expect(lines[1]).toMatchObject({
      msg: 'Rejected a SCIM request: the bearer token is missing or not in the strada_scim_ format',
      connectionId: connection.id,
      tokenId: null,
    });
    expect(testApp.logs.join('\n')).not.toContain(wrongSecret);
  });
});
