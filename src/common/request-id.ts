import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

export const REQUEST_ID_HEADER = 'x-request-id';

/** Client-supplied ids are kept when they are short and printable, so they can be traced end to end. */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Returns the client's X-Request-Id when it is safe to log, otherwise a new UUID. Fastify calls it once per request and sends it back in the X-Request-Id response header. */
export function generateRequestId(request: IncomingMessage): string {
  const header = request.headers[REQUEST_ID_HEADER];
  return typeof header === 'string' && CLIENT_REQUEST_ID.test(header) ? header : randomUUID();
}

/** Returns the id Fastify assigned, which it also stores on the raw request; pino-http calls it. */
export function assignRequestId(request: IncomingMessage): string {
  const existing = (request as IncomingMessage & { id?: unknown }).id;
  return typeof existing === 'string' ? existing : generateRequestId(request);
}

export function requestIdOf(request: FastifyRequest): string | undefined {
  const id = (request.raw as IncomingMessage & { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}

/** Injects the current request id into a controller parameter. */
export const RequestId = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  requestIdOf(context.switchToHttp().getRequest<FastifyRequest>()),
);
