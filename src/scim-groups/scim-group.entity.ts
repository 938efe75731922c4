import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ScimConnection } from '../connections/scim-connection.entity';
import { CreatedAtColumn, UpdatedAtColumn } from '../database/portable-columns';
import { Organization } from '../organizations/organization.entity';

/**
 * A group pushed by a connection's identity provider. displayName is unique
 * per connection, case-insensitively: the expression index on
 * (connection_id, lower(display_name)) lives in the migrations and is
 * declared here with synchronize false so that schema comparison keeps it.
 */
@Entity('scim_groups')
@Index('IDX_scim_groups_connection_display_name', { synchronize: false })
@Index('IDX_scim_groups_connection_created', ['connectionId', 'createdAt', 'id'])
@Index('IDX_scim_groups_organization', ['organizationId'])
export class ScimGroup {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'connection_id', type: 'uuid' })
  connectionId!: string;

  @ManyToOne(() => ScimConnection, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'connection_id' })
  connection?: ScimConnection;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;

  @Column({ name: 'display_name', type: 'varchar', length: 256 })
  displayName!: string;

  /** SCIM externalId: the identity provider's own id for the group. */
  @Column({ name: 'external_id', type: 'varchar', length: 512, nullable: true })
  externalId!: string | null;

  /** Version of the SCIM resource, sent as the weak ETag W/"<version>"; every change increments it. */
  @Column({ name: 'scim_version', type: 'integer', default: 1 })
  scimVersion!: number;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
