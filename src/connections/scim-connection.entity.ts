import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn, TimestampColumn } from '../database/portable-columns';
import { Organization } from '../organizations/organization.entity';
import type { IdentityProvider } from './identity-provider';

export type ConnectionStatus = 'active';

/**
 * An organization's SCIM connection. A deleted connection keeps its row
 * with deleted_at set. The partial unique index on organization_id where
 * deleted_at is null (in the migrations) allows one live connection per
 * organization.
 */
@Entity('scim_connections')
@Index('IDX_scim_connections_live_organization', { synchronize: false })
export class ScimConnection {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;

  @Column({ name: 'identity_provider', type: 'varchar', length: 32 })
  identityProvider!: IdentityProvider;

  @Column({ name: 'display_name', type: 'varchar', length: 100, nullable: true })
  displayName!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: ConnectionStatus;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @TimestampColumn({ name: 'last_used_at', nullable: true })
  lastUsedAt!: Date | null;

  @TimestampColumn({ name: 'deleted_at', nullable: true })
  deletedAt!: Date | null;
}
