import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import { isUuid } from '../common/uuid';
import { runSql, uuidListSql } from '../database/raw-sql';
import { parseDatabaseTimestamp } from '../database/timestamps';
import { TransactionRunner } from '../database/transaction-runner';
import { lockOrganization } from '../organizations/members.service';
import {
  ASSIGNABLE_ROLES,
  canGrantRole,
  isAssignableRole,
  Role,
  ROLE_DISPLAY_NAMES,
  roleRank,
} from '../organizations/role';
import type {
  MappableRoleDto,
  RoleChangePreviewDto,
  RoleMappingDto,
  RoleMappingEntryDto,
  RoleMappingPreviewDto,
  ScimGroupSummaryDto,
} from './dto/role-mapping.dto';
import { RoleMapping } from './role-mapping.entity';
import { MappingEntry, PlannedRoleChange, RoleRecomputeService } from './role-recompute.service';

/** The manager who saves or previews a mapping set. */
export interface MappingManager {
  id: string;
  role: Role;
}

/** Group-to-role mappings of an organization: listing, validation, saving and preview. */
@Injectable()
export class RoleMappingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly recompute: RoleRecomputeService,
    private readonly audit: AuditService,
  ) {}

  /** Lists the groups of the organization's live connection with visible member counts and mapped roles. */
  async listGroups(organizationId: string): Promise<ScimGroupSummaryDto[]> {
    const rows = await runSql<{
      id: string;
      display_name: string;
      external_id: string | null;
      created_at: Date | string;
      role: string | null;
      member_count: number | string;
    }>(
      this.dataSource.manager,
      'SELECT g.id, g.display_name, g.external_id, g.created_at, rm.role, ' +
        '(SELECT COUNT(*) FROM scim_group_members gm JOIN members m ON m.id = gm.member_id ' +
        'WHERE gm.group_id = g.id AND m.scim_deleted_at IS NULL) AS member_count ' +
        'FROM scim_groups g JOIN scim_connections c ON c.id = g.connection_id AND c.deleted_at IS NULL ' +
        'LEFT JOIN role_mappings rm ON rm.group_id = g.id ' +
        'WHERE g.organization_id = $1 ORDER BY lower(g.display_name), g.id',
      [organizationId],
    );
    return rows.map((row) => ({
      id: String(row.id),
      displayName: row.display_name,
      externalId: row.external_id,
      memberCount: Number(row.member_count),
      role: isAssignableRole(row.role) ? row.role : null,
      createdAt: (parseDatabaseTimestamp(row.created_at) as Date).toISOString(),
    }));
  }

  /**
   * Lists the roles a mapping may assign, highest rank first: every catalog
   * role except Strada Admin, each marked with whether `callerRole` may grant it.
   */
  listRoles(callerRole: Role): MappableRoleDto[] {
    return ASSIGNABLE_ROLES.map((role) => ({
      id: role,
      name: ROLE_DISPLAY_NAMES[role],
      rank: roleRank(role),
      grantable: canGrantRole(callerRole, role),
    }));
  }

  getMappings(organizationId: string): Promise<RoleMappingDto[]> {
    return this.readMappings(this.dataSource.manager, organizationId);
  }

  /**
   * Replaces the organization's whole mapping set and recomputes every
   * member's role, in one transaction. Any invalid entry rejects the whole
   * request with a 400 naming it, and nothing is saved.
   */
  async saveMappings(
    organizationId: string,
    entries: readonly RoleMappingEntryDto[],
    manager: MappingManager,
    requestId?: string,
  ): Promise<RoleMappingDto[]> {
    return this.transactions.run(async (entityManager) => {
      await lockOrganization(entityManager, organizationId);
      const previous = await this.readMappings(entityManager, organizationId);
      const mappings = await this.validate(
        entityManager,
        organizationId,
        entries,
        manager,
        previous,
      );

      await entityManager.delete(RoleMapping, { organizationId });
      const now = new Date();
      if (mappings.length > 0) {
        await entityManager.insert(
          RoleMapping,
          mappings.map((mapping) => ({
            groupId: mapping.groupId,
            organizationId,
            role: mapping.role,
            createdBy: manager.id,
            createdAt: now,
          })),
        );
      }
      const actor = { type: 'member' as const, id: manager.id };
      const changes = await this.recompute.recompute(entityManager, 'organization', {
        organizationId,
        actor,
        cause: 'role_mappings.saved',
        requestId,
      });
      await this.audit.record(entityManager, {
        organizationId,
        actor,
        action: 'role_mappings.saved',
        targetType: 'organization',
        targetId: organizationId,
        changes: {
          mappings: {
            old: previous.map(({ groupId, role }) => ({ groupId, role })),
            new: mappings,
          },
          roleChanges: changes.filter((change) => change.member.role !== change.next.role).length,
        },
        requestId,
      });
      return this.readMappings(entityManager, organizationId);
    });
  }

  /** Returns who would gain or lose which role if `entries` were saved; saves nothing. */
  async preview(
    organizationId: string,
    entries: readonly RoleMappingEntryDto[],
    manager: MappingManager,
  ): Promise<RoleMappingPreviewDto> {
    const entityManager = this.dataSource.manager;
    const previous = await this.readMappings(entityManager, organizationId);
    const mappings = await this.validate(entityManager, organizationId, entries, manager, previous);
    const { apply, refused } = await this.recompute.plan(
      entityManager,
      organizationId,
      'organization',
      mappings,
    );
    const roleChanges = apply.filter((change) => change.member.role !== change.next.role);
    const userNames = await this.userNames(entityManager, [...roleChanges, ...refused]);
    const describe = (change: PlannedRoleChange): RoleChangePreviewDto => ({
      memberId: change.member.id,
      userName: userNames.get(change.member.id) ?? '',
      oldRole: change.member.role,
      newRole: change.next.role,
      groupId: change.groupId,
    });
    return { changes: roleChanges.map(describe), refused: refused.map(describe) };
  }

  /**
   * Checks every entry against the saved set `previous` and returns the set in
   * stored form. Throws a 400 naming the first bad entry, or a 403 for a change
   * to a mapping above the caller's rank.
   */
  private async validate(
    manager: EntityManager,
    organizationId: string,
    entries: readonly RoleMappingEntryDto[],
    caller: MappingManager,
    previous: readonly MappingEntry[],
  ): Promise<MappingEntry[]> {
    const seen = new Set<string>();
    const mappings: MappingEntry[] = [];
    entries.forEach((entry, index) => {
      const name = `mappings[${index}]`;
      const groupId = entry.groupId.toLowerCase();
      if (!isUuid(groupId)) {
        throw DomainError.invalidInput(`${name}: groupId "${entry.groupId}" is not a group id`);
      }
      if (seen.has(groupId)) {
        throw DomainError.invalidInput(
          `${name}: group ${entry.groupId} is mapped twice; a group may have one role`,
        );
      }
      seen.add(groupId);
      if (entry.role === 'strada_admin') {
        throw DomainError.invalidInput(`${name}: Strada Admin cannot be assigned by a mapping`);
      }
      if (!isAssignableRole(entry.role)) {
        throw DomainError.invalidInput(
          `${name}: role "${entry.role}" is not one of ${ASSIGNABLE_ROLES.join(', ')}`,
        );
      }
      mappings.push({ groupId, role: entry.role });
    });
    assertRanksKept(caller, previous, mappings);
    if (mappings.length === 0) return mappings;

    const found = await runSql<{ id: string }>(
      manager,
      `SELECT g.id FROM scim_groups g WHERE g.organization_id = $1 AND g.id IN ${uuidListSql(manager, '$2')}`,
      [organizationId, JSON.stringify(mappings.map((mapping) => mapping.groupId))],
    );
    const known = new Set(found.map((row) => String(row.id)));
    const missing = mappings.findIndex((mapping) => !known.has(mapping.groupId));
    if (missing >= 0) {
      throw DomainError.invalidInput(
        `mappings[${missing}]: group ${mappings[missing].groupId} is not a SCIM group of this organization`,
      );
    }
    return mappings;
  }

  private async readMappings(
    manager: EntityManager,
    organizationId: string,
  ): Promise<RoleMappingDto[]> {
    const rows = await runSql<{
      group_id: string;
      display_name: string;
      role: string;
      created_by: string | null;
      created_at: Date | string;
    }>(
      manager,
      'SELECT rm.group_id, g.display_name, rm.role, rm.created_by, rm.created_at FROM role_mappings rm ' +
        'JOIN scim_groups g ON g.id = rm.group_id WHERE rm.organization_id = $1 ' +
        'ORDER BY lower(g.display_name), rm.group_id',
      [organizationId],
    );
    return rows
      .filter((row) => isAssignableRole(row.role))
      .map((row) => ({
        groupId: String(row.group_id),
        groupDisplayName: row.display_name,
        role: row.role as RoleMappingDto['role'],
        createdBy: row.created_by === null ? null : String(row.created_by),
        createdAt: (parseDatabaseTimestamp(row.created_at) as Date).toISOString(),
      }));
  }

  private async userNames(
    manager: EntityManager,
    changes: readonly PlannedRoleChange[],
  ): Promise<Map<string, string>> {
    if (changes.length === 0) return new Map();
    const rows = await runSql<{ id: string; user_name: string }>(
      manager,
      `SELECT m.id, m.user_name FROM members m WHERE m.id IN ${uuidListSql(manager, '$1')}`,
      [JSON.stringify(changes.map((change) => change.member.id))],
    );
    return new Map(rows.map((row) => [String(row.id), row.user_name]));
  }
}

/**
 * Rejects, with 403, a set that adds, changes or removes a mapping to a role
 * ranked above the caller's. Such a mapping grants or revokes a role the
 * caller may not set by hand, so an IT Admin may keep an Admin's mapping in
 * the set but neither create nor drop one.
 */
function assertRanksKept(
  caller: MappingManager,
  previous: readonly MappingEntry[],
  next: readonly MappingEntry[],
): void {
  const callerRole = ROLE_DISPLAY_NAMES[caller.role];
  const isAbove = (mapping: MappingEntry) => !canGrantRole(caller.role, mapping.role);
  const keyOf = (mapping: MappingEntry) => `${mapping.groupId} ${mapping.role}`;
  const previousAboveKeys = new Set(previous.filter(isAbove).map(keyOf));

  const addedIndex = next.findIndex(
    (mapping) => isAbove(mapping) && !previousAboveKeys.has(keyOf(mapping)),
  );
  if (addedIndex >= 0) {
    throw DomainError.forbidden(
      `mappings[${addedIndex}]: your role (${callerRole}) cannot grant ${ROLE_DISPLAY_NAMES[next[addedIndex].role]}`,
    );
  }
  const nextKeys = new Set(next.map(keyOf));
  const removed = previous.find((mapping) => isAbove(mapping) && !nextKeys.has(keyOf(mapping)));
  if (removed !== undefined) {
    throw DomainError.forbidden(
      `Your role (${callerRole}) cannot remove or change the ${ROLE_DISPLAY_NAMES[removed.role]} mapping of group ${removed.groupId}. Keep it in the set unchanged.`,
    );
  }
}
