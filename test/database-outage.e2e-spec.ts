import { Client } from 'pg';
import { CuttableProxy } from './support/cuttable-proxy';
import { request } from './support/http';
import { createConnection, scimError, scimRequest } from './support/scim';
import { userBody } from './support/scim-assertions';
import { seedOrganization, startTestApp, TestApp } from './support/test-app';
import { freshPostgresDatabase, isPostgresRun } from './support/test-database';

const DATABASE_TIMEOUT_SECONDS = 2;

/** Repeats a request until it returns 200 or about five seconds pass, and returns the last status. */
async function statusOnceRecovered(send: () => Promise<{ status: number }>): Promise<number> {
  let status = (await send()).status;
  for (let attempt = 0; attempt < 20 && status !== 200; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    status = (await send()).status;
  }
  return status;
}

(isPostgresRun() ? describe : describe.skip)('database outage', () => {
  let testApp: TestApp;
  let proxy: CuttableProxy;

  beforeAll(async () => {
    const url = new URL(await freshPostgresDatabase());
    proxy = new CuttableProxy(url.hostname, Number(url.port || 5432));
    await proxy.open();
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    testApp = await startTestApp({
      DATABASE_URL: url.toString(),
      DATABASE_TIMEOUT_SECONDS: String(DATABASE_TIMEOUT_SECONDS),
    });
  });

  afterAll(async () => {
    await testApp?.close();
    await proxy?.cut().catch(() => undefined);
  });

  it('answers 503 with Retry-After, then recovers', async () => {
    const admin = await seedOrganization(testApp);
    const connection = await createConnection(testApp, admin);
    const usersPath = `${connection.scimPath}/Users`;
    const before = await scimRequest(testApp, 'GET', usersPath, connection.token);

    await proxy.cut();
    const during = await scimRequest(testApp, 'GET', usersPath, connection.token);
    const readiness = await request(testApp.baseUrl, 'GET', '/health/ready');
    const liveness = await request(testApp.baseUrl, 'GET', '/health/live');
    await proxy.open(proxy.port);
    let after = await scimRequest(testApp, 'GET', usersPath, connection.token);
    for (let attempt = 0; attempt < 20 && after.status !== 200; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      after = await scimRequest(testApp, 'GET', usersPath, connection.token);
    }

    expect(before.status).toBe(200);
    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(during.body).toEqual(scimError(503));
    expect(readiness.status).toBe(503);
    expect(liveness.status).toBe(200);
    expect(after.status).toBe(200);
  });

  it('answers 503 when the database stops answering', async () => {
    const admin = await seedOrganization(testApp);
    const connection = await createConnection(testApp, admin);
    const usersPath = `${connection.scimPath}/Users`;

    proxy.stall();
    const startedAt = Date.now();
    const during = await scimRequest(testApp, 'GET', usersPath, connection.token);
    const waitedMilliseconds = Date.now() - startedAt;
    const readiness = await request(testApp.baseUrl, 'GET', '/health/ready');
    await proxy.cut();
    await proxy.open(proxy.port);
    const after = await statusOnceRecovered(() =>
      scimRequest(testApp, 'GET', usersPath, connection.token),
    );

    expect(during.status).toBe(503);
    expect(during.body).toEqual(scimError(503));
    expect(during.headers.get('retry-after')).toMatch(/^\d+$/);
    // The timeout, not the test's own limit, ended the request (a read inside a transaction may wait twice).
    expect(waitedMilliseconds).toBeGreaterThanOrEqual(DATABASE_TIMEOUT_SECONDS * 1000 - 100);
    expect(waitedMilliseconds).toBeLessThan(DATABASE_TIMEOUT_SECONDS * 1000 * 3);
    expect(readiness.status).toBe(503);
    expect(after).toBe(200);
  });
});

(isPostgresRun() ? describe : describe.skip)('terminated database sessions', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });

  afterAll(() => testApp.close());

  /** Terminates every session of the service's database except the caller's, and returns how many. */
  async function terminateServiceSessions(): Promise<number> {
    const client = new Client({ connectionString: testApp.config.databaseUrl });
    await client.connect();
    try {
      const result = await client.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'strada-scim'`,
      );
      return result.rowCount ?? 0;
    } finally {
      await client.end();
    }
  }

  it('keeps every acknowledged write and recovers by itself', async () => {
    const admin = await seedOrganization(testApp);
    const connection = await createConnection(testApp, admin);
    const usersPath = `${connection.scimPath}/Users`;
    const outcomes: {
      userName: string;
      status?: number;
      retryAfter?: string | null;
      error?: string;
    }[] = [];
    let terminated = 0;

    const workers = Array.from({ length: 8 }, async (_, worker) => {
      for (let index = 0; index < 40; index += 1) {
        const userName = `load-${worker}-${index}@acme.test`;
        try {
          const response = await scimRequest(
            testApp,
            'POST',
            usersPath,
            connection.token,
            userBody(userName),
          );
          outcomes.push({
            userName,
            status: response.status,
            retryAfter: response.headers.get('retry-after'),
          });
        } catch (error) {
          outcomes.push({ userName, error: String(error) });
        }
        if (worker === 0 && index === 10) terminated = await terminateServiceSessions();
      }
    });
    await Promise.all(workers);
    const recovered = await statusOnceRecovered(() =>
      scimRequest(testApp, 'GET', usersPath, connection.token),
    );
    const stored = new Set(
      (
        (await testApp.dataSource.query('SELECT user_name FROM members WHERE managed_by = $1', [
          'scim',
        ])) as { user_name: string }[]
      ).map((row) => row.user_name),
    );

    expect(terminated).toBeGreaterThan(0);
    expect(outcomes.filter((outcome) => outcome.error !== undefined)).toEqual([]);
    expect(outcomes.filter((outcome) => outcome.status !== 201 && outcome.status !== 503)).toEqual(
      [],
    );
    expect(
      outcomes.filter((outcome) => outcome.status === 503 && outcome.retryAfter === null),
    ).toEqual([]);
    expect(
      outcomes.filter((outcome) => outcome.status === 201 && !stored.has(outcome.userName)),
    ).toEqual([]);
    expect(recovered).toBe(200);
    expect(testApp.logs.filter((line) => line.includes('"Unexpected error"'))).toEqual([]);
  });
});
