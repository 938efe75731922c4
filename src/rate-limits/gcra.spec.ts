import { applyGcra, RateLimitRule } from './gcra';

/** Runs `count` requests at time `now` through the algorithm and returns how many were allowed. */
function burstAt(state: { tat?: number }, now: number, count: number, rule: RateLimitRule): number {
  let allowed = 0;
  for (let index = 0; index < count; index += 1) {
    const result = applyGcra(state.tat, now, rule);
    state.tat = result.arrivalTime;
    if (result.decision.allowed) allowed += 1;
  }
  return allowed;
}

describe('applyGcra', () => {
  const rule: RateLimitRule = { perSecond: 10, burst: 5 };

  it('allows a burst of exactly `burst` requests at once, then rejects', () => {
    const state: { tat?: number } = {};
    expect(burstAt(state, 1_000, 5, rule)).toBe(5);
    const rejected = applyGcra(state.tat, 1_000, rule);
    expect(rejected.decision.allowed).toBe(false);
  });

  it('tells when the next request will be allowed and allows it then', () => {
    const state: { tat?: number } = {};
    burstAt(state, 1_000, 5, rule);
    const rejected = applyGcra(state.tat, 1_000, rule);
    expect(rejected.decision.retryAfterMs).toBeCloseTo(100, 6);
    expect(applyGcra(state.tat, 1_099, rule).decision.allowed).toBe(false);
    expect(applyGcra(state.tat, 1_100, rule).decision.allowed).toBe(true);
  });

  it('does not move the arrival time for a rejected request', () => {
    const state: { tat?: number } = {};
    burstAt(state, 1_000, 5, rule);
    const before = state.tat;
    expect(applyGcra(state.tat, 1_000, rule).arrivalTime).toBe(before);
  });

  it('refills at the sustained rate and never beyond the burst', () => {
    const state: { tat?: number } = {};
    burstAt(state, 0, 5, rule);
    // Half a second refills five requests at 10 per second, capped at the burst of five.
    expect(burstAt(state, 500, 10, rule)).toBe(5);
    // A long idle period still refills only the burst.
    expect(burstAt(state, 60_000, 10, rule)).toBe(5);
  });

  it('sustains exactly the configured rate over time', () => {
    const state: { tat?: number } = {};
    let allowed = 0;
    // Two requests every 50 ms for 10 s: twice the rate of 10 per second.
    for (let now = 0; now < 10_000; now += 50) allowed += burstAt(state, now, 2, rule);
    // 5 from the first burst plus 10 per second over 10 s, within one interval.
    expect(allowed).toBeGreaterThanOrEqual(104);
    expect(allowed).toBeLessThanOrEqual(105);
  });

  it('treats a burst of 1 as a strict interval', () => {
    const strict: RateLimitRule = { perSecond: 2, burst: 1 };
    const state: { tat?: number } = {};
    expect(burstAt(state, 0, 3, strict)).toBe(1);
    expect(burstAt(state, 499, 1, strict)).toBe(0);
    expect(burstAt(state, 500, 1, strict)).toBe(1);
  });

  it('takes 500 requests under SCIM defaults', () => {
    const scimDefaults: RateLimitRule = { perSecond: 100, burst: 500 };
    expect(burstAt({}, 0, 500, scimDefaults)).toBe(500);
    const spread: { tat?: number } = {};
    let allowed = 0;
    for (let now = 0; now < 5_000; now += 10) allowed += burstAt(spread, now, 1, scimDefaults);
    expect(allowed).toBe(500);
  });
});
