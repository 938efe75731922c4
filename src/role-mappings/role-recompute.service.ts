import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditEvent } from '../audit/audit-event.entity';
import { newAuditEventId } from '../audit/audit.service';
import type { AuditActor } from '../audit/audit.service';
import { runSql, uuidInListSql, uuidListSql } from '../database/raw-sql';
import { Member } from '../organizations/member.entity';
import { lockOrganization } from '../organizations/members.service';
import type { AssignableRole, Role, RoleSource } from '../organizations/role';
import { protectLastAdmin, resolveRole, RoleDecision, RoleHolder } from './role-resolution';

/** Members whose roles a recomputation considers: the listed ids, or every member of the organization. */
export type RecomputeScope = { memberIds: readonly string[] } | 'organization';

/** A group-to-role mapping as the recomputation reads it. */
export interface MappingEntry {
  groupId: string;
  role: AssignableRole;
}

/** The mappings that roles are computed from: those saved, or a proposed set for a preview. */
export type MappingSet = 'stored' | readonly MappingEntry[];

/** A member whose role or role source would change, and the mapped group that decides it. */
export interface PlannedRoleChange extends RoleDecision {
  /** The group whose mapping gives the new role, or null when the member falls back to Member. */
  groupId: string | null;
}

export interface RoleChangeContext {
  organizationId: string;
  actor: AuditActor;
  /** The change that caused the recomputation, such as `scim_group.patched`. */
  cause: string;
  requestId?: string;
}

/** Most activity events inserted by one statement; keeps SQLite below its bound-parameter limit. */
const AUDIT_INSERT_CHUNK = 500;

const RANK_SQL =
  "CASE rm.role WHEN 'admin' THEN 4 WHEN 'it_admin' THEN 3 WHEN 'executive' THEN 2 ELSE 1 END";

interface CandidateRow {
  id: string;
  role: Role;
  role_source: RoleSource;
  managed_by: 'manual' | 'scim';
  status: 'active' | 'deactivated';
  mapped_role: AssignableRole | null;
  mapped_group_id: string | null;
}

/**
 * Recomputes members' roles from group-to-role mappings. The number of SQL
 * statements does not grow with the number of members in scope. One query
 * finds the members whose role would change, one update per distinct new
 * role writes them, and activity events are inserted in chunks of 500.
 */
@Injectable()
export class RoleRecomputeService {
  /**
   * Returns the role changes that `mappings` would cause for the members in
   * `scope`, including demotions that protection of the last active Admin
   * refuses. Reads only.
   */
  async plan(
    manager: EntityManager,
    organizationId: string,
    scope: RecomputeScope,
    mappings: MappingSet,
  ): Promise<{ apply: PlannedRoleChange[]; refused: PlannedRoleChange[] }> {
    if (scope !== 'organization' && scope.memberIds.length === 0) return { apply: [], refused: [] };
    const rows = await this.findChangedMembers(manager, organizationId, scope, mappings);
    const planned: PlannedRoleChange[] = rows.map((row) => {
      const member: RoleHolder = {
        id: row.id,
        role: row.role,
        roleSource: row.role_source,
        managedBy: row.managed_by,
        status: row.status,
      };
      return {
        member,
        next: resolveRole(member, row.mapped_role === null ? [] : [row.mapped_role]),
        groupId: row.mapped_group_id,
      };
    });

    if (!planned.some(demotesActiveAdmin)) return { apply: planned, refused: [] };

    const touched = new Set(planned.map((change) => change.member.id));
    const admins = await manager
      .getRepository(Member)
      .find({ select: { id: true }, where: { organizationId, role: 'admin', status: 'active' } });
    const otherAdmins = admins.filter((admin) => !touched.has(admin.id)).length;
    const { apply, refused } = protectLastAdmin(planned, otherAdmins);
    return {
      apply: apply as PlannedRoleChange[],
      refused: refused as PlannedRoleChange[],
    };
  }

  /**
   * Recomputes and stores the roles of the members in `scope` from the saved
   * mappings, in the caller's transaction. Writes one activity event per
   * role change and one per refused demotion of the last active Admin.
   */
  async recompute(
    manager: EntityManager,
    scope: RecomputeScope,
    context: RoleChangeContext,
  ): Promise<PlannedRoleChange[]> {
    let planned = await this.plan(manager, context.organizationId, scope, 'stored');
    // Only demoting an active Admin depends on who the other active Admins are. In that case
    // the organization lock serializes this with other Admin changes, and the plan is redone under it.
    if (planned.refused.length > 0 || planned.apply.some(demotesActiveAdmin)) {
      await lockOrganization(manager, context.organizationId);
      planned = await this.plan(manager, context.organizationId, scope, 'stored');
    }
    const { apply, refused } = planned;
    await this.store(manager, context.organizationId, apply);
    await this.recordEvents(manager, context, apply, refused);
    return apply;
  }

  private findChangedMembers(
    manager: EntityManager,
    organizationId: string,
    scope: RecomputeScope,
    mappings: MappingSet,
  ): Promise<CandidateRow[]> {
    const isPostgres = manager.connection.options.type === 'postgres';
    const parameters: unknown[] = [organizationId];
    let mappingSql: string;
    if (mappings === 'stored') {
      mappingSql = '(SELECT group_id, role FROM role_mappings WHERE organization_id = $1)';
    } else {
      parameters.push(JSON.stringify(mappings));
      mappingSql = isPostgres
        ? "(SELECT CAST(value->>'groupId' AS uuid) AS group_id, value->>'role' AS role FROM jsonb_array_elements(CAST($2 AS jsonb)))"
        : "(SELECT json_extract(value, '$.groupId') AS group_id, json_extract(value, '$.role') AS role FROM json_each($2))";
    }
    let fromSql = 'members m';
    let scopeSql = '';
    if (scope !== 'organization') {
      parameters.push(JSON.stringify([...new Set(scope.memberIds)]));
      const ids = `$${parameters.length}`;
      // The id list chooses the rows, so the cost does not grow with the organization's members.
      // SQLite keeps the left side of CROSS JOIN as the outer loop. OFFSET 0 stops PostgreSQL
      // from pushing the organization filter inside, where it would pick the organization index.
      if (isPostgres) {
        fromSql = `(SELECT * FROM members WHERE ${uuidInListSql(manager, 'id', ids)} OFFSET 0) m`;
      } else {
        fromSql = `${uuidListSql(manager, ids)} ids CROSS JOIN members m`;
        scopeSql = ' AND m.id = ids.value';
      }
    }
    const bestMapping = (column: string) =>
      `(SELECT ${column} FROM scim_group_members gm JOIN ${mappingSql} rm ON rm.group_id = gm.group_id ` +
      `WHERE gm.member_id = m.id ORDER BY ${RANK_SQL} DESC, gm.group_id LIMIT 1)`;
    const sql =
      'SELECT c.id, c.role, c.role_source, c.managed_by, c.status, c.mapped_role, c.mapped_group_id FROM (' +
      'SELECT m.id, m.role, m.role_source, m.managed_by, m.status, m.created_at, ' +
      `${bestMapping('rm.role')} AS mapped_role, ${bestMapping('gm.group_id')} AS mapped_group_id ` +
      `FROM ${fromSql} WHERE m.organization_id = $1` +
      " AND m.managed_by = 'scim' AND m.role <> 'strada_admin'" +
      `${scopeSql}) c ` +
      "WHERE (c.mapped_role IS NOT NULL AND (c.mapped_role <> c.role OR c.role_source <> 'mapping')) " +
      "OR (c.mapped_role IS NULL AND c.role_source = 'mapping') " +
      'ORDER BY c.created_at, c.id';
    return runSql<CandidateRow>(manager, sql, parameters).then((rows) =>
      rows.map((row) => ({ ...row, id: String(row.id), mapped_group_id: row.mapped_group_id })),
    );
  }

  /** Writes the new roles with one UPDATE per distinct (role, source) pair. */
  private async store(
    manager: EntityManager,
    organizationId: string,
    changes: readonly PlannedRoleChange[],
  ): Promise<void> {
    const byTarget = new Map<string, { role: Role; roleSource: RoleSource; ids: string[] }>();
    for (const change of changes) {
      const key = `${change.next.role}|${change.next.roleSource}`;
      const target = byTarget.get(key) ?? { ...change.next, ids: [] };
      target.ids.push(change.member.id);
      byTarget.set(key, target);
    }
    const now = new Date();
    for (const target of byTarget.values()) {
      await manager
        .createQueryBuilder()
        .update(Member)
        .set({ role: target.role, roleSource: target.roleSource, updatedAt: now })
        .where('organization_id = :organizationId', { organizationId })
        .andWhere(`id IN ${uuidListSql(manager, ':ids')}`, { ids: JSON.stringify(target.ids) })
        .execute();
    }
  }

  private async recordEvents(
    manager: EntityManager,
    context: RoleChangeContext,
    applied: readonly PlannedRoleChange[],
    refused: readonly PlannedRoleChange[],
  ): Promise<void> {
    const now = new Date();
    const event = (
      change: PlannedRoleChange,
      action: string,
      changes: Record<string, unknown>,
    ): AuditEvent => ({
      id: newAuditEventId(),
      organizationId: context.organizationId,
      actorType: context.actor.type,
      actorId: context.actor.id,
      actorTokenId: context.actor.tokenId ?? null,
      action,
      targetType: 'member',
      targetId: change.member.id,
      changes,
      requestId: context.requestId ?? null,
      createdAt: now,
    });
    const events: AuditEvent[] = [];
    for (const change of applied) {
      if (change.member.role === change.next.role) continue;
      events.push(
        event(change, 'member.role_changed', {
          role: { old: change.member.role, new: change.next.role },
          roleSource: change.next.roleSource,
          cause: context.cause,
          groupId: change.groupId,
        }),
      );
    }
    for (const change of refused) {
      events.push(
        event(change, 'member.role_change_refused', {
          reason: 'last_active_admin',
          role: { old: change.member.role, proposed: change.next.role },
          cause: context.cause,
        }),
      );
    }
    for (let start = 0; start < events.length; start += AUDIT_INSERT_CHUNK) {
      await manager
        .getRepository(AuditEvent)
        .insert(events.slice(start, start + AUDIT_INSERT_CHUNK) as never);
    }
  }
}

function demotesActiveAdmin(change: PlannedRoleChange): boolean {
  return (
    change.member.role === 'admin' &&
    change.member.status === 'active' &&
    change.next.role !== 'admin'
  );
}
