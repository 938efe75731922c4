import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ConnectionsController } from './connections.controller';
import { ConnectionsService } from './connections.service';
import { IdentityProvidersController } from './identity-providers.controller';

@Module({
  imports: [AuditModule],
  controllers: [ConnectionsController, IdentityProvidersController],
  providers: [ConnectionsService],
})
export class ConnectionsModule {}
