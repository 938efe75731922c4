import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AuditModule } from './audit/audit.module';
import { AccessGuard } from './auth/access.guard';
import { AuthModule } from './auth/auth.module';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { buildLoggerOptions } from './common/logger-options';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { buildDataSourceOptions } from './database/data-source-options';
import { DatabaseModule } from './database/database.module';
import { initializeDataSource } from './database/migration-lock';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { RateLimitsModule } from './rate-limits/rate-limits.module';
import { ScimModule } from './scim/scim.module';
import { ScimUsersModule } from './scim-users/scim-users.module';
import { ScimGroupsModule } from './scim-groups/scim-groups.module';
import { TokensModule } from './tokens/tokens.module';
import { ConnectionsModule } from './connections/connections.module';

export interface AppModuleOptions {
  config: AppConfig;
  /** Apply pending migrations when the data source starts (the service and most CLI commands do). */
  runMigrations: boolean;
  /** Log destination: standard output by default, standard error for the CLI, a capture stream in tests. */
  logStream?: DestinationStream;
  /**
   * Connection attempts at start before giving up: @nestjs/typeorm's default of 9,
   * 3 s apart, lets the service wait for a database that is starting. The
   * CLI passes 1 to fail at once.
   */
  databaseConnectAttempts?: number;
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(options.config),
        LoggerModule.forRoot(buildLoggerOptions(options.config, options.logStream)),
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...buildDataSourceOptions(options.config),
            retryAttempts: options.databaseConnectAttempts,
          }),
          dataSourceFactory: (dataSourceOptions) =>
            initializeDataSource(
              dataSourceOptions ?? buildDataSourceOptions(options.config),
              options.runMigrations,
            ),
        }),
        DatabaseModule,
        RateLimitsModule,
        AuditModule,
        OrganizationsModule,
        AuthModule,
        TokensModule,
        ConnectionsModule,
        ScimModule,
        ScimUsersModule,
        ScimGroupsModule,
        HealthModule,
        MetricsModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
      ],
    };
  }
}
