import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { MembersController } from './members.controller';
import { MembersService } from './members.service';
import { OrganizationsService } from './organizations.service';

@Module({
  imports: [AuditModule],
  controllers: [MembersController],
  providers: [MembersService, OrganizationsService],
  exports: [MembersService, OrganizationsService],
})
export class OrganizationsModule {}
