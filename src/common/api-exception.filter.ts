import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { SCIM_ERROR_SCHEMA } from '../scim/scim-error';
import { HttpProblem, toHttpProblem } from './http-problem';
import { requestIdOf } from './request-id';

export const SCIM_PATH_PREFIX = '/scim/';
export const SCIM_MEDIA_TYPE = 'application/scim+json';

/**
 * Renders every error in the format of the API surface it happened on:
 * RFC 7644 section 3.12 bodies on /scim/ routes, `{statusCode, error,
 * message}` on the admin API. Unexpected errors are logged once with the
 * request id and returned as a plain 500.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<FastifyRequest>();
    const reply = context.getResponse<FastifyReply>();
    sendProblem(request, reply, toHttpProblem(exception), exception, this.logger);
  }
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  problem: HttpProblem,
  exception: unknown,
  logger: Logger,
): void {
  const requestId = requestIdOf(request);
  if (problem.unexpected) {
    logger.error(
      { err: exception, requestId, method: request.method, url: request.url },
      'Unexpected error',
    );
  } else if (problem.status === 503) {
    logger.warn({ requestId, err: exception }, 'Database unavailable');
  }
  if (problem.retryAfter !== undefined)
    void reply.header('retry-after', String(problem.retryAfter));
  if (problem.status === 401) void reply.header('www-authenticate', 'Bearer');
  if (isScimRequest(request)) {
    sendScimProblem(reply, problem);
  } else {
    sendAdminProblem(reply, problem);
  }
}

export function isScimRequest(request: FastifyRequest): boolean {
  return request.url.startsWith(SCIM_PATH_PREFIX);
}

function sendScimProblem(reply: FastifyReply, problem: HttpProblem): void {
  const body: Record<string, unknown> = {
    schemas: [SCIM_ERROR_SCHEMA],
    status: String(problem.status),
    detail: problem.message,
  };
  if (problem.scimType !== undefined) body.scimType = problem.scimType;
  void reply
    .status(problem.status)
    .header('content-type', `${SCIM_MEDIA_TYPE}; charset=utf-8`)
    .send(body);
}

function sendAdminProblem(reply: FastifyReply, problem: HttpProblem): void {
  const body: Record<string, unknown> = {
    statusCode: problem.status,
    error: STATUS_CODES[problem.status] ?? 'Error',
    message: problem.message,
  };
  if (problem.details !== undefined) body.details = problem.details;
  void reply
    .status(problem.status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(body);
}
