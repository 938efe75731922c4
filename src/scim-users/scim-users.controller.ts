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
import { buildListResponse } from '../scim/list-response';
import { parseListQuery, RawListParameters } from '../scim/list-query';
import {
  replyNotModified,
  replyWithWritten,
  searchRequestParameters,
} from '../scim/resource-reply';
import { ProjectionOptions, projectResource } from '../scim/schema/resource-projection';
import { USER_SCHEMA_URN } from '../scim/schema/schema-urns';
import type { ScimRequest } from '../tokens/scim-request-context';
import { ScimUsersService } from './scim-users.service';
import { toScimUser, UserGroup } from './user-representation';

type JsonObject = Record<string, unknown>;

/** The /Users resource of RFC 7644, scoped to the connection's organization. */
@ApiExcludeController()
@Controller('scim/v2/:connectionId')
@ScimAccess()
export class ScimUsersController {
  constructor(
    private readonly users: ScimUsersService,
    private readonly config: AppConfig,
  ) {}

  @Get('Users')
  list(@Req() request: ScimRequest, @Query() query: RawListParameters): Promise<JsonObject> {
    return this.search(request, query);
  }

  @Post('Users/.search')
  @HttpCode(200)
  searchUsers(@Req() request: ScimRequest, @Body() body: unknown): Promise<JsonObject> {
    return this.search(request, searchRequestParameters(body));
  }

  /** Root search (RFC 7644 section 3.4.3); it searches Users, the only resource type so far. */
  @Post('.search')
  @HttpCode(200)
  searchRoot(@Req() request: ScimRequest, @Body() body: unknown): Promise<JsonObject> {
    return this.search(request, searchRequestParameters(body));
  }

  @Post('Users')
  @HttpCode(201)
  async create(
    @Req() request: ScimRequest,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<JsonObject> {
    const { resource } = await this.users.create(request.scimCaller, body, requestIdOf(request));
    return replyWithWritten(reply, resource, 'User', true);
  }

  @Get('Users/:id')
  async get(
    @Req() request: ScimRequest,
    @Param('id') id: string,
    @Query() query: RawListParameters,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<JsonObject | undefined> {
    const member = await this.users.get(request.scimCaller, id);
    if (replyNotModified(reply, ifNoneMatch, member.scimVersion)) return undefined;
    const { attributes, excludedAttributes } = parseListQuery(
      { attributes: query.attributes, excludedAttributes: query.excludedAttributes },
      this.config.scimMaxResults,
    );
    const groups = returnsGroups({ attributes, excludedAttributes })
      ? (await this.users.groupsOf(request.scimCaller, [member.id])).get(member.id)
      : undefined;
    return projectResource(
      toScimUser(member, this.users.baseUrl(request.scimCaller), groups),
      'User',
      {
        attributes,
        excludedAttributes,
      },
    );
  }

  @Put('Users/:id')
  async replace(
    @Req() request: ScimRequest,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<JsonObject> {
    const resource = await this.users.replace(
      request.scimCaller,
      id,
      body,
      ifMatch,
      requestIdOf(request),
    );
    return replyWithWritten(reply, resource, 'User');
  }

  @Patch('Users/:id')
  async patch(
    @Req() request: ScimRequest,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<JsonObject> {
    const resource = await this.users.patch(
      request.scimCaller,
      id,
      body,
      ifMatch,
      requestIdOf(request),
    );
    return replyWithWritten(reply, resource, 'User');
  }

  @Delete('Users/:id')
  @HttpCode(204)
  async delete(
    @Req() request: ScimRequest,
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<void> {
    await this.users.delete(request.scimCaller, id, ifMatch, requestIdOf(request));
  }

  private async search(request: ScimRequest, parameters: RawListParameters): Promise<JsonObject> {
    const query = parseListQuery(parameters, this.config.scimMaxResults);
    const {
      members,
      totalResults,
      groups: listedGroups,
    } = await this.users.list(request.scimCaller, query);
    const baseUrl = this.users.baseUrl(request.scimCaller);
    const projection = {
      attributes: query.attributes,
      excludedAttributes: query.excludedAttributes,
    };
    const groups = listedGroups
      ? listedGroups
      : returnsGroups(projection)
        ? await this.users.groupsOf(
            request.scimCaller,
            members.map((member) => member.id),
          )
        : new Map<string, UserGroup[]>();
    const resources = members.map((member) =>
      projectResource(toScimUser(member, baseUrl, groups.get(member.id)), 'User', {
        attributes: query.attributes,
        excludedAttributes: query.excludedAttributes,
      }),
    );
    return buildListResponse(resources, totalResults, query.startIndex);
  }
}

const GROUPS_PROBE = {
  schemas: [USER_SCHEMA_URN],
  id: 'probe',
  userName: 'probe',
  groups: [{ value: 'probe' }],
};

/** Tells whether a response with these attributes and excludedAttributes lists includes `groups`, which costs a query. */
function returnsGroups(projection: ProjectionOptions): boolean {
  return 'groups' in projectResource(GROUPS_PROBE, 'User', projection);
}
