import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { POSTGRES_MIGRATIONS } from '../migrations/postgres';
import { SQLITE_MIGRATIONS } from '../migrations/sqlite';
import { loadConfig } from '../src/config/app-config';
import { Logger } from '@nestjs/common';
import { createDataSource } from '../src/database/data-source-options';
import { warnOnAsciiOnlyCaseFolding } from '../src/database/migration-lock';
import { freshPostgresDatabase, isPostgresRun } from './support/test-database';
import { TEST_JWT_SECRET, TEST_VERIFIER_KEY } from './support/test-app';

describe('migrations', () => {
  let dataSource: DataSource;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'strada-migrations-'));
    const env: Record<string, string> = {
      DATA_DIR: dataDir,
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      TOKEN_VERIFIER_KEY: TEST_VERIFIER_KEY,
    };
    if (isPostgresRun()) env.DATABASE_URL = await freshPostgresDatabase();
    dataSource = createDataSource(loadConfig(env));
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function pendingSchemaChanges(): Promise<string[]> {
    const log = await dataSource.driver.createSchemaBuilder().log();
    return log.upQueries.map((query) => query.query);
  }

  async function userTables(): Promise<string[]> {
    const rows: { name: string }[] = isPostgresRun()
      ? await dataSource.query(
          "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'",
        )
      : await dataSource.query(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        );
    return rows
      .map((row) => row.name)
      .filter((name) => name !== 'migrations')
      .sort();
  }

  it('lists the same migrations for both engines', () => {
    expect(SQLITE_MIGRATIONS.map((migration) => migration.name)).toEqual(
      POSTGRES_MIGRATIONS.map((migration) => migration.name),
    );
  });

  it('applies every migration and matches the entities', async () => {
    const applied = await dataSource.runMigrations({ transaction: 'each' });

    expect(applied.map((migration) => migration.name)).toEqual(
      (isPostgresRun() ? POSTGRES_MIGRATIONS : SQLITE_MIGRATIONS).map(
        (migration) => migration.name,
      ),
    );
    expect(await pendingSchemaChanges()).toEqual([]);
  });

  it('keeps the expression and partial indexes', async () => {
    const indexes: { name: string }[] = isPostgresRun()
      ? await dataSource.query(
          "SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public'",
        )
      : await dataSource.query("SELECT name FROM sqlite_master WHERE type = 'index'");

    expect(indexes.map((index) => index.name)).toEqual(
      expect.arrayContaining([
        'IDX_members_organization_user_name',
        'IDX_scim_connections_live_organization',
      ]),
    );
  });

  it('reverts every migration and applies them again', async () => {
    const count = (isPostgresRun() ? POSTGRES_MIGRATIONS : SQLITE_MIGRATIONS).length;
    for (let index = 0; index < count; index += 1) {
      await dataSource.undoLastMigration({ transaction: 'each' });
    }
    const afterRevert = await userTables();
    await dataSource.runMigrations({ transaction: 'each' });

    expect(afterRevert).toEqual([]);
    expect(await pendingSchemaChanges()).toEqual([]);
  });

  const postgresOnly = isPostgresRun() ? it : it.skip;

  postgresOnly('warns about a C-ctype database', async () => {
    const url = await freshPostgresDatabase({ ctype: 'C', suffix: '_c_ctype' });
    const asciiOnly = createDataSource(
      loadConfig({
        DATA_DIR: dataDir,
        AUTH_JWT_SECRET: TEST_JWT_SECRET,
        TOKEN_VERIFIER_KEY: TEST_VERIFIER_KEY,
        DATABASE_URL: url,
      }),
    );
    await asciiOnly.initialize();
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      expect(await warnOnAsciiOnlyCaseFolding(dataSource)).toBe(false);
      expect(warn).not.toHaveBeenCalled();

      expect(await warnOnAsciiOnlyCaseFolding(asciiOnly)).toBe(true);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0][0]).toContain('(LC_CTYPE C) lowercases ASCII letters only');
    } finally {
      warn.mockRestore();
      await asciiOnly.destroy();
    }
  });
});
