import { request } from './support/http';
import { createConnection, CreatedConnection, scimRequest } from './support/scim';
import { userBody } from './support/scim-assertions';
import { seedOrganization, SeededMember, startTestApp, TestApp } from './support/test-app';
import { isPostgresRun } from './support/test-database';

describe('Prometheus metrics', () => {
  let testApp: TestApp;
  let admin: SeededMember;
  let connection: CreatedConnection;
  let text: string;
  let contentType: string | null;
  let userId: string;
  const userName = 'metrics-probe-7f3a@example.test';

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = await seedOrganization(testApp);
    connection = await createConnection(testApp, admin);

    const created = await scimRequest(
      testApp,
      'POST',
      `${connection.scimPath}/Users`,
      connection.token,
      userBody(userName),
    );
    expect(created.status).toBe(201);
    userId = (created.body as { id: string }).id;
    const fetched = await scimRequest(
      testApp,
      'GET',
      `${connection.scimPath}/Users/${userId}`,
      connection.token,
    );
    expect(fetched.status).toBe(200);
    const missing = await scimRequest(
      testApp,
      'GET',
      `${connection.scimPath}/Groups/00000000-0000-4000-8000-000000000000`,
      connection.token,
    );
    expect(missing.status).toBe(404);
    const filtered = await scimRequest(
      testApp,
      'GET',
      `${connection.scimPath}/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`,
      connection.token,
    );
    expect(filtered.status).toBe(200);
    const forged = await scimRequest(
      testApp,
      'GET',
      `${connection.scimPath}/Users`,
      'not-a-scim-token',
    );
    expect(forged.status).toBe(401);
    const members = await request(
      testApp.baseUrl,
      'GET',
      `/api/v1/organizations/${admin.organizationId}/members`,
      { token: admin.token },
    );
    expect(members.status).toBe(200);
    await request(testApp.baseUrl, 'GET', `/no-such-route/${connection.id}`);

    const response = await request(testApp.baseUrl, 'GET', '/metrics');
    expect(response.status).toBe(200);
    text = response.text;
    contentType = response.headers.get('content-type');
  });

  afterAll(() => testApp.close());

  it('uses the Prometheus text format', () => {
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(text).toContain('# TYPE http_requests_total counter');
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
  });

  it('counts requests by route template', () => {
    expect(text).toContain(
      'http_requests_total{method="POST",route="/scim/v2/:connectionId/Users",status_code="201"} 1',
    );
    expect(text).toContain(
      'http_requests_total{method="GET",route="/scim/v2/:connectionId/Users/:id",status_code="200"} 1',
    );
    expect(text).toContain(
      'http_requests_total{method="GET",route="/api/v1/organizations/:organizationId/members",status_code="200"} 1',
    );
    expect(text).toContain(
      'http_requests_total{method="GET",route="unmatched",status_code="404"} 1',
    );
  });

  it('records latency by route template', () => {
    expect(text).toMatch(
      /http_request_duration_seconds_count\{method="POST",route="\/scim\/v2\/:connectionId\/Users"\} 1/,
    );
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{le="\+Inf",method="GET",route="\/scim\/v2\/:connectionId\/Users\/:id"\} 1/,
    );
  });

  it('counts SCIM operations by resource and outcome', () => {
    expect(text).toContain('scim_operations_total{resource="User",outcome="success"} 3');
    expect(text).toContain('scim_operations_total{resource="User",outcome="client_error"} 1');
    expect(text).toContain('scim_operations_total{resource="Group",outcome="client_error"} 1');
  });

  it('exposes token cache hits and bcrypt comparisons', () => {
    expect(text).toContain('scim_token_bcrypt_comparisons_total 1');
    expect(text).toContain('scim_token_cache_hits_total 3');
  });

  it('exposes pool gauges only on PostgreSQL', () => {
    if (isPostgresRun()) {
      expect(text).toMatch(/^db_pool_total_clients \d+$/m);
      expect(text).toMatch(/^db_pool_idle_clients \d+$/m);
      expect(text).toMatch(/^db_pool_waiting_clients \d+$/m);
    } else {
      expect(text).not.toContain('db_pool_');
    }
  });

  it('leaks no identifiers or secrets', () => {
    expect(text).not.toContain(connection.id);
    expect(text).not.toContain(connection.token);
    expect(text).not.toContain(userName);
    expect(text).not.toContain(userId);
    expect(text).not.toContain(admin.organizationId);
    expect(text).not.toContain(admin.token);
    expect(text).not.toContain('not-a-scim-token');
    expect(text).not.toContain('no-such-route');
  });
});
