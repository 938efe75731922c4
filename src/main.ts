import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './config/app-config';
import { seedDemoOrganization } from './demo-seed';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  const app = await createApp({ config });
  const logger = app.get(Logger);
  armShutdownTimer(config.shutdownTimeoutSeconds, logger);
  for (const secret of config.generatedSecrets) {
    logger.warn(
      `${secret.variable} is not set; generated a secret into ${secret.file} for this embedded install. ` +
        `Set ${secret.variable} in production.`,
      'Bootstrap',
    );
  }
  await seedDemoOrganization(app, config, logger);
  await app.listen({ host: config.host, port: config.port });
  logger.log(
    `Listening on ${config.host}:${config.port} with ${config.databaseDialect === 'sqlite' ? `SQLite at ${config.sqliteFile}` : 'PostgreSQL'}; API docs at ${config.publicBaseUrl}/api/docs`,
    'Bootstrap',
  );
}

/**
 * Arms a timer on the first SIGTERM or SIGINT. When Nest's shutdown hooks,
 * which close the HTTP server, wait for in-flight requests and then close the
 * database, take longer than `timeoutSeconds`, the timer exits with code 1.
 * The listeners are `once`, so the signal that Nest re-sends to itself after
 * a clean shutdown still ends the process.
 */
function armShutdownTimer(timeoutSeconds: number, logger: Logger): void {
  const arm = (signal: NodeJS.Signals) => {
    logger.log(
      `Received ${signal}. Finishing in-flight requests for up to ${timeoutSeconds} s`,
      'Shutdown',
    );
    const timer = setTimeout(() => {
      logger.error(
        `Shutdown timed out after ${timeoutSeconds} s (SHUTDOWN_TIMEOUT_SECONDS). Exiting with code 1 before in-flight requests finished`,
        'Shutdown',
      );
      process.exit(1);
    }, timeoutSeconds * 1000);
    timer.unref();
  };
  process.once('SIGTERM', arm);
  process.once('SIGINT', arm);
}

void bootstrap();
