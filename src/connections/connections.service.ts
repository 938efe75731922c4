import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { runSql } from '../database/raw-sql';
import { TransactionRunner } from '../database/transaction-runner';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { Member } from '../organizations/member.entity';
import { ScimToken } from '../tokens/scim-token.entity';
import { ScimTokenService } from '../tokens/scim-token.service';
import { toConnectionCard } from './connection-card';
import type { ConnectionCardDto, ConnectionWithTokenDto } from './dto/connection.dto';
import type { IdentityProvider } from './identity-provider';
import { ScimConnection } from './scim-connection.entity';

/** The admin who acts, and the request it came with, for the activity log. */
export interface ConnectionActor {
  memberId: string;
  requestId?: string;
}

interface LockedConnection {
  connection: ScimConnection;
  tokens: ScimToken[];
}

/** The SCIM connection lifecycle: create, show, rotate the bearer token, delete. */
@Injectable()
export class ConnectionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tokens: ScimTokenService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly transactions: TransactionRunner,
  ) {}

  async getCard(organizationId: string): Promise<ConnectionCardDto> {
    const { connection, tokens } = await this.loadLive(
      this.dataSource.manager,
      organizationId,
      false,
    );
    return toConnectionCard(connection, tokens, this.config.publicBaseUrl);
  }

  async create(
    organizationId: string,
    identityProvider: IdentityProvider,
    displayName: string | null,
    actor: ConnectionActor,
  ): Promise<ConnectionWithTokenDto> {
    return this.transactions.run(async (manager) => {
      await this.assertNoLiveConnection(manager, organizationId);
      const connection: ScimConnection = {
        id: randomUUID(),
        organizationId,
        identityProvider,
        displayName: displayName === '' ? null : displayName,
        status: 'active',
        createdBy: actor.memberId,
        createdAt: new Date(),
        lastUsedAt: null,
        deletedAt: null,
      };
      // The partial unique index on live connections decides a concurrent create; the loser inserts nothing.
      await manager
        .createQueryBuilder()
        .insert()
        .into(ScimConnection)
        .values(connection)
        .orIgnore()
        .execute();
      await this.assertNoLiveConnection(manager, organizationId, connection.id);

      const issued = await this.tokens.issue(manager, connection, 'current', actor.memberId);
      await this.audit.record(manager, {
        organizationId,
        actor: { type: 'member', id: actor.memberId },
        action: 'scim_connection.created',
        targetType: 'scim_connection',
        targetId: connection.id,
        changes: { identityProvider, displayName: connection.displayName, tokenId: issued.row.id },
        requestId: actor.requestId,
      });
      return {
        ...toConnectionCard(connection, [issued.row], this.config.publicBaseUrl),
        token: issued.token,
      };
    });
  }

  async startRotation(
    organizationId: string,
    actor: ConnectionActor,
  ): Promise<ConnectionWithTokenDto> {
    return this.transactions.run(async (manager) => {
      const { connection, tokens } = await this.loadLive(manager, organizationId, true);
      const pending = tokens.find((token) => token.state === 'pending');
      if (pending) {
        throw DomainError.conflict(
          `A token rotation is already in progress (started ${pending.createdAt.toISOString()}, new token ending in ${pending.lastFour}); complete or cancel it first`,
        );
      }
      const issued = await this.tokens.issue(manager, connection, 'pending', actor.memberId);
      await this.recordConnectionEvent(
        manager,
        connection,
        actor,
        'scim_connection.rotation_started',
        {
          tokenId: issued.row.id,
        },
      );
      return {
        ...toConnectionCard(connection, [...tokens, issued.row], this.config.publicBaseUrl),
        token: issued.token,
      };
    });
  }

  async completeRotation(
    organizationId: string,
    actor: ConnectionActor,
  ): Promise<ConnectionCardDto> {
    return this.transactions.run(async (manager) => {
      const { connection, tokens } = await this.loadLive(manager, organizationId, true);
      const pending = this.requirePending(tokens);
      const current = tokens.filter((token) => token.state === 'current');
      const now = new Date();
      await manager.update(
        ScimToken,
        { id: In(current.map((token) => token.id)), connectionId: connection.id },
        { state: 'revoked', revokedAt: now },
      );
      await manager.update(
        ScimToken,
        { id: pending.id, connectionId: connection.id },
        { state: 'current' },
      );
      await this.recordConnectionEvent(
        manager,
        connection,
        actor,
        'scim_connection.rotation_completed',
        {
          tokenId: pending.id,
          revokedTokenIds: current.map((token) => token.id),
        },
      );
      return toConnectionCard(
        connection,
        [{ ...pending, state: 'current' }],
        this.config.publicBaseUrl,
      );
    });
  }

  async cancelRotation(organizationId: string, actor: ConnectionActor): Promise<ConnectionCardDto> {
    return this.transactions.run(async (manager) => {
      const { connection, tokens } = await this.loadLive(manager, organizationId, true);
      const pending = this.requirePending(tokens);
      await manager.update(
        ScimToken,
        { id: pending.id, connectionId: connection.id },
        { state: 'revoked', revokedAt: new Date() },
      );
      await this.recordConnectionEvent(
        manager,
        connection,
        actor,
        'scim_connection.rotation_cancelled',
        {
          revokedTokenIds: [pending.id],
        },
      );
      const remaining = tokens.filter((token) => token.id !== pending.id);
      return toConnectionCard(connection, remaining, this.config.publicBaseUrl);
    });
  }

  /**
   * Deletes the live connection: its tokens stop working at once, and every
   * member keeps status and role. Roles that came from group mappings
   * become manual so that a later connection does not silently strip them.
   */
  async delete(organizationId: string, actor: ConnectionActor): Promise<void> {
    await this.transactions.run(async (manager) => {
      const { connection, tokens } = await this.loadLive(manager, organizationId, true);
      const now = new Date();
      await manager.update(
        ScimToken,
        { connectionId: connection.id, state: In(['current', 'pending']) },
        { state: 'revoked', revokedAt: now },
      );
      await manager.update(
        ScimConnection,
        { id: connection.id, organizationId },
        { deletedAt: now },
      );
      // Roles from mappings become manual before the mappings go, and nothing is recomputed.
      const converted = await manager.update(
        Member,
        { organizationId, roleSource: 'mapping' },
        { roleSource: 'manual', updatedAt: now },
      );
      // Connections are soft-deleted, so their groups are deleted explicitly; memberships and mappings cascade.
      const groups = await runSql<{ id: string }>(
        manager,
        'DELETE FROM scim_groups WHERE connection_id = $1 RETURNING id',
        [connection.id],
      );
      await this.recordConnectionEvent(manager, connection, actor, 'scim_connection.deleted', {
        revokedTokenIds: tokens.map((token) => token.id),
        mappingRolesMadeManual: converted.affected ?? 0,
        deletedGroups: groups.length,
      });
    });
  }

  private requirePending(tokens: ScimToken[]): ScimToken {
    const pending = tokens.find((token) => token.state === 'pending');
    if (pending === undefined) {
      const current = tokens.find((token) => token.state === 'current');
      throw DomainError.conflict(
        `No token rotation is in progress; the current token ends in ${current?.lastFour ?? '????'}. Start a rotation first`,
      );
    }
    return pending;
  }

  /** Loads the organization's live connection and its live tokens, locking the row on PostgreSQL when asked. */
  private async loadLive(
    manager: EntityManager,
    organizationId: string,
    lock: boolean,
  ): Promise<LockedConnection> {
    const query = manager
      .getRepository(ScimConnection)
      .createQueryBuilder('connection')
      .where('connection.organizationId = :organizationId', { organizationId })
      .andWhere('connection.deletedAt IS NULL');
    if (lock && manager.connection.options.type === 'postgres') query.setLock('pessimistic_write');
    const connection = await query.getOne();
    if (connection === null) throw DomainError.notFound('This organization has no SCIM connection');
    const tokens = await manager.getRepository(ScimToken).find({
      where: {
        connectionId: connection.id,
        state: In(['current', 'pending']),
        revokedAt: IsNull(),
      },
      order: { createdAt: 'ASC' },
    });
    return { connection, tokens };
  }

  private async assertNoLiveConnection(
    manager: EntityManager,
    organizationId: string,
    allowedId?: string,
  ): Promise<void> {
    const live = await manager
      .getRepository(ScimConnection)
      .findOneBy({ organizationId, deletedAt: IsNull() });
    if (live !== null && live.id !== allowedId) {
      throw DomainError.conflict(
        `This organization already has a SCIM connection (${live.id}); delete it before creating another`,
      );
    }
  }

  private recordConnectionEvent(
    manager: EntityManager,
    connection: ScimConnection,
    actor: ConnectionActor,
    action: string,
    changes: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record(manager, {
      organizationId: connection.organizationId,
      actor: { type: 'member', id: actor.memberId },
      action,
      targetType: 'scim_connection',
      targetId: connection.id,
      changes,
      requestId: actor.requestId,
    });
  }
}
