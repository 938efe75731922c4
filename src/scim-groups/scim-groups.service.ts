import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { isUuid } from '../common/uuid';
import { AppConfig } from '../config/app-config';
import { scimBaseUrl } from '../connections/connection-card';
import { runSql } from '../database/raw-sql';
import { TransactionRunner } from '../database/transaction-runner';
import { RecomputeScope, RoleRecomputeService } from '../role-mappings/role-recompute.service';
import { assertIfMatch } from '../scim/etag';
import { compileFilter } from '../scim/filter/filter-compiler';
import { compileSortBy } from '../scim/filter/sort-compiler';
import type { ListQuery } from '../scim/list-query';
import { AttributeIntent, applyPatchWithHandlers, parsePatchRequest } from '../scim/patch';
import type { ProjectionOptions } from '../scim/schema/resource-projection';
import { projectResource } from '../scim/schema/resource-projection';
import { normalizeResource } from '../scim/schema/resource-normalizer';
import { RESOURCE_TYPE_DEFINITIONS } from '../scim/schema/schema-registry';
import { GROUP_SCHEMA_URN } from '../scim/schema/schema-urns';
import { ScimError } from '../scim/scim-error';
import type { ScimCaller } from '../tokens/scim-request-context';
import { GROUP_ATTRIBUTE_MAP, GROUP_TABLE_ALIAS } from './group-attribute-map';
import {
  addMembers,
  assertVisibleMembers,
  clearMembers,
  isMappedGroup,
  loadMembers,
  memberIdsOf,
  removeMatchingMembers,
  removeMembers,
  replaceMembers,
} from './group-membership';
import { toScimGroup } from './group-representation';
import { ScimGroup } from './scim-group.entity';

type JsonObject = Record<string, unknown>;

/** Column limits; longer values are rejected as invalidValue instead of failing in the database. */
const MAX_LENGTH = { displayName: 256, externalId: 512 } as const;

/** The Group attributes of a normalized SCIM document. */
interface GroupFields {
  displayName: string;
  externalId: string | null;
  /** Member ids, lower-cased and without repeats; empty when the document has no members. */
  memberIds: string[];
}

/** The members whose role a membership change may have changed. */
class AffectedMembers {
  private readonly ids = new Set<string>();
  private wholeOrganization = false;

  addIds(ids: readonly string[]): void {
    for (const id of ids) this.ids.add(id);
  }

  addOrganization(): void {
    this.wholeOrganization = true;
  }

  scope(): RecomputeScope {
    return this.wholeOrganization ? 'organization' : { memberIds: [...this.ids] };
  }
}

/**
 * Provisioning of groups through SCIM /Groups. Membership changes are
 * set-based SQL, and every write recomputes the roles it may change and
 * records its activity event in the same transaction.
 */
@Injectable()
export class ScimGroupsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly roles: RoleRecomputeService,
    private readonly config: AppConfig,
  ) {}

  baseUrl(caller: ScimCaller): string {
    return scimBaseUrl(this.config.publicBaseUrl, caller.connectionId);
  }

  /**
   * Filters, sorts and pages in the database. Members are read, in one
   * query for the whole page, only when the response returns them.
   */
  async list(
    caller: ScimCaller,
    query: ListQuery,
  ): Promise<{ resources: JsonObject[]; totalResults: number }> {
    const dialect = this.config.databaseDialect;
    const base = this.dataSource
      .getRepository(ScimGroup)
      .createQueryBuilder(GROUP_TABLE_ALIAS)
      .where('g.connection_id = :connectionId', { connectionId: caller.connectionId });
    if (query.filter !== undefined) {
      const compiled = compileFilter(query.filter, GROUP_ATTRIBUTE_MAP, {
        dialect,
        parameterPrefix: 'f',
      });
      base.andWhere(`(${compiled.sql})`, compiled.parameters);
    }
    const count = () => base.clone().getCount();
    if (query.count === 0) return { resources: [], totalResults: await count() };

    const page = base.clone();
    if (query.sortBy !== undefined) {
      const sort = compileSortBy(query.sortBy, GROUP_ATTRIBUTE_MAP, {
        dialect,
        sortOrder: query.sortOrder,
        parameterPrefix: 's',
      });
      page.orderBy(sort.expression, sort.direction, sort.nulls).setParameters(sort.parameters);
      page.addOrderBy('g.created_at', 'ASC');
    } else {
      page.orderBy('g.created_at', 'ASC');
    }
    const groups = await page
      .addOrderBy('g.id', 'ASC')
      .offset(query.startIndex - 1)
      .limit(query.count)
      .getMany();

    const members = returnsMembers(query)
      ? await loadMembers(
          this.dataSource.manager,
          groups.map((group) => group.id),
        )
      : undefined;
    const baseUrl = this.baseUrl(caller);
    const resources = groups.map((group) =>
      projectResource(toScimGroup(group, baseUrl, members?.get(group.id)), 'Group', query),
    );
    const pageIsComplete = query.startIndex === 1 && groups.length < query.count;
    return { resources, totalResults: pageIsComplete ? groups.length : await count() };
  }

  /** Returns the group, with its members only when `projection` returns them. */
  async get(
    caller: ScimCaller,
    id: string,
    projection: ProjectionOptions,
  ): Promise<{ group: ScimGroup; resource: JsonObject }> {
    const group = await this.findGroup(this.dataSource.manager, caller, id, { lock: false });
    const members = returnsMembers(projection)
      ? (await loadMembers(this.dataSource.manager, [group.id])).get(group.id)
      : undefined;
    const resource = projectResource(
      toScimGroup(group, this.baseUrl(caller), members),
      'Group',
      projection,
    );
    return { group, resource };
  }

  /** Creates a group; a displayName taken in the connection, in any case, is 409. */
  async create(caller: ScimCaller, body: unknown, requestId?: string): Promise<JsonObject> {
    const fields = toGroupFields(normalizeResource(body, 'Group', 'create'));
    return this.transactions.run(async (manager) => {
      await assertVisibleMembers(manager, caller.organizationId, fields.memberIds);
      await lockGroupNames(manager, caller.connectionId, 'shared');
      const now = new Date();
      const group: ScimGroup = {
        id: randomUUID(),
        connectionId: caller.connectionId,
        organizationId: caller.organizationId,
        displayName: fields.displayName,
        externalId: fields.externalId,
        scimVersion: 1,
        createdAt: now,
        updatedAt: now,
      };
      // The unique index on (connection, lower(displayName)) decides races without an error in the server log.
      await manager
        .createQueryBuilder()
        .insert()
        .into(ScimGroup)
        .values(group)
        .orIgnore()
        .execute();
      const inserted = await manager.getRepository(ScimGroup).findOneBy({ id: group.id });
      if (inserted === null) throw displayNameTaken(fields.displayName);

      await addMembers(manager, group.id, fields.memberIds);
      await this.roles.recompute(
        manager,
        { memberIds: fields.memberIds },
        this.roleContext(caller, 'scim_group.created', requestId),
      );
      await this.record(
        manager,
        caller,
        'scim_group.created',
        group.id,
        {
          displayName: group.displayName,
          membersAdded: fields.memberIds.length,
        },
        requestId,
      );
      return this.representation(manager, caller, inserted);
    });
  }

  /** Replaces displayName, externalId and the whole member list (RFC 7644 section 3.5.1). */
  async replace(
    caller: ScimCaller,
    id: string,
    body: unknown,
    ifMatch: string | undefined,
    requestId?: string,
  ): Promise<JsonObject> {
    const fields = toGroupFields(normalizeResource(body, 'Group', 'replace'));
    return this.transactions.run(async (manager) => {
      const group = await this.findGroup(manager, caller, id, { lock: true });
      assertIfMatch(ifMatch, group.scimVersion);
      await assertVisibleMembers(manager, caller.organizationId, fields.memberIds);
      if (isRenamed(group, fields.displayName)) {
        await this.assertDisplayNameFree(manager, caller, group, fields.displayName);
      }

      const affected = new AffectedMembers();
      affected.addIds(fields.memberIds);
      if (await isMappedGroup(manager, group.id)) affected.addOrganization();
      await replaceMembers(manager, group.id, fields.memberIds);
      const updated = await this.writeGroup(manager, group, fields.displayName, fields.externalId);
      await this.roles.recompute(
        manager,
        affected.scope(),
        this.roleContext(caller, 'scim_group.replaced', requestId),
      );
      await this.record(
        manager,
        caller,
        'scim_group.replaced',
        group.id,
        {
          ...renameChange(group, updated),
          members: fields.memberIds.length,
        },
        requestId,
      );
      return this.representation(manager, caller, updated);
    });
  }

  /**
   * Applies RFC 7644 section 3.5.2 operations; all apply or none do.
   * Membership operations run as set-based SQL and never load the member
   * list. Returns the new version for the ETag; the response has no body.
   */
  async patch(
    caller: ScimCaller,
    id: string,
    body: unknown,
    ifMatch: string | undefined,
    requestId?: string,
  ): Promise<number> {
    const operations = parsePatchRequest(body);
    return this.transactions.run(async (manager) => {
      const group = await this.findGroup(manager, caller, id, { lock: true });
      assertIfMatch(ifMatch, group.scimVersion);

      const affected = new AffectedMembers();
      let mapped: boolean | undefined;
      const isMapped = async () => (mapped ??= await isMappedGroup(manager, group.id));
      const memberOperations: string[] = [];
      const applyMembers = async (intent: AttributeIntent): Promise<void> => {
        memberOperations.push(intent.kind);
        switch (intent.kind) {
          case 'add': {
            const ids = memberIdsOf(intent.values);
            await assertVisibleMembers(manager, caller.organizationId, ids);
            await addMembers(manager, group.id, ids);
            affected.addIds(ids);
            return;
          }
          case 'removeValues': {
            const ids = memberIdsOf(intent.values);
            await removeMembers(manager, group.id, ids);
            if (await isMapped()) affected.addIds(ids);
            return;
          }
          case 'replace': {
            const ids = memberIdsOf(intent.values);
            await assertVisibleMembers(manager, caller.organizationId, ids);
            await replaceMembers(manager, group.id, ids);
            affected.addIds(ids);
            if (await isMapped()) affected.addOrganization();
            return;
          }
          case 'clear':
            await clearMembers(manager, group.id);
            if (await isMapped()) affected.addOrganization();
            return;
          case 'removeMatching':
            await removeMatchingMembers(
              manager,
              this.config.databaseDialect,
              group.id,
              intent.filter,
            );
            if (await isMapped()) affected.addOrganization();
            return;
        }
      };

      const document = await applyPatchWithHandlers(
        patchableDocument(group),
        operations,
        { schema: RESOURCE_TYPE_DEFINITIONS.Group.schema, extensions: [] },
        { members: applyMembers },
      );
      const fields = toGroupFields({ ...document, members: undefined });
      if (isRenamed(group, fields.displayName)) {
        await this.assertDisplayNameFree(manager, caller, group, fields.displayName);
      }
      const updated = await this.writeGroup(manager, group, fields.displayName, fields.externalId);
      await this.roles.recompute(
        manager,
        affected.scope(),
        this.roleContext(caller, 'scim_group.patched', requestId),
      );
      await this.record(
        manager,
        caller,
        'scim_group.patched',
        group.id,
        {
          ...renameChange(group, updated),
          memberOperations,
        },
        requestId,
      );
      return updated.scimVersion;
    });
  }

  /** Deletes the group, its memberships and its role mapping, and recomputes the roles it granted. */
  async delete(
    caller: ScimCaller,
    id: string,
    ifMatch: string | undefined,
    requestId?: string,
  ): Promise<void> {
    await this.transactions.run(async (manager) => {
      const group = await this.findGroup(manager, caller, id, { lock: true });
      assertIfMatch(ifMatch, group.scimVersion);
      const mapped = await isMappedGroup(manager, group.id);
      await runSql(manager, 'DELETE FROM scim_groups WHERE id = $1', [group.id]);
      if (mapped) {
        await this.roles.recompute(
          manager,
          'organization',
          this.roleContext(caller, 'scim_group.deleted', requestId),
        );
      }
      await this.record(
        manager,
        caller,
        'scim_group.deleted',
        group.id,
        {
          displayName: group.displayName,
        },
        requestId,
      );
    });
  }

  private async representation(
    manager: EntityManager,
    caller: ScimCaller,
    group: ScimGroup,
  ): Promise<JsonObject> {
    const members = (await loadMembers(manager, [group.id])).get(group.id);
    return toScimGroup(group, this.baseUrl(caller), members);
  }

  private async writeGroup(
    manager: EntityManager,
    group: ScimGroup,
    displayName: string,
    externalId: string | null,
  ): Promise<ScimGroup> {
    const changes: Partial<ScimGroup> = {
      displayName,
      externalId,
      scimVersion: group.scimVersion + 1,
      updatedAt: new Date(),
    };
    await manager.update(ScimGroup, { id: group.id }, changes);
    return { ...group, ...changes };
  }

  /**
   * Raises 409 when another group of the connection has `displayName` in any
   * case. On PostgreSQL it first takes the connection's exclusive rename lock,
   * so no concurrent create or rename can take the name before this
   * transaction commits.
   */
  private async assertDisplayNameFree(
    manager: EntityManager,
    caller: ScimCaller,
    group: ScimGroup,
    displayName: string,
  ): Promise<void> {
    await lockGroupNames(manager, caller.connectionId, 'exclusive');
    const taken = await manager
      .getRepository(ScimGroup)
      .createQueryBuilder('other')
      .where('other.connection_id = :connectionId', { connectionId: caller.connectionId })
      .andWhere('lower(other.display_name) = lower(:displayName)', { displayName })
      .andWhere('other.id != :id', { id: group.id })
      .getExists();
    if (taken) throw displayNameTaken(displayName);
  }

  private async findGroup(
    manager: EntityManager,
    caller: ScimCaller,
    id: string,
    options: { lock: boolean },
  ): Promise<ScimGroup> {
    if (!isUuid(id)) throw notFound(id);
    const query = manager
      .getRepository(ScimGroup)
      .createQueryBuilder('grp')
      .where('grp.id = :id AND grp.connectionId = :connectionId', {
        id: id.toLowerCase(),
        connectionId: caller.connectionId,
      });
    if (options.lock && manager.connection.options.type === 'postgres') {
      query.setLock('pessimistic_write');
    }
    const group = await query.getOne();
    if (group === null) throw notFound(id);
    return group;
  }

  private roleContext(caller: ScimCaller, cause: string, requestId?: string) {
    return { organizationId: caller.organizationId, actor: scimActor(caller), cause, requestId };
  }

  private record(
    manager: EntityManager,
    caller: ScimCaller,
    action: string,
    groupId: string,
    changes: Record<string, unknown>,
    requestId?: string,
  ): Promise<void> {
    return this.audit.record(manager, {
      organizationId: caller.organizationId,
      actor: scimActor(caller),
      action,
      targetType: 'group',
      targetId: groupId,
      changes,
      requestId,
    });
  }
}

/**
 * Takes a transaction-scoped PostgreSQL advisory lock on the group names of
 * a connection. Creates take it shared, so they still run in parallel and
 * the unique index settles races between them. Renames take it exclusive,
 * because they check the name before the UPDATE, and an UPDATE that hit the
 * unique index would log an ERROR and abort the transaction. SQLite needs
 * no lock because it runs one write transaction at a time.
 */
async function lockGroupNames(
  manager: EntityManager,
  connectionId: string,
  mode: 'shared' | 'exclusive',
): Promise<void> {
  if (manager.connection.options.type !== 'postgres') return;
  const lockFunction = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
  await manager.query(`SELECT ${lockFunction}(hashtext($1))`, [`scim_group_names:${connectionId}`]);
}

function scimActor(caller: ScimCaller): AuditActor {
  return { type: 'scim_token', id: caller.connectionId, tokenId: caller.tokenId };
}

/** A probe document with every Group attribute, to ask the projection whether it keeps `members`. */
const PROJECTION_PROBE: JsonObject = {
  schemas: [GROUP_SCHEMA_URN],
  id: 'probe',
  displayName: 'probe',
  members: [{ value: 'probe', display: 'probe', type: 'User' }],
};

/** Returns whether a response with these attributes and excludedAttributes lists returns `members`. */
export function returnsMembers(projection: ProjectionOptions): boolean {
  return 'members' in projectResource(PROJECTION_PROBE, 'Group', projection);
}

function toGroupFields(document: JsonObject): GroupFields {
  const displayName = typeof document.displayName === 'string' ? document.displayName.trim() : '';
  if (displayName === '')
    throw ScimError.invalidValue('displayName is required and must not be empty');
  if (displayName.length > MAX_LENGTH.displayName) {
    throw ScimError.invalidValue(
      `displayName must be at most ${MAX_LENGTH.displayName} characters`,
    );
  }
  const externalId = typeof document.externalId === 'string' ? document.externalId : null;
  if (externalId !== null && externalId.length > MAX_LENGTH.externalId) {
    throw ScimError.invalidValue(`externalId must be at most ${MAX_LENGTH.externalId} characters`);
  }
  const members = Array.isArray(document.members) ? document.members : [];
  return { displayName, externalId, memberIds: memberIdsOf(members as JsonObject[]) };
}

function patchableDocument(group: ScimGroup): JsonObject {
  const document: JsonObject = {
    schemas: [GROUP_SCHEMA_URN],
    id: group.id,
    displayName: group.displayName,
  };
  if (group.externalId !== null) document.externalId = group.externalId;
  return document;
}

/** Returns whether `displayName` differs from the group's name other than in case, so it may collide with another group. */
function isRenamed(group: ScimGroup, displayName: string): boolean {
  return displayName.toLowerCase() !== group.displayName.toLowerCase();
}

function renameChange(before: ScimGroup, after: ScimGroup): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  if (before.displayName !== after.displayName) {
    changes.displayName = { old: before.displayName, new: after.displayName };
  }
  if (before.externalId !== after.externalId) changes.externalIdChanged = true;
  return changes;
}

function displayNameTaken(displayName: string): ScimError {
  return ScimError.uniqueness(
    `A group with displayName "${displayName}" already exists in this connection`,
  );
}

function notFound(id: string): ScimError {
  return ScimError.notFound(`Group ${id} not found`);
}
