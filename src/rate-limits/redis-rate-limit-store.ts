import Redis from 'ioredis';
import type { RateLimitDecision, RateLimitRule } from './gcra';

/**
 * The GCRA step of gcra.ts as one atomic script. Times are microseconds
 * from the Redis server's clock, so every instance measures against the
 * same clock; '%.0f' keeps the integer exact (Lua's default number format
 * would round it).
 */
const GCRA_SCRIPT = `
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local tat = tonumber(redis.call('GET', KEYS[1]))
if tat == nil or tat < now then tat = now end
local allowed_from = tat - tolerance
if allowed_from > now then
  return {0, string.format('%.0f', allowed_from - now)}
end
local next_tat = tat + interval
redis.call('SET', KEYS[1], string.format('%.0f', next_tat), 'PX', math.ceil((next_tat - now) / 1000))
return {1, '0'}
`;

type GcraCommand = (key: string, interval: string, tolerance: string) => Promise<[number, string]>;

export interface RedisStoreEvents {
  /** The connection is ready (again); requests use Redis. */
  onReady(): void;
  /** The connection failed or closed; requests fall back to memory until it is ready. */
  onUnavailable(error: Error | undefined): void;
}

/** Milliseconds a rate-limit command may take before the request falls back to memory. */
const COMMAND_TIMEOUT_MS = 250;

/**
 * Rate limit state shared by every instance through Redis. Commands are
 * never queued while disconnected and time out quickly, so an unreachable
 * Redis costs a request at most COMMAND_TIMEOUT_MS and usually nothing: the
 * caller checks `isReady` and uses its memory store instead.
 */
export class RedisRateLimitStore {
  private readonly client: Redis;
  private readonly gcra: GcraCommand;

  constructor(url: string, events: RedisStoreEvents) {
    this.client = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: COMMAND_TIMEOUT_MS,
      connectTimeout: 2000,
      retryStrategy: (attempt) => Math.min(attempt * 250, 5000),
    });
    this.client.defineCommand('stradaGcra', { numberOfKeys: 1, lua: GCRA_SCRIPT });
    this.gcra = (this.client as unknown as Record<'stradaGcra', GcraCommand>).stradaGcra.bind(
      this.client,
    );
    this.client.on('ready', () => events.onReady());
    this.client.on('error', (error: Error) => events.onUnavailable(error));
    this.client.on('close', () => events.onUnavailable(undefined));
  }

  get isReady(): boolean {
    return this.client.status === 'ready';
  }

  async consume(key: string, rule: RateLimitRule): Promise<RateLimitDecision> {
    const intervalMicros = 1_000_000 / rule.perSecond;
    const [allowed, retryAfterMicros] = await this.gcra(
      key,
      intervalMicros.toFixed(0),
      (intervalMicros * (rule.burst - 1)).toFixed(0),
    );
    return { allowed: allowed === 1, retryAfterMs: Number(retryAfterMicros) / 1000 };
  }

  async close(): Promise<void> {
    this.client.removeAllListeners('close');
    if (this.client.status === 'ready') {
      await this.client.quit().catch(() => this.client.disconnect());
    } else {
      this.client.disconnect();
    }
  }
}
