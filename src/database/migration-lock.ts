import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource, DataSourceOptions, Migration } from 'typeorm';

/** Key of the PostgreSQL advisory lock that serializes migration runs across instances. */
const MIGRATION_LOCK_SQL = "hashtext('strada-scim:migrations')";

/**
 * Applies pending migrations, one instance at a time on PostgreSQL. An
 * advisory lock, held on a connection of its own outside the pool, makes an
 * instance that starts together with another wait. It then finds nothing
 * left to apply instead of failing on the objects the other is creating.
 */
export async function runMigrationsExclusively(dataSource: DataSource): Promise<Migration[]> {
  const options = dataSource.options;
  if (options.type !== 'postgres') return dataSource.runMigrations({ transaction: 'each' });

  const lockClient = new Client({
    connectionString: options.url,
    connectionTimeoutMillis: (options.extra as { connectionTimeoutMillis?: number } | undefined)
      ?.connectionTimeoutMillis,
  });
  await lockClient.connect();
  try {
    await lockClient.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK_SQL})`);
    return await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    // Ending the session releases the lock even if the unlock fails.
    await lockClient
      .query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_SQL})`)
      .catch(() => undefined);
    await lockClient.end();
  }
}

/**
 * Creates and initializes the service's data source, applying pending
 * migrations when `runMigrations` is set. A failed migration destroys the
 * data source, so a retry does not leave its pool behind.
 */
export async function initializeDataSource(
  options: DataSourceOptions,
  runMigrations: boolean,
): Promise<DataSource> {
  const dataSource = await new DataSource({ ...options, migrationsRun: false }).initialize();
  await warnOnAsciiOnlyCaseFolding(dataSource);
  if (!runMigrations) return dataSource;
  try {
    const applied = await runMigrationsExclusively(dataSource);
    if (applied.length > 0) {
      new Logger('Database').log(
        `Applied ${applied.length} migration(s): ${applied.map((migration) => migration.name).join(', ')}`,
      );
    }
  } catch (error) {
    await dataSource.destroy().catch(() => undefined);
    throw error;
  }
  return dataSource;
}

/**
 * Warns, and returns true, when PostgreSQL's lower() folds ASCII letters
 * only, as under the C or POSIX ctype. userName and other case-insensitive
 * matches would then tell "Émile" from "émile", unlike the embedded SQLite.
 */
export async function warnOnAsciiOnlyCaseFolding(dataSource: DataSource): Promise<boolean> {
  if (dataSource.options.type !== 'postgres') return false;
  const rows = (await dataSource.query(
    "SELECT lower('\u00c9') = '\u00e9' AS folds, current_database() AS database, current_setting('lc_ctype') AS ctype",
  )) as { folds: boolean; database: string; ctype: string }[];
  const { folds, database, ctype } = rows[0];
  if (folds) return false;
  new Logger('Database').warn(
    `PostgreSQL database "${database}" (LC_CTYPE ${ctype}) lowercases ASCII letters only, so ` +
      'case-insensitive matches such as userName treat non-ASCII letters as case-sensitive. ' +
      "Recreate it with a UTF-8 ctype, for example: CREATE DATABASE ... TEMPLATE template0 LC_CTYPE 'C.UTF-8'",
  );
  return true;
}
