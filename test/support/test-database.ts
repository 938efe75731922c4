import { Client } from 'pg';

/**
 * PostgreSQL test runs set TEST_DATABASE_URL. Each jest worker then uses its
 * own database, named after that URL's database plus the worker id and
 * created afresh for every test file, so parallel workers never collide.
 * Without TEST_DATABASE_URL the tests use an SQLite file per test file.
 */
export function postgresBaseUrl(): string | undefined {
  const url = process.env.TEST_DATABASE_URL;
  return url === undefined || url === '' ? undefined : url;
}

export function isPostgresRun(): boolean {
  return postgresBaseUrl() !== undefined;
}

function workerDatabaseName(base: URL): string {
  const name = base.pathname.replace(/^\//, '') || 'strada_test';
  return `${name}_w${process.env.JEST_WORKER_ID ?? '1'}`;
}

/**
 * Drops and recreates this worker's database, and returns its URL. A
 * suffix names a second database of the worker, and `ctype` sets its
 * LC_CTYPE and LC_COLLATE.
 */
export async function freshPostgresDatabase(
  options: { ctype?: string; suffix?: string } = {},
): Promise<string> {
  const { ctype = 'C.UTF-8', suffix = '' } = options;
  const base = new URL(postgresBaseUrl() as string);
  const name = `${workerDatabaseName(base)}${suffix}`;
  const admin = new URL(base.toString());
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(
      `CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE '${ctype}' LC_CTYPE '${ctype}'`,
    );
  } finally {
    await client.end();
  }
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return url.toString();
}
