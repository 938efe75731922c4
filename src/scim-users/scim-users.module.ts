import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ScimUsersController } from './scim-users.controller';
import { ScimUsersService } from './scim-users.service';

@Module({
  imports: [AuditModule],
  controllers: [ScimUsersController],
  providers: [ScimUsersService],
})
export class ScimUsersModule {}
