import type { DataSource } from 'typeorm';
import type { HttpResponse } from './http';
import { CreatedConnection, scimRequest } from './scim';
import type { TestApp } from './test-app';

export const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** A Group as the service returns it. */
export interface ScimGroupBody extends Record<string, unknown> {
  id: string;
  displayName: string;
  members?: { value: string; display: string; $ref: string; type: string }[];
  meta: { version: string; location: string; created: string; lastModified: string };
}

/** Sends one request to the connection's /Groups endpoint; `suffix` is appended to /Groups. */
export function groupsRequest(
  testApp: TestApp,
  connection: CreatedConnection,
  method: string,
  suffix = '',
  body?: unknown,
): Promise<HttpResponse> {
  return scimRequest(
    testApp,
    method,
    `${connection.scimPath}/Groups${suffix}`,
    connection.token,
    body,
  );
}

/** Builds a PatchOp body from its operations. */
export function groupPatch(...operations: Record<string, unknown>[]): Record<string, unknown> {
  return { schemas: [PATCH_OP], Operations: operations };
}

/** Creates a User over SCIM and returns its id. */
export async function createScimUser(
  testApp: TestApp,
  connection: CreatedConnection,
  userName: string,
): Promise<string> {
  const response = await scimRequest(
    testApp,
    'POST',
    `${connection.scimPath}/Users`,
    connection.token,
    {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName,
      displayName: userName.split('@')[0],
    },
  );
  if (response.status !== 201) {
    throw new Error(`creating user ${userName} returned ${response.status}: ${response.text}`);
  }
  return (response.body as { id: string }).id;
}

/** Creates a Group over SCIM and returns it. */
export async function createScimGroup(
  testApp: TestApp,
  connection: CreatedConnection,
  displayName: string,
  memberIds: readonly string[] = [],
): Promise<ScimGroupBody> {
  const response = await groupsRequest(testApp, connection, 'POST', '', {
    schemas: [GROUP_URN],
    displayName,
    members: memberIds.map((value) => ({ value })),
  });
  if (response.status !== 201) {
    throw new Error(`creating group ${displayName} returned ${response.status}: ${response.text}`);
  }
  return response.body as ScimGroupBody;
}

/** Returns the member ids of a group straight from the database, sorted. */
export async function storedMemberIds(dataSource: DataSource, groupId: string): Promise<string[]> {
  const rows: { member_id: string }[] = await dataSource
    .createQueryBuilder()
    .select('gm.member_id', 'member_id')
    .from('scim_group_members', 'gm')
    .where('gm.group_id = :groupId', { groupId })
    .getRawMany();
  return rows.map((row) => String(row.member_id)).sort();
}

/** Returns a member's role and role source straight from the database. */
export async function storedRole(
  dataSource: DataSource,
  memberId: string,
): Promise<{ role: string; roleSource: string }> {
  const row: { role: string; role_source: string } | undefined = await dataSource
    .createQueryBuilder()
    .select(['m.role AS role', 'm.role_source AS role_source'])
    .from('members', 'm')
    .where('m.id = :memberId', { memberId })
    .getRawOne();
  if (row === undefined) throw new Error(`member ${memberId} not found`);
  return { role: row.role, roleSource: row.role_source };
}

/**
 * Counts the SQL statements that the data source runs while `work` runs, by
 * wrapping its logger's logQuery, which TypeORM's query runners call for
 * every statement on both engines.
 */
export async function countQueries(
  dataSource: DataSource,
  work: () => Promise<unknown>,
): Promise<string[]> {
  const logger = dataSource.logger;
  const original = logger.logQuery.bind(logger);
  const statements: string[] = [];
  logger.logQuery = (query, parameters, queryRunner) => {
    statements.push(query);
    return original(query, parameters, queryRunner);
  };
  try {
    await work();
  } finally {
    logger.logQuery = original;
  }
  return statements;
}
