import { All, Controller, Get, Param, Req } from '@nestjs/common';
import { ApiExcludeController, ApiOkResponse } from '@nestjs/swagger';
import { ScimAccess } from '../auth/access.decorator';
import { AppConfig } from '../config/app-config';
import { scimBaseUrl } from '../connections/connection-card';
import type { ScimRequest } from '../tokens/scim-request-context';
import { buildListResponse } from './list-response';
import {
  buildResourceTypes,
  findResourceType,
  ResourceTypeRepresentation,
} from './schema/resource-types';
import {
  buildSchemaRepresentations,
  findSchemaRepresentation,
  SchemaRepresentation,
} from './schema/schema-representations';
import {
  ENTERPRISE_USER_SCHEMA_URN,
  GROUP_SCHEMA_URN,
  USER_SCHEMA_URN,
} from './schema/schema-urns';
import { buildServiceProviderConfig } from './schema/service-provider-config';
import { ScimError } from './scim-error';

const MAX_CACHED_DOCUMENTS = 10000;

/** Discovery lists only what this service serves. */
const IMPLEMENTED_RESOURCE_TYPES = new Set(['User', 'Group']);
const IMPLEMENTED_SCHEMAS = new Set([
  USER_SCHEMA_URN,
  ENTERPRISE_USER_SCHEMA_URN,
  GROUP_SCHEMA_URN,
]);

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

  @Get('ResourceTypes')
  resourceTypes(@Req() request: ScimRequest): Record<string, unknown> {
    rejectFilter(request);
    const resources = buildResourceTypes(this.baseUrl(request)).filter((type) =>
      IMPLEMENTED_RESOURCE_TYPES.has(type.id),
    );
    return buildListResponse(
      resources as unknown as Record<string, unknown>[],
      resources.length,
      1,
    );
  }

  @Get('ResourceTypes/:id')
  resourceType(@Req() request: ScimRequest, @Param('id') id: string): ResourceTypeRepresentation {
    const resource = findResourceType(this.baseUrl(request), id);
    if (resource === undefined || !IMPLEMENTED_RESOURCE_TYPES.has(resource.id)) {
      throw ScimError.notFound(`ResourceType ${id} not found`);
    }
    return resource;
  }

  @Get('Schemas')
  schemas(@Req() request: ScimRequest): Record<string, unknown> {
    rejectFilter(request);
    const resources = buildSchemaRepresentations(this.baseUrl(request)).filter((schema) =>
      IMPLEMENTED_SCHEMAS.has(schema.id),
    );
    return buildListResponse(
      resources as unknown as Record<string, unknown>[],
      resources.length,
      1,
    );
  }

  @Get('Schemas/:id')
  schema(@Req() request: ScimRequest, @Param('id') id: string): SchemaRepresentation {
    const schema = findSchemaRepresentation(this.baseUrl(request), id);
    if (schema === undefined || !IMPLEMENTED_SCHEMAS.has(schema.id))
      throw ScimError.notFound(`Schema ${id} not found`);
    return schema;
  }

  /** Rejects every /Me request with 501, as RFC 7644 section 3.11 recommends for a service provider without /Me. */
  @All(['Me', 'Me/*'])
  me(): never {
    throw new ScimError(
      501,
      'This service does not implement /Me; a SCIM connection acts for an organization, not for one user.',
    );
  }

  private baseUrl(request: ScimRequest): string {
    return scimBaseUrl(this.config.publicBaseUrl, request.scimCaller.connectionId);
  }
}

/**
 * Rejects a filter on /ResourceTypes and /Schemas with 403, as RFC 7644
 * section 4 recommends, so a client cannot take the full list it would
 * otherwise get for the matches of its filter.
 */
function rejectFilter(request: ScimRequest): void {
  const filter = (request.query as Record<string, unknown> | undefined)?.filter;
  if (filter !== undefined) {
    throw new ScimError(
      403,
      '/ResourceTypes and /Schemas do not support filter. Request the full list without it.',
    );
  }
}
