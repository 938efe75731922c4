/**
 * Converts a timestamp read with raw SQL to a Date. PostgreSQL's driver
 * returns Dates; SQLite returns TypeORM's UTC text `YYYY-MM-DD HH:MM:SS.SSS`
 * without a zone, which `new Date` would read as local time.
 */
export function parseDatabaseTimestamp(value: string | Date | null): Date | null {
  if (value === null) return null;
  if (value instanceof Date) return value;
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`);
}
