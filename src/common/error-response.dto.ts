import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'role' })
  field!: string;

  @ApiProperty({
    type: [String],
    example: ['role must be one of: admin, it_admin, executive, member'],
  })
  messages!: string[];
}

/** The admin API's error body. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({ example: 'Request validation failed' })
  message!: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Per-field validation errors' })
  details?: FieldErrorDto[];
}
