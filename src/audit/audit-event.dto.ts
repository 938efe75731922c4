import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { AuditEvent } from './audit-event.entity';

export class AuditActorDto {
  @ApiProperty({ enum: ['member', 'scim_token', 'system'] })
  type!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Member id, or SCIM connection id' })
  id!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'SCIM bearer token id, for SCIM writes',
  })
  tokenId!: string | null;
}

export class AuditTargetDto {
  @ApiProperty({ example: 'scim_connection' })
  type!: string;

  @ApiProperty({ type: String, nullable: true })
  id!: string | null;
}

export class AuditEventDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'scim_connection.created' })
  action!: string;

  @ApiProperty({ type: AuditActorDto })
  actor!: AuditActorDto;

  @ApiProperty({ type: AuditTargetDto })
  target!: AuditTargetDto;

  @ApiProperty({ type: Object, nullable: true, description: 'Changed fields; never a secret' })
  changes!: Record<string, unknown> | null;

  @ApiProperty({ type: String, nullable: true })
  requestId!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;

  static from(event: AuditEvent): AuditEventDto {
    return {
      id: event.id,
      action: event.action,
      actor: { type: event.actorType, id: event.actorId, tokenId: event.actorTokenId },
      target: { type: event.targetType, id: event.targetId },
      changes: event.changes,
      requestId: event.requestId,
      createdAt: event.createdAt.toISOString(),
    };
  }
}

export class AuditEventPageDto {
  @ApiProperty({ type: [AuditEventDto] })
  data!: AuditEventDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as cursor to get the next page; null on the last page',
  })
  nextCursor!: string | null;
}

export class ListAuditEventsQueryDto {
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
}
