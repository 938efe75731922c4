import type { EntityManager } from 'typeorm';

/**
 * Runs hand-written SQL written with PostgreSQL's `$1`, `$2`, … placeholders
 * on either engine. For SQLite each placeholder becomes `?` and the
 * parameters are repeated in the order they appear, so one `$n` may be used
 * several times.
 */
export function runSql<Row = unknown>(
  manager: EntityManager,
  sql: string,
  parameters: unknown[],
): Promise<Row[]> {
  if (manager.connection.options.type === 'postgres') {
    return manager.query(sql, parameters);
  }
  const ordered: unknown[] = [];
  const text = sql.replace(/\$(\d+)/g, (_match, index: string) => {
    ordered.push(parameters[Number(index) - 1]);
    return '?';
  });
  return manager.query(text, ordered);
}

/**
 * Returns a subquery of one column `value` that expands a JSON array of UUID
 * strings passed in one parameter (`placeholder` is `$1` or `:ids`), so a
 * whole id list costs one parameter: json_each on SQLite,
 * jsonb_array_elements_text on PostgreSQL.
 */
export function uuidListSql(manager: EntityManager, placeholder: string): string {
  return manager.connection.options.type === 'postgres'
    ? `(SELECT CAST(value AS uuid) AS value FROM jsonb_array_elements_text(CAST(${placeholder} AS jsonb)))`
    : `(SELECT value FROM json_each(${placeholder}))`;
}

/**
 * Returns the condition that `column` is one of the UUIDs in a JSON array
 * parameter. PostgreSQL gets `= ANY(ARRAY(...))`, which it runs as index
 * lookups even on a table without statistics, where `IN (subquery)` could
 * become a scan of the whole table.
 */
export function uuidInListSql(manager: EntityManager, column: string, placeholder: string): string {
  return manager.connection.options.type === 'postgres'
    ? `${column} = ANY(ARRAY(SELECT CAST(jsonb_array_elements_text(CAST(${placeholder} AS jsonb)) AS uuid)))`
    : `${column} IN (SELECT value FROM json_each(${placeholder}))`;
}
