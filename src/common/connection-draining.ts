import type { FastifyInstance } from 'fastify';

/**
 * Closes each keep-alive connection after its current response once the
 * server is closing. Fastify's close (forceCloseConnections: 'idle') and
 * Node's server.close() destroy only the connections that are idle at that
 * moment. A connection whose request was in flight would otherwise stay
 * open after its response until keepAliveTimeout (72 s in Fastify 5), and
 * server.close() waits for it.
 */
export function registerConnectionDraining(fastify: FastifyInstance): void {
  let closing = false;

  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });

  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });

  // A response whose onSend ran before preClose keeps its connection alive.
  // Once the response is finished, the connection is idle and
  // closeIdleConnections ends it.
  fastify.addHook('onResponse', (_request, _reply, done) => {
    if (closing) fastify.server.closeIdleConnections();
    done();
  });
}
