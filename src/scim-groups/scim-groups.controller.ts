import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ScimAccess } from '../auth/access.decorator';
import { requestIdOf } from '../common/request-id';
import { AppConfig } from '../config/app-config';
import { formatEtag } from '../scim/etag';
import { buildListResponse } from '../scim/list-response';
import { parseListQuery, RawListParameters } from '../scim/list-query';
import {
  replyNotModified,
  replyWithWritten,
  searchRequestParameters,
} from '../scim/resource-reply';
import type { ScimRequest } from '../tokens/scim-request-context';
import { ScimGroupsService } from './scim-groups.service';

type JsonObject = Record<string, unknown>;

/** The /Groups resource of RFC 7644, scoped to the connection. */
@ApiExcludeController()
@Controller('scim/v2/:connectionId')
@ScimAccess()
export class ScimGroupsController {
  constructor(
    private readonly groups: ScimGroupsService,
    private readonly config: AppConfig,
  ) {}

  @Get('Groups')
  list(@Req() request: ScimRequest, @Query() query: RawListParameters): Promise<JsonObject> {
    return this.search(request, query);
  }

  @Post('Groups/.search')
  @HttpCode(200)
  searchGroups(@Req() request: ScimRequest, @Body() body: unknown): Promise<JsonObject> {
    return this.search(request, searchRequestParameters(body));
  }

  @Post('Groups')
  @HttpCode(201)
  async create(
    @Req() request: ScimRequest,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<JsonObject> {
    const resource = await this.groups.create(request.scimCaller, body, requestIdOf(request));
    return replyWithWritten(reply, resource, 'Group', true);
  }

  @Get('Groups/:id')
  async get(
    @Req() request: ScimRequest,
    @Param('id') id: string,
    @Query() query: RawListParameters,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<JsonObject | undefined> {
    const { attributes, excludedAttributes } = parseListQuery(
      { attributes: query.attributes, excludedAttributes: query.excludedAttributes },
      this.config.scimMaxResults,
    );
    const { group, resource } = await this.groups.get(request.scimCaller, id, {
      attributes,
      excludedAttributes,
    });
    if (replyNotModified(reply, ifNoneMatch, group.scimVersion)) return undefined;
    return resource;
  }

  @Put('Groups/:id')
  async replace(
    @Req() request: ScimRequest,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<JsonObject> {
    const resource = await this.groups.replace(
      request.scimCaller,
      id,
      body,
      ifMatch,
      requestIdOf(request),
    );
    return replyWithWritten(reply, resource, 'Group');
  }

  /** Returns 204 (RFC 7644 section 3.5.2 allows it), so a change to a large group never reads its member list. */
  @Patch('Groups/:id')
  @HttpCode(204)
  async patch(
    @Req() request: ScimRequest,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const version = await this.groups.patch(
      request.scimCaller,
      id,
      body,
      ifMatch,
      requestIdOf(request),
    );
    void reply.header('etag', formatEtag(version));
  }

  @Delete('Groups/:id')
  @HttpCode(204)
  async delete(
    @Req() request: ScimRequest,
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<void> {
    await this.groups.delete(request.scimCaller, id, ifMatch, requestIdOf(request));
  }

  private async search(request: ScimRequest, parameters: RawListParameters): Promise<JsonObject> {
    const query = parseListQuery(parameters, this.config.scimMaxResults);
    const { resources, totalResults } = await this.groups.list(request.scimCaller, query);
    return buildListResponse(resources, totalResults, query.startIndex);
  }
}
