import { request, HttpResponse } from './http';
import type { SeededMember, TestApp } from './test-app';

export interface CreatedConnection {
  id: string;
  baseUrl: string;
  token: string;
  /** Path of the connection's SCIM root on the test server, e.g. /scim/v2/<id>. */
  scimPath: string;
}

/** Creates the organization's SCIM connection through the admin API. */
export async function createConnection(
  testApp: TestApp,
  admin: SeededMember,
  identityProvider = 'okta',
): Promise<CreatedConnection> {
  const response = await request(
    testApp.baseUrl,
    'POST',
    `/api/v1/organizations/${admin.organizationId}/scim/connection`,
    { token: admin.token, body: { identityProvider } },
  );
  if (response.status !== 201)
    throw new Error(`creating a connection returned ${response.status}: ${response.text}`);
  const body = response.body as { id: string; baseUrl: string; token: string };
  return { id: body.id, baseUrl: body.baseUrl, token: body.token, scimPath: `/scim/v2/${body.id}` };
}

export function scimRequest(
  testApp: TestApp,
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
): Promise<HttpResponse> {
  return request(testApp.baseUrl, method, path, {
    token,
    rawBody: body === undefined ? undefined : JSON.stringify(body),
    headers: body === undefined ? {} : { 'content-type': 'application/scim+json' },
  });
}

/** Builds an RFC 7644 section 3.12 error body, for whole-body comparisons. */
export function scimError(status: number, scimType?: string): Record<string, unknown> {
  const body: Record<string, unknown> = {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
    status: String(status),
    detail: expect.any(String),
  };
  if (scimType !== undefined) body.scimType = scimType;
  return body;
}
