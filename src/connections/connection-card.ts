import type { ScimToken } from '../tokens/scim-token.entity';
import type { ConnectionCardDto } from './dto/connection.dto';
import type { ScimConnection } from './scim-connection.entity';

export function scimBaseUrl(publicBaseUrl: string, connectionId: string): string {
  return `${publicBaseUrl}/scim/v2/${connectionId}`;
}

/** Builds the card from the connection and its live tokens (one current, at most one pending). */
export function toConnectionCard(
  connection: ScimConnection,
  tokens: ScimToken[],
  publicBaseUrl: string,
): ConnectionCardDto {
  const current = tokens.find((token) => token.state === 'current');
  const pending = tokens.find((token) => token.state === 'pending');
  return {
    id: connection.id,
    status: connection.status,
    identityProvider: connection.identityProvider,
    displayName: connection.displayName,
    baseUrl: scimBaseUrl(publicBaseUrl, connection.id),
    tokenLastFour: current?.lastFour ?? '',
    rotation: pending
      ? {
          pending: true,
          pendingTokenLastFour: pending.lastFour,
          startedAt: pending.createdAt.toISOString(),
          pendingTokenLastUsedAt: pending.lastUsedAt ? pending.lastUsedAt.toISOString() : null,
        }
      : null,
    createdAt: connection.createdAt.toISOString(),
    createdBy: connection.createdBy,
    lastUsedAt: connection.lastUsedAt ? connection.lastUsedAt.toISOString() : null,
  };
}
