import { request } from './support/http';
import { startTestApp, TestApp } from './support/test-app';

interface Operation {
  parameters?: { name: string; in: string; required?: boolean }[];
  security?: Record<string, string[]>[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}

/** Routes that take no request body: the action is the whole request. */
const BODILESS_ROUTES = [
  'post /api/v1/organizations/{organizationId}/scim/connection/rotation',
  'post /api/v1/organizations/{organizationId}/scim/connection/rotation/complete',
];

describe('OpenAPI document', () => {
  let testApp: TestApp;
  let document: {
    paths: Record<string, Record<string, Operation>>;
    components: {
      securitySchemes: object;
      schemas: Record<string, { properties?: Record<string, unknown> }>;
    };
  };

  beforeAll(async () => {
    testApp = await startTestApp();
    document = (await request(testApp.baseUrl, 'GET', '/api/openapi.json')).body as typeof document;
  });

  afterAll(() => testApp.close());

  function adminOperations(): [string, string, Operation][] {
    return Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, methods]) =>
        Object.entries(methods).map(
          ([method, operation]) => [method, path, operation] as [string, string, Operation],
        ),
      );
  }

  it('declares the admin bearer scheme', () => {
    expect(document.components.securitySchemes).toMatchObject({
      'admin-jwt': { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
    });
  });

  it('lists the admin routes', () => {
    const routes = adminOperations().map(([method, path]) => `${method.toUpperCase()} ${path}`);

    expect(routes).toEqual(
      expect.arrayContaining([
        'GET /api/v1/organizations/{organizationId}/members',
        'GET /api/v1/organizations/{organizationId}/members/{memberId}',
        'PATCH /api/v1/organizations/{organizationId}/members/{memberId}',
        'GET /api/v1/organizations/{organizationId}/scim/permissions',
        'GET /api/v1/organizations/{organizationId}/scim/connection',
        'POST /api/v1/organizations/{organizationId}/scim/connection',
        'DELETE /api/v1/organizations/{organizationId}/scim/connection',
        'POST /api/v1/organizations/{organizationId}/scim/connection/rotation',
        'POST /api/v1/organizations/{organizationId}/scim/connection/rotation/complete',
        'DELETE /api/v1/organizations/{organizationId}/scim/connection/rotation',
        'GET /api/v1/organizations/{organizationId}/scim/activity',
        'GET /api/v1/identity-providers',
      ]),
    );
  });

  it('secures every admin route', () => {
    for (const [method, path, operation] of adminOperations()) {
      expect({ route: `${method} ${path}`, security: operation.security }).toEqual({
        route: `${method} ${path}`,
        security: [{ 'admin-jwt': [] }],
      });
    }
  });

  it('types every admin request and response body', () => {
    for (const [method, path, operation] of adminOperations()) {
      const success = Object.entries(operation.responses).find(([status]) =>
        status.startsWith('2'),
      );
      expect({ route: `${method} ${path}`, hasSuccess: success !== undefined }).toEqual({
        route: `${method} ${path}`,
        hasSuccess: true,
      });
      const [status, response] = success as [string, Operation['responses'][string]];
      if (status !== '204') {
        expect({
          route: `${method} ${path}`,
          schema: response.content?.['application/json']?.schema,
        }).toEqual({
          route: `${method} ${path}`,
          schema: expect.anything(),
        });
      }
      if (
        (method === 'post' || method === 'put' || method === 'patch') &&
        !BODILESS_ROUTES.includes(`${method} ${path}`)
      ) {
        expect({
          route: `${method} ${path}`,
          body: operation.requestBody?.content['application/json']?.schema,
        }).toEqual({
          route: `${method} ${path}`,
          body: expect.anything(),
        });
      }
    }
  });

  it('declares every path parameter', () => {
    const undeclared = adminOperations().flatMap(([method, path, operation]) =>
      [...path.matchAll(/\{(\w+)\}/g)]
        .map((match) => match[1])
        .filter(
          (name) =>
            !(operation.parameters ?? []).some(
              (parameter) =>
                parameter.in === 'path' && parameter.name === name && parameter.required === true,
            ),
        )
        .map((name) => `${method} ${path}: ${name}`),
    );

    expect(undeclared).toEqual([]);
  });

  it('types string fields as strings', () => {
    expect(document.components.schemas.CreateConnectionDto.properties?.displayName).toMatchObject({
      type: 'string',
      maxLength: 100,
      nullable: true,
    });
  });

  it('documents the platform responses', () => {
    for (const [method, path, operation] of adminOperations()) {
      const codes = Object.keys(operation.responses);
      const context = `${method} ${path}`;

      expect({ context, has429: codes.includes('429') }).toEqual({ context, has429: true });
      if (operation.requestBody !== undefined) {
        expect({
          context,
          codes: codes.filter((code) => code === '413' || code === '415'),
        }).toEqual({ context, codes: ['413', '415'] });
      }
    }
    expect(
      Object.keys(
        document.paths['/api/v1/organizations/{organizationId}/members/{memberId}'].get.responses,
      ),
    ).toContain('400');
  });

  it('resolves every schema reference', () => {
    const references = [
      ...JSON.stringify(document.paths).matchAll(/"#\/components\/schemas\/(\w+)"/g),
    ];

    expect(references.length).toBeGreaterThan(0);
    for (const [, name] of references) {
      expect({ name, defined: name in document.components.schemas }).toEqual({
        name,
        defined: true,
      });
    }
  });

  it('serves Swagger UI', async () => {
    const response = await request(testApp.baseUrl, 'GET', '/api/docs');

    expect(response.status).toBe(200);
    expect(response.text).toContain('swagger');
  });
});
