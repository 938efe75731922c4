import Redis from 'ioredis';
import { CuttableProxy } from './support/cuttable-proxy';
import { adminError, request } from './support/http';
import { createConnection, CreatedConnection, scimError, scimRequest } from './support/scim';
import { seedMember, seedOrganization, startTestApp, TestApp } from './support/test-app';
import { isPostgresRun } from './support/test-database';

const REDIS_HOST = '127.0.0.1';
const REDIS_PORT = 6379;

function configPath(organizationId: string): string {
  return `/api/v1/organizations/${organizationId}/scim/connection`;
}

async function scimStatuses(
  testApp: TestApp,
  connection: CreatedConnection,
  count: number,
  token = connection.token,
): Promise<number[]> {
  const statuses: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const response = await scimRequest(
      testApp,
      'GET',
      `${connection.scimPath}/ServiceProviderConfig`,
      token,
    );
    statuses.push(response.status);
  }
  return statuses;
}

async function userCount(testApp: TestApp, organizationId: string): Promise<number> {
  const rows: { count: string | number }[] = await testApp.dataSource.query(
    `SELECT COUNT(*) AS count FROM members WHERE organization_id = ${
      testApp.config.databaseDialect === 'postgres' ? '$1' : '?'
    }`,
    [organizationId],
  );
  return Number(rows[0].count);
}

async function metricValue(testApp: TestApp, line: RegExp): Promise<number> {
  const text = (await request(testApp.baseUrl, 'GET', '/metrics')).text;
  return Number(line.exec(text)?.[1] ?? NaN);
}

describe('rate limits in memory', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({
      SCIM_RATE_LIMIT_PER_SECOND: '1',
      SCIM_RATE_LIMIT_BURST: '5',
      ADMIN_RATE_LIMIT_PER_SECOND: '1',
      ADMIN_RATE_LIMIT_BURST: '3',
    });
  });

  afterAll(() => testApp.close());

  it('rejects SCIM over burst with 429', async () => {
    const admin = await seedOrganization(testApp);
    const connection = await createConnection(testApp, admin);

    expect(await scimStatuses(testApp, connection, 5)).toEqual([200, 200, 200, 200, 200]);
    const rejected = await scimRequest(
      testApp,
      'GET',
      `${connection.scimPath}/ServiceProviderConfig`,
      connection.token,
    );

    expect(rejected.status).toBe(429);
    expect(Number(rejected.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(rejected.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(rejected.body).toEqual(scimError(429));
    expect(await metricValue(testApp, /^rate_limited_requests_total\{scope="scim"\} (\d+)$/m)).toBe(
      1,
    );
  });

  it('counts each connection separately', async () => {
    const busy = await createConnection(testApp, await seedOrganization(testApp, 'Busy'));
    const quiet = await createConnection(testApp, await seedOrganization(testApp, 'Quiet'));

    const busyStatuses = await scimStatuses(testApp, busy, 7);
    const quietStatuses = await scimStatuses(testApp, quiet, 5);

    expect(busyStatuses.slice(5)).toEqual([429, 429]);
    expect(quietStatuses).toEqual([200, 200, 200, 200, 200]);
  });

  it('does not count requests with a wrong token against the connection', async () => {
    const connection = await createConnection(testApp, await seedOrganization(testApp));
    const forged = `${connection.token.slice(0, -4)}AAAA`;

    expect(await scimStatuses(testApp, connection, 10, forged)).toEqual(Array(10).fill(401));
    expect(await scimStatuses(testApp, connection, 5)).toEqual([200, 200, 200, 200, 200]);
  });

  it('changes nothing on a rejected write', async () => {
    const admin = await seedOrganization(testApp);
    const connection = await createConnection(testApp, admin);
    await scimStatuses(testApp, connection, 5);
    const before = await userCount(testApp, admin.organizationId);

    const rejected = await scimRequest(
      testApp,
      'POST',
      `${connection.scimPath}/Users`,
      connection.token,
      {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: 'refused@acme.test',
      },
    );

    expect(rejected.status).toBe(429);
    expect(await userCount(testApp, admin.organizationId)).toBe(before);
  });

  it('limits each admin member separately', async () => {
    const admin = await seedOrganization(testApp);
    const viewer = await seedMember(testApp, admin.organizationId, 'executive');
    const statuses: number[] = [];
    for (let index = 0; index < 4; index += 1) {
      statuses.push(
        (
          await request(testApp.baseUrl, 'GET', configPath(admin.organizationId), {
            token: admin.token,
          })
        ).status,
      );
    }
    const rejected = await request(testApp.baseUrl, 'GET', configPath(admin.organizationId), {
      token: admin.token,
    });
    const other = await request(testApp.baseUrl, 'GET', configPath(admin.organizationId), {
      token: viewer.token,
    });

    expect(statuses.slice(0, 3)).toEqual([404, 404, 404]);
    expect(statuses[3]).toBe(429);
    expect(rejected.status).toBe(429);
    expect(Number(rejected.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(rejected.body).toEqual(
      adminError(429, 'Too Many Requests', /^Too many requests from this member/),
    );
    expect(other.status).toBe(404);
  });

  it('does not limit unauthenticated health checks', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 10; index += 1) {
      statuses.push((await request(testApp.baseUrl, 'GET', '/health/ready')).status);
    }
    expect(statuses).toEqual(Array(10).fill(200));
  });
});

describe('default rate limits', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    // Empty values select the product defaults instead of the test suite's high limits.
    testApp = await startTestApp({
      SCIM_RATE_LIMIT_PER_SECOND: '',
      SCIM_RATE_LIMIT_BURST: '',
      ADMIN_RATE_LIMIT_PER_SECOND: '',
      ADMIN_RATE_LIMIT_BURST: '',
    });
  });

  afterAll(() => testApp.close());

  it('let a 500-request burst through', async () => {
    const connection = await createConnection(testApp, await seedOrganization(testApp));
    const path = `${connection.scimPath}/Users?filter=${encodeURIComponent('userName eq "nobody@acme.test"')}`;
    const statuses: number[] = [];
    const workers = Array.from({ length: 25 }, async () => {
      for (let index = 0; index < 20; index += 1) {
        statuses.push((await scimRequest(testApp, 'GET', path, connection.token)).status);
      }
    });
    await Promise.all(workers);

    expect(statuses).toHaveLength(500);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
  });

  it('reject a burst far beyond them', async () => {
    const connection = await createConnection(testApp, await seedOrganization(testApp));
    const path = `${connection.scimPath}/ServiceProviderConfig`;
    const statuses = await Promise.all(
      Array.from({ length: 800 }, () => scimRequest(testApp, 'GET', path, connection.token)),
    );
    // 500 at once plus at most 100 a second refilled while the 800 requests are served.
    expect(statuses.filter((response) => response.status === 429).length).toBeGreaterThan(0);
  });
});

describe('rate limits with an unreachable Redis', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    // Nothing listens on port 1 of the loopback address.
    testApp = await startTestApp({
      REDIS_URL: 'redis://127.0.0.1:1',
      SCIM_RATE_LIMIT_PER_SECOND: '1',
      SCIM_RATE_LIMIT_BURST: '3',
    });
  });

  afterAll(() => testApp.close());

  it('keeps serving and limiting in memory, and says so once in the log', async () => {
    const connection = await createConnection(testApp, await seedOrganization(testApp));

    expect(await scimStatuses(testApp, connection, 4)).toEqual([200, 200, 200, 429]);
    expect(await metricValue(testApp, /^rate_limits_shared (\d+)$/m)).toBe(0);
    // The connection attempt fails asynchronously, so the warning may follow the requests.
    await waitFor(async () => testApp.logs.some((line) => line.includes('Redis is unreachable')));
    const warnings = testApp.logs.filter((line) => line.includes('Redis is unreachable'));
    expect(warnings).toHaveLength(1);
  });
});

(isPostgresRun() ? describe : describe.skip)('rate limits shared through Redis', () => {
  let proxy: CuttableProxy;
  let testApp: TestApp;
  let redis: Redis;

  beforeAll(async () => {
    redis = new Redis(REDIS_PORT, REDIS_HOST);
    proxy = new CuttableProxy(REDIS_HOST, REDIS_PORT);
    await proxy.open();
    testApp = await startTestApp({
      REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
      SCIM_RATE_LIMIT_PER_SECOND: '1',
      SCIM_RATE_LIMIT_BURST: '3',
    });
    await waitFor(async () => (await metricValue(testApp, /^rate_limits_shared (\d+)$/m)) === 1);
  });

  afterAll(async () => {
    await testApp?.close();
    await proxy?.cut();
    redis?.disconnect();
  });

  it('keeps the state in Redis, under the connection id only', async () => {
    const connection = await createConnection(testApp, await seedOrganization(testApp));

    expect(await scimStatuses(testApp, connection, 4)).toEqual([200, 200, 200, 429]);
    const keys = await redis.keys(`strada:rate:scim:${connection.id}`);
    expect(keys).toEqual([`strada:rate:scim:${connection.id}`]);
    expect(Number(await redis.pttl(keys[0]))).toBeGreaterThan(0);
  });

  it('falls back to memory during outage', async () => {
    const connection = await createConnection(testApp, await seedOrganization(testApp));
    await proxy.cut();

    expect(await scimStatuses(testApp, connection, 4)).toEqual([200, 200, 200, 429]);
    expect(await metricValue(testApp, /^rate_limits_shared (\d+)$/m)).toBe(0);
    expect(testApp.logs.some((line) => line.includes('Redis is unreachable'))).toBe(true);

    await proxy.open(proxy.port);
    await waitFor(async () => (await metricValue(testApp, /^rate_limits_shared (\d+)$/m)) === 1);
    const fresh = await createConnection(testApp, await seedOrganization(testApp));
    expect(await scimStatuses(testApp, fresh, 4)).toEqual([200, 200, 200, 429]);
    expect(await redis.exists(`strada:rate:scim:${fresh.id}`)).toBe(1);
    expect(testApp.logs.some((line) => line.includes('Redis is reachable again'))).toBe(true);
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}
