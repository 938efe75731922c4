import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedAccess } from '../auth/access.decorator';
import { IdentityProviderDto } from './dto/connection.dto';
import { IDENTITY_PROVIDERS } from './identity-provider';

@ApiTags('scim-connection')
@Controller('api/v1/identity-providers')
export class IdentityProvidersController {
  /** Lists the identity providers for the connection picker. */
  @Get()
  @AuthenticatedAccess()
  @ApiOkResponse({ type: [IdentityProviderDto] })
  list(): IdentityProviderDto[] {
    return IDENTITY_PROVIDERS.map((provider) => ({
      id: provider.id,
      displayName: provider.displayName,
    }));
  }
}
