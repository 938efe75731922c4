import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { IDENTITY_PROVIDER_IDS, IdentityProvider } from '../identity-provider';

export class CreateConnectionDto {
  @ApiProperty({ enum: IDENTITY_PROVIDER_IDS, example: 'okta' })
  @IsIn(IDENTITY_PROVIDER_IDS, {
    message: `identityProvider must be one of: ${IDENTITY_PROVIDER_IDS.join(', ')}`,
  })
  identityProvider!: IdentityProvider;

  @ApiPropertyOptional({ type: String, maxLength: 100, example: 'Okta production', nullable: true })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MaxLength(100)
  displayName?: string | null;
}

export class RotationDto {
  @ApiProperty({ description: 'Always true while a rotation is in progress' })
  pending!: boolean;

  @ApiProperty({ example: 'x9Qa' })
  pendingTokenLastFour!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  startedAt!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'Last SCIM request made with the new token, to the minute; null until the IdP uses it, ' +
      'so admins can see the IdP switched before completing the rotation',
  })
  pendingTokenLastUsedAt!: string | null;
}

/** The SCIM Connection card. It never contains a token, a hash or a verifier. */
export class ConnectionCardDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: ['active'] })
  status!: 'active';

  @ApiProperty({ enum: IDENTITY_PROVIDER_IDS })
  identityProvider!: IdentityProvider;

  @ApiProperty({ type: String, nullable: true })
  displayName!: string | null;

  @ApiProperty({
    example: 'https://strada.example.com/scim/v2/3f0c…',
    description: 'Paste into the IdP',
  })
  baseUrl!: string;

  @ApiProperty({ example: 'a1B2', description: 'Last four characters of the current bearer token' })
  tokenLastFour!: string;

  @ApiProperty({ type: RotationDto, nullable: true })
  rotation!: RotationDto | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Member who created the connection',
  })
  createdBy!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Last SCIM request, to the minute',
  })
  lastUsedAt!: string | null;
}

/** The card plus the plaintext bearer token, returned once. */
export class ConnectionWithTokenDto extends ConnectionCardDto {
  @ApiProperty({ description: 'The bearer token; it cannot be retrieved again' })
  token!: string;
}

export class IdentityProviderDto {
  @ApiProperty({ enum: IDENTITY_PROVIDER_IDS })
  id!: IdentityProvider;

  @ApiProperty({ example: 'Okta' })
  displayName!: string;
}
