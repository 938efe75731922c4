import type { DataSource } from 'typeorm';
import { PreparedQuery } from '../database/prepared-query';
import { parseDatabaseTimestamp } from '../database/timestamps';
import type { Member } from '../organizations/member.entity';
import type { SqlDialect } from '../scim/filter/attribute-map';
import type { ComparisonNode, FilterNode } from '../scim/filter/filter-ast';
import { USER_SCHEMA_URN } from '../scim/schema/schema-urns';

interface MemberRow {
  id: string;
  organization_id: string;
  email: string;
  user_name: string;
  display_name: string | null;
  status: Member['status'];
  role: Member['role'];
  role_source: Member['roleSource'];
  managed_by: Member['managedBy'];
  external_id: string | null;
  scim_attributes: string | null;
  scim_version: number | string;
  scim_deleted_at: string | Date | null;
  created_at: string | Date;
  updated_at: string | Date;
  /** JSON array of the member's groups as [{value, display}], from the same statement. */
  groups_json: string | unknown[] | null;
}

/** The member's groups, aggregated in the lookup statement so the lookup stays one round trip. */
const GROUPS_JSON: Record<SqlDialect, string> = {
  sqlite: `(SELECT json_group_array(json_object('value', g.id, 'display', g.display_name))
             FROM scim_group_members gm JOIN scim_groups g ON g.id = gm.group_id
            WHERE gm.member_id = members.id) AS groups_json`,
  postgres: `(SELECT json_agg(json_build_object('value', g.id, 'display', g.display_name) ORDER BY g.display_name, g.id)
               FROM scim_group_members gm JOIN scim_groups g ON g.id = gm.group_id
              WHERE gm.member_id = members.id) AS groups_json`,
};

function visibleMemberSql(dialect: SqlDialect): string {
  return `SELECT members.*, ${GROUPS_JSON[dialect]} FROM members WHERE organization_id = $1 AND scim_deleted_at IS NULL`;
}

/** A looked-up member with the id and displayName of each group it belongs to. */
export interface MemberWithGroups {
  member: Member;
  groups: { value: string; display: string }[];
}

/** The lookups that identity providers make before every create, by the attribute they match on. */
export type LookupAttribute = 'userName' | 'externalId';

/**
 * Returns the attribute and value when the filter is a single `eq`
 * comparison on userName or externalId, the lookups IdPs make before every
 * create. Any other filter returns undefined and goes through the compiler.
 */
export function matchEqualityLookup(
  filter: FilterNode,
): { attribute: LookupAttribute; value: string } | undefined {
  if (filter.kind !== 'comparison') return undefined;
  const comparison: ComparisonNode = filter;
  const { schema, attribute, subAttribute } = comparison.attribute;
  if (
    comparison.operator !== 'eq' ||
    typeof comparison.value !== 'string' ||
    subAttribute !== undefined
  )
    return undefined;
  if (schema !== undefined && schema.toLowerCase() !== USER_SCHEMA_URN.toLowerCase())
    return undefined;
  const name = attribute.toLowerCase();
  if (name === 'username') return { attribute: 'userName', value: comparison.value };
  if (name === 'externalid') return { attribute: 'externalId', value: comparison.value };
  return undefined;
}

/**
 * Prepared statements for the equality lookups, run on the indexes of
 * (organization, lower(userName)) and (organization, externalId). userName
 * compares case-insensitively and externalId exactly, as /Schemas publishes.
 */
export class MemberLookup {
  private readonly queries: Record<LookupAttribute, PreparedQuery<MemberRow>>;

  constructor(dataSource: DataSource) {
    const dialect: SqlDialect = dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
    this.queries = {
      userName: new PreparedQuery(
        dataSource,
        'scim_user_by_user_name',
        `${visibleMemberSql(dialect)} AND lower(user_name) = lower($2)`,
      ),
      externalId: new PreparedQuery(
        dataSource,
        'scim_user_by_external_id',
        `${visibleMemberSql(dialect)} AND external_id = $2 ORDER BY created_at, id`,
      ),
    };
  }

  async find(
    organizationId: string,
    attribute: LookupAttribute,
    value: string,
  ): Promise<MemberWithGroups[]> {
    const pending = this.queries[attribute].all([organizationId, value]);
    const rows = Array.isArray(pending) ? pending : await pending;
    return rows.map((row) => ({ member: toMember(row), groups: parseGroups(row.groups_json) }));
  }
}

function parseGroups(value: MemberRow['groups_json']): { value: string; display: string }[] {
  if (value === null) return [];
  const groups = (typeof value === 'string' ? JSON.parse(value) : value) as {
    value: string;
    display: string;
  }[];
  return groups.sort((left, right) =>
    left.display < right.display
      ? -1
      : left.display > right.display
        ? 1
        : left.value < right.value
          ? -1
          : 1,
  );
}

function toMember(row: MemberRow): Member {
  return {
    id: row.id,
    organizationId: row.organization_id,
    email: row.email,
    userName: row.user_name,
    displayName: row.display_name,
    status: row.status,
    role: row.role,
    roleSource: row.role_source,
    managedBy: row.managed_by,
    externalId: row.external_id,
    scimAttributes: row.scim_attributes,
    scimVersion: Number(row.scim_version),
    scimDeletedAt: parseDatabaseTimestamp(row.scim_deleted_at),
    createdAt: parseDatabaseTimestamp(row.created_at) as Date,
    updatedAt: parseDatabaseTimestamp(row.updated_at) as Date,
  };
}
