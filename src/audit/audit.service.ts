import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { decodeCursor, encodeCursor, Page } from '../common/pagination';
import { AuditActorType, AuditEvent } from './audit-event.entity';

export interface AuditActor {
  type: AuditActorType;
  id: string | null;
  tokenId?: string | null;
}

export interface AuditEntry {
  organizationId: string;
  actor: AuditActor;
  action: string;
  targetType: string;
  targetId: string | null;
  changes?: Record<string, unknown> | null;
  requestId?: string | null;
}

/**
 * Returns a new event id. Version 7 UUIDs increase with time and, within
 * one millisecond, with each call, so events written in one transaction
 * keep their order under the (createdAt, id) sort of the activity log.
 */
export function newAuditEventId(): string {
  return uuidv7();
}

/** The activity log. Writers pass the EntityManager of their transaction, so the event commits with the change. */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    const event: AuditEvent = {
      id: newAuditEventId(),
      organizationId: entry.organizationId,
      actorType: entry.actor.type,
      actorId: entry.actor.id,
      actorTokenId: entry.actor.tokenId ?? null,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      changes: entry.changes ?? null,
      requestId: entry.requestId ?? null,
      createdAt: new Date(),
    };
    await manager.getRepository(AuditEvent).insert(event as never);
  }

  /** Lists an organization's events newest first. */
  async list(organizationId: string, limit: number, cursor?: string): Promise<Page<AuditEvent>> {
    const query = this.dataSource
      .getRepository(AuditEvent)
      .createQueryBuilder('event')
      .where('event.organizationId = :organizationId', { organizationId })
      .orderBy('event.createdAt', 'DESC')
      .addOrderBy('event.id', 'DESC')
      .take(limit + 1);
    if (cursor !== undefined) {
      const position = decodeCursor(cursor);
      query.andWhere(
        '(event.createdAt < :createdAt OR (event.createdAt = :createdAt AND event.id < :id))',
        { createdAt: position.createdAt, id: position.id },
      );
    }
    const rows = await query.getMany();
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    const nextCursor = rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null;
    return { data, nextCursor };
  }
}
