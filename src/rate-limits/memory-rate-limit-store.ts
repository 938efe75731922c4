import { applyGcra, RateLimitDecision, RateLimitRule } from './gcra';

/** Entries above which a request sweeps keys whose arrival time has passed. */
const SWEEP_THRESHOLD = 10_000;

/**
 * Rate limit state of this process: one arrival time per key. Keys whose
 * time has passed carry no state, so the map is swept of them when it grows,
 * which bounds it by the keys active in the last burst window.
 */
export class MemoryRateLimitStore {
  private readonly arrivalTimes = new Map<string, number>();
  private sweepAt = SWEEP_THRESHOLD;

  consume(key: string, rule: RateLimitRule, now = Date.now()): RateLimitDecision {
    const result = applyGcra(this.arrivalTimes.get(key), now, rule);
    if (result.decision.allowed) {
      this.arrivalTimes.set(key, result.arrivalTime);
      if (this.arrivalTimes.size >= this.sweepAt) this.sweep(now);
    }
    return result.decision;
  }

  private sweep(now: number): void {
    for (const [key, arrivalTime] of this.arrivalTimes) {
      if (arrivalTime <= now) this.arrivalTimes.delete(key);
    }
    this.sweepAt = Math.max(SWEEP_THRESHOLD, this.arrivalTimes.size * 2);
  }
}
