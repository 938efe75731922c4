import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** A built service started as a child process on a free loopback port, with its own data folder. */
export interface ServiceProcess {
  baseUrl: string;
  env: Record<string, string>;
  engine: string;
  /** Process id of the service (taskset, when used, replaces itself with node, keeping the id). */
  pid: number;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Waits until `url` responds (with a 2xx when `requireOk`), or fails when the child exits or 60 s pass. */
export async function waitForHttp(
  url: string,
  child: ChildProcess,
  requireOk = false,
): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`${url}: the process exited with code ${child.exitCode} during start-up`);
    }
    try {
      const response = await fetch(url);
      if (response.ok || !requireOk) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not respond within 60 s`);
}

/**
 * Starts `dist/src/main.js` in production mode. BENCH_DATABASE_URL selects
 * PostgreSQL (the database must exist and be empty); otherwise a fresh
 * SQLite file is used.
 */
export async function startService(extraEnv: Record<string, string> = {}): Promise<ServiceProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'strada-bench-'));
  const port = await freePort();
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    AUTH_JWT_SECRET: 'bench-jwt-secret-0123456789-0123456789-abcdef',
    TOKEN_VERIFIER_KEY: 'bench-verifier-key-0123456789-0123456789-abcdef',
    LOG_LEVEL: 'warn',
    REQUEST_LOGGING: 'false',
    // Throughput scenarios measure the service, not its limiter; a scenario can pass '' for the defaults.
    SCIM_RATE_LIMIT_PER_SECOND: '10000000',
    SCIM_RATE_LIMIT_BURST: '10000000',
    ADMIN_RATE_LIMIT_PER_SECOND: '10000000',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...extraEnv,
  };
  // On a machine with two or more cores the service gets core 0 and the load generator the
  // others, so the load generator does not steal the service's CPU time.
  const pin = pinnedCommand([process.execPath, join(ROOT, 'dist', 'src', 'main.js')], '0');
  const child = spawn(pin[0], pin.slice(1), {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHttp(`${baseUrl}/health/ready`, child, true);
  return {
    baseUrl,
    env,
    engine: databaseUrl ? 'PostgreSQL' : 'SQLite',
    pid: child.pid ?? 0,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function pinnedCommand(command: string[], cpus: string): string[] {
  return cpus !== '' && availableParallelism() > 1 && hasTaskset()
    ? ['taskset', '-c', cpus, ...command]
    : command;
}

/** Pins this process (the load generator) to every core but the service's. */
export function pinLoadGenerator(): void {
  const count = availableParallelism();
  if (count > 1 && hasTaskset()) {
    execFileSync('taskset', ['-pc', `1-${count - 1}`, String(process.pid)], { stdio: 'ignore' });
  }
}

/** Runs a CLI command against the service's configuration and returns its JSON result. */
export function runCli(service: ServiceProcess, args: string[]): Record<string, string> {
  const output = execFileSync(
    process.execPath,
    [join(ROOT, 'dist', 'src', 'cli', 'main.js'), ...args],
    {
      cwd: ROOT,
      env: service.env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  return JSON.parse(output.trim()) as Record<string, string>;
}
