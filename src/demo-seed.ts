import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplicationContext, LoggerService } from '@nestjs/common';
import { AccessTokenService } from './auth/access-token.service';
import type { AppConfig } from './config/app-config';
import { OrganizationsService } from './organizations/organizations.service';

export const DEMO_ADMIN_EMAIL = 'admin@demo.example';
export const DEMO_TOKEN_FILE = 'demo-admin.token';

/**
 * On the embedded default's first start (empty database, never in
 * production), creates a demo organization with one Admin, writes that
 * Admin's access token to DATA_DIR/demo-admin.token (mode 600) and logs a
 * curl command that reads the token from that file, so no secret reaches
 * the log. The command has no double quotes, which JSON logs would escape.
 */
export async function seedDemoOrganization(
  app: INestApplicationContext,
  config: AppConfig,
  logger: LoggerService,
): Promise<void> {
  if (!config.isEmbeddedDefault) return;
  const organizations = app.get(OrganizationsService);
  if (!(await organizations.isEmpty())) return;

  const { organization, admin } = await organizations.createWithAdmin(
    'Demo Organization',
    DEMO_ADMIN_EMAIL,
  );
  const token = await app.get(AccessTokenService).mint(admin.id);
  const tokenFile = join(config.dataDir, DEMO_TOKEN_FILE);
  writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
  chmodSync(tokenFile, 0o600);

  const baseUrl = `http://localhost:${config.port}`;
  logger.log(
    `Created the demo organization ${organization.id} with Admin ${DEMO_ADMIN_EMAIL}; its access token is in ${tokenFile} ` +
      `(valid ${config.authJwtTtlSeconds} s; mint another with npm run cli -- token:mint --member ${admin.id}). Try: ` +
      `curl --oauth2-bearer $(cat ${tokenFile}) ${baseUrl}/api/v1/organizations/${organization.id}/scim/permissions`,
    'DemoSeed',
  );
}
