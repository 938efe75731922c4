import { Logger } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { REQUEST_ID_HEADER } from '../common/request-id';
import { SCIM_ERROR_SCHEMA } from '../scim/scim-error';
import { SCIM_CONTENT_TYPE } from '../scim/scim-media-type';
import { extractBearerToken, SCIM_UNAUTHORIZED_DETAIL } from './scim-bearer.authenticator';
import type { PresentedTokenRequest } from './scim-request-context';
import type { ScimTokenService } from './scim-token.service';

const UNAUTHORIZED_BODY = JSON.stringify({
  schemas: [SCIM_ERROR_SCHEMA],
  status: '401',
  detail: SCIM_UNAUTHORIZED_DETAIL,
});

/** Minimum time between two log lines about one kind of rejected token, in milliseconds. */
const REJECTION_LOG_INTERVAL_MS = 60_000;
/** Upper bound of the token ids whose rejections are tracked for logging. */
const REJECTION_LOG_KEYS = 10_000;
/** Key of requests whose bearer token is missing or not in the token format. */
const MALFORMED_KEY = '';

/**
 * Logs rejected SCIM tokens: one line at first, then at most one a minute
 * with the count of rejections in between. Lines are kept per known token
 * id, and all missing or malformed tokens share one, so random URLs or
 * tokens cannot flood the log.
 */
class RejectionLog {
  private readonly logger = new Logger('ScimAuthentication');
  /** When each key was last logged, and how many rejections followed without a line. */
  private readonly entries = new Map<string, { loggedAt: number; unlogged: number }>();

  record(request: FastifyRequest, tokenId: string | null): void {
    const key = tokenId ?? MALFORMED_KEY;
    const now = Date.now();
    const entry = this.entries.get(key);
    if (entry !== undefined && now - entry.loggedAt < REJECTION_LOG_INTERVAL_MS) {
      entry.unlogged += 1;
      return;
    }
    if (entry === undefined && this.entries.size >= REJECTION_LOG_KEYS) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.delete(key);
    this.entries.set(key, { loggedAt: now, unlogged: 0 });
    const connectionId = (request.params as Record<string, string | undefined> | undefined)
      ?.connectionId;
    this.logger.warn(
      {
        requestId: request.id,
        connectionId,
        tokenId,
        rejectedSincePreviousLine: entry?.unlogged ?? 0,
      },
      tokenId === null
        ? 'Rejected a SCIM request: the bearer token is missing or not in the strada_scim_ format'
        : 'Rejected a SCIM request: the bearer token has a known token id but a wrong secret',
    );
  }
}

/**
 * Rejects SCIM requests whose bearer token is provably invalid (missing,
 * malformed, or a known token id with a wrong secret) with 401 before
 * routing, so a flood of forged tokens costs a hash and no database read or
 * framework work. Every other request goes on to the access guard, which
 * verifies the token fully.
 *
 * The hook is registered on the adapter before Nest creates the
 * application, so it runs ahead of Nest's middleware (the request logger).
 * The token service is bound once the application exists. Until then, and
 * for non-SCIM URLs, requests pass through.
 */
export function registerScimFastReject(fastify: FastifyInstance): {
  bind(tokens: ScimTokenService): void;
} {
  let tokens: ScimTokenService | undefined;
  const rejections = new RejectionLog();
  fastify.addHook(
    'onRequest',
    (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => {
      if (tokens === undefined || !request.url.startsWith('/scim/')) {
        done();
        return;
      }
      const token = extractBearerToken(request.headers.authorization);
      const presented = token === null ? null : tokens.present(token);
      if (!tokens.isCertainlyInvalid(presented)) {
        (request as PresentedTokenRequest).presentedScimToken = presented;
        done();
        return;
      }
      rejections.record(request, presented?.tokenId ?? null);
      void reply
        .code(401)
        .header(REQUEST_ID_HEADER, request.id)
        .header('www-authenticate', 'Bearer')
        .header('content-type', SCIM_CONTENT_TYPE)
        .send(UNAUTHORIZED_BODY);
    },
  );
  return {
    bind(service: ScimTokenService) {
      tokens = service;
    },
  };
}
