import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from 'nestjs-pino';
import { DEMO_TOKEN_FILE, seedDemoOrganization } from '../src/demo-seed';
import { loadConfig } from '../src/config/app-config';
import { Organization } from '../src/organizations/organization.entity';
import { request } from './support/http';
import { startTestApp, TestApp } from './support/test-app';
import { isPostgresRun } from './support/test-database';

describe('demo organization', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });

  afterAll(() => testApp.close());

  async function seed(env: Record<string, string> = {}): Promise<void> {
    const config = loadConfig({
      ...testApp.env,
      ...env,
      ...(isPostgresRun() ? { DATABASE_URL: testApp.config.databaseUrl as string } : {}),
    });
    await seedDemoOrganization(testApp.app, config, testApp.app.get(Logger));
  }

  (isPostgresRun() ? it : it.skip)('is never created on PostgreSQL', async () => {
    await seed();

    expect(await testApp.dataSource.getRepository(Organization).count()).toBe(0);
  });

  (isPostgresRun() ? it.skip : it)('is never created in production', async () => {
    await seed({ NODE_ENV: 'production' });

    expect(await testApp.dataSource.getRepository(Organization).count()).toBe(0);
  });

  (isPostgresRun() ? it.skip : it)('logs a curl command that works', async () => {
    await seed();
    const tokenFile = join(testApp.config.dataDir, DEMO_TOKEN_FILE);
    const line = testApp.logs.find((entry) =>
      entry.includes('Created the demo organization'),
    ) as string;
    const message = (JSON.parse(line) as { msg: string }).msg;
    const token = readFileSync(tokenFile, 'utf8').trim();
    const url = /curl --oauth2-bearer \$\(cat [^)]+\) (\S+)$/.exec(message)?.[1] as string;

    const response = await request(testApp.baseUrl, 'GET', new URL(url).pathname, { token });

    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    expect(message).toContain(`$(cat ${tokenFile})`);
    expect(line).not.toContain('\\"');
    expect(testApp.logs.join('\n')).not.toContain(token);
    expect(response.body).toEqual({ canView: true, canManage: true });
  });

  (isPostgresRun() ? it.skip : it)('runs only on an empty database', async () => {
    const before = await testApp.dataSource.getRepository(Organization).count();

    await seed();

    expect(await testApp.dataSource.getRepository(Organization).count()).toBe(before);
  });
});
