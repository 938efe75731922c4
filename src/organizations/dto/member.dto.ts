import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ROLES } from '../role';
import type { ManagedBy, MemberStatus, Role, RoleSource } from '../role';
import type { Member } from '../member.entity';

export class MemberDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'ada@example.com' })
  email!: string;

  @ApiProperty({ example: 'ada@example.com' })
  userName!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Ada Lovelace' })
  displayName!: string | null;

  @ApiProperty({ enum: ['active', 'deactivated'] })
  status!: MemberStatus;

  @ApiProperty({ enum: ROLES })
  role!: Role;

  @ApiProperty({ enum: ['manual', 'mapping'], description: 'Where the current role came from' })
  roleSource!: RoleSource;

  @ApiProperty({ enum: ['manual', 'scim'] })
  managedBy!: ManagedBy;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: string;

  static from(member: Member): MemberDto {
    return {
      id: member.id,
      email: member.email,
      userName: member.userName,
      displayName: member.displayName,
      status: member.status,
      role: member.role,
      roleSource: member.roleSource,
      managedBy: member.managedBy,
      createdAt: member.createdAt.toISOString(),
      updatedAt: member.updatedAt.toISOString(),
    };
  }
}

export class MemberPageDto {
  @ApiProperty({ type: [MemberDto] })
  data!: MemberDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as cursor to get the next page; null on the last page',
  })
  nextCursor!: string | null;
}

export class ListMembersQueryDto {
  @ApiProperty({ required: false, type: 'integer', minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Transform(({ value }) =>
    typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value,
  )
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiProperty({ required: false, description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;

  @ApiProperty({ required: false, enum: ['active', 'deactivated'] })
  @IsOptional()
  @IsIn(['active', 'deactivated'])
  status?: MemberStatus;

  @ApiProperty({ required: false, enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiProperty({ required: false, enum: ['manual', 'scim'] })
  @IsOptional()
  @IsIn(['manual', 'scim'])
  managedBy?: ManagedBy;
}

export class UpdateMemberRoleDto {
  @ApiProperty({
    enum: ROLES,
    description: 'Never strada_admin, never above the caller’s own role',
  })
  @IsIn(ROLES, { message: `role must be one of: ${ROLES.join(', ')}` })
  role!: Role;
}
