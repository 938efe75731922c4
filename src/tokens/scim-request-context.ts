import type { FastifyRequest } from 'fastify';
import type { PresentedToken } from './scim-token.service';

/** The authenticated SCIM caller: a connection, acting with one of its tokens. */
export interface ScimCaller {
  connectionId: string;
  organizationId: string;
  tokenId: string;
}

/**
 * A request that passed SCIM authentication. SCIM handlers take it with
 * `@Req()` rather than a custom parameter decorator, because Nest runs every
 * custom decorator through the global pipes, which measurably slowed the
 * hot SCIM routes in `npm run bench`.
 */
export type ScimRequest = FastifyRequest & { scimCaller: ScimCaller };

/**
 * A SCIM request after the pre-routing check, which parsed its bearer token
 * and computed the verifier once so the access guard can reuse them.
 */
export type PresentedTokenRequest = FastifyRequest & { presentedScimToken?: PresentedToken | null };
