import { Column, ColumnOptions, ColumnType } from 'typeorm';
import type { DatabaseDialect } from '../config/app-config';

/**
 * Timestamp columns whose SQL type depends on the engine: `timestamptz` on
 * PostgreSQL and TypeORM's `datetime` (UTC text with milliseconds) on
 * SQLite. Entities are decorated once at import time, so the type is set
 * here and fixed up by `applyDialectColumnTypes` before a data source
 * builds its metadata.
 */
const timestampColumnOptions: ColumnOptions[] = [];

const TIMESTAMP_TYPE: Record<DatabaseDialect, ColumnType> = {
  postgres: 'timestamptz',
  sqlite: 'datetime',
};

function register(options: ColumnOptions): ColumnOptions {
  timestampColumnOptions.push(options);
  return options;
}

export function TimestampColumn(options: ColumnOptions = {}): PropertyDecorator {
  return Column(register({ ...options, type: TIMESTAMP_TYPE.postgres, precision: 3 }));
}

/**
 * Creation and update times are plain columns that the services set from
 * the application clock, because TypeORM's automatic date columns default
 * to SQLite's datetime('now'), which drops the milliseconds.
 */
export function CreatedAtColumn(name = 'created_at'): PropertyDecorator {
  return TimestampColumn({ name });
}

export function UpdatedAtColumn(name = 'updated_at'): PropertyDecorator {
  return TimestampColumn({ name });
}

export function applyDialectColumnTypes(dialect: DatabaseDialect): void {
  for (const options of timestampColumnOptions) {
    options.type = TIMESTAMP_TYPE[dialect];
    options.precision = dialect === 'postgres' ? 3 : undefined;
  }
}
