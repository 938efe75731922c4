import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** How many failure messages a report shows. The rest are only counted. */
const FAILURE_SAMPLES = 3;

/** The slowest call of a run, and when it started, in milliseconds after the run's log was created. */
export interface SlowestCall {
  route: string;
  milliseconds: number;
  startedAfter: number;
}

/** Latencies of the calls of one run, by route template, and its failures. */
export class CallLog {
  private readonly createdAt = performance.now();
  private readonly byRoute = new Map<string, number[]>();
  private readonly failureSamples: string[] = [];
  private slowestCall: SlowestCall = { route: 'none', milliseconds: 0, startedAfter: 0 };
  count = 0;
  /** Responses with an unexpected status, and requests that got no response. */
  failures = 0;
  tooManyRequests = 0;

  /** Records a call that ended now and took `milliseconds`. */
  record(route: string, milliseconds: number): void {
    this.count += 1;
    const latencies = this.byRoute.get(route) ?? [];
    latencies.push(milliseconds);
    this.byRoute.set(route, latencies);
    if (milliseconds > this.slowestCall.milliseconds) {
      const startedAfter = performance.now() - milliseconds - this.createdAt;
      this.slowestCall = { route, milliseconds, startedAfter };
    }
  }

  fail(message: string): void {
    this.failures += 1;
    if (this.failureSamples.length < FAILURE_SAMPLES) this.failureSamples.push(message);
  }

  countTooManyRequests(): void {
    this.tooManyRequests += 1;
  }

  slowest(): SlowestCall {
    return this.slowestCall;
  }

  routes(): string[] {
    return [...this.byRoute.keys()];
  }

  /** Returns the latencies of one route, sorted ascending. */
  latencies(route: string): number[] {
    return [...(this.byRoute.get(route) ?? [])].sort((left, right) => left - right);
  }

  /** Returns the latencies of every route, sorted ascending. */
  allLatencies(): number[] {
    return [...this.byRoute.values()].flat().sort((left, right) => left - right);
  }

  /** Returns report lines with the first failure messages, or none when nothing failed. */
  describeFailures(): string[] {
    if (this.failures === 0) return [];
    return [
      `${this.failures} failed calls; the first ${this.failureSamples.length}:`,
      ...this.failureSamples.map((message) => `  ${message}`),
    ];
  }
}

/** Returns the nearest-rank percentile (`fraction` from 0 to 1) of ascending values, or 0 for none. */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

export function formatMilliseconds(value: number): string {
  return `${value.toFixed(value < 10 ? 1 : 0)} ms`;
}

/** Formats one report line with the count, p50, p99 and max of a route's ascending latencies. */
export function describeLatency(route: string, sorted: readonly number[]): string {
  return (
    `${route}: ${sorted.length.toLocaleString('en-US')} calls, p50 ${formatMilliseconds(percentile(sorted, 0.5))}, ` +
    `p99 ${formatMilliseconds(percentile(sorted, 0.99))}, max ${formatMilliseconds(sorted[sorted.length - 1] ?? 0)}`
  );
}

/** Resident memory of a process, from the VmRSS and VmHWM lines of /proc/<pid>/status. */
export interface ServiceMemory {
  residentMiB: number;
  /** The peak resident size since the process started. */
  peakMiB: number;
}

/** Reads a process's resident memory. Returns undefined where /proc is missing (not Linux) or the process has exited. */
export function readMemory(pid: number): ServiceMemory | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kibibytes = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
  const resident = kibibytes('VmRSS');
  const peak = kibibytes('VmHWM');
  if (Number.isNaN(resident) || Number.isNaN(peak)) return undefined;
  return { residentMiB: resident / 1024, peakMiB: peak / 1024 };
}
