import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { __resetOutOfContextForTests } from 'nestjs-pino/PinoLogger';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { AccessTokenService } from '../../src/auth/access-token.service';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { Member } from '../../src/organizations/member.entity';
import { OrganizationsService } from '../../src/organizations/organizations.service';
import type { Role } from '../../src/organizations/role';
import { freshPostgresDatabase, isPostgresRun } from './test-database';

export const TEST_JWT_SECRET = 'test-jwt-secret-that-is-long-enough-0123456789';
export const TEST_VERIFIER_KEY = 'test-token-verifier-key-long-enough-0123456789';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  dataSource: DataSource;
  baseUrl: string;
  /** The environment the service was configured from, for child processes that must share it. */
  env: Record<string, string>;
  /** Everything the service logged, one JSON line per entry. */
  logs: string[];
  close(): Promise<void>;
}

/**
 * Starts the whole application on a fresh database (an SQLite file in a
 * temporary folder, or this worker's PostgreSQL database), listening on a
 * random loopback port so tests speak real HTTP.
 */
export async function startTestApp(environment: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'strada-test-'));
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    PUBLIC_BASE_URL: 'https://scim.strada.test',
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    TOKEN_VERIFIER_KEY: TEST_VERIFIER_KEY,
    BCRYPT_COST: '4',
    LOG_LEVEL: 'info',
    REQUEST_LOGGING: 'false',
    // Suites send bursts far above the product's limits; rate-limit tests set their own (an empty value means the default).
    SCIM_RATE_LIMIT_PER_SECOND: '1000000',
    SCIM_RATE_LIMIT_BURST: '1000000',
    ADMIN_RATE_LIMIT_PER_SECOND: '1000000',
    ADMIN_RATE_LIMIT_BURST: '1000000',
    ...environment,
  };
  if (isPostgresRun() && environment.DATABASE_URL === undefined) {
    env.DATABASE_URL = await freshPostgresDatabase();
  }
  const config = loadConfig(env);

  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((line) => line !== ''),
      );
      callback();
    },
  });
  // nestjs-pino keeps one process-wide logger for logs outside a request, bound to the first
  // application's stream. Resetting it sends this application's own logs to `logs`.
  __resetOutOfContextForTests();
  const app = await createApp({ config, logStream });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;

  return {
    app,
    config,
    env,
    dataSource: app.get(DataSource),
    baseUrl: `http://127.0.0.1:${port}`,
    logs,
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface SeededMember {
  id: string;
  organizationId: string;
  role: Role;
  token: string;
}

/** Creates an organization with an Admin and returns the Admin with an access token. */
export async function seedOrganization(testApp: TestApp, name = 'Acme'): Promise<SeededMember> {
  const suffix = Math.random().toString(36).slice(2, 10);
  const { organization, admin } = await testApp.app
    .get(OrganizationsService)
    .createWithAdmin(name, `admin-${suffix}@acme.test`);
  const token = await testApp.app.get(AccessTokenService).mint(admin.id);
  return { id: admin.id, organizationId: organization.id, role: 'admin', token };
}

/** Adds a member with the given role to an organization and returns them with an access token. */
export async function seedMember(
  testApp: TestApp,
  organizationId: string,
  role: Role,
): Promise<SeededMember> {
  const suffix = Math.random().toString(36).slice(2, 10);
  const member = await testApp.app
    .get(OrganizationsService)
    .addMember(organizationId, `${role}-${suffix}@acme.test`, role);
  const token = await testApp.app.get(AccessTokenService).mint(member.id);
  return { id: member.id, organizationId, role, token };
}

export async function deactivate(testApp: TestApp, memberId: string): Promise<void> {
  await testApp.dataSource
    .getRepository(Member)
    .update({ id: memberId }, { status: 'deactivated' });
}
