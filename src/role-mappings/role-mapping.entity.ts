import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn } from '../database/portable-columns';
import { Organization } from '../organizations/organization.entity';
import type { AssignableRole } from '../organizations/role';
import { ScimGroup } from '../scim-groups/scim-group.entity';

/** Grants one role to the members of one SCIM group; a group has at most one mapping. */
@Entity('role_mappings')
@Index('IDX_role_mappings_organization', ['organizationId'])
export class RoleMapping {
  @PrimaryColumn({ name: 'group_id', type: 'uuid' })
  groupId!: string;

  @ManyToOne(() => ScimGroup, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'group_id' })
  group?: ScimGroup;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;

  @Column({ type: 'varchar', length: 32 })
  role!: AssignableRole;

  /** The member who saved the mapping set that contains this mapping. */
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;
}
