import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ADMIN_BEARER_SCHEME, SCIM_BEARER_SCHEME } from './auth/access.decorator';

/** Serves the admin API's OpenAPI document at /api/openapi.json and Swagger UI at /api/docs. */
export function setupOpenApi(app: NestFastifyApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Strada SCIM provisioning admin API')
      .setDescription(
        'Admin API behind the SCIM Provisioning settings. Authenticate with a member access token (Bearer JWT).',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, ADMIN_BEARER_SCHEME)
      .addBearerAuth(
        { type: 'http', scheme: 'bearer', description: 'SCIM connection bearer token' },
        SCIM_BEARER_SCHEME,
      )
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/openapi.json',
    yamlDocumentUrl: 'api/openapi.yaml',
  });
}
