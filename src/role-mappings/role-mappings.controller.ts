import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ManageAccess, ViewAccess } from '../auth/access.decorator';
import { AuthenticatedMember, CurrentMember } from '../auth/authenticated-member';
import { ErrorResponseDto } from '../common/error-response.dto';
import { RequestId } from '../common/request-id';
import { OrganizationParamsDto } from '../organizations/dto/organization-params.dto';
import {
  MappableRoleListDto,
  RoleMappingPreviewDto,
  RoleMappingSetDto,
  SaveRoleMappingsDto,
  ScimGroupListDto,
} from './dto/role-mapping.dto';
import { RoleMappingsService } from './role-mappings.service';

@ApiTags('scim-role-mappings')
@Controller('api/v1/organizations/:organizationId/scim')
export class RoleMappingsController {
  constructor(private readonly mappings: RoleMappingsService) {}

  @Get('groups')
  @ViewAccess()
  @ApiOkResponse({ type: ScimGroupListDto, description: 'Groups pushed by the identity provider' })
  async groups(@Param() params: OrganizationParamsDto): Promise<ScimGroupListDto> {
    return { data: await this.mappings.listGroups(params.organizationId) };
  }

  @Get('roles')
  @ViewAccess()
  @ApiOkResponse({ type: MappableRoleListDto, description: 'Roles a mapping may assign' })
  roles(
    // Declares and validates the path parameter, as on the other routes.
    @Param() _params: OrganizationParamsDto,
    @CurrentMember() caller: AuthenticatedMember,
  ): MappableRoleListDto {
    return { data: this.mappings.listRoles(caller.role) };
  }

  @Get('role-mappings')
  @ViewAccess()
  @ApiOkResponse({ type: RoleMappingSetDto })
  async get(@Param() params: OrganizationParamsDto): Promise<RoleMappingSetDto> {
    return { mappings: await this.mappings.getMappings(params.organizationId) };
  }

  @Put('role-mappings')
  @ManageAccess()
  @ApiOkResponse({ type: RoleMappingSetDto, description: 'The saved set' })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'An entry is invalid; nothing was saved',
  })
  async save(
    @Param() params: OrganizationParamsDto,
    @Body() body: SaveRoleMappingsDto,
    @CurrentMember() caller: AuthenticatedMember,
    @RequestId() requestId: string | undefined,
  ): Promise<RoleMappingSetDto> {
    const mappings = await this.mappings.saveMappings(
      params.organizationId,
      body.mappings,
      { id: caller.id, role: caller.role },
      requestId,
    );
    return { mappings };
  }

  @Post('role-mappings/preview')
  @HttpCode(200)
  @ManageAccess()
  @ApiOkResponse({
    type: RoleMappingPreviewDto,
    description: 'Role changes the set would cause; nothing is saved',
  })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'An entry is invalid' })
  preview(
    @Param() params: OrganizationParamsDto,
    @Body() body: SaveRoleMappingsDto,
    @CurrentMember() caller: AuthenticatedMember,
  ): Promise<RoleMappingPreviewDto> {
    return this.mappings.preview(params.organizationId, body.mappings, {
      id: caller.id,
      role: caller.role,
    });
  }
}
