import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { TransactionRunner } from '../database/transaction-runner';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import { decodeCursor, encodeCursor, Page } from '../common/pagination';
import { isUuid } from '../common/uuid';
import { Member } from './member.entity';
import { canGrantRole, ManagedBy, MemberStatus, Role, ROLE_DISPLAY_NAMES } from './role';

export interface MemberListFilter {
  status?: MemberStatus;
  role?: Role;
  managedBy?: ManagedBy;
}

export interface NewMember {
  organizationId: string;
  email: string;
  role: Role;
  displayName?: string | null;
}

export interface RoleChange {
  organizationId: string;
  memberId: string;
  role: Role;
  manager: { id: string; role: Role };
  requestId?: string;
}

@Injectable()
export class MembersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly transactions: TransactionRunner,
  ) {}

  /** Loads an active member for authentication, or null. */
  findActiveForAuthentication(memberId: string): Promise<Member | null> {
    if (!isUuid(memberId)) return Promise.resolve(null);
    return this.dataSource.getRepository(Member).findOneBy({ id: memberId, status: 'active' });
  }

  async get(organizationId: string, memberId: string): Promise<Member> {
    const member = isUuid(memberId)
      ? await this.dataSource.getRepository(Member).findOneBy({ id: memberId, organizationId })
      : null;
    if (member === null) throw DomainError.notFound(`Member ${memberId} not found`);
    return member;
  }

  async list(
    organizationId: string,
    filter: MemberListFilter,
    limit: number,
    cursor?: string,
  ): Promise<Page<Member>> {
    const query = this.dataSource
      .getRepository(Member)
      .createQueryBuilder('member')
      .where('member.organizationId = :organizationId', { organizationId })
      .orderBy('member.createdAt', 'ASC')
      .addOrderBy('member.id', 'ASC')
      .take(limit + 1);
    if (filter.status) query.andWhere('member.status = :status', { status: filter.status });
    if (filter.role) query.andWhere('member.role = :role', { role: filter.role });
    if (filter.managedBy)
      query.andWhere('member.managedBy = :managedBy', { managedBy: filter.managedBy });
    if (cursor !== undefined) {
      const position = decodeCursor(cursor);
      query.andWhere(
        '(member.createdAt > :createdAt OR (member.createdAt = :createdAt AND member.id > :id))',
        { createdAt: position.createdAt, id: position.id },
      );
    }
    const rows = await query.getMany();
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return {
      data,
      nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null,
    };
  }

  /** Inserts a manually managed member; their userName is their email. */
  async add(
    manager: EntityManager,
    member: NewMember,
    actor: AuditActor,
    requestId?: string,
  ): Promise<Member> {
    const now = new Date();
    const entity: Member = {
      id: randomUUID(),
      organizationId: member.organizationId,
      email: member.email,
      userName: member.email,
      displayName: member.displayName ?? null,
      status: 'active',
      role: member.role,
      roleSource: 'manual',
      managedBy: 'manual',
      externalId: null,
      scimAttributes: null,
      scimVersion: 1,
      scimDeletedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    const taken = await manager
      .getRepository(Member)
      .createQueryBuilder('member')
      .where('member.organizationId = :organizationId', { organizationId: member.organizationId })
      .andWhere('lower(member.userName) = lower(:userName)', { userName: entity.userName })
      .getExists();
    if (taken) throw DomainError.conflict(`A member with email ${member.email} already exists`);
    await manager.insert(Member, entity);
    await this.audit.record(manager, {
      organizationId: member.organizationId,
      actor,
      action: 'member.created',
      targetType: 'member',
      targetId: entity.id,
      changes: { email: entity.email, role: entity.role },
      requestId,
    });
    return entity;
  }

  /**
   * Sets a member's role by hand. Managers never grant Strada Admin or a
   * role above their own, never change a Strada Admin member, and never
   * demote the organization's last active Admin.
   */
  async changeRole(change: RoleChange): Promise<Member> {
    if (!canGrantRole(change.manager.role, change.role)) {
      throw DomainError.forbidden(
        change.role === 'strada_admin'
          ? 'Strada Admin cannot be granted by an organization'
          : `Your role (${ROLE_DISPLAY_NAMES[change.manager.role]}) cannot grant ${ROLE_DISPLAY_NAMES[change.role]}`,
      );
    }
    return this.transactions.run(async (manager) => {
      if (!isUuid(change.memberId))
        throw DomainError.notFound(`Member ${change.memberId} not found`);
      await lockOrganization(manager, change.organizationId);
      const member = await manager
        .getRepository(Member)
        .findOneBy({ id: change.memberId, organizationId: change.organizationId });
      if (member === null) throw DomainError.notFound(`Member ${change.memberId} not found`);
      if (member.role === 'strada_admin') {
        throw DomainError.forbidden('Strada Admin members are managed by Strada');
      }
      if (!canGrantRole(change.manager.role, member.role)) {
        throw DomainError.forbidden(
          `Your role (${ROLE_DISPLAY_NAMES[change.manager.role]}) cannot change the role of a member whose role is ${ROLE_DISPLAY_NAMES[member.role]}`,
        );
      }
      if (member.roleSource === 'mapping') {
        const group = await findMappedGroupName(manager, member.id);
        if (group !== null) {
          throw DomainError.conflict(
            `The role of ${member.userName} comes from the role mapping of group "${group}"; change the mapping or the member's groups in the identity provider instead`,
          );
        }
      }
      if (member.role === change.role && member.roleSource === 'manual') return member;
      if (member.role === 'admin' && member.status === 'active') {
        await assertAnotherActiveAdmin(manager, member);
      }

      const previousRole = member.role;
      member.role = change.role;
      member.roleSource = 'manual';
      member.updatedAt = new Date();
      await manager.update(
        Member,
        { id: member.id, organizationId: member.organizationId },
        { role: member.role, roleSource: member.roleSource, updatedAt: member.updatedAt },
      );
      await this.audit.record(manager, {
        organizationId: member.organizationId,
        actor: { type: 'member', id: change.manager.id },
        action: 'member.role_changed',
        targetType: 'member',
        targetId: member.id,
        changes: { role: { old: previousRole, new: member.role }, cause: 'manual' },
        requestId: change.requestId,
      });
      return member;
    });
  }
}

/**
 * Serializes changes that depend on the set of active Admins. PostgreSQL
 * locks the organization row; SQLite already runs one write transaction at
 * a time.
 */
export async function lockOrganization(
  manager: EntityManager,
  organizationId: string,
): Promise<void> {
  if (manager.connection.options.type === 'postgres') {
    await manager.query('SELECT id FROM organizations WHERE id = $1 FOR UPDATE', [organizationId]);
  }
}

/**
 * Returns the displayName of the mapped group that decides a member's role
 * (the highest-ranked mapped role, then the lowest group id), or null when
 * no mapped group contains the member.
 */
async function findMappedGroupName(
  manager: EntityManager,
  memberId: string,
): Promise<string | null> {
  const rows = await manager
    .createQueryBuilder()
    .select('g.display_name', 'name')
    .from('scim_group_members', 'gm')
    .innerJoin('role_mappings', 'rm', 'rm.group_id = gm.group_id')
    .innerJoin('scim_groups', 'g', 'g.id = gm.group_id')
    .where('gm.member_id = :memberId', { memberId })
    .orderBy(
      "CASE rm.role WHEN 'admin' THEN 4 WHEN 'it_admin' THEN 3 WHEN 'executive' THEN 2 ELSE 1 END",
      'DESC',
    )
    .addOrderBy('gm.group_id', 'ASC')
    .limit(1)
    .getRawMany<{ name: string }>();
  return rows.length === 0 ? null : rows[0].name;
}

async function assertAnotherActiveAdmin(manager: EntityManager, member: Member): Promise<void> {
  const otherAdmins = await manager
    .getRepository(Member)
    .createQueryBuilder('member')
    .where('member.organizationId = :organizationId', { organizationId: member.organizationId })
    .andWhere("member.role = 'admin' AND member.status = 'active'")
    .andWhere('member.id != :id', { id: member.id })
    .getCount();
  if (otherAdmins === 0) {
    throw DomainError.conflict(
      'The organization’s last active Admin cannot be demoted; make another member Admin first',
    );
  }
}
