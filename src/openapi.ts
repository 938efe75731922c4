import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
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
        {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'strada_scim_<tokenId>_<secret>',
          description: 'SCIM connection bearer token',
        },
        SCIM_BEARER_SCHEME,
      )
      .build(),
  );
  addPlatformResponses(document);
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/openapi.json',
    yamlDocumentUrl: 'api/openapi.yaml',
  });
}

const ERROR_CONTENT = {
  'application/json': { schema: { $ref: '#/components/schemas/ErrorResponseDto' } },
};

/**
 * Adds the responses that the platform, not the route, gives on every admin
 * operation: 429 from the per-member rate limit, 400 for a malformed path
 * id, and 413 and 415 on operations that take a body. Generated clients
 * then have a typed path for each.
 */
function addPlatformResponses(document: OpenAPIObject): void {
  for (const [path, operations] of Object.entries(document.paths)) {
    if (!path.startsWith('/api/v1/')) continue;
    for (const operation of Object.values(operations) as {
      requestBody?: unknown;
      responses: Record<string, unknown>;
    }[]) {
      const responses = operation.responses;
      responses['429'] ??= {
        description: 'Too many requests from this member. Retry after Retry-After seconds',
        headers: { 'Retry-After': { schema: { type: 'integer' } } },
        content: ERROR_CONTENT,
      };
      if (/\{(?!organizationId\})\w+\}/.test(path)) {
        responses['400'] ??= {
          description: 'A path parameter is not a valid id',
          content: ERROR_CONTENT,
        };
      }
      if (operation.requestBody !== undefined) {
        responses['413'] ??= { description: 'The body is over 1 MB', content: ERROR_CONTENT };
        responses['415'] ??= {
          description: 'The body is not JSON (application/json)',
          content: ERROR_CONTENT,
        };
      }
    }
  }
}
