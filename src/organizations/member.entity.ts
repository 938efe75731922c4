import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn, TimestampColumn, UpdatedAtColumn } from '../database/portable-columns';
import { Organization } from './organization.entity';
import type { ManagedBy, MemberStatus, Role, RoleSource } from './role';

/**
 * An organization member. userName is unique per organization,
 * case-insensitively, through an expression index on lower(user_name).
 * That index and the partial index of members visible over SCIM
 * (scim_deleted_at is null, in list order) live in the migrations. They are
 * declared here with synchronize false so schema comparison keeps them.
 */
@Entity('members')
@Index('IDX_members_organization_user_name', { synchronize: false })
@Index('IDX_members_scim_visible', { synchronize: false })
@Index('IDX_members_organization_created', ['organizationId', 'createdAt', 'id'])
@Index('IDX_members_organization_external_id', ['organizationId', 'externalId'])
export class Member {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;

  @Column({ type: 'varchar', length: 320 })
  email!: string;

  @Column({ name: 'user_name', type: 'varchar', length: 320 })
  userName!: string;

  @Column({ name: 'display_name', type: 'varchar', length: 256, nullable: true })
  displayName!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: MemberStatus;

  @Column({ type: 'varchar', length: 32 })
  role!: Role;

  @Column({ name: 'role_source', type: 'varchar', length: 16 })
  roleSource!: RoleSource;

  @Column({ name: 'managed_by', type: 'varchar', length: 16 })
  managedBy!: ManagedBy;

  /** SCIM externalId: the identity provider's own id for the user. */
  @Column({ name: 'external_id', type: 'varchar', length: 512, nullable: true })
  externalId!: string | null;

  /**
   * The SCIM attributes the identity provider sent that have no column of
   * their own (name, emails, the enterprise extension, ...), as JSON text.
   */
  @Column({ name: 'scim_attributes', type: 'text', nullable: true })
  scimAttributes!: string | null;

  /** Version of the SCIM resource, sent as the weak ETag W/"<version>"; every change increments it. */
  @Column({ name: 'scim_version', type: 'integer', default: 1 })
  scimVersion!: number;

  /** Set when a SCIM DELETE removed the member from SCIM; Strada keeps the member. */
  @TimestampColumn({ name: 'scim_deleted_at', nullable: true })
  scimDeletedAt!: Date | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
