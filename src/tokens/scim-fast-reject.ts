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
