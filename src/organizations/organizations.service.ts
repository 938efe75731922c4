import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { TransactionRunner } from '../database/transaction-runner';
import { DataSource } from 'typeorm';
import { AuditActor } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import { Member } from './member.entity';
import { MembersService } from './members.service';
import { Organization } from './organization.entity';
import type { Role } from './role';

const SYSTEM_ACTOR: AuditActor = { type: 'system', id: null };

@Injectable()
export class OrganizationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly members: MembersService,
    private readonly transactions: TransactionRunner,
  ) {}

  /** Creates an organization with its first Admin, in one transaction. */
  async createWithAdmin(
    name: string,
    adminEmail: string,
  ): Promise<{ organization: Organization; admin: Member }> {
    return this.transactions.run(async (manager) => {
      const organization: Organization = { id: randomUUID(), name, createdAt: new Date() };
      await manager.insert(Organization, organization);
      const admin = await this.members.add(
        manager,
        { organizationId: organization.id, email: adminEmail, role: 'admin' },
        SYSTEM_ACTOR,
      );
      return { organization, admin };
    });
  }

  async addMember(organizationId: string, email: string, role: Role): Promise<Member> {
    return this.transactions.run(async (manager) => {
      const organization = await manager
        .getRepository(Organization)
        .findOneBy({ id: organizationId });
      if (organization === null)
        throw DomainError.notFound(`Organization ${organizationId} not found`);
      return this.members.add(manager, { organizationId, email, role }, SYSTEM_ACTOR);
    });
  }

  async isEmpty(): Promise<boolean> {
    return (await this.dataSource.getRepository(Organization).count()) === 0;
  }
}
