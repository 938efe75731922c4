import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn } from '../database/portable-columns';

export type AuditActorType = 'member' | 'scim_token' | 'system';

/** One entry of an organization's activity log. Never contains a secret. */
@Entity('audit_events')
@Index('IDX_audit_events_organization_created', ['organizationId', 'createdAt', 'id'])
export class AuditEvent {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @Column({ name: 'actor_type', type: 'varchar', length: 16 })
  actorType!: AuditActorType;

  /** Member id, or SCIM connection id for SCIM writes, or null for the system. */
  @Column({ name: 'actor_id', type: 'varchar', length: 64, nullable: true })
  actorId!: string | null;

  /** SCIM bearer token id for SCIM writes. */
  @Column({ name: 'actor_token_id', type: 'varchar', length: 64, nullable: true })
  actorTokenId!: string | null;

  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ name: 'target_type', type: 'varchar', length: 32 })
  targetType!: string;

  @Column({ name: 'target_id', type: 'varchar', length: 64, nullable: true })
  targetId!: string | null;

  /** Changed fields and their old and new values, as JSON text. */
  @Column({ type: 'simple-json', nullable: true })
  changes!: Record<string, unknown> | null;

  @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true })
  requestId!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;
}
