import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Observable } from 'rxjs';

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

/** Sends SCIM responses as application/scim+json (RFC 7644 section 3.1). */
@Injectable()
export class ScimMediaTypeInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    void context
      .switchToHttp()
      .getResponse<FastifyReply>()
      .header('content-type', SCIM_CONTENT_TYPE);
    return next.handle();
  }
}
