const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a path value can be an id at all; PostgreSQL rejects a non-UUID compared with a uuid column. */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
