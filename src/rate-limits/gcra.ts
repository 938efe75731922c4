/** How many requests one key may make: a sustained rate and the size of a burst on top of it. */
export interface RateLimitRule {
  perSecond: number;
  burst: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** Milliseconds until the next request would be allowed; 0 when this one was. */
  retryAfterMs: number;
}

export interface GcraResult {
  decision: RateLimitDecision;
  /** The key's new theoretical arrival time, in milliseconds; unchanged when the request was rejected. */
  arrivalTime: number;
}

/**
 * Applies the generic cell rate algorithm: a token bucket kept as one number, the
 * theoretical arrival time (TAT) of the next request at the sustained rate.
 * A request is allowed while the TAT is at most `burst - 1` intervals ahead
 * of now; each allowed request moves the TAT one interval on. A key whose
 * TAT lies in the past is the same as a key never seen, so stores may drop
 * it. The Redis store runs the same steps in a Lua script.
 */
export function applyGcra(
  arrivalTime: number | undefined,
  now: number,
  rule: RateLimitRule,
): GcraResult {
  const interval = 1000 / rule.perSecond;
  const tolerance = interval * (rule.burst - 1);
  const start = arrivalTime === undefined || arrivalTime < now ? now : arrivalTime;
  const allowedFrom = start - tolerance;
  if (allowedFrom > now) {
    return {
      decision: { allowed: false, retryAfterMs: allowedFrom - now },
      arrivalTime: start,
    };
  }
  return { decision: { allowed: true, retryAfterMs: 0 }, arrivalTime: start + interval };
}
