import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { isUuid } from '../common/uuid';
import { parseDatabaseTimestamp } from '../database/timestamps';
import { generateBearerToken, lastFourOf, parseBearerToken } from './bearer-token-format';
import { ScimToken, ScimTokenState } from './scim-token.entity';
import { TokenHasher } from './token-hasher';

export interface IssuedToken {
  token: string;
  row: ScimToken;
}

export interface VerifiedToken {
  tokenId: string;
  connectionId: string;
  organizationId: string;
  lastUsedAt: Date | null;
}

interface TokenLookupRow {
  id: string;
  connection_id: string;
  organization_id: string;
  verifier: string;
  secret_hash: string;
  last_used_at: string | Date | null;
}

/** Upper bound of the verified-token cache; entries are a token id and its verifier. */
const VERIFIED_CACHE_LIMIT = 10000;

/**
 * Issues and verifies SCIM bearer tokens. Verification reads the token row
 * on every request, so revocation applies at once on every instance; the
 * in-memory cache only remembers which (token id, verifier) pairs already
 * passed bcrypt, and never grants access that the row denies.
 */
@Injectable()
export class ScimTokenService {
  private readonly verified = new Map<string, string>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: TokenHasher,
  ) {}

  async issue(
    manager: EntityManager,
    connection: { id: string; organizationId: string },
    state: Extract<ScimTokenState, 'current' | 'pending'>,
    createdBy: string | null,
  ): Promise<IssuedToken> {
    const { token, tokenId, secret } = generateBearerToken();
    const row: ScimToken = {
      id: tokenId,
      connectionId: connection.id,
      organizationId: connection.organizationId,
      state,
      secretHash: await this.hasher.hash(secret),
      verifier: this.hasher.verifier(secret),
      lastFour: lastFourOf(token),
      createdBy,
      createdAt: new Date(),
      revokedAt: null,
    };
    await manager.insert(ScimToken, row);
    return { token, row };
  }

  /**
   * Returns the token's connection when the bearer token is a live token of
   * that connection, otherwise null. bcrypt runs only after the HMAC
   * verifier matched, and once per token per instance.
   */
  async verify(bearerToken: string, connectionId: string): Promise<VerifiedToken | null> {
    const parsed = parseBearerToken(bearerToken);
    if (parsed === null || !isUuid(connectionId)) return null;

    const row = await this.findLiveToken(parsed.tokenId, connectionId);
    if (row === undefined) return null;
    if (!this.hasher.matchesVerifier(parsed.secret, row.verifier)) return null;

    if (this.verified.get(row.id) !== row.verifier) {
      if (!(await this.hasher.compareHash(parsed.secret, row.secret_hash))) return null;
      this.remember(row.id, row.verifier);
    }
    return {
      tokenId: row.id,
      connectionId: row.connection_id,
      organizationId: row.organization_id,
      lastUsedAt: parseDatabaseTimestamp(row.last_used_at),
    };
  }

  private async findLiveToken(
    tokenId: string,
    connectionId: string,
  ): Promise<TokenLookupRow | undefined> {
    const placeholders = this.dataSource.options.type === 'postgres' ? ['$1', '$2'] : ['?', '?'];
    const rows: TokenLookupRow[] = await this.dataSource.query(
      `SELECT t.id, t.connection_id, t.organization_id, t.verifier, t.secret_hash, c.last_used_at
         FROM scim_tokens t
         JOIN scim_connections c ON c.id = t.connection_id
        WHERE t.id = ${placeholders[0]} AND t.connection_id = ${placeholders[1]}
          AND t.state IN ('current', 'pending') AND c.deleted_at IS NULL`,
      [tokenId, connectionId],
    );
    return rows[0];
  }

  private remember(tokenId: string, verifier: string): void {
    if (this.verified.size >= VERIFIED_CACHE_LIMIT) {
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.set(tokenId, verifier);
  }
}
