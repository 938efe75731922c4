import type Database from 'better-sqlite3';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * A hand-written query for a hot path, run without TypeORM's query runner:
 * a cached better-sqlite3 statement, or a named PostgreSQL prepared
 * statement on the pool. The SQL uses `$1`, `$2`, … placeholders; they are
 * rewritten to `?` for SQLite, so parameters must appear in order and once.
 */
export class PreparedQuery<Row> {
  private sqliteStatement?: Database.Statement;

  constructor(
    private readonly dataSource: DataSource,
    private readonly name: string,
    private readonly sql: string,
  ) {}

  /**
   * Returns the rows: an array at once on SQLite, whose driver is
   * synchronous, and a promise on PostgreSQL. Callers on hot paths skip the
   * await for arrays, because every promise is costly while async hooks are on.
   */
  all(parameters: unknown[]): Row[] | Promise<Row[]> {
    if (this.dataSource.options.type === 'postgres') {
      const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
      return pool
        .query({ name: this.name, text: this.sql, values: parameters })
        .then((result) => result.rows as Row[]);
    }
    this.sqliteStatement ??= (
      this.dataSource.driver as unknown as { databaseConnection: Database.Database }
    ).databaseConnection.prepare(this.sql.replace(/\$\d+/g, '?'));
    return this.sqliteStatement.all(...parameters) as Row[];
  }
}
