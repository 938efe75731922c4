const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Tells whether a path value can be one of our ids: a UUID in the lowercase form
 * the service generates. Ids are case-exact. The check also makes
 * PostgreSQL, whose uuid type ignores case and rejects non-UUIDs, return
 * the same results as SQLite, which compares text.
 */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
