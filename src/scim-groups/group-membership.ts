import type { EntityManager } from 'typeorm';
import { isUuid } from '../common/uuid';
import { runSql, uuidInListSql, uuidListSql } from '../database/raw-sql';
import type { SqlDialect } from '../scim/filter/attribute-map';
import type { FilterNode } from '../scim/filter/filter-ast';
import { compileFilter } from '../scim/filter/filter-compiler';
import type { ScimValue } from '../scim/patch';
import { ScimError } from '../scim/scim-error';
import { ScimGroupMember } from './scim-group-member.entity';
import { MEMBER_ELEMENT_ATTRIBUTE_MAP } from './group-attribute-map';
import type { GroupMemberView } from './group-representation';

/**
 * Set-based reads and writes of group memberships. Each function runs a
 * fixed number of statements whatever the number of ids, because an id
 * list travels as one JSON parameter.
 */

/** Returns the member ids of `members` values, lower-cased and without repeats. */
export function memberIdsOf(values: readonly ScimValue[]): string[] {
  const ids = new Set<string>();
  for (const value of values) {
    const id = typeof value === 'object' ? value.value : value;
    if (typeof id !== 'string') {
      throw ScimError.invalidValue('Every element of members must have a string "value"');
    }
    ids.add(id.toLowerCase());
  }
  return [...ids];
}

/**
 * Throws ScimError invalidValue naming the first id that is not a member of
 * the organization visible over SCIM: unknown, of another organization, or
 * removed by a SCIM DELETE.
 */
export async function assertVisibleMembers(
  manager: EntityManager,
  organizationId: string,
  memberIds: readonly string[],
): Promise<void> {
  if (memberIds.length === 0) return;
  const malformed = memberIds.find((id) => !isUuid(id));
  if (malformed !== undefined) throw unknownMember(malformed);
  const missing = await runSql<{ value: string }>(
    manager,
    `SELECT CAST(ids.value AS TEXT) AS value FROM ${uuidListSql(manager, '$1')} ids ` +
      'WHERE NOT EXISTS (SELECT 1 FROM members m WHERE m.id = ids.value ' +
      'AND m.organization_id = $2 AND m.scim_deleted_at IS NULL) LIMIT 1',
    [JSON.stringify(memberIds), organizationId],
  );
  if (missing.length > 0) throw unknownMember(missing[0].value);
}

function unknownMember(id: string): ScimError {
  return ScimError.invalidValue(
    `members value "${id}" is not the id of a User of this organization`,
  );
}

/** Adds the members, skipping those already in the group, and marks them SCIM-managed. */
export async function addMembers(
  manager: EntityManager,
  groupId: string,
  memberIds: readonly string[],
): Promise<void> {
  if (memberIds.length === 0) return;
  const ids = JSON.stringify(memberIds);
  const groupIdSql = manager.connection.options.type === 'postgres' ? 'CAST($1 AS uuid)' : '$1';
  await runSql(
    manager,
    'INSERT INTO scim_group_members (group_id, member_id) ' +
      `SELECT ${groupIdSql}, ids.value FROM ${uuidListSql(manager, '$2')} ids ` +
      // SQLite needs a WHERE clause here, or it reads ON CONFLICT as a join constraint.
      'WHERE 1 = 1 ON CONFLICT DO NOTHING',
    [groupId, ids],
  );
  // Adding a member to a group makes them SCIM-managed; Strada Admins stay as Strada set them.
  await runSql(
    manager,
    "UPDATE members SET managed_by = 'scim' " +
      `WHERE ${uuidInListSql(manager, 'id', '$1')} ` +
      "AND managed_by <> 'scim' AND role <> 'strada_admin'",
    [ids],
  );
}

/** Removes the listed members from the group; ids not in it are ignored. */
export async function removeMembers(
  manager: EntityManager,
  groupId: string,
  memberIds: readonly string[],
): Promise<void> {
  const ids = memberIds.filter(isUuid);
  if (ids.length === 0) return;
  await runSql(
    manager,
    `DELETE FROM scim_group_members WHERE group_id = $1 AND ${uuidInListSql(manager, 'member_id', '$2')}`,
    [groupId, JSON.stringify(ids)],
  );
}

/** Makes the listed ids the group's whole member list. */
export async function replaceMembers(
  manager: EntityManager,
  groupId: string,
  memberIds: readonly string[],
): Promise<void> {
  if (memberIds.length === 0) {
    await clearMembers(manager, groupId);
    return;
  }
  await runSql(
    manager,
    `DELETE FROM scim_group_members WHERE group_id = $1 AND member_id NOT IN ${uuidListSql(manager, '$2')}`,
    [groupId, JSON.stringify(memberIds)],
  );
  await addMembers(manager, groupId, memberIds);
}

export async function clearMembers(manager: EntityManager, groupId: string): Promise<void> {
  await runSql(manager, 'DELETE FROM scim_group_members WHERE group_id = $1', [groupId]);
}

/** Removes the members that a PATCH value filter such as `members[value eq "id"]` selects. */
export async function removeMatchingMembers(
  manager: EntityManager,
  dialect: SqlDialect,
  groupId: string,
  filter: FilterNode,
): Promise<void> {
  const compiled = compileFilter(filter, MEMBER_ELEMENT_ATTRIBUTE_MAP, {
    dialect,
    parameterPrefix: 'mf',
  });
  await manager
    .createQueryBuilder()
    .delete()
    .from(ScimGroupMember)
    .where('group_id = :groupId', { groupId })
    .andWhere(
      'member_id IN (SELECT gm.member_id FROM scim_group_members gm ' +
        'JOIN members gmm ON gmm.id = gm.member_id ' +
        `WHERE gm.group_id = :groupId AND (${compiled.sql}))`,
      compiled.parameters,
    )
    .execute();
}

/** Loads the visible members of each group, for the groups whose members a response returns. */
export async function loadMembers(
  manager: EntityManager,
  groupIds: readonly string[],
): Promise<Map<string, GroupMemberView[]>> {
  const byGroup = new Map<string, GroupMemberView[]>(groupIds.map((id) => [id, []]));
  if (groupIds.length === 0) return byGroup;
  const rows = await runSql<{
    group_id: string;
    id: string;
    user_name: string;
    display_name: string | null;
  }>(
    manager,
    'SELECT gm.group_id, m.id, m.user_name, m.display_name FROM scim_group_members gm ' +
      'JOIN members m ON m.id = gm.member_id ' +
      `WHERE ${uuidInListSql(manager, 'gm.group_id', '$1')} AND m.scim_deleted_at IS NULL ` +
      'ORDER BY gm.group_id, m.created_at, m.id',
    [JSON.stringify(groupIds)],
  );
  for (const row of rows) {
    byGroup.get(String(row.group_id))?.push({
      id: String(row.id),
      userName: row.user_name,
      displayName: row.display_name,
    });
  }
  return byGroup;
}

/** Returns whether the group has a role mapping, so that changing its members can change roles. */
export async function isMappedGroup(manager: EntityManager, groupId: string): Promise<boolean> {
  const rows = await runSql(manager, 'SELECT 1 AS one FROM role_mappings WHERE group_id = $1', [
    groupId,
  ]);
  return rows.length > 0;
}
