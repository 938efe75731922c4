import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { isUuid } from '../common/uuid';
import { PreparedQuery } from '../database/prepared-query';
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
}

/** A bearer token split into its parts, with the HMAC verifier of its secret. */
export interface PresentedToken {
  tokenId: string;
  secret: string;
  verifier: Buffer;
}

interface TokenLookupRow {
  organization_id: string;
  verifier: string;
  secret_hash: string;
}

/** Upper bound of each token cache; an entry is a token id and its verifier. */
const TOKEN_CACHE_LIMIT = 10000;

/**
 * Issues and verifies SCIM bearer tokens. Accepting a token always reads
 * its row, so a revoked token (deleting a connection revokes its tokens)
 * fails on every instance at once. The in-memory caches only remember each
 * token id's verifier, which never changes, and which tokens already passed
 * bcrypt; neither ever grants access that the row denies.
 */
@Injectable()
export class ScimTokenService {
  /** Verifications that skipped bcrypt because the token already passed it; metrics read it. */
  verifiedCacheHits = 0;

  /** Verifier of each token id seen, so a wrong secret is rejected without a read. */
  private readonly knownVerifiers = new Map<string, Buffer>();
  /** Token ids whose secret passed bcrypt on this instance. */
  private readonly bcryptVerified = new Set<string>();
  private readonly lookup: PreparedQuery<TokenLookupRow>;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly hasher: TokenHasher,
  ) {
    this.lookup = new PreparedQuery(
      dataSource,
      'scim_token_lookup',
      `SELECT organization_id, verifier, secret_hash FROM scim_tokens
        WHERE id = $1 AND connection_id = $2 AND state IN ('current', 'pending')`,
    );
  }

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
      verifier: this.hasher.verifier(secret).toString('hex'),
      lastFour: lastFourOf(token),
      createdBy,
      createdAt: new Date(),
      revokedAt: null,
      lastUsedAt: null,
    };
    await manager.insert(ScimToken, row);
    return { token, row };
  }

  /** Parses a bearer token and computes its verifier, or returns null when it is not in the token format. */
  present(bearerToken: string): PresentedToken | null {
    const parsed = parseBearerToken(bearerToken);
    if (parsed === null) return null;
    return {
      tokenId: parsed.tokenId,
      secret: parsed.secret,
      verifier: this.hasher.verifier(parsed.secret),
    };
  }

  /**
   * Tells, without any I/O, whether a presented token is certainly invalid:
   * it is not in the token format, or its id is known and its secret does
   * not match. A false result proves nothing, because `verify` still decides.
   */
  isCertainlyInvalid(presented: PresentedToken | null): boolean {
    if (presented === null) return true;
    const known = this.knownVerifiers.get(presented.tokenId);
    return known !== undefined && !this.hasher.verifiersEqual(presented.verifier, known);
  }

  /**
   * Returns the token's connection when the presented token is a live token
   * of that connection, otherwise null. bcrypt runs only after the HMAC
   * verifier matched, and once per token per instance.
   */
  async verify(
    presented: PresentedToken | null,
    connectionId: string,
  ): Promise<VerifiedToken | null> {
    if (presented === null || !isUuid(connectionId)) return null;
    const known = this.knownVerifiers.get(presented.tokenId);
    if (known !== undefined && !this.hasher.verifiersEqual(presented.verifier, known)) return null;

    const pending = this.lookup.all([presented.tokenId, connectionId]);
    const rows = Array.isArray(pending) ? pending : await pending;
    const row = rows[0];
    if (row === undefined) return null;
    const stored = known ?? Buffer.from(row.verifier, 'hex');
    if (known === undefined) addBounded(this.knownVerifiers, presented.tokenId, stored);
    if (!this.hasher.verifiersEqual(presented.verifier, stored)) return null;

    if (this.bcryptVerified.has(presented.tokenId)) {
      this.verifiedCacheHits += 1;
    } else {
      if (!(await this.hasher.compareHash(presented.secret, row.secret_hash))) return null;
      addBounded(this.bcryptVerified, presented.tokenId);
    }
    return { tokenId: presented.tokenId, connectionId, organizationId: row.organization_id };
  }
}

/** Adds an entry, dropping the oldest one when the cache is full. */
function addBounded(cache: Map<string, Buffer> | Set<string>, key: string, value?: Buffer): void {
  if (cache.size >= TOKEN_CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  if (cache instanceof Map) cache.set(key, value as Buffer);
  else cache.add(key);
}
