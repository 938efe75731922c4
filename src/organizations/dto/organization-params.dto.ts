import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class OrganizationParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'organizationId must be a UUID' })
  organizationId!: string;
}

export class MemberParamsDto extends OrganizationParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'memberId must be a UUID' })
  memberId!: string;
}
