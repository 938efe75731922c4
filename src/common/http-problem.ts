import { HttpException, HttpStatus } from '@nestjs/common';
import { RateLimitExceededError } from '../rate-limits/rate-limit-exceeded.error';
import { ScimError, ScimType } from '../scim/scim-error';
import { isDatabaseUnavailable } from './database-errors';
import { DomainError, ErrorCode } from './domain-error';

/** Field errors of a request validation failure. */
export interface FieldError {
  field: string;
  messages: string[];
}

/** An error reduced to what both API surfaces need to render it. */
export interface HttpProblem {
  status: number;
  message: string;
  scimType?: ScimType;
  details?: FieldError[];
  /** Seconds for Retry-After. */
  retryAfter?: number;
  /** True for unexpected errors, which are logged and returned as a plain 500. */
  unexpected: boolean;
}

export const DATABASE_RETRY_AFTER_SECONDS = 5;

const UNSUPPORTED_MEDIA_TYPE =
  'Unsupported media type; send Content-Type: application/json or application/scim+json';

/** Exception thrown by the validation pipe, carrying per-field details. */
export class RequestValidationException extends HttpException {
  constructor(readonly details: FieldError[]) {
    super('Request validation failed', HttpStatus.BAD_REQUEST);
  }
}

function statusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.NotFound:
      return 404;
    case ErrorCode.Conflict:
      return 409;
    case ErrorCode.Forbidden:
      return 403;
    case ErrorCode.Unauthorized:
      return 401;
    case ErrorCode.InvalidInput:
      return 400;
    case ErrorCode.DatabaseUnavailable:
      return 503;
  }
}

/** Deepest nesting of arrays and objects accepted in an admin body; the deepest DTO has three levels. */
export const ADMIN_BODY_MAX_DEPTH = 32;

/** Message of each reason for rejecting a request body. */
const REQUEST_BODY_MESSAGES = {
  'invalid-json': 'Request body is not valid JSON',
  'forbidden-key':
    'Request body contains a "__proto__" or "constructor" key, which is not accepted; remove it',
  'unstorable-text':
    'Request body contains U+0000 or an unpaired UTF-16 surrogate, which cannot be stored; remove it',
  'too-deep': `Request body nests arrays or objects more than ${ADMIN_BODY_MAX_DEPTH} levels deep; flatten it`,
  'too-large': 'Request body is too large',
};

/**
 * A body the parser rejected: not JSON, too large, or, on the admin API,
 * containing text or nesting the service does not accept. It has no
 * statusCode property on purpose: Nest would otherwise turn it into a plain
 * HttpException and lose the reason that SCIM needs for scimType.
 */
export class RequestBodyError extends Error {
  constructor(readonly reason: keyof typeof REQUEST_BODY_MESSAGES) {
    super(REQUEST_BODY_MESSAGES[reason]);
    this.name = 'RequestBodyError';
  }
}

/** Errors that Fastify raises before a controller runs, by their code. */
function fromFastifyError(
  error: Error & { code?: string; statusCode?: number },
): HttpProblem | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, message: 'Request body is too large', unexpected: false };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return {
        status: error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 415 : 400,
        message:
          error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
            ? UNSUPPORTED_MEDIA_TYPE
            : 'Content-Length does not match the body',
        unexpected: false,
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return {
        status: 400,
        message: 'Request body is not valid JSON',
        scimType: 'invalidSyntax',
        unexpected: false,
      };
  }
  if (error instanceof SyntaxError && error.statusCode === 400) {
    return {
      status: 400,
      message: 'Request body is not valid JSON',
      scimType: 'invalidSyntax',
      unexpected: false,
    };
  }
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return { status: error.statusCode, message: error.message, unexpected: false };
  }
  return undefined;
}

export function toHttpProblem(exception: unknown): HttpProblem {
  if (exception instanceof ScimError) {
    return {
      status: exception.status,
      message: exception.detail,
      scimType: exception.scimType,
      unexpected: false,
    };
  }
  if (exception instanceof DomainError) {
    const status = statusOf(exception.code);
    return {
      status,
      message: exception.message,
      retryAfter: status === 503 ? DATABASE_RETRY_AFTER_SECONDS : undefined,
      unexpected: false,
    };
  }
  if (exception instanceof RateLimitExceededError) {
    return {
      status: 429,
      message: exception.message,
      retryAfter: exception.retryAfterSeconds,
      unexpected: false,
    };
  }
  if (exception instanceof RequestBodyError) {
    return exception.reason === 'too-large'
      ? { status: 413, message: exception.message, unexpected: false }
      : { status: 400, message: exception.message, scimType: 'invalidSyntax', unexpected: false };
  }
  if (exception instanceof RequestValidationException) {
    return {
      status: 400,
      message: 'Request validation failed',
      details: exception.details,
      unexpected: false,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    // Nest turns Fastify's content-type rejection into a bare HttpException.
    if (status === 415) return { status, message: UNSUPPORTED_MEDIA_TYPE, unexpected: false };
    return { status, message: messageOf(exception), unexpected: status >= 500 && status !== 503 };
  }
  if (isDatabaseUnavailable(exception)) {
    return {
      status: 503,
      message: 'The database is unavailable; retry later',
      retryAfter: DATABASE_RETRY_AFTER_SECONDS,
      unexpected: false,
    };
  }
  if (exception instanceof Error) {
    const fastifyProblem = fromFastifyError(exception);
    if (fastifyProblem) return fastifyProblem;
  }
  return { status: 500, message: 'Internal server error', unexpected: true };
}

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.join('; ');
  return exception.message;
}
