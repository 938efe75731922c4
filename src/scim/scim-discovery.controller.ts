import { Controller, Get, Req } from '@nestjs/common';
import { ApiExcludeController, ApiOkResponse } from '@nestjs/swagger';
import { ScimAccess } from '../auth/access.decorator';
import { AppConfig } from '../config/app-config';
import { scimBaseUrl } from '../connections/connection-card';
import type { ScimRequest } from '../tokens/scim-request-context';
import { buildServiceProviderConfig } from './schema/service-provider-config';

const MAX_CACHED_DOCUMENTS = 10000;

/** SCIM discovery endpoints (RFC 7644 section 4); every one requires the connection's bearer token. */
@ApiExcludeController()
@Controller('scim/v2/:connectionId')
@ScimAccess()
export class ScimDiscoveryController {
  /** Serialized documents per connection id; they depend only on the connection id and the configuration. */
  private readonly serviceProviderConfigs = new Map<string, string>();

  constructor(private readonly config: AppConfig) {}

  @Get('ServiceProviderConfig')
  @ApiOkResponse({ description: 'RFC 7643 section 5 ServiceProviderConfig' })
  serviceProviderConfig(@Req() request: ScimRequest): string {
    const connectionId = request.scimCaller.connectionId;
    let document = this.serviceProviderConfigs.get(connectionId);
    if (document === undefined) {
      document = JSON.stringify(
        buildServiceProviderConfig({
          baseUrl: scimBaseUrl(this.config.publicBaseUrl, connectionId),
          maxResults: this.config.scimMaxResults,
        }),
      );
      if (this.serviceProviderConfigs.size >= MAX_CACHED_DOCUMENTS)
        this.serviceProviderConfigs.clear();
      this.serviceProviderConfigs.set(connectionId, document);
    }
    return document;
  }
}
