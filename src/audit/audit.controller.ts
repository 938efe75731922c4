import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ViewAccess } from '../auth/access.decorator';
import { ErrorResponseDto } from '../common/error-response.dto';
import { OrganizationParamsDto } from '../organizations/dto/organization-params.dto';
import { AuditEventDto, AuditEventPageDto, ListAuditEventsQueryDto } from './audit-event.dto';
import { AuditService } from './audit.service';

const DEFAULT_PAGE_SIZE = 50;

@ApiTags('scim-settings')
@Controller('api/v1/organizations/:organizationId/scim/activity')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ViewAccess()
  @ApiOkResponse({ type: AuditEventPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async list(
    @Param() params: OrganizationParamsDto,
    @Query() query: ListAuditEventsQueryDto,
  ): Promise<AuditEventPageDto> {
    const page = await this.audit.list(
      params.organizationId,
      query.limit ?? DEFAULT_PAGE_SIZE,
      query.cursor,
    );
    return { data: page.data.map(AuditEventDto.from), nextCursor: page.nextCursor };
  }
}
