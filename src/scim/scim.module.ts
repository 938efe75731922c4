import { Module } from '@nestjs/common';
import { ScimDiscoveryController } from './scim-discovery.controller';

/** The SCIM protocol core shared by the /Users and /Groups resources. */
@Module({ controllers: [ScimDiscoveryController] })
export class ScimModule {}
