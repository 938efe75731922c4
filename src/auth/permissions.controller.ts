import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { OrganizationParamsDto } from '../organizations/dto/organization-params.dto';
import { OrganizationMemberAccess } from './access.decorator';
import { AuthenticatedMember, CurrentMember } from './authenticated-member';
import { isRoleAllowed } from './rbac';

export class PermissionsDto {
  @ApiProperty({ description: 'May see the SCIM Provisioning settings' })
  canView!: boolean;

  @ApiProperty({ description: 'May create, rotate, map and delete' })
  canManage!: boolean;
}

@ApiTags('scim-settings')
@Controller('api/v1/organizations/:organizationId/scim/permissions')
export class PermissionsController {
  /** Tells the web app which SCIM controls to show the caller. */
  @Get()
  @OrganizationMemberAccess()
  @ApiOkResponse({ type: PermissionsDto })
  get(
    @Param() _params: OrganizationParamsDto,
    @CurrentMember() member: AuthenticatedMember,
  ): PermissionsDto {
    return {
      canView: isRoleAllowed('view', member.role),
      canManage: isRoleAllowed('manage', member.role),
    };
  }
}
