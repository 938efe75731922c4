import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

export type NodeEnvironment = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export type DatabaseDialect = 'sqlite' | 'postgres';

/** Invalid configuration that stops start-up. Its message has one line per invalid variable. */
export class ConfigError extends Error {
  /** One sentence per invalid variable, each naming the variable and what it expects. */
  readonly problems: string[];

  constructor(variable: string, problem: string, expected: string);
  constructor(problems: string[]);
  constructor(variableOrProblems: string | string[], problem?: string, expected?: string) {
    const problems =
      typeof variableOrProblems === 'string'
        ? [`${variableOrProblems} ${problem}; expected ${expected}.`]
        : variableOrProblems;
    super(problems.map((line) => `Invalid configuration: ${line}`).join('\n'));
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** A secret that was generated into DATA_DIR because the environment did not set it. */
export interface GeneratedSecret {
  variable: string;
  file: string;
}

/**
 * The validated environment. `loadConfig` is the only reader of
 * `process.env` in the service, the CLI and the benchmarks.
 */
export class AppConfig {
  readonly nodeEnv!: NodeEnvironment;
  readonly host!: string;
  readonly port!: number;
  readonly publicBaseUrl!: string;
  readonly databaseUrl!: string | undefined;
  readonly databaseDialect!: DatabaseDialect;
  readonly databasePoolSize!: number;
  /** PostgreSQL only: seconds to wait for a pool connection or for a query's reply before failing with 503. */
  readonly databaseTimeoutSeconds!: number;
  readonly dataDir!: string;
  readonly sqliteFile!: string;
  readonly authJwtSecret!: string;
  /** Lifetime of admin access tokens, in seconds. */
  readonly authJwtTtlSeconds!: number;
  readonly tokenVerifierKey!: string;
  readonly bcryptCost!: number;
  readonly logLevel!: LogLevel;
  readonly requestLogging!: boolean;
  /** Maximum `count` of a SCIM list page, advertised as filter.maxResults. */
  readonly scimMaxResults!: number;
  /** Time allowed on SIGTERM or SIGINT for in-flight requests to finish before the process exits, in seconds. */
  readonly shutdownTimeoutSeconds!: number;
  /** Sustained SCIM requests per second allowed to one connection, across all instances when Redis is set. */
  readonly scimRateLimitPerSecond!: number;
  /** SCIM requests one connection may send at once on top of the sustained rate. */
  readonly scimRateLimitBurst!: number;
  /** Sustained admin API requests per second allowed to one member. */
  readonly adminRateLimitPerSecond!: number;
  /** Admin API requests one member may send at once. */
  readonly adminRateLimitBurst!: number;
  /** Redis that shares rate limits between instances; limits stay in memory when unset. */
  readonly redisUrl!: string | undefined;
  /** Secrets generated into DATA_DIR at this load, so start-up can warn about them. */
  readonly generatedSecrets!: GeneratedSecret[];

  constructor(values: Omit<AppConfig, never>) {
    Object.assign(this, values);
  }

  get isProduction(): boolean {
    return this.nodeEnv === 'production';
  }

  /** True on the embedded SQLite default outside production, where the demo organization may be seeded. */
  get isEmbeddedDefault(): boolean {
    return this.databaseDialect === 'sqlite' && !this.isProduction;
  }
}

type Environment = Record<string, string | undefined>;

const MIN_SECRET_LENGTH = 32;
/** Upper bound of the rate limit settings; high enough to mean "no practical limit" in benchmarks. */
const MAX_RATE = 10_000_000;
const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const NODE_ENVIRONMENTS: NodeEnvironment[] = ['development', 'production', 'test'];

/**
 * Reads and validates the environment. Throws one ConfigError that lists
 * every invalid variable. Outside production, missing AUTH_JWT_SECRET and
 * TOKEN_VERIFIER_KEY are generated once into files in DATA_DIR (mode 600),
 * so the service and the CLI share them. Nothing is generated when any
 * variable is invalid.
 */
export function loadConfig(env: Environment = process.env): AppConfig {
  const problems: string[] = [];
  /** Runs one reader, recording its error and returning the fallback so the other variables are still checked. */
  const read = <T>(reader: () => T, fallback: T): T => {
    try {
      return reader();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
      return fallback;
    }
  };

  const nodeEnv = read(
    () => readChoice(env, 'NODE_ENV', NODE_ENVIRONMENTS, 'development'),
    'development',
  );
  const host = readString(env, 'HOST', '0.0.0.0');
  const port = read(() => readInteger(env, 'PORT', 3000, 0, 65535), 3000);
  const publicBaseUrl = read(
    () => readBaseUrl(env, 'PUBLIC_BASE_URL', `http://localhost:${port}`),
    '',
  );
  const databaseUrl = read(() => readDatabaseUrl(env), undefined);
  const dataDir = resolveDataDir(env);
  const isProduction = nodeEnv === 'production';
  const adminRateLimitPerSecond = read(
    () => readInteger(env, 'ADMIN_RATE_LIMIT_PER_SECOND', 20, 1, MAX_RATE),
    20,
  );
  const integerSetting = (name: string, fallback: number, min: number, max: number): number =>
    read(() => readInteger(env, name, fallback, min, max), fallback);

  const values = {
    nodeEnv,
    host,
    port,
    publicBaseUrl,
    databaseUrl,
    databaseDialect: databaseUrl === undefined ? 'sqlite' : 'postgres',
    databasePoolSize: integerSetting('DATABASE_POOL_SIZE', 10, 1, 200),
    databaseTimeoutSeconds: integerSetting('DATABASE_TIMEOUT_SECONDS', 10, 1, 600),
    dataDir,
    sqliteFile: join(dataDir, 'strada.sqlite'),
    authJwtTtlSeconds: read(() => readDuration(env, 'AUTH_JWT_TTL', 3600), 3600),
    bcryptCost: integerSetting('BCRYPT_COST', 12, 4, 15),
    logLevel: read(() => readChoice(env, 'LOG_LEVEL', LOG_LEVELS, 'info'), 'info'),
    requestLogging: read(() => readBoolean(env, 'REQUEST_LOGGING', true), true),
    scimMaxResults: integerSetting('SCIM_MAX_RESULTS', 1000, 1, 10000),
    shutdownTimeoutSeconds: integerSetting('SHUTDOWN_TIMEOUT_SECONDS', 10, 1, 600),
    scimRateLimitPerSecond: integerSetting('SCIM_RATE_LIMIT_PER_SECOND', 100, 1, MAX_RATE),
    scimRateLimitBurst: integerSetting('SCIM_RATE_LIMIT_BURST', 500, 1, MAX_RATE),
    adminRateLimitPerSecond,
    adminRateLimitBurst: integerSetting(
      'ADMIN_RATE_LIMIT_BURST',
      adminRateLimitPerSecond * 2,
      1,
      MAX_RATE,
    ),
    redisUrl: read(() => readRedisUrl(env), undefined),
  };
  const secretNames = ['AUTH_JWT_SECRET', 'TOKEN_VERIFIER_KEY'] as const;
  const givenSecrets = secretNames.map((name) =>
    read(() => readGivenSecret(env, name, isProduction), undefined),
  );
  if (problems.length > 0) throw new ConfigError(problems);

  const generatedSecrets: GeneratedSecret[] = [];
  const [authJwtSecret, tokenVerifierKey] = secretNames.map(
    (name, index) => givenSecrets[index] ?? storedSecret(name, dataDir, generatedSecrets),
  );
  return new AppConfig({
    ...values,
    authJwtSecret,
    tokenVerifierKey,
    generatedSecrets,
  } as AppConfig);
}

function readString(env: Environment, name: string, fallback: string): string {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  return value;
}

function readInteger(
  env: Environment,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) {
    throw new ConfigError(name, `is "${raw}"`, `a whole number from ${min} to ${max}`);
  }
  const value = Number(raw.trim());
  if (value < min || value > max) {
    throw new ConfigError(name, `is ${value}`, `a whole number from ${min} to ${max}`);
  }
  return value;
}

function readBoolean(env: Environment, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const normalized = raw.trim().toLowerCase();
  if (normalized === 'true' || normalized === '1') return true;
  if (normalized === 'false' || normalized === '0') return false;
  throw new ConfigError(name, `is "${raw}"`, 'true or false');
}

function readChoice<T extends string>(
  env: Environment,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(choices as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `is "${raw}"`, `one of ${choices.join(', ')}`);
  }
  return raw as T;
}

/** Accepts seconds ("3600") or a number with a unit: s, m, h or d ("15m", "12h"). */
function readDuration(env: Environment, name: string, fallbackSeconds: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallbackSeconds;
  const match = /^(\d+)\s*([smhd]?)$/.exec(raw.trim());
  const unitSeconds: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };
  const seconds = match ? Number(match[1]) * unitSeconds[match[2]] : NaN;
  if (!Number.isFinite(seconds) || seconds < 60 || seconds > 30 * 86400) {
    throw new ConfigError(
      name,
      `is "${raw}"`,
      'a duration from 60s to 30d, in seconds or with a unit (s, m, h, d), such as 3600 or 1h',
    );
  }
  return seconds;
}

function readBaseUrl(env: Environment, name: string, fallback: string): string {
  const raw = readString(env, name, fallback);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `is "${raw}"`, 'an absolute http or https URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(name, `has protocol "${url.protocol}"`, 'an http or https URL');
  }
  if (url.search !== '' || url.hash !== '') {
    throw new ConfigError(name, 'has a query or fragment', 'a URL without query or fragment');
  }
  return raw.replace(/\/+$/, '');
}

function readDatabaseUrl(env: Environment): string | undefined {
  const raw = env.DATABASE_URL;
  if (raw === undefined || raw === '') return undefined;
  if (!/^postgres(ql)?:\/\//.test(raw)) {
    throw new ConfigError(
      'DATABASE_URL',
      'is not a PostgreSQL URL',
      'postgres://user:password@host:port/database, or unset for the embedded SQLite file',
    );
  }
  return raw;
}

function readRedisUrl(env: Environment): string | undefined {
  const raw = env.REDIS_URL;
  if (raw === undefined || raw === '') return undefined;
  if (!/^rediss?:\/\/[^/]/.test(raw)) {
    throw new ConfigError(
      'REDIS_URL',
      'is not a Redis URL',
      'redis://host:port (or rediss:// for TLS), or unset to keep rate limits in memory',
    );
  }
  return raw;
}

function resolveDataDir(env: Environment): string {
  const raw = readString(env, 'DATA_DIR', './data');
  return isAbsolute(raw) ? raw : resolve(process.cwd(), raw);
}

/**
 * Returns the secret set in the environment, or undefined when it is unset
 * outside production (a stored or generated one is used then).
 */
function readGivenSecret(
  env: Environment,
  name: string,
  isProduction: boolean,
): string | undefined {
  const raw = env[name];
  if (raw !== undefined && raw !== '') {
    if (raw.length < MIN_SECRET_LENGTH) {
      throw new ConfigError(
        name,
        `has ${raw.length} characters`,
        `at least ${MIN_SECRET_LENGTH} characters (for example: openssl rand -base64 48)`,
      );
    }
    return raw;
  }
  if (isProduction) {
    throw new ConfigError(
      name,
      'is missing',
      `a secret of at least ${MIN_SECRET_LENGTH} characters when NODE_ENV=production`,
    );
  }
  return undefined;
}

/** Returns the secret stored in DATA_DIR, generating it on first use. */
function storedSecret(name: string, dataDir: string, generated: GeneratedSecret[]): string {
  const file = join(dataDir, `${name.toLowerCase()}.secret`);
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= MIN_SECRET_LENGTH) return stored;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  generated.push({ variable: name, file });
  return secret;
}
