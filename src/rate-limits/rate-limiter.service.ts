import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import type { RateLimitDecision, RateLimitRule } from './gcra';
import { MemoryRateLimitStore } from './memory-rate-limit-store';
import { RateLimitExceededError } from './rate-limit-exceeded.error';
import { RedisRateLimitStore } from './redis-rate-limit-store';

/** Kind of caller a limit applies to: a SCIM connection or an admin API member. */
export type RateLimitScope = 'scim' | 'admin';

const KEY_PREFIX = 'strada:rate:';

/**
 * Per-connection limits on SCIM routes and per-member limits on the admin
 * API. State lives in this process, or in Redis when REDIS_URL is set so
 * that every instance counts against the same limit. While Redis is
 * unreachable each instance keeps limiting with its own memory state and
 * logs the outage once.
 */
@Injectable()
export class RateLimiter implements OnModuleDestroy {
  private readonly logger = new Logger(RateLimiter.name);
  private readonly rules: Record<RateLimitScope, RateLimitRule>;
  private readonly memory = new MemoryRateLimitStore();
  private readonly redis: RedisRateLimitStore | undefined;
  private redisOutageLogged = false;
  /** Requests rejected, by scope, for the metrics. */
  readonly rejected: Record<RateLimitScope, number> = { scim: 0, admin: 0 };

  constructor(config: AppConfig) {
    this.rules = {
      scim: { perSecond: config.scimRateLimitPerSecond, burst: config.scimRateLimitBurst },
      admin: { perSecond: config.adminRateLimitPerSecond, burst: config.adminRateLimitBurst },
    };
    if (config.redisUrl !== undefined) {
      this.redis = new RedisRateLimitStore(config.redisUrl, {
        onReady: () => this.onRedisReady(),
        onUnavailable: (error) => this.onRedisUnavailable(error),
      });
    }
  }

  /** True when limits are shared through Redis right now. */
  get isShared(): boolean {
    return this.redis?.isReady === true;
  }

  /**
   * Counts one request of `id` and throws RateLimitExceededError when it is
   * over the limit. Returns nothing (no promise) on the in-memory path so
   * the guard need not wait a tick.
   */
  enforce(scope: RateLimitScope, id: string): void | Promise<void> {
    const rule = this.rules[scope];
    const key = `${scope}:${id}`;
    if (this.redis?.isReady === true) {
      return this.redis.consume(KEY_PREFIX + key, rule).then(
        (decision) => this.settle(scope, decision),
        (error: unknown) => {
          this.onRedisUnavailable(error instanceof Error ? error : undefined);
          this.settle(scope, this.memory.consume(key, rule));
        },
      );
    }
    this.settle(scope, this.memory.consume(key, rule));
  }

  async onModuleDestroy(): Promise<void> {
    await this.redis?.close();
  }

  private settle(scope: RateLimitScope, decision: RateLimitDecision): void {
    if (decision.allowed) return;
    this.rejected[scope] += 1;
    throw new RateLimitExceededError(scope, Math.max(1, Math.ceil(decision.retryAfterMs / 1000)));
  }

  private onRedisReady(): void {
    if (this.redisOutageLogged) {
      this.logger.log('Redis is reachable again; rate limits are shared across instances');
    } else {
      this.logger.log('Rate limits are shared across instances through Redis');
    }
    this.redisOutageLogged = false;
  }

  private onRedisUnavailable(error: Error | undefined): void {
    if (this.redisOutageLogged) return;
    this.redisOutageLogged = true;
    this.logger.warn(
      { err: error },
      'Redis is unreachable; rate limits are kept in this instance only until it returns',
    );
  }
}
