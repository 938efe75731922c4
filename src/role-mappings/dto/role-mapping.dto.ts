import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ASSIGNABLE_ROLES, ROLES } from '../../organizations/role';
import type { AssignableRole, Role } from '../../organizations/role';

/** Most mappings one request may save; far more than the groups an organization maps in practice. */
export const MAX_MAPPINGS = 1000;

export class RoleMappingEntryDto {
  @ApiProperty({ format: 'uuid', description: 'Id of a group pushed by the identity provider' })
  @IsString()
  @MaxLength(64)
  groupId!: string;

  @ApiProperty({ enum: ASSIGNABLE_ROLES, example: 'it_admin' })
  @IsString()
  @MaxLength(32)
  role!: string;
}

export class SaveRoleMappingsDto {
  @ApiProperty({
    type: [RoleMappingEntryDto],
    description: 'The whole set; it replaces the saved one',
  })
  @IsArray()
  @ArrayMaxSize(MAX_MAPPINGS)
  @ValidateNested({ each: true })
  @Type(() => RoleMappingEntryDto)
  mappings!: RoleMappingEntryDto[];
}

export class RoleMappingDto {
  @ApiProperty({ format: 'uuid' })
  groupId!: string;

  @ApiProperty({ example: 'Engineering' })
  groupDisplayName!: string;

  @ApiProperty({ enum: ASSIGNABLE_ROLES })
  role!: AssignableRole;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  createdBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;
}

export class RoleMappingSetDto {
  @ApiProperty({ type: [RoleMappingDto] })
  mappings!: RoleMappingDto[];
}

export class ScimGroupSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Engineering' })
  displayName!: string;

  @ApiProperty({ type: String, nullable: true })
  externalId!: string | null;

  @ApiProperty({ description: 'Members visible over SCIM' })
  memberCount!: number;

  @ApiProperty({
    enum: ASSIGNABLE_ROLES,
    nullable: true,
    description: 'The role mapped to the group',
  })
  role!: AssignableRole | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;
}

export class ScimGroupListDto {
  @ApiProperty({ type: [ScimGroupSummaryDto] })
  data!: ScimGroupSummaryDto[];
}

export class MappableRoleDto {
  @ApiProperty({ enum: ASSIGNABLE_ROLES })
  id!: AssignableRole;

  @ApiProperty({ example: 'IT Admin' })
  name!: string;

  @ApiProperty({ description: 'Higher ranks win when a member is in several mapped groups' })
  rank!: number;

  @ApiProperty({
    description:
      'Whether the caller may create a mapping to this role: only roles up to their own rank. ' +
      'A mapping to a role above it may be kept in a saved set unchanged, but not added, changed or removed.',
  })
  grantable!: boolean;
}

export class MappableRoleListDto {
  @ApiProperty({ type: [MappableRoleDto] })
  data!: MappableRoleDto[];
}

export class RoleChangePreviewDto {
  @ApiProperty({ format: 'uuid' })
  memberId!: string;

  @ApiProperty()
  userName!: string;

  @ApiProperty({ enum: ROLES })
  oldRole!: Role;

  @ApiProperty({ enum: ROLES })
  newRole!: Role;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description:
      'The group whose mapping gives the new role; null when the member falls back to Member',
  })
  groupId!: string | null;
}

export class RoleMappingPreviewDto {
  @ApiProperty({ type: [RoleChangePreviewDto], description: 'Members whose role would change' })
  changes!: RoleChangePreviewDto[];

  @ApiProperty({
    type: [RoleChangePreviewDto],
    description: 'Demotions that would be refused because they remove the last active Admin',
  })
  refused!: RoleChangePreviewDto[];
}
