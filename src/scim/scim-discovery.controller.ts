import { Controller, Get, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ScimAccess } from '../auth/access.decorator';
import { AppConfig } from '../config/app-config';
import { scimBaseUrl } from '../connections/connection-card';
import { CurrentScimCaller, ScimCaller } from '../tokens/scim-request-context';
import {
  buildServiceProviderConfig,
  ServiceProviderConfig,
} from './schema/service-provider-config';
import { ScimMediaTypeInterceptor } from './scim-media-type.interceptor';

/** SCIM discovery endpoints (RFC 7644 section 4); every one requires the connection's bearer token. */
@ApiExcludeController()
@Controller('scim/v2/:connectionId')
@ScimAccess()
@UseInterceptors(ScimMediaTypeInterceptor)
export class ScimDiscoveryController {
  constructor(private readonly config: AppConfig) {}

  @Get('ServiceProviderConfig')
  serviceProviderConfig(@CurrentScimCaller() caller: ScimCaller): ServiceProviderConfig {
    return buildServiceProviderConfig({
      baseUrl: scimBaseUrl(this.config.publicBaseUrl, caller.connectionId),
      maxResults: this.config.scimMaxResults,
    });
  }
}
