import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { OrganizationsModule } from '../organizations/organizations.module';
import { AccessTokenService } from './access-token.service';
import { AdminJwtStrategy } from './admin-jwt.strategy';
import { PermissionsController } from './permissions.controller';

@Module({
  imports: [PassportModule, JwtModule.register({}), OrganizationsModule],
  controllers: [PermissionsController],
  providers: [AccessTokenService, AdminJwtStrategy],
  exports: [AccessTokenService],
})
export class AuthModule {}
