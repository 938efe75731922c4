import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForHttp } from '../bench/service-process';
import { request } from './support/http';
import { freshPostgresDatabase, isPostgresRun } from './support/test-database';

const ROOT = join(__dirname, '..');
const SCIM_BURST = 10;

interface Instance {
  baseUrl: string;
  child: ChildProcess;
  /** Everything the instance wrote to standard output and standard error. */
  output: string[];
}

/**
 * Two instances of the built service behind no load balancer, sharing one
 * PostgreSQL database and one Redis, as in a production deployment: what
 * one instance changes, the other must enforce at once.
 */
(isPostgresRun() ? describe : describe.skip)('two instances on one database and Redis', () => {
  const dataDirs: string[] = [];
  const instances: Instance[] = [];
  let sharedEnv: Record<string, string>;

  beforeAll(async () => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'ensure-build.js')], {
      cwd: ROOT,
      stdio: 'ignore',
    });
    sharedEnv = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PUBLIC_BASE_URL: 'https://scim.strada.test',
      AUTH_JWT_SECRET: 'multi-instance-jwt-secret-0123456789-abcdef',
      TOKEN_VERIFIER_KEY: 'multi-instance-verifier-key-0123456789-abcdef',
      BCRYPT_COST: '4',
      LOG_LEVEL: 'warn',
      REQUEST_LOGGING: 'false',
      DATABASE_URL: await freshPostgresDatabase(),
      REDIS_URL: 'redis://127.0.0.1:6379',
      // A rate of 1 a second barely refills during the test, so the burst is the budget.
      SCIM_RATE_LIMIT_PER_SECOND: '1',
      SCIM_RATE_LIMIT_BURST: String(SCIM_BURST),
    };
    // Both at once on the empty database: the migration lock must make one wait for the other.
    instances.push(...(await Promise.all([startInstance(), startInstance()])));
  }, 120_000);

  afterAll(() => {
    for (const instance of instances) instance.child.kill('SIGKILL');
    for (const directory of dataDirs) rmSync(directory, { recursive: true, force: true });
  });

  async function startInstance(): Promise<Instance> {
    const dataDir = mkdtempSync(join(tmpdir(), 'strada-instance-'));
    dataDirs.push(dataDir);
    const port = await freePort();
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'main.js')], {
      cwd: ROOT,
      env: { ...sharedEnv, PORT: String(port), DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitForHttp(`${baseUrl}/health/ready`, child, true);
    return { baseUrl, child, output };
  }

  function createOrganization(name: string): { organizationId: string; accessToken: string } {
    const output = execFileSync(
      process.execPath,
      [
        join(ROOT, 'dist', 'src', 'cli', 'main.js'),
        'org:create',
        '--name',
        name,
        '--admin-email',
        `admin@${name.toLowerCase()}.test`,
      ],
      {
        cwd: ROOT,
        env: { ...sharedEnv, DATA_DIR: dataDirs[0] },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    return JSON.parse(output.trim()) as { organizationId: string; accessToken: string };
  }

  async function adminCall(
    instance: Instance,
    organization: { organizationId: string; accessToken: string },
    method: string,
    suffix: string,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await request(
      instance.baseUrl,
      method,
      `/api/v1/organizations/${organization.organizationId}/scim/connection${suffix}`,
      { token: organization.accessToken, body },
    );
    return { status: response.status, body: response.body as Record<string, unknown> };
  }

  async function scimStatus(instance: Instance, connectionId: string, token: string) {
    const response = await request(
      instance.baseUrl,
      'GET',
      `/scim/v2/${connectionId}/ServiceProviderConfig`,
      { token },
    );
    return response.status;
  }

  it('starts both instances together without a migration error', () => {
    for (const instance of instances) {
      const errors = instance.output
        .join('')
        .split('\n')
        .filter((line) => /"level":(50|60|"error"|"fatal")|ERROR|failed/.test(line));
      expect(errors).toEqual([]);
    }
  });

  it('rejects the old token on the other instance once rotation completes', async () => {
    const [first, second] = instances;
    const organization = createOrganization('Rotation');
    const created = await adminCall(first, organization, 'POST', '', {
      identityProvider: 'entra_id',
    });
    const connectionId = created.body.id as string;
    const oldToken = created.body.token as string;
    // The second instance verifies the old token, so it sits in its cache of verified tokens.
    const oldBefore = await scimStatus(second, connectionId, oldToken);

    const started = await adminCall(first, organization, 'POST', '/rotation');
    const newToken = started.body.token as string;
    const bothDuringRotation = [
      await scimStatus(second, connectionId, oldToken),
      await scimStatus(second, connectionId, newToken),
    ];
    const completed = await adminCall(first, organization, 'POST', '/rotation/complete');
    const oldAfter = await scimStatus(second, connectionId, oldToken);
    const newAfter = await scimStatus(second, connectionId, newToken);

    expect(created.status).toBe(201);
    expect(oldBefore).toBe(200);
    expect(started.status).toBe(201);
    expect(bothDuringRotation).toEqual([200, 200]);
    expect(completed.status).toBe(200);
    expect(oldAfter).toBe(401);
    expect(newAfter).toBe(200);
  });

  it('shares one SCIM rate limit between the instances', async () => {
    const organization = createOrganization('Limits');
    const created = await adminCall(instances[0], organization, 'POST', '', {
      identityProvider: 'okta',
    });
    const connectionId = created.body.id as string;
    const token = created.body.token as string;

    const statuses: number[] = [];
    for (let index = 0; index < SCIM_BURST + 2; index += 1) {
      statuses.push(await scimStatus(instances[index % 2], connectionId, token));
    }

    // Each instance served only half the burst, so separate limits would have allowed every request.
    expect(statuses.slice(0, SCIM_BURST)).toEqual(Array(SCIM_BURST).fill(200));
    expect(statuses.slice(SCIM_BURST)).toEqual([429, 429]);
  });
});
