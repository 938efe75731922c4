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

void bootstrap();
