import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { RoleMappingsModule } from '../role-mappings/role-mappings.module';
import { ScimGroupsController } from './scim-groups.controller';
import { ScimGroupsService } from './scim-groups.service';

@Module({
  imports: [AuditModule, RoleMappingsModule],
  controllers: [ScimGroupsController],
  providers: [ScimGroupsService],
})
export class ScimGroupsModule {}
