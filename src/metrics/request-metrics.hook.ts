import type { FastifyInstance } from 'fastify';
import { MetricsService, UNMATCHED_ROUTE } from './metrics.service';

/**
 * Records every response in the HTTP metrics from a Fastify onResponse hook
 * rather than a Nest interceptor, which would wrap every request, including
 * the SCIM hot path, in an extra async resource. The route label is Fastify's
 * route template, never the URL.
 */
export function registerRequestMetrics(fastify: FastifyInstance, metrics: MetricsService): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}
