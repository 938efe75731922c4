import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { request } from './support/http';
import { startTestApp, TestApp } from './support/test-app';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');

interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

describe('command line', () => {
  let testApp: TestApp;

  function runCli(args: string[]): CliResult {
    const result = spawnSync(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...testApp.env, LOG_LEVEL: 'info' },
      encoding: 'utf8',
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  function jsonLine(result: CliResult): Record<string, string> {
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    return JSON.parse(lines[0]) as Record<string, string>;
  }

  beforeAll(async () => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'ensure-build.js')], {
      cwd: ROOT,
      stdio: 'ignore',
    });
    testApp = await startTestApp();
  }, 120000);

  afterAll(() => testApp.close());

  it('migrate reports nothing left to apply', () => {
    const result = runCli(['migrate']);

    expect(result.status).toBe(0);
    expect(jsonLine(result)).toEqual({ applied: [] });
  });

  it('fails at once on an unreachable database, with nothing on stdout', () => {
    const result = spawnSync(process.execPath, [CLI, 'migrate'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        ...testApp.env,
        DATABASE_URL: 'postgres://postgres@127.0.0.1:1/unreachable',
      },
      encoding: 'utf8',
    });

    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('ECONNREFUSED');
    expect(result.stderr).not.toContain('Retrying (2)');
  });

  it('org:create returns an Admin token the service accepts', async () => {
    const result = runCli([
      'org:create',
      '--name',
      'Initech',
      '--admin-email',
      'bill@initech.test',
    ]);
    const output = jsonLine(result);

    const permissions = await request(
      testApp.baseUrl,
      'GET',
      `/api/v1/organizations/${output.organizationId}/scim/permissions`,
      { token: output.accessToken },
    );

    expect(result.status).toBe(0);
    expect(Object.keys(output).sort()).toEqual(['accessToken', 'memberId', 'organizationId']);
    expect(permissions.body).toEqual({ canView: true, canManage: true });
  });

  it.each([
    ['executive', { canView: true, canManage: false }],
    ['member', { canView: false, canManage: false }],
    ['strada_admin', { canView: false, canManage: false }],
  ])('member:add with role %s', async (role, expected) => {
    const organization = jsonLine(
      runCli(['org:create', '--name', 'Globex', '--admin-email', `hank-${role}@globex.test`]),
    );

    const result = runCli([
      'member:add',
      '--organization',
      organization.organizationId,
      '--email',
      `${role}@globex.test`,
      '--role',
      role,
    ]);
    const output = jsonLine(result);
    const permissions = await request(
      testApp.baseUrl,
      'GET',
      `/api/v1/organizations/${organization.organizationId}/scim/permissions`,
      { token: output.accessToken },
    );

    expect(result.status).toBe(0);
    expect(permissions.body).toEqual(expected);
  });

  it('token:mint returns a working token', async () => {
    const organization = jsonLine(
      runCli(['org:create', '--name', 'Hooli', '--admin-email', 'gavin@hooli.test']),
    );

    const output = jsonLine(runCli(['token:mint', '--member', organization.memberId]));
    const permissions = await request(
      testApp.baseUrl,
      'GET',
      `/api/v1/organizations/${organization.organizationId}/scim/permissions`,
      { token: output.accessToken },
    );

    expect(permissions.status).toBe(200);
  });

  it('never writes a token to stderr', () => {
    const result = runCli([
      'org:create',
      '--name',
      'Umbrella',
      '--admin-email',
      'alice@umbrella.test',
    ]);

    expect(result.stderr).not.toContain(jsonLine(result).accessToken);
  });

  it.each([
    [
      ['member:add', '--organization', 'x', '--email', 'a@b.test', '--role', 'owner'],
      2,
      '--role "owner" is not one of',
    ],
    [['org:create', '--name', 'X'], 2, 'Missing option --admin-email'],
    [['launch'], 2, 'Unknown command "launch"'],
    [['token:mint', '--member', '00000000-0000-0000-0000-000000000000'], 1, 'not found'],
  ])('rejects %j', (args, status, message) => {
    const result = runCli(args);

    expect(result.status).toBe(status);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
  });
});
