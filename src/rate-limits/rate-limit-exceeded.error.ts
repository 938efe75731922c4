import type { RateLimitScope } from './rate-limiter.service';

/** A request over its rate limit: 429 with Retry-After on both API surfaces. */
export class RateLimitExceededError extends Error {
  constructor(
    readonly scope: RateLimitScope,
    readonly retryAfterSeconds: number,
  ) {
    super(
      scope === 'scim'
        ? `Too many requests for this SCIM connection; retry after ${retryAfterSeconds} s`
        : `Too many requests from this member; retry after ${retryAfterSeconds} s`,
    );
    this.name = 'RateLimitExceededError';
  }
}
