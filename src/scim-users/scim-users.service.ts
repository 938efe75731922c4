import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull, QueryFailedError } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { isUuid } from '../common/uuid';
import { AppConfig } from '../config/app-config';
import { scimBaseUrl } from '../connections/connection-card';
import { runSql, uuidListSql } from '../database/raw-sql';
import { groupLocation } from '../scim-groups/group-representation';
import { TransactionRunner } from '../database/transaction-runner';
import { RoleRecomputeService } from '../role-mappings/role-recompute.service';
import { Member } from '../organizations/member.entity';
import { lockOrganization } from '../organizations/members.service';
import { assertIfMatch } from '../scim/etag';
import { compileFilter } from '../scim/filter/filter-compiler';
import { compileSortBy } from '../scim/filter/sort-compiler';
import type { ListQuery } from '../scim/list-query';
import { applyPatch, parsePatchRequest } from '../scim/patch';
import { normalizeResource } from '../scim/schema/resource-normalizer';
import { extensionSchemasOf, RESOURCE_TYPE_DEFINITIONS } from '../scim/schema/schema-registry';
import { ScimError } from '../scim/scim-error';
import type { ScimCaller } from '../tokens/scim-request-context';
import { matchEqualityLookup, MemberLookup } from './member-lookup';
import { USER_ATTRIBUTE_MAPS, USER_TABLE_ALIAS } from './user-attribute-map';
import {
  toPatchableDocument,
  toScimUser,
  toUserFields,
  UserFields,
  UserGroup,
} from './user-representation';

/** Start index from which a page selects ids first and loads the rows after. */
const DEFERRED_JOIN_OFFSET = 1000;

/** The unique index on (organization_id, lower(user_name)), created by the migrations. */
const USER_NAME_INDEX = 'IDX_members_organization_user_name';

/** Column limits; longer values are rejected as invalidValue instead of failing in the database. */
const MAX_LENGTH = { userName: 320, externalId: 512, displayName: 256, email: 320 } as const;

export interface UserWriteResult {
  resource: Record<string, unknown>;
  created: boolean;
}

/**
 * Provisioning of organization members through SCIM /Users. A User is a
 * member seen through SCIM and its id is the member id. Every write runs in
 * one transaction with its activity event.
 */
@Injectable()
export class ScimUsersService {
  private readonly lookup: MemberLookup;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly roles: RoleRecomputeService,
  ) {
    this.lookup = new MemberLookup(dataSource);
  }

  /**
   * Loads the groups of the given members with one query, for the read-only
   * `groups` attribute. Members without groups are absent from the map.
   */
  async groupsOf(
    caller: ScimCaller,
    memberIds: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, UserGroup[]>> {
    const byMember = new Map<string, UserGroup[]>();
    if (memberIds.length === 0) return byMember;
    const rows = await runSql<{ member_id: string; group_id: string; display_name: string }>(
      manager,
      `SELECT gm.member_id, g.id AS group_id, g.display_name
         FROM scim_group_members gm JOIN scim_groups g ON g.id = gm.group_id
        WHERE g.organization_id = $1 AND gm.member_id IN ${uuidListSql(manager, '$2')}
        ORDER BY g.display_name, g.id`,
      [caller.organizationId, JSON.stringify(memberIds)],
    );
    const baseUrl = this.baseUrl(caller);
    for (const row of rows) {
      const groups = byMember.get(row.member_id) ?? [];
      groups.push({
        value: row.group_id,
        display: row.display_name,
        $ref: groupLocation(baseUrl, row.group_id),
        type: 'direct',
      });
      byMember.set(row.member_id, groups);
    }
    return byMember;
  }

  baseUrl(caller: ScimCaller): string {
    return scimBaseUrl(this.config.publicBaseUrl, caller.connectionId);
  }

  /**
   * Filters, sorts and pages in the database; only the page's rows are
   * loaded. totalResults needs no separate count when the first page is not
   * full. Deep pages select ids first, so the offset walks an index only.
   */
  async list(
    caller: ScimCaller,
    query: ListQuery,
  ): Promise<{ members: Member[]; totalResults: number; groups?: Map<string, UserGroup[]> }> {
    const lookup =
      query.filter === undefined || query.sortBy !== undefined
        ? undefined
        : matchEqualityLookup(query.filter);
    if (lookup !== undefined) {
      const matches = await this.lookup.find(caller.organizationId, lookup.attribute, lookup.value);
      const first = query.startIndex - 1;
      const page = matches.slice(first, first + query.count);
      const baseUrl = this.baseUrl(caller);
      const groups = new Map(
        page.map(({ member, groups: memberGroups }) => [
          member.id,
          memberGroups.map((group): UserGroup => ({
            ...group,
            $ref: groupLocation(baseUrl, group.value),
            type: 'direct',
          })),
        ]),
      );
      return { members: page.map(({ member }) => member), totalResults: matches.length, groups };
    }
    const dialect = this.config.databaseDialect;
    const base = this.dataSource
      .getRepository(Member)
      .createQueryBuilder(USER_TABLE_ALIAS)
      .where('m.organization_id = :organizationId', { organizationId: caller.organizationId })
      .andWhere('m.scim_deleted_at IS NULL');
    if (query.filter !== undefined) {
      const compiled = compileFilter(query.filter, USER_ATTRIBUTE_MAPS[dialect], {
        dialect,
        parameterPrefix: 'f',
      });
      base.andWhere(`(${compiled.sql})`, compiled.parameters);
    }
    const count = () => base.clone().getCount();
    if (query.count === 0) return { members: [], totalResults: await count() };

    const page = base.clone();
    if (query.sortBy !== undefined) {
      const sort = compileSortBy(query.sortBy, USER_ATTRIBUTE_MAPS[dialect], {
        dialect,
        sortOrder: query.sortOrder,
        parameterPrefix: 's',
      });
      page.orderBy(sort.expression, sort.direction, sort.nulls).setParameters(sort.parameters);
      page.addOrderBy('m.created_at', 'ASC');
    } else {
      page.orderBy('m.created_at', 'ASC');
    }
    page
      .addOrderBy('m.id', 'ASC')
      .offset(query.startIndex - 1)
      .limit(query.count);

    let members: Member[];
    if (query.startIndex > DEFERRED_JOIN_OFFSET) {
      const rows = await page.select('m.id', 'id').getRawMany<{ id: string }>();
      const found = await this.dataSource
        .getRepository(Member)
        .findBy({ id: In(rows.map((row) => row.id)), organizationId: caller.organizationId });
      const byId = new Map(found.map((member) => [member.id, member]));
      members = rows
        .map((row) => byId.get(row.id))
        .filter((member): member is Member => member !== undefined);
    } else {
      members = await page.getMany();
    }
    const pageIsComplete = query.startIndex === 1 && members.length < query.count;
    return { members, totalResults: pageIsComplete ? members.length : await count() };
  }

  async get(caller: ScimCaller, id: string): Promise<Member> {
    const member = await this.findVisible(this.dataSource.manager, caller, id);
    if (member === null) throw notFound(id);
    return member;
  }

  /**
   * Creates a SCIM-managed member with role Member. A userName of a member
   * removed by a SCIM DELETE revives that member, with the same id and the
   * attributes of the body. Any other userName in use is 409.
   */
  async create(caller: ScimCaller, body: unknown, requestId?: string): Promise<UserWriteResult> {
    const fields = checkLengths(toUserFields(normalizeResource(body, 'User', 'create')));
    return this.transactions.run(async (manager) => {
      const now = new Date();
      const member: Member = {
        id: randomUUID(),
        organizationId: caller.organizationId,
        email: fields.email,
        userName: fields.userName,
        displayName: fields.displayName,
        status: fields.active === false ? 'deactivated' : 'active',
        role: 'member',
        roleSource: 'manual',
        managedBy: 'scim',
        externalId: fields.externalId,
        scimAttributes: JSON.stringify(fields.attributes),
        scimVersion: 1,
        scimDeletedAt: null,
        createdAt: now,
        updatedAt: now,
      };
      // The unique index on (organization, lower(userName)) decides races without an error in the server log.
      await lockUserName(manager, caller.organizationId, fields.userName);
      await manager.createQueryBuilder().insert().into(Member).values(member).orIgnore().execute();
      const inserted = await manager.getRepository(Member).findOneBy({ id: member.id });
      if (inserted !== null) {
        await this.record(
          manager,
          caller,
          'scim_user.created',
          member.id,
          { userName: member.userName, active: member.status === 'active' },
          requestId,
        );
        return { resource: toScimUser(inserted, this.baseUrl(caller)), created: true };
      }

      // Locked so that a concurrent revival of this member waits, then finds it visible and gets 409.
      const existing = await this.findByUserName(manager, caller, fields.userName, { lock: true });
      if (existing === null || existing.scimDeletedAt === null) {
        throw ScimError.uniqueness(
          `userName "${fields.userName}" is already taken in this organization`,
        );
      }
      assertWritable(existing);
      const revived = await this.writeFields(manager, existing, fields, { revive: true });
      await this.record(
        manager,
        caller,
        'scim_user.revived',
        existing.id,
        { userName: revived.userName, active: revived.status === 'active' },
        requestId,
      );
      return { resource: toScimUser(revived, this.baseUrl(caller)), created: true };
    });
  }

  /** Replaces the readWrite attributes (RFC 7644 section 3.5.1); never creates. */
  async replace(
    caller: ScimCaller,
    id: string,
    body: unknown,
    ifMatch: string | undefined,
    requestId?: string,
  ): Promise<Record<string, unknown>> {
    const fields = checkLengths(toUserFields(normalizeResource(body, 'User', 'replace')));
    return this.update(caller, id, ifMatch, requestId, 'scim_user.replaced', () => fields);
  }

  /** Applies RFC 7644 section 3.5.2 operations; all apply or none do. */
  async patch(
    caller: ScimCaller,
    id: string,
    body: unknown,
    ifMatch: string | undefined,
    requestId?: string,
  ): Promise<Record<string, unknown>> {
    const operations = parsePatchRequest(body);
    return this.update(caller, id, ifMatch, requestId, 'scim_user.patched', (member) => {
      const document = applyPatch(toPatchableDocument(member), operations, {
        schema: RESOURCE_TYPE_DEFINITIONS.User.schema,
        extensions: extensionSchemasOf('User'),
      });
      return checkLengths(toUserFields(document));
    });
  }

  /**
   * Removes the member from SCIM: deactivated, out of every group, and 404
   * to later SCIM requests. Strada keeps the member and their data.
   */
  async delete(
    caller: ScimCaller,
    id: string,
    ifMatch: string | undefined,
    requestId?: string,
  ): Promise<void> {
    await this.runRecordingRefusal(caller, requestId, async (manager) => {
      const member = await this.lockVisible(manager, caller, id);
      assertIfMatch(ifMatch, member.scimVersion);
      assertWritable(member);
      await this.assertNotLastAdmin(manager, caller, member, 'deleted');
      const now = new Date();
      await manager.update(
        Member,
        { id: member.id, organizationId: caller.organizationId },
        {
          status: 'deactivated',
          scimDeletedAt: now,
          managedBy: 'scim',
          updatedAt: now,
          scimVersion: member.scimVersion + 1,
        },
      );
      await runSql(manager, 'DELETE FROM scim_group_members WHERE member_id = $1', [member.id]);
      await this.roles.recompute(
        manager,
        { memberIds: [member.id] },
        {
          organizationId: caller.organizationId,
          actor: scimActor(caller),
          cause: 'scim_user.deleted',
          requestId,
        },
      );
      await this.record(
        manager,
        caller,
        'scim_user.deleted',
        member.id,
        { previousStatus: member.status },
        requestId,
      );
    });
  }

  private async update(
    caller: ScimCaller,
    id: string,
    ifMatch: string | undefined,
    requestId: string | undefined,
    action: string,
    computeFields: (member: Member) => UserFields,
  ): Promise<Record<string, unknown>> {
    return this.runRecordingRefusal(caller, requestId, async (manager) => {
      const member = await this.lockVisible(manager, caller, id);
      assertIfMatch(ifMatch, member.scimVersion);
      assertWritable(member);
      const fields = computeFields(member);
      // A request that changes nothing, such as a PATCH with empty Operations,
      // keeps the version and records no activity event.
      const groups = (await this.groupsOf(caller, [member.id], manager)).get(member.id);
      if (isUnchanged(member, fields)) return toScimUser(member, this.baseUrl(caller), groups);
      if (fields.userName.toLowerCase() !== member.userName.toLowerCase()) {
        await lockUserName(manager, caller.organizationId, fields.userName);
        const taken = await this.findByUserName(manager, caller, fields.userName);
        if (taken !== null)
          throw ScimError.uniqueness(
            `userName "${fields.userName}" is already taken in this organization`,
          );
      }
      if (fields.active === false && member.status === 'active') {
        await this.assertNotLastAdmin(manager, caller, member, 'deactivated');
      }
      const updated = await this.writeFields(manager, member, fields, { revive: false });
      await this.record(
        manager,
        caller,
        action,
        member.id,
        changedFields(member, updated),
        requestId,
      );
      return toScimUser(updated, this.baseUrl(caller), groups);
    });
  }

  private async writeFields(
    manager: EntityManager,
    member: Member,
    fields: UserFields,
    options: { revive: boolean },
  ): Promise<Member> {
    const status =
      fields.active === undefined
        ? options.revive
          ? 'active'
          : member.status
        : fields.active
          ? 'active'
          : 'deactivated';
    const changes: Partial<Member> = {
      userName: fields.userName,
      email: fields.email,
      displayName: fields.displayName,
      externalId: fields.externalId,
      scimAttributes: JSON.stringify(fields.attributes),
      status,
      managedBy: 'scim',
      scimVersion: member.scimVersion + 1,
      updatedAt: new Date(),
    };
    if (options.revive) changes.scimDeletedAt = null;
    try {
      await manager.update(
        Member,
        { id: member.id, organizationId: member.organizationId },
        changes,
      );
    } catch (error) {
      // A concurrent write took the userName after this request checked it (PostgreSQL only,
      // because SQLite transactions run one at a time).
      if (isUserNameConflict(error)) {
        throw ScimError.uniqueness(
          `userName "${fields.userName}" is already taken in this organization`,
        );
      }
      throw error;
    }
    return { ...member, ...changes } as Member;
  }

  /**
   * Refuses to deactivate or delete the organization's last active Admin;
   * `runRecordingRefusal` records the refusal in the activity log.
   */
  private async assertNotLastAdmin(
    manager: EntityManager,
    caller: ScimCaller,
    member: Member,
    change: 'deactivated' | 'deleted',
  ): Promise<void> {
    if (member.role !== 'admin' || member.status !== 'active') return;
    await lockOrganization(manager, caller.organizationId);
    const others = await manager
      .getRepository(Member)
      .createQueryBuilder('member')
      .where('member.organizationId = :organizationId', { organizationId: caller.organizationId })
      .andWhere("member.role = 'admin' AND member.status = 'active' AND member.id != :id", {
        id: member.id,
      })
      .getCount();
    if (others > 0) return;
    throw new LastAdminRefusal(member, change);
  }

  /** Runs a write and, when it was refused to protect the last Admin, records the refusal in its own transaction. */
  private async runRecordingRefusal<T>(
    caller: ScimCaller,
    requestId: string | undefined,
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    try {
      return await this.transactions.run(work);
    } catch (error) {
      if (error instanceof LastAdminRefusal) {
        await this.transactions.run((manager) =>
          this.record(
            manager,
            caller,
            'scim_user.refused',
            error.memberId,
            { reason: 'last_active_admin', change: error.change },
            requestId,
          ),
        );
      }
      throw error;
    }
  }

  private findVisible(
    manager: EntityManager,
    caller: ScimCaller,
    id: string,
  ): Promise<Member | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return manager
      .getRepository(Member)
      .findOneBy({ id, organizationId: caller.organizationId, scimDeletedAt: IsNull() });
  }

  private async lockVisible(
    manager: EntityManager,
    caller: ScimCaller,
    id: string,
  ): Promise<Member> {
    if (!isUuid(id)) throw notFound(id);
    const query = manager
      .getRepository(Member)
      .createQueryBuilder('member')
      .where('member.id = :id AND member.organizationId = :organizationId', {
        id,
        organizationId: caller.organizationId,
      })
      .andWhere('member.scimDeletedAt IS NULL');
    if (manager.connection.options.type === 'postgres') query.setLock('pessimistic_write');
    const member = await query.getOne();
    if (member === null) throw notFound(id);
    return member;
  }

  private findByUserName(
    manager: EntityManager,
    caller: ScimCaller,
    userName: string,
    options: { lock?: boolean } = {},
  ): Promise<Member | null> {
    const query = manager
      .getRepository(Member)
      .createQueryBuilder('member')
      .where('member.organizationId = :organizationId', { organizationId: caller.organizationId })
      .andWhere('lower(member.userName) = lower(:userName)', { userName });
    if (options.lock === true && manager.connection.options.type === 'postgres')
      query.setLock('pessimistic_write');
    return query.getOne();
  }

  private record(
    manager: EntityManager,
    caller: ScimCaller,
    action: string,
    memberId: string,
    changes: Record<string, unknown>,
    requestId?: string,
  ): Promise<void> {
    const actor = scimActor(caller);
    return this.audit.record(manager, {
      organizationId: caller.organizationId,
      actor,
      action,
      targetType: 'member',
      targetId: memberId,
      changes,
      requestId,
    });
  }
}

/** The organization's last active Admin would lose access; RFC 7644 has no scimType for this 403. */
class LastAdminRefusal extends ScimError {
  readonly memberId: string;

  constructor(
    member: Member,
    readonly change: 'deactivated' | 'deleted',
  ) {
    super(
      403,
      `${member.userName} is the organization's last active Admin and cannot be ${change} over SCIM; make another member Admin in Strada first`,
    );
    this.memberId = member.id;
  }
}

/**
 * Serializes, on PostgreSQL, the writes that claim one userName in one
 * organization. A rename then waits for a concurrent create or rename to
 * commit, finds the name taken and returns 409, instead of failing on the
 * unique index and leaving an ERROR line in the server log. The lock ends
 * with the transaction. SQLite needs none because its transactions run one
 * at a time.
 */
async function lockUserName(
  manager: EntityManager,
  organizationId: string,
  userName: string,
): Promise<void> {
  if (manager.connection.options.type !== 'postgres') return;
  await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
    `scim_user_name:${organizationId}:${userName.toLowerCase()}`,
  ]);
}

/** Tells whether a write failed on the unique index of (organization, lower(userName)). */
function isUserNameConflict(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { constraint?: unknown; message?: unknown };
  // PostgreSQL names the index in `constraint`, SQLite in the message.
  return (
    driverError.constraint === USER_NAME_INDEX ||
    (typeof driverError.message === 'string' && driverError.message.includes(USER_NAME_INDEX))
  );
}

/** Builds the activity-log actor of a SCIM request: the connection and the token it used. */
function scimActor(caller: ScimCaller): AuditActor {
  return { type: 'scim_token', id: caller.connectionId, tokenId: caller.tokenId };
}

function notFound(id: string): ScimError {
  return ScimError.notFound(`User ${id} not found`);
}

/** Strada Admin members are Strada's staff; identity providers may read them but never change them. */
function assertWritable(member: Member): void {
  if (member.role === 'strada_admin') {
    throw new ScimError(403, `User ${member.id} is a Strada Admin and is read-only over SCIM`);
  }
}

function checkLengths(fields: UserFields): UserFields {
  const checks: [keyof typeof MAX_LENGTH, string | null][] = [
    ['userName', fields.userName],
    ['externalId', fields.externalId],
    ['displayName', fields.displayName],
  ];
  for (const [name, value] of checks) {
    if (value !== null && value.length > MAX_LENGTH[name]) {
      throw ScimError.invalidValue(`${name} must be at most ${MAX_LENGTH[name]} characters`);
    }
  }
  if (fields.userName.trim() === '') throw ScimError.invalidValue('userName must not be empty');
  if (fields.email.length > MAX_LENGTH.email) fields.email = fields.userName;
  return fields;
}

/** Returns whether writing `fields` would leave the member exactly as it is stored. */
function isUnchanged(member: Member, fields: UserFields): boolean {
  let status = member.status;
  if (fields.active !== undefined) status = fields.active ? 'active' : 'deactivated';
  return (
    member.managedBy === 'scim' &&
    member.status === status &&
    member.userName === fields.userName &&
    member.email === fields.email &&
    member.displayName === fields.displayName &&
    member.externalId === fields.externalId &&
    member.scimAttributes === JSON.stringify(fields.attributes)
  );
}

/** Names of the attributes a write changed, for the activity log; values are left out because they may be personal data. */
function changedFields(before: Member, after: Member): Record<string, unknown> {
  const changed: string[] = [];
  if (before.userName !== after.userName) changed.push('userName');
  if (before.displayName !== after.displayName) changed.push('displayName');
  if (before.externalId !== after.externalId) changed.push('externalId');
  if (before.scimAttributes !== after.scimAttributes) changed.push('attributes');
  const result: Record<string, unknown> = { changed };
  if (before.status !== after.status) result.status = { old: before.status, new: after.status };
  return result;
}
