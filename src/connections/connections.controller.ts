import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ManageAccess, ViewAccess } from '../auth/access.decorator';
import { AuthenticatedMember, CurrentMember } from '../auth/authenticated-member';
import { ErrorResponseDto } from '../common/error-response.dto';
import { RequestId } from '../common/request-id';
import { OrganizationParamsDto } from '../organizations/dto/organization-params.dto';
import { ConnectionsService } from './connections.service';
import {
  ConnectionCardDto,
  ConnectionWithTokenDto,
  CreateConnectionDto,
} from './dto/connection.dto';

@ApiTags('scim-connection')
@Controller('api/v1/organizations/:organizationId/scim/connection')
export class ConnectionsController {
  constructor(private readonly connections: ConnectionsService) {}

  @Get()
  @ViewAccess()
  @ApiOkResponse({ type: ConnectionCardDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No SCIM connection exists' })
  get(@Param() params: OrganizationParamsDto): Promise<ConnectionCardDto> {
    return this.connections.getCard(params.organizationId);
  }

  @Post()
  @ManageAccess()
  @ApiCreatedResponse({
    type: ConnectionWithTokenDto,
    description: 'The bearer token is shown only in this response',
  })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'A SCIM connection already exists' })
  create(
    @Param() params: OrganizationParamsDto,
    @Body() body: CreateConnectionDto,
    @CurrentMember() member: AuthenticatedMember,
    @RequestId() requestId: string | undefined,
  ): Promise<ConnectionWithTokenDto> {
    return this.connections.create(
      params.organizationId,
      body.identityProvider,
      body.displayName ?? null,
      {
        memberId: member.id,
        requestId,
      },
    );
  }

  @Delete()
  @HttpCode(204)
  @ManageAccess()
  @ApiNoContentResponse({
    description: 'Deleted; its tokens stop working at once and members are kept',
  })
  async delete(
    @Param() params: OrganizationParamsDto,
    @CurrentMember() member: AuthenticatedMember,
    @RequestId() requestId: string | undefined,
  ): Promise<void> {
    await this.connections.delete(params.organizationId, { memberId: member.id, requestId });
  }

  @Post('rotation')
  @ManageAccess()
  @ApiCreatedResponse({
    type: ConnectionWithTokenDto,
    description: 'The new bearer token is shown only in this response',
  })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'A rotation is already in progress' })
  startRotation(
    @Param() params: OrganizationParamsDto,
    @CurrentMember() member: AuthenticatedMember,
    @RequestId() requestId: string | undefined,
  ): Promise<ConnectionWithTokenDto> {
    return this.connections.startRotation(params.organizationId, {
      memberId: member.id,
      requestId,
    });
  }

  @Post('rotation/complete')
  @HttpCode(200)
  @ManageAccess()
  @ApiOkResponse({ type: ConnectionCardDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'No rotation is in progress' })
  completeRotation(
    @Param() params: OrganizationParamsDto,
    @CurrentMember() member: AuthenticatedMember,
    @RequestId() requestId: string | undefined,
  ): Promise<ConnectionCardDto> {
    return this.connections.completeRotation(params.organizationId, {
      memberId: member.id,
      requestId,
    });
  }

  @Delete('rotation')
  @HttpCode(200)
  @ManageAccess()
  @ApiOkResponse({ type: ConnectionCardDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'No rotation is in progress' })
  cancelRotation(
    @Param() params: OrganizationParamsDto,
    @CurrentMember() member: AuthenticatedMember,
    @RequestId() requestId: string | undefined,
  ): Promise<ConnectionCardDto> {
    return this.connections.cancelRotation(params.organizationId, {
      memberId: member.id,
      requestId,
    });
  }
}
