import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { freePort, waitForHttp } from '../bench/service-process';
import { request } from './support/http';
import { userBody } from './support/scim-assertions';
import { freshPostgresDatabase, isPostgresRun } from './support/test-database';

const ROOT = join(__dirname, '..');
const BURST_SIZE = 50;
const SHUTDOWN_TIMEOUT_SECONDS = 20;

interface BurstResult {
  userName: string;
  status?: number;
  /** Date.now() when the response arrived. */
  answeredAt?: number;
  error?: string;
}

/**
 * Starts the built service as a child process and sends it SIGTERM: while a
 * burst of SCIM creates is in flight, every request must get a response
 * and be stored, and a request that never ends must not delay the exit past
 * SHUTDOWN_TIMEOUT_SECONDS.
 */
describe('graceful shutdown', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let child: ChildProcess;
  let baseUrl: string;
  /** What the service wrote to stdout (its JSON log lines). */
  let stdout: string;

  const dataDirs: string[] = [];

  beforeAll(() => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'ensure-build.js')], {
      cwd: ROOT,
      stdio: 'ignore',
    });
  }, 120000);

  afterEach(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  afterAll(() => {
    for (const directory of dataDirs) rmSync(directory, { recursive: true, force: true });
  });

  /** Starts dist/src/main.js on a free port with a fresh database and waits until it is ready. */
  async function startService(shutdownTimeoutSeconds: number): Promise<void> {
    dataDir = mkdtempSync(join(tmpdir(), 'strada-shutdown-'));
    dataDirs.push(dataDir);
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    env = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_BASE_URL: baseUrl,
      DATA_DIR: dataDir,
      AUTH_JWT_SECRET: 'shutdown-test-jwt-secret-0123456789-abcdef',
      TOKEN_VERIFIER_KEY: 'shutdown-test-verifier-key-0123456789-abcdef',
      // Every request of the burst runs bcrypt, because the token was never
      // verified before. Cost 12 (about 250 ms a hash) keeps them in flight
      // for seconds, so SIGTERM lands mid-burst on both engines.
      BCRYPT_COST: '12',
      LOG_LEVEL: 'info',
      REQUEST_LOGGING: 'false',
      SHUTDOWN_TIMEOUT_SECONDS: String(shutdownTimeoutSeconds),
    };
    if (isPostgresRun()) env.DATABASE_URL = await freshPostgresDatabase();

    child = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'main.js')], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    stdout = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => (stdout += chunk));
    await waitForHttp(`${baseUrl}/health/ready`, child, true);
  }

  function exitOf(service: ChildProcess): Promise<{ code: number | null; signal: string | null }> {
    return new Promise((resolve) =>
      service.once('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  function runCli(args: string[]): Record<string, string> {
    const output = execFileSync(
      process.execPath,
      [join(ROOT, 'dist', 'src', 'cli', 'main.js'), ...args],
      { cwd: ROOT, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    return JSON.parse(output.trim()) as Record<string, string>;
  }

  /** Polls /metrics until `count` SCIM token verifications have started. */
  async function waitForVerifications(count: number): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const text = await (await fetch(`${baseUrl}/metrics`)).text();
      const read = (name: string) =>
        Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
      if (
        read('scim_token_bcrypt_comparisons_total') + read('scim_token_cache_hits_total') >=
        count
      )
        return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`fewer than ${count} SCIM requests reached token verification within 10 s`);
  }

  async function storedUserNames(): Promise<Set<string>> {
    const sql = 'SELECT user_name FROM members WHERE managed_by = $1';
    if (env.DATABASE_URL !== undefined) {
      const client = new Client({ connectionString: env.DATABASE_URL });
      await client.connect();
      try {
        const result = await client.query<{ user_name: string }>(sql, ['scim']);
        return new Set(result.rows.map((row) => row.user_name));
      } finally {
        await client.end();
      }
    }
    const database = new Database(join(dataDir, 'strada.sqlite'), { readonly: true });
    try {
      const rows = database.prepare(sql.replace('$1', '?')).all('scim') as {
        user_name: string;
      }[];
      return new Set(rows.map((row) => row.user_name));
    } finally {
      database.close();
    }
  }

  it('finishes in-flight SCIM writes on SIGTERM', async () => {
    await startService(SHUTDOWN_TIMEOUT_SECONDS);
    const organization = runCli([
      'org:create',
      '--name',
      'Shutdown Test',
      '--admin-email',
      'admin@shutdown.test',
    ]);
    const created = await request(
      baseUrl,
      'POST',
      `/api/v1/organizations/${organization.organizationId}/scim/connection`,
      { token: organization.accessToken, body: { identityProvider: 'okta' } },
    );
    expect(created.status).toBe(201);
    const connection = created.body as { id: string; token: string };

    const burst = Array.from({ length: BURST_SIZE }, async (_, index): Promise<BurstResult> => {
      const userName = `burst-${index}@shutdown.test`;
      try {
        const response = await fetch(`${baseUrl}/scim/v2/${connection.id}/Users`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${connection.token}`,
            'content-type': 'application/scim+json',
          },
          body: JSON.stringify(userBody(userName)),
        });
        await response.text();
        return { userName, status: response.status, answeredAt: Date.now() };
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        return { userName, error: cause?.code ?? cause?.message ?? String(error) };
      }
    });
    // Node's server.close() destroys connections whose request it has not
    // started to read, so SIGTERM waits until every request of the burst has
    // reached token verification. bcrypt keeps most of them in flight longer.
    await waitForVerifications(BURST_SIZE);
    const exited = exitOf(child);
    const signalledAt = Date.now();
    child.kill('SIGTERM');

    const results = await Promise.all(burst);
    const exit = await exited;
    const shutdownMilliseconds = Date.now() - signalledAt;

    expect(results.filter((result) => result.error !== undefined)).toEqual([]);
    expect(results.filter((result) => result.status !== 201)).toEqual([]);
    expect(
      results.filter((result) => (result.answeredAt ?? 0) > signalledAt).length,
    ).toBeGreaterThan(0);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(shutdownMilliseconds).toBeLessThan(SHUTDOWN_TIMEOUT_SECONDS * 1000);

    const stored = await storedUserNames();
    expect(results.filter((result) => !stored.has(result.userName))).toEqual([]);
    expect(stored.size).toBe(BURST_SIZE);

    const messages = stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => (JSON.parse(line) as { msg?: string }).msg);
    expect(messages).toContain('Received SIGTERM. Finishing in-flight requests for up to 20 s');
    expect(messages[messages.length - 1]).toBe('Shutdown complete after SIGTERM');
  }, 60000);

  it('exits with code 1 when requests outlast the timeout', async () => {
    await startService(1);
    // A request whose body never completes stays in flight indefinitely.
    const socket = connect(Number(new URL(baseUrl).port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.on('error', () => undefined);
    socket.write(
      'POST /api/v1/organizations HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
        'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"name":',
    );
    await new Promise((resolve) => setTimeout(resolve, 200));

    const exited = exitOf(child);
    const signalledAt = Date.now();
    child.kill('SIGTERM');
    const exit = await exited;
    const shutdownMilliseconds = Date.now() - signalledAt;
    socket.destroy();

    expect(exit).toEqual({ code: 1, signal: null });
    expect(shutdownMilliseconds).toBeGreaterThanOrEqual(900);
    expect(shutdownMilliseconds).toBeLessThan(5000);
  }, 60000);
});
