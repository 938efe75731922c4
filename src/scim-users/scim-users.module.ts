import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { RoleMappingsModule } from '../role-mappings/role-mappings.module';
import { ScimUsersController } from './scim-users.controller';
import { ScimUsersService } from './scim-users.service';

@Module({
  imports: [AuditModule, RoleMappingsModule],
  controllers: [ScimUsersController],
  providers: [ScimUsersService],
})
export class ScimUsersModule {}
