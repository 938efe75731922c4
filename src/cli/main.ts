import 'reflect-metadata';
import { ConsoleLogger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { runMigrationsExclusively } from '../database/migration-lock';
import { AppModule } from '../app.module';
import { AccessTokenService } from '../auth/access-token.service';
import { DomainError } from '../common/domain-error';
import { ConfigError, loadConfig } from '../config/app-config';
import { MembersService } from '../organizations/members.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { isRole, ROLES } from '../organizations/role';
import { CliUsageError, parseCliArguments, requireOption } from './cli-arguments';

const USAGE = `Usage: npm run cli -- COMMAND [options]
Commands:
  org:create --name NAME --admin-email EMAIL      create an organization and its first Admin
  member:add --organization ORG_ID --email EMAIL --role ROLE
                                                  add a member (roles: ${ROLES.join(', ')})
  token:mint --member MEMBER_ID                   mint an admin API access token for an active member
  migrate                                         apply pending database migrations
Each command prints one JSON line on stdout; logs go to stderr.`;

type CommandHandler = (
  app: NestFastifyApplication,
  options: Record<string, string>,
) => Promise<unknown>;

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+$/;

function requireEmail(options: Record<string, string>, name: string): string {
  const email = requireOption(options, name);
  if (!EMAIL_PATTERN.test(email) || email.length > 320) {
    throw new CliUsageError(`--${name} "${email}" is not an email address`);
  }
  return email;
}

const COMMANDS: Record<string, CommandHandler> = {
  'org:create': async (app, options) => {
    const name = requireOption(options, 'name');
    if (name.length > 200) throw new CliUsageError('--name must be at most 200 characters');
    const { organization, admin } = await app
      .get(OrganizationsService)
      .createWithAdmin(name, requireEmail(options, 'admin-email'));
    const accessToken = await app.get(AccessTokenService).mint(admin.id);
    return { organizationId: organization.id, memberId: admin.id, accessToken };
  },
  'member:add': async (app, options) => {
    const role = requireOption(options, 'role');
    if (!isRole(role))
      throw new CliUsageError(`--role "${role}" is not one of ${ROLES.join(', ')}`);
    const member = await app
      .get(OrganizationsService)
      .addMember(requireOption(options, 'organization'), requireEmail(options, 'email'), role);
    const accessToken = await app.get(AccessTokenService).mint(member.id);
    return { memberId: member.id, accessToken };
  },
  'token:mint': async (app, options) => {
    const memberId = requireOption(options, 'member');
    const member = await app.get(MembersService).findActiveForAuthentication(memberId);
    if (member === null) throw DomainError.notFound(`Active member ${memberId} not found`);
    return { accessToken: await app.get(AccessTokenService).mint(member.id) };
  },
  migrate: async (app) => {
    const applied = await runMigrationsExclusively(app.get(DataSource));
    return { applied: applied.map((migration) => migration.name) };
  },
};

/**
 * Nest's console logger, for lines written before pino takes over (such as
 * a database that cannot be reached), with every level on standard error,
 * so that standard output carries only the command's JSON result.
 */
class StderrConsoleLogger extends ConsoleLogger {
  protected override printMessages(
    messages: unknown[],
    context?: string,
    logLevel?: LogLevel,
    _writeStreamType?: 'stdout' | 'stderr',
    errorStack?: unknown,
  ): void {
    super.printMessages(messages, context, logLevel, 'stderr', errorStack);
  }
}

/**
 * The operators' command line. It boots the application context with the
 * service's configuration, never listens on a port, writes logs to stderr
 * and its result as one JSON line to stdout. Exit codes: 0 success,
 * 1 failure, 2 usage error.
 */
async function main(): Promise<number> {
  const stderrLogger = pino({ level: 'warn' }, pino.destination(2));
  let invocation;
  try {
    invocation = parseCliArguments(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const handler = invocation.command === undefined ? undefined : COMMANDS[invocation.command];
  if (handler === undefined) {
    process.stderr.write(
      `${invocation.command ? `Unknown command "${invocation.command}"\n` : ''}${USAGE}\n`,
    );
    return 2;
  }

  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  for (const secret of config.generatedSecrets) {
    stderrLogger.warn(`${secret.variable} is not set; generated a secret into ${secret.file}`);
  }

  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({
      config,
      runMigrations: invocation.command !== 'migrate',
      logStream: pino.destination(2),
      databaseConnectAttempts: 1,
    }),
    new FastifyAdapter(),
    { bufferLogs: true, abortOnError: false, logger: new StderrConsoleLogger({ json: true }) },
  );
  app.useLogger(app.get(Logger));
  app.flushLogs();
  await app.init();
  try {
    const result = await handler(app, invocation.options);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof CliUsageError) {
      process.stderr.write(`${error.message}\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof DomainError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    stderrLogger.error({ err: error }, 'Command failed');
    return 1;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
