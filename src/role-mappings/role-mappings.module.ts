import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { RoleMappingsController } from './role-mappings.controller';
import { RoleMappingsService } from './role-mappings.service';
import { RoleRecomputeService } from './role-recompute.service';

/**
 * Group-to-role mappings and role resolution. ScimGroupsModule imports it,
 * which also registers its admin API controller.
 */
@Module({
  imports: [AuditModule],
  controllers: [RoleMappingsController],
  providers: [RoleRecomputeService, RoleMappingsService],
  exports: [RoleRecomputeService],
})
export class RoleMappingsModule {}
