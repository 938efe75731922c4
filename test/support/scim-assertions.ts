import { AuditEvent } from '../../src/audit/audit-event.entity';
import { Member } from '../../src/organizations/member.entity';
import type { HttpResponse } from './http';
import { CreatedConnection, scimRequest } from './scim';
import type { TestApp } from './test-app';

export const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const LIST_RESPONSE_URN = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const SEARCH_REQUEST_URN = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
export const PATCH_OP_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

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
  Resources?: ScimUser[];
}

/** Builds a POST or PUT body for a User with a work email equal to the userName. */
export function userBody(
  userName: string,
  attributes: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    schemas: [USER_URN],
    userName,
    emails: [{ value: userName, type: 'work', primary: true }],
    ...attributes,
  };
}

/** Builds a PatchOp body from its operations. */
export function patchBody(...operations: Record<string, unknown>[]): Record<string, unknown> {
  return { schemas: [PATCH_OP_URN], Operations: operations };
}

/** Creates a User through POST /Users and returns it; throws unless the response status is 201. */
export async function createUser(
  testApp: TestApp,
  connection: CreatedConnection,
  body: Record<string, unknown>,
): Promise<ScimUser> {
  const response = await scimRequest(
    testApp,
    'POST',
    `${connection.scimPath}/Users`,
    connection.token,
    body,
  );
  if (response.status !== 201)
    throw new Error(`creating a User returned ${response.status}: ${response.text}`);
  return response.body as ScimUser;
}

/** Returns a User's current representation; throws unless the response status is 200. */
export async function fetchUser(
  testApp: TestApp,
  connection: CreatedConnection,
  id: string,
): Promise<ScimUser> {
  const response = await scimRequest(
    testApp,
    'GET',
    `${connection.scimPath}/Users/${id}`,
    connection.token,
  );
  if (response.status !== 200)
    throw new Error(`reading User ${id} returned ${response.status}: ${response.text}`);
  return response.body as ScimUser;
}

/**
 * Patterns of text that an error body must never contain: stack frames,
 * source file positions, SQL statements, and the names and messages of the
 * database drivers and of TypeORM.
 */
export const INTERNAL_DETAIL_PATTERNS: readonly RegExp[] = [
  /\bat \S+ \(/,
  /\.(ts|js):\d+/,
  /node_modules/,
  /\b(SELECT|INSERT INTO|UPDATE "?\w+"? SET|DELETE FROM)\b/,
  /QueryFailedError|TypeORM|SQLITE_|better-sqlite3|\bpg\b/,
  /duplicate key|violates|constraint|relation "/i,
];

/** Returns the patterns of INTERNAL_DETAIL_PATTERNS that the response body matches. */
export function internalDetailsIn(response: HttpResponse): string[] {
  return INTERNAL_DETAIL_PATTERNS.filter((pattern) => pattern.test(response.text)).map(String);
}

/** Returns a member's row, or null when there is none. */
export function memberRow(testApp: TestApp, id: string): Promise<Member | null> {
  return testApp.dataSource.getRepository(Member).findOneBy({ id });
}

/** Returns the activity events about one member, oldest first. */
export function eventsAbout(testApp: TestApp, memberId: string): Promise<AuditEvent[]> {
  return testApp.dataSource
    .getRepository(AuditEvent)
    .find({ where: { targetId: memberId }, order: { createdAt: 'ASC', id: 'ASC' } });
}

/** Returns the token id of a SCIM bearer token: the 24 hex digits after `strada_scim_`. */
/** Returns the secret of a SCIM bearer token: everything after its id, underscores included. */
export function tokenSecretOf(token: string): string {
  const match = /^strada_scim_[0-9a-f]{24}_(.+)$/.exec(token);
  if (match === null) throw new Error('not a SCIM bearer token');
  return match[1];
}

export function tokenIdOf(token: string): string {
  const match = /^strada_scim_([0-9a-f]{24})_/.exec(token);
  if (match === null) throw new Error('not a SCIM bearer token');
  return match[1];
}
