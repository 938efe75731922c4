import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ManageAccess, ViewAccess } from '../auth/access.decorator';
import { AuthenticatedMember, CurrentMember } from '../auth/authenticated-member';
import { ErrorResponseDto } from '../common/error-response.dto';
import { RequestId } from '../common/request-id';
import {
  ListMembersQueryDto,
  MemberDto,
  MemberPageDto,
  UpdateMemberRoleDto,
} from './dto/member.dto';
import { MemberParamsDto, OrganizationParamsDto } from './dto/organization-params.dto';
import { MembersService } from './members.service';

const DEFAULT_PAGE_SIZE = 50;

@ApiTags('members')
@Controller('api/v1/organizations/:organizationId/members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get()
  @ViewAccess()
  @ApiOkResponse({ type: MemberPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async list(
    @Param() params: OrganizationParamsDto,
    @Query() query: ListMembersQueryDto,
  ): Promise<MemberPageDto> {
    const page = await this.members.list(
      params.organizationId,
      query,
      query.limit ?? DEFAULT_PAGE_SIZE,
      query.cursor,
    );
    return { data: page.data.map(MemberDto.from), nextCursor: page.nextCursor };
  }

  @Get(':memberId')
  @ViewAccess()
  @ApiOkResponse({ type: MemberDto })
  async get(@Param() params: MemberParamsDto): Promise<MemberDto> {
    return MemberDto.from(await this.members.get(params.organizationId, params.memberId));
  }

  @Patch(':memberId')
  @ManageAccess()
  @ApiOkResponse({ type: MemberDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description:
      'The change would demote the last active Admin, or the member’s role comes from a group ' +
      'mapping (the message names the group)',
  })
  async updateRole(
    @Param() params: MemberParamsDto,
    @Body() body: UpdateMemberRoleDto,
    @CurrentMember() caller: AuthenticatedMember,
    @RequestId() requestId: string | undefined,
  ): Promise<MemberDto> {
    const member = await this.members.changeRole({
      organizationId: params.organizationId,
      memberId: params.memberId,
      role: body.role,
      manager: { id: caller.id, role: caller.role },
      requestId,
    });
    return MemberDto.from(member);
  }
}
