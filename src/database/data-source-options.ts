import { mkdirSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { DataSource, DataSourceOptions } from 'typeorm';
import { POSTGRES_MIGRATIONS } from '../../migrations/postgres';
import { SQLITE_MIGRATIONS } from '../../migrations/sqlite';
import type { AppConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { applyDialectColumnTypes } from './portable-columns';

/** Milliseconds a SQLite writer waits for the write lock before failing with SQLITE_BUSY. */
const SQLITE_BUSY_TIMEOUT_MS = 5000;

/**
 * Registers SQLite functions that make both engines return the same results: SQLite's
 * built-in lower() folds ASCII only, while PostgreSQL with a UTF-8 ctype
 * folds every letter, so lower() is replaced by JavaScript's toLowerCase.
 */
export function prepareSqliteConnection(db: Database.Database): void {
  db.function('lower', { deterministic: true }, (value: unknown) =>
    value === null || value === undefined ? null : String(value).toLowerCase(),
  );
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
}

export function buildDataSourceOptions(config: AppConfig): DataSourceOptions {
  applyDialectColumnTypes(config.databaseDialect);
  if (config.databaseDialect === 'postgres') {
    return {
      type: 'postgres',
      url: config.databaseUrl,
      entities: ENTITIES,
      migrations: POSTGRES_MIGRATIONS,
      migrationsTableName: 'migrations',
      migrationsTransactionMode: 'each',
      synchronize: false,
      poolSize: config.databasePoolSize,
      // A server that stops responding fails the request after the timeout instead of hanging it.
      // The timeout also bounds each migration statement. application_name names the service's sessions.
      extra: {
        connectionTimeoutMillis: config.databaseTimeoutSeconds * 1000,
        query_timeout: config.databaseTimeoutSeconds * 1000,
        application_name: 'strada-scim',
      },
      logging: false,
    };
  }
  mkdirSync(config.dataDir, { recursive: true });
  return {
    type: 'better-sqlite3',
    database: config.sqliteFile,
    entities: ENTITIES,
    migrations: SQLITE_MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    enableWAL: true,
    timeout: SQLITE_BUSY_TIMEOUT_MS,
    prepareDatabase: prepareSqliteConnection,
    logging: false,
  };
}

export function createDataSource(config: AppConfig): DataSource {
  return new DataSource(buildDataSourceOptions(config));
}
