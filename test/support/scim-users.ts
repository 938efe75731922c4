import type { HttpResponse } from './http';
import { CreatedConnection, scimRequest } from './scim';
import type { TestApp } from './test-app';

export const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const LIST_RESPONSE_URN = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const SEARCH_REQUEST_URN = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
export const PATCH_OP_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const SCIM_JSON = 'application/scim+json; charset=utf-8';

/** Matches an RFC 3339 timestamp with milliseconds in UTC, as meta.created and meta.lastModified are sent. */
export const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** A User as the service returns it. */
export interface ScimUser extends Record<string, unknown> {
  id: string;
  userName: string;
  active: boolean;
  meta: {
    resourceType: string;
    created: string;
    lastModified: string;
    location: string;
    version: string;
  };
}

/** A ListResponse as the service returns it. */
export interface ListResponse {
  schemas: string[];
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: ScimUser[];
}

/** Sends one request to the connection's /Users endpoint; `suffix` is appended to /Users. */
export function usersRequest(
  testApp: TestApp,
  connection: CreatedConnection,
  method: string,
  suffix = '',
  body?: unknown,
): Promise<HttpResponse> {
  return scimRequest(
    testApp,
    method,
    `${connection.scimPath}/Users${suffix}`,
    connection.token,
    body,
  );
}

/** Builds a query string with each value percent-encoded, as identity providers send filters. */
export function query(parameters: Record<string, string | number>): string {
  const pairs = Object.entries(parameters).map(
    ([name, value]) => `${name}=${encodeURIComponent(String(value))}`,
  );
  return `?${pairs.join('&')}`;
}

/** Builds a PatchOp body from its operations. */
export function patchOp(...operations: Record<string, unknown>[]): Record<string, unknown> {
  return { schemas: [PATCH_OP_URN], Operations: operations };
}

/** Returns the absolute location of a User under the PUBLIC_BASE_URL that startTestApp configures. */
export function userLocation(testApp: TestApp, connection: CreatedConnection, id: string): string {
  return `${testApp.config.publicBaseUrl}${connection.scimPath}/Users/${id}`;
}

/** Returns the members row with every column, as the database driver returns it. */
export async function memberColumns(
  testApp: TestApp,
  id: string,
): Promise<Record<string, unknown>> {
  const row = await testApp.dataSource
    .createQueryBuilder()
    .select('*')
    .from('members', 'member')
    .where('member.id = :id', { id })
    .getRawOne<Record<string, unknown>>();
  if (row === undefined) throw new Error(`no members row with id ${id}`);
  return row;
}
