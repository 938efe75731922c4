import { ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ScimAuthenticator } from '../auth/scim-authenticator';
import { ScimConnection } from '../connections/scim-connection.entity';
import { ScimToken } from './scim-token.entity';
import { ScimError } from '../scim/scim-error';
import { PresentedTokenRequest, ScimCaller } from './scim-request-context';
import { ScimTokenService } from './scim-token.service';

/** Minimum time between two lastUsedAt writes for one token or connection, in milliseconds, on each instance and in the database. */
const LAST_USED_WRITE_INTERVAL_MS = 60_000;

/**
 * Authenticates /scim/v2/{connectionId}/* requests with the connection's
 * bearer token. Every failure (missing, malformed, unknown, revoked or
 * foreign token, unknown or deleted connection) is the same 401, so a
 * caller learns nothing about which part was wrong.
 */
@Injectable()
export class ScimBearerAuthenticator extends ScimAuthenticator {
  private readonly logger = new Logger(ScimBearerAuthenticator.name);
  /** When this instance last wrote each token's (and its connection's) lastUsedAt, in epoch milliseconds. */
  private readonly lastRecordedUse = new Map<string, number>();

  constructor(
    private readonly tokens: ScimTokenService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    super();
  }

  async authenticate(context: ExecutionContext): Promise<boolean> {
    const request = context
      .switchToHttp()
      .getRequest<PresentedTokenRequest & { scimCaller?: ScimCaller }>();
    const connectionId = (request.params as Record<string, string | undefined>).connectionId ?? '';
    let presented = request.presentedScimToken;
    if (presented === undefined) {
      const bearerToken = extractBearerToken(request.headers.authorization);
      presented = bearerToken === null ? null : this.tokens.present(bearerToken);
    }

    const verified = await this.tokens.verify(presented, connectionId);
    if (verified === null) throw unauthorized();

    request.scimCaller = {
      connectionId: verified.connectionId,
      organizationId: verified.organizationId,
      tokenId: verified.tokenId,
    };
    const now = Date.now();
    if (now - (this.lastRecordedUse.get(verified.tokenId) ?? 0) >= LAST_USED_WRITE_INTERVAL_MS) {
      this.lastRecordedUse.set(verified.tokenId, now);
      this.recordUse(verified.connectionId, verified.tokenId);
    }
    return true;
  }

  /**
   * Updates the connection's and the token's lastUsedAt without delaying the
   * request; the conditions keep it to one write a minute across instances too.
   */
  private recordUse(connectionId: string, tokenId: string): void {
    const now = new Date();
    const threshold = new Date(now.getTime() - LAST_USED_WRITE_INTERVAL_MS);
    const update = (entity: typeof ScimConnection | typeof ScimToken, id: string) =>
      this.dataSource
        .createQueryBuilder()
        .update(entity)
        .set({ lastUsedAt: now })
        .where('id = :id', { id })
        .andWhere('(last_used_at IS NULL OR last_used_at < :threshold)', { threshold })
        .execute();
    Promise.all([update(ScimConnection, connectionId), update(ScimToken, tokenId)]).catch(
      (error: unknown) =>
        this.logger.warn({ err: error, connectionId, tokenId }, 'Failed to record SCIM token use'),
    );
  }
}

export const SCIM_UNAUTHORIZED_DETAIL =
  'The bearer token is missing, invalid or revoked for this SCIM connection';

export function extractBearerToken(header: string | undefined): string | null {
  if (header === undefined) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match === null ? null : match[1];
}

function unauthorized(): ScimError {
  return new ScimError(401, SCIM_UNAUTHORIZED_DETAIL);
}
