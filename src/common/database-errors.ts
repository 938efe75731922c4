const UNAVAILABLE_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);

const RELEASED_RUNNER_ERRORS = new Set([
  'QueryRunnerAlreadyReleasedError',
  'QueryRunnerProviderAlreadyReleasedError',
]);

/**
 * Tells whether an error means the database cannot be reached right now (as
 * opposed to a bad query): network failures, PostgreSQL connection errors
 * (SQLSTATE class 08), server shutdown (57P01–57P03), pool connect and query
 * reply timeouts, queries on a query runner released because its connection
 * failed, and SQLite's lock timeout.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const candidate = error as Error & { code?: unknown; driverError?: unknown };
  const code = typeof candidate.code === 'string' ? candidate.code : undefined;
  if (code !== undefined) {
    if (UNAVAILABLE_NETWORK_CODES.has(code)) return true;
    if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03')
      return true;
    if (code === 'SQLITE_BUSY') return true;
  }
  // TypeORM releases a PostgreSQL query runner whose connection failed, so the next query of
  // the same transaction raises one of these instead of the connection error.
  if (RELEASED_RUNNER_ERRORS.has(error.name)) return true;
  if (
    /Connection terminated|timeout exceeded when trying to connect|connection timeout|Query read timeout/i.test(
      error.message,
    )
  ) {
    return true;
  }
  if (candidate.driverError instanceof Error && candidate.driverError !== error) {
    return isDatabaseUnavailable(candidate.driverError);
  }
  return false;
}
