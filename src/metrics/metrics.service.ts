import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { RateLimiter } from '../rate-limits/rate-limiter.service';
import { ScimTokenService } from '../tokens/scim-token.service';
import { TokenHasher } from '../tokens/token-hasher';

/** Route label of requests that matched no route, so raw URLs never become label values. */
export const UNMATCHED_ROUTE = 'unmatched';

export type ScimOperationOutcome = 'success' | 'client_error' | 'server_error';

/** The counters of a node-postgres Pool that the gauges read at scrape time. */
interface PgPoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

const SCIM_RESOURCE_ROUTE = /^\/scim\/v2\/:connectionId\/(Users|Groups)(\/|$)/;

/**
 * Prometheus metrics of one application instance. Each instance has its own
 * Registry instead of prom-client's global one, because the tests start
 * several applications in one process.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  private readonly httpRequests: Counter<'method' | 'route' | 'status_code'>;
  private readonly httpDuration: Histogram<'method' | 'route'>;
  private readonly scimOperations: Counter<'resource' | 'outcome'>;

  constructor(
    config: AppConfig,
    @InjectDataSource() dataSource: DataSource,
    hasher: TokenHasher,
    tokens: ScimTokenService,
    rateLimiter: RateLimiter,
  ) {
    const registers = [this.registry];
    this.httpRequests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests by method, route template and status code.',
      labelNames: ['method', 'route', 'status_code'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from receiving an HTTP request to sending its response, in seconds.',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.scimOperations = new Counter({
      name: 'scim_operations_total',
      help: 'SCIM requests on Users and Groups by resource type and outcome.',
      labelNames: ['resource', 'outcome'],
      registers,
    });
    new Counter({
      name: 'scim_token_bcrypt_comparisons_total',
      help: 'bcrypt comparisons run to verify SCIM bearer tokens.',
      registers,
      collect() {
        this.reset();
        this.inc(hasher.bcryptComparisons);
      },
    });
    new Counter({
      name: 'scim_token_cache_hits_total',
      help: 'SCIM bearer token verifications that skipped bcrypt because the token was verified before.',
      registers,
      collect() {
        this.reset();
        this.inc(tokens.verifiedCacheHits);
      },
    });
    new Counter({
      name: 'rate_limited_requests_total',
      help: 'Requests rejected with 429 by the SCIM (per connection) or admin (per member) rate limit.',
      labelNames: ['scope'],
      registers,
      collect() {
        this.reset();
        this.inc({ scope: 'scim' }, rateLimiter.rejected.scim);
        this.inc({ scope: 'admin' }, rateLimiter.rejected.admin);
      },
    });
    new Gauge({
      name: 'rate_limits_shared',
      help: '1 while rate limits are shared through Redis, 0 while they are kept in this instance.',
      registers,
      collect() {
        this.set(rateLimiter.isShared ? 1 : 0);
      },
    });
    if (config.databaseDialect === 'postgres') this.registerPoolGauges(dataSource);
  }

  /** Records one finished HTTP request. `route` is the route template or UNMATCHED_ROUTE. */
  observeRequest(method: string, route: string, statusCode: number, seconds: number): void {
    this.httpRequests.inc({ method, route, status_code: statusCode });
    this.httpDuration.observe({ method, route }, seconds);
    const resource = SCIM_RESOURCE_ROUTE.exec(route)?.[1];
    if (resource !== undefined) {
      this.scimOperations.inc({
        resource: resource === 'Users' ? 'User' : 'Group',
        outcome: outcomeOf(statusCode),
      });
    }
  }

  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  private registerPoolGauges(dataSource: DataSource): void {
    // TypeORM's PostgresDriver keeps its node-postgres Pool in `master`, which
    // is not part of TypeORM's typed API.
    const pool = (): PgPoolCounts | undefined =>
      (dataSource.driver as unknown as { master?: PgPoolCounts }).master;
    const gauges: [string, string, (counts: PgPoolCounts) => number][] = [
      ['db_pool_total_clients', 'Clients open in the PostgreSQL pool.', (c) => c.totalCount],
      ['db_pool_idle_clients', 'Idle clients in the PostgreSQL pool.', (c) => c.idleCount],
      [
        'db_pool_waiting_clients',
        'Queries waiting for a client of the PostgreSQL pool.',
        (c) => c.waitingCount,
      ],
    ];
    for (const [name, help, read] of gauges) {
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          const counts = pool();
          if (counts !== undefined) this.set(read(counts));
        },
      });
    }
  }
}

function outcomeOf(statusCode: number): ScimOperationOutcome {
  if (statusCode >= 500) return 'server_error';
  if (statusCode >= 400) return 'client_error';
  return 'success';
}
