import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config';

const SECRET = 'x'.repeat(40);

describe(loadConfig.name, () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'strada-config-'));
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  function load(env: Record<string, string>) {
    return loadConfig({
      DATA_DIR: dataDir,
      AUTH_JWT_SECRET: SECRET,
      TOKEN_VERIFIER_KEY: SECRET,
      ...env,
    });
  }

  it('applies defaults', () => {
    const config = load({});

    expect(config.port).toBe(3000);
    expect(config.host).toBe('0.0.0.0');
    expect(config.databaseDialect).toBe('sqlite');
    expect(config.bcryptCost).toBe(12);
    expect(config.authJwtTtlSeconds).toBe(3600);
    expect(config.publicBaseUrl).toBe('http://localhost:3000');
    expect(config.shutdownTimeoutSeconds).toBe(10);
  });

  it('reads SHUTDOWN_TIMEOUT_SECONDS', () => {
    expect(load({ SHUTDOWN_TIMEOUT_SECONDS: '30' }).shutdownTimeoutSeconds).toBe(30);
  });

  it('selects PostgreSQL from DATABASE_URL', () => {
    expect(load({ DATABASE_URL: 'postgres://u@h:5432/d' }).databaseDialect).toBe('postgres');
  });

  it('parses durations with units', () => {
    expect(load({ AUTH_JWT_TTL: '15m' }).authJwtTtlSeconds).toBe(900);
    expect(load({ AUTH_JWT_TTL: '2h' }).authJwtTtlSeconds).toBe(7200);
  });

  const invalid: [string, Record<string, string>, string][] = [
    [
      'PORT',
      { PORT: 'abc' },
      'Invalid configuration: PORT is "abc"; expected a whole number from 0 to 65535.',
    ],
    [
      'BCRYPT_COST',
      { BCRYPT_COST: '3' },
      'Invalid configuration: BCRYPT_COST is 3; expected a whole number from 4 to 15.',
    ],
    ['short AUTH_JWT_SECRET', { AUTH_JWT_SECRET: 'short' }, 'AUTH_JWT_SECRET has 5 characters'],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://x' }, 'DATABASE_URL is not a PostgreSQL URL'],
    ['PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'ftp://x' }, 'PUBLIC_BASE_URL has protocol "ftp:"'],
    [
      'SHUTDOWN_TIMEOUT_SECONDS',
      { SHUTDOWN_TIMEOUT_SECONDS: '0' },
      'Invalid configuration: SHUTDOWN_TIMEOUT_SECONDS is 0; expected a whole number from 1 to 600.',
    ],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }, 'LOG_LEVEL is "loud"; expected one of'],
    ['NODE_ENV', { NODE_ENV: 'staging' }, 'NODE_ENV is "staging"'],
    ['AUTH_JWT_TTL', { AUTH_JWT_TTL: 'forever' }, 'AUTH_JWT_TTL is "forever"'],
  ];

  it.each(invalid)('rejects a bad %s', (_name, env, message) => {
    expect(() => load(env)).toThrow(ConfigError);
    expect(() => load(env)).toThrow(message);
  });

  it('requires secrets in production', () => {
    expect(() =>
      loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'production', TOKEN_VERIFIER_KEY: SECRET }),
    ).toThrow(
      'Invalid configuration: AUTH_JWT_SECRET is missing; expected a secret of at least 32 characters when NODE_ENV=production.',
    );
  });

  it('generates and reuses secrets outside production', () => {
    const first = loadConfig({ DATA_DIR: dataDir });
    const second = loadConfig({ DATA_DIR: dataDir });
    const file = join(dataDir, 'auth_jwt_secret.secret');

    expect(first.generatedSecrets.map((secret) => secret.variable)).toEqual([
      'AUTH_JWT_SECRET',
      'TOKEN_VERIFIER_KEY',
    ]);
    expect(second.generatedSecrets).toEqual([]);
    expect(second.authJwtSecret).toBe(first.authJwtSecret);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.authJwtSecret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.authJwtSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('lists every invalid variable', () => {
    let caught: unknown;
    try {
      load({ PORT: 'http', BCRYPT_COST: '3', LOG_LEVEL: 'loud', AUTH_JWT_SECRET: 'short' });
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(ConfigError);
    const lines = (caught as ConfigError).message.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(
      'Invalid configuration: PORT is "http"; expected a whole number from 0 to 65535.',
    );
    expect(lines[1]).toContain('BCRYPT_COST is 3');
    expect(lines[2]).toContain('LOG_LEVEL is "loud"');
    expect(lines[3]).toContain('AUTH_JWT_SECRET has 5 characters');
  });

  it('generates no secret when a variable is invalid', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir, BCRYPT_COST: '3' })).toThrow(ConfigError);
    expect(existsSync(join(dataDir, 'auth_jwt_secret.secret'))).toBe(false);
    expect(existsSync(join(dataDir, 'token_verifier_key.secret'))).toBe(false);
  });
});
