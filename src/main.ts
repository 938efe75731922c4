import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './config/app-config';
import { seedDemoOrganization } from './demo-seed';

/** Reasons for the errors that binding the listening socket can raise, by their code. */
const LISTEN_ERRORS: Record<string, string> = {
  EADDRINUSE: 'the port is already in use',
  EADDRNOTAVAIL: 'the address does not belong to this machine',
  EACCES: 'permission denied (ports below 1024 need privileges)',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name does not resolve',
};

/** The logger once the application exists, and the signal that started shutdown, for the last log line. */
const shutdown: { logger?: Logger; signal?: NodeJS.Signals } = {};

// Registered before pino exists, so this listener runs before pino's own 'exit' listener, which
// writes out buffered lines, including this one.
process.once('exit', (code) => {
  if (shutdown.signal !== undefined && code === 0)
    shutdown.logger?.log(`Shutdown complete after ${shutdown.signal}`, 'Shutdown');
});

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
  shutdown.logger = logger;
  armShutdownTimer(config.shutdownTimeoutSeconds, logger);
  for (const secret of config.generatedSecrets) {
    logger.warn(
      `${secret.variable} is not set; generated a secret into ${secret.file} for this development install. ` +
        `Set ${secret.variable} in production.`,
      'Bootstrap',
    );
  }
  await seedDemoOrganization(app, config, logger);
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason = code === undefined ? undefined : LISTEN_ERRORS[code];
    if (reason === undefined) throw error;
    logger.error(
      `Cannot listen on ${config.host}:${config.port}: ${reason}. Set HOST and PORT to an address of this machine that is free.`,
      'Bootstrap',
    );
    await app.close();
    process.exit(1);
  }
  logger.log(
    `Listening on ${config.host}:${config.port} with ${config.databaseDialect === 'sqlite' ? `SQLite at ${config.sqliteFile}` : 'PostgreSQL'}; API docs at ${config.publicBaseUrl}/api/docs`,
    'Bootstrap',
  );
}

/**
 * Arms a timer on the first SIGTERM or SIGINT. When Nest's shutdown hooks,
 * which close the HTTP server, wait for in-flight requests and then close the
 * database, take longer than `timeoutSeconds`, the timer exits with code 1.
 * After a clean shutdown Nest exits with code 0.
 */
function armShutdownTimer(timeoutSeconds: number, logger: Logger): void {
  const arm = (signal: NodeJS.Signals) => {
    shutdown.signal = signal;
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
