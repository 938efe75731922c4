import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from './support/http';
import {
  seedMember,
  seedOrganization,
  SeededMember,
  startTestApp,
  TestApp,
} from './support/test-app';

describe('HTTP platform', () => {
  let testApp: TestApp;
  let admin: SeededMember;

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = await seedOrganization(testApp);
  });

  afterAll(() => testApp.close());

  describe('health', () => {
    it('answers liveness', async () => {
      const response = await request(testApp.baseUrl, 'GET', '/health/live');

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 'ok' });
    });

    it('answers readiness with the database', async () => {
      const response = await request(testApp.baseUrl, 'GET', '/health/ready');

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 'ok' });
    });
  });

  describe('request id', () => {
    it('echoes a client request id', async () => {
      const response = await request(testApp.baseUrl, 'GET', '/health/live', {
        headers: { 'x-request-id': 'trace-abc.123' },
      });

      expect(response.headers.get('x-request-id')).toBe('trace-abc.123');
    });

    it('replaces an unsafe request id', async () => {
      const response = await request(testApp.baseUrl, 'GET', '/health/live', {
        headers: { 'x-request-id': 'bad id with spaces' },
      });

      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('admin API errors', () => {
    const patchPath = () => `/api/v1/organizations/${admin.organizationId}/members/${admin.id}`;

    it('rejects malformed JSON', async () => {
      const response = await request(testApp.baseUrl, 'PATCH', patchPath(), {
        token: admin.token,
        rawBody: '{"role": ',
        headers: { 'content-type': 'application/json' },
      });

      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'Request body is not valid JSON',
      });
    });

    it.each([
      ['U+0000', 'a\u0000b'],
      ['an unpaired surrogate', 'a\ud800b'],
    ])('rejects %s in a body', async (_case, displayName) => {
      const response = await request(
        testApp.baseUrl,
        'POST',
        `/api/v1/organizations/${admin.organizationId}/scim/connection`,
        {
          token: admin.token,
          rawBody: JSON.stringify({ identityProvider: 'okta', displayName }),
          headers: { 'content-type': 'application/json' },
        },
      );
      const card = await request(
        testApp.baseUrl,
        'GET',
        `/api/v1/organizations/${admin.organizationId}/scim/connection`,
        { token: admin.token },
      );

      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message:
          'Request body contains U+0000 or an unpaired UTF-16 surrogate, which cannot be stored; remove it',
      });
      expect(card.status).toBe(404);
    });

    it('rejects a deeply nested body', async () => {
      const nested = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;

      const response = await request(
        testApp.baseUrl,
        'POST',
        `/api/v1/organizations/${admin.organizationId}/scim/connection`,
        {
          token: admin.token,
          rawBody: `{"identityProvider":"okta","displayName":${nested}}`,
          headers: { 'content-type': 'application/json' },
        },
      );

      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        message: 'Request body nests arrays or objects more than 32 levels deep; flatten it',
      });
    });

    it('names a __proto__ key', async () => {
      const response = await request(testApp.baseUrl, 'PATCH', patchPath(), {
        token: admin.token,
        rawBody: '{"role": "admin", "__proto__": {"polluted": true}}',
        headers: { 'content-type': 'application/json' },
      });

      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        message:
          'Request body contains a "__proto__" or "constructor" key, which is not accepted; remove it',
      });
    });

    it.each([
      ['PUT', 'scim/role-mappings', {}, 'mappings', 'mappings must be an array'],
      ['PUT', 'scim/role-mappings', { mappings: null }, 'mappings', 'mappings must be an array'],
      [
        'POST',
        'scim/connection',
        { identityProvider: 'okta', displayName: 5 },
        'displayName',
        'displayName must be a string',
      ],
    ])('reports only a wrong kind: %s %s %j', async (method, suffix, body, field, message) => {
      const response = await request(
        testApp.baseUrl,
        method,
        `/api/v1/organizations/${admin.organizationId}/${suffix}`,
        { token: admin.token, body },
      );

      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ details: [{ field, messages: [message] }] });
    });

    it('marks admin responses as not cacheable', async () => {
      const response = await request(testApp.baseUrl, 'GET', patchPath(), { token: admin.token });
      const health = await request(testApp.baseUrl, 'GET', '/health/live');

      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(health.headers.get('cache-control')).toBeNull();
    });

    it('rejects a body over 1 MB', async () => {
      const response = await request(testApp.baseUrl, 'PATCH', patchPath(), {
        token: admin.token,
        body: { role: 'admin', padding: 'x'.repeat(1024 * 1024) },
      });

      expect(response.status).toBe(413);
      expect(response.body).toEqual({
        statusCode: 413,
        error: 'Payload Too Large',
        message: 'Request body is too large',
      });
    });

    it('rejects an unsupported media type', async () => {
      const response = await request(testApp.baseUrl, 'PATCH', patchPath(), {
        token: admin.token,
        rawBody: 'role=admin',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });

      expect(response.status).toBe(415);
      expect(response.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
      expect((response.body as { message: string }).message).toContain('application/json');
    });

    it('parses application/scim+json with a charset', async () => {
      const response = await request(testApp.baseUrl, 'PATCH', patchPath(), {
        token: admin.token,
        rawBody: JSON.stringify({ role: 'admin' }),
        headers: { 'content-type': 'application/scim+json; charset=utf-8' },
      });

      expect(response.status).toBe(200);
    });

    it('answers an unknown route with 404', async () => {
      const response = await request(testApp.baseUrl, 'GET', '/api/v1/nothing-here');

      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    });
  });
});

describe('unexpected errors', () => {
  it('log once with the request id and answer a plain 500', async () => {
    const testApp = await startTestApp();
    try {
      const admin = await seedOrganization(testApp);
      const target = await seedMember(testApp, admin.organizationId, 'member');
      await testApp.dataSource.query('DROP TABLE "audit_events"');

      const response = await request(
        testApp.baseUrl,
        'PATCH',
        `/api/v1/organizations/${admin.organizationId}/members/${target.id}`,
        { token: admin.token, body: { role: 'it_admin' }, headers: { 'x-request-id': 'boom-1' } },
      );
      const errorLines = testApp.logs.filter((line) => line.includes('"Unexpected error"'));

      expect(response.status).toBe(500);
      expect(response.body).toEqual({
        statusCode: 500,
        error: 'Internal Server Error',
        message: 'Internal server error',
      });
      expect(errorLines).toHaveLength(1);
      expect(errorLines[0]).toContain('"requestId":"boom-1"');
    } finally {
      await testApp.close();
    }
  });
});

describe('service start-up', () => {
  let busy: Server;
  let dataDir: string;

  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    dataDir = mkdtempSync(join(tmpdir(), 'strada-listen-'));
  });

  afterAll(async () => {
    await new Promise((resolve) => busy.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('explains a busy port in one line', () => {
    const port = (busy.address() as { port: number }).port;

    const result = spawnSync(process.execPath, [join(__dirname, '..', 'dist', 'src', 'main.js')], {
      env: {
        PATH: process.env.PATH ?? '',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATA_DIR: dataDir,
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    const messages = result.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => (JSON.parse(line) as { msg?: string }).msg);

    expect(result.status).toBe(1);
    expect(messages).toContain(
      `Cannot listen on 127.0.0.1:${port}: the port is already in use. Set HOST and PORT to an address of this machine that is free.`,
    );
  }, 70_000);
});
