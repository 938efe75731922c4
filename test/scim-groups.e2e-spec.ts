import { randomUUID } from 'node:crypto';
import { AuditEvent } from '../src/audit/audit-event.entity';
import { Member } from '../src/organizations/member.entity';
import { createConnection, CreatedConnection, scimError, scimRequest } from './support/scim';
import {
  countQueries,
  createScimGroup,
  createScimUser,
  GROUP_URN,
  groupPatch,
  groupsRequest,
  ScimGroupBody,
  storedMemberIds,
} from './support/scim-groups';
import { seedMember, seedOrganization, startTestApp, TestApp } from './support/test-app';
import { isPostgresRun } from './support/test-database';

interface GroupList {
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: ScimGroupBody[];
}

describe('SCIM /Groups', () => {
  let testApp: TestApp;
  let connection: CreatedConnection;
  let users: string[];

  beforeAll(async () => {
    testApp = await startTestApp();
    const admin = await seedOrganization(testApp);
    connection = await createConnection(testApp, admin);
    users = [];
    for (let index = 0; index < 6; index += 1) {
      users.push(await createScimUser(testApp, connection, `user${index}@acme.test`));
    }
  });

  afterAll(() => testApp.close());

  function uniqueName(prefix: string): string {
    return `${prefix} ${randomUUID().slice(0, 8)}`;
  }

  async function patchGroup(id: string, ...operations: Record<string, unknown>[]) {
    return groupsRequest(testApp, connection, 'PATCH', `/${id}`, groupPatch(...operations));
  }

  describe('create', () => {
    it('returns the group with members', async () => {
      const name = uniqueName('Engineering');
      const response = await groupsRequest(testApp, connection, 'POST', '', {
        schemas: [GROUP_URN],
        displayName: `  ${name}  `,
        externalId: 'okta-00g1',
        members: [{ value: users[0], display: 'ignored' }, { value: users[1] }],
      });
      const body = response.body as ScimGroupBody;

      expect(response.status).toBe(201);
      expect(response.headers.get('location')).toBe(body.meta.location);
      expect(response.headers.get('etag')).toBe('W/"1"');
      expect(body).toEqual({
        schemas: [GROUP_URN],
        id: expect.any(String),
        externalId: 'okta-00g1',
        displayName: name,
        members: expect.arrayContaining([
          {
            value: users[0],
            display: 'user0',
            $ref: `https://scim.strada.test${connection.scimPath}/Users/${users[0]}`,
            type: 'User',
          },
          expect.objectContaining({ value: users[1] }),
        ]),
        meta: {
          resourceType: 'Group',
          created: expect.any(String),
          lastModified: expect.any(String),
          location: `https://scim.strada.test${connection.scimPath}/Groups/${body.id}`,
          version: 'W/"1"',
        },
      });
      expect(body.members).toHaveLength(2);
    });

    it('rejects a taken displayName in any case', async () => {
      const name = uniqueName('Sales');
      await createScimGroup(testApp, connection, name);

      const response = await groupsRequest(testApp, connection, 'POST', '', {
        schemas: [GROUP_URN],
        displayName: name.toUpperCase(),
      });

      expect(response.status).toBe(409);
      expect(response.body).toEqual(scimError(409, 'uniqueness'));
      expect(testApp.logs.filter((line) => line.includes('duplicate key'))).toEqual([]);
    });

    it('allows one of two concurrent creates', async () => {
      const name = uniqueName('Race');
      const responses = await Promise.all(
        [0, 1].map(() =>
          groupsRequest(testApp, connection, 'POST', '', {
            schemas: [GROUP_URN],
            displayName: name,
          }),
        ),
      );

      expect(responses.map((response) => response.status).sort()).toEqual([201, 409]);
    });

    it('rejects a missing displayName', async () => {
      const response = await groupsRequest(testApp, connection, 'POST', '', {
        schemas: [GROUP_URN],
        members: [],
      });

      expect(response.status).toBe(400);
      expect(response.body).toEqual(scimError(400, 'invalidValue'));
    });

    it('rejects an unknown member naming it', async () => {
      const unknown = randomUUID();
      const response = await groupsRequest(testApp, connection, 'POST', '', {
        schemas: [GROUP_URN],
        displayName: uniqueName('Unknown'),
        members: [{ value: users[0] }, { value: unknown }],
      });

      expect(response.status).toBe(400);
      expect(response.body).toEqual(scimError(400, 'invalidValue'));
      expect((response.body as { detail: string }).detail).toContain(unknown);
    });

    it('rejects a member of another organization', async () => {
      const otherAdmin = await seedOrganization(testApp, 'Other');
      const response = await groupsRequest(testApp, connection, 'POST', '', {
        schemas: [GROUP_URN],
        displayName: uniqueName('Foreign'),
        members: [{ value: otherAdmin.id }],
      });

      expect(response.status).toBe(400);
      expect((response.body as { detail: string }).detail).toContain(otherAdmin.id);
    });

    it('rejects a member removed by SCIM DELETE', async () => {
      const removed = await createScimUser(
        testApp,
        connection,
        `removed-${randomUUID()}@acme.test`,
      );
      await scimRequest(
        testApp,
        'DELETE',
        `${connection.scimPath}/Users/${removed}`,
        connection.token,
      );

      const response = await groupsRequest(testApp, connection, 'POST', '', {
        schemas: [GROUP_URN],
        displayName: uniqueName('Removed'),
        members: [{ value: removed }],
      });

      expect(response.status).toBe(400);
      expect((response.body as { detail: string }).detail).toContain(removed);
    });

    it('rejects a malformed member id', async () => {
      const response = await groupsRequest(testApp, connection, 'POST', '', {
        schemas: [GROUP_URN],
        displayName: uniqueName('Malformed'),
        members: [{ value: 'not-a-uuid' }],
      });

      expect(response.status).toBe(400);
      expect((response.body as { detail: string }).detail).toContain('not-a-uuid');
    });
  });

  describe('read', () => {
    it('returns every member of a group', async () => {
      const group = await createScimGroup(testApp, connection, uniqueName('All'), users);

      const response = await groupsRequest(testApp, connection, 'GET', `/${group.id}`);
      const body = response.body as ScimGroupBody;

      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).toBe('W/"1"');
      expect((body.members ?? []).map((member) => member.value).sort()).toEqual([...users].sort());
    });

    it('answers 304 for a matching If-None-Match', async () => {
      const group = await createScimGroup(testApp, connection, uniqueName('Etag'));

      const response = await scimRequest(
        testApp,
        'GET',
        `${connection.scimPath}/Groups/${group.id}`,
        connection.token,
      );
      const cached = await testApp.app
        .getHttpAdapter()
        .getInstance()
        .inject({
          method: 'GET',
          url: `${connection.scimPath}/Groups/${group.id}`,
          headers: { authorization: `Bearer ${connection.token}`, 'if-none-match': 'W/"1"' },
        });

      expect(response.status).toBe(200);
      expect(cached.statusCode).toBe(304);
    });

    it('reads no memberships when members are excluded', async () => {
      const group = await createScimGroup(testApp, connection, uniqueName('Lean'), users);

      let excluded: ScimGroupBody | undefined;
      let selected: GroupList | undefined;
      const statements = await countQueries(testApp.dataSource, async () => {
        excluded = (
          await groupsRequest(testApp, connection, 'GET', `/${group.id}?excludedAttributes=members`)
        ).body as ScimGroupBody;
        selected = (await groupsRequest(testApp, connection, 'GET', `?attributes=displayName`))
          .body as GroupList;
      });

      expect(excluded).toEqual({
        schemas: [GROUP_URN],
        id: group.id,
        displayName: group.displayName,
        meta: expect.any(Object),
      });
      expect(selected?.Resources.every((resource) => resource.members === undefined)).toBe(true);
      expect(statements.filter((sql) => sql.includes('scim_group_members'))).toEqual([]);
    });

    it('answers 404 for an unknown id', async () => {
      const response = await groupsRequest(testApp, connection, 'GET', `/${randomUUID()}`);

      expect(response.status).toBe(404);
      expect(response.body).toEqual(scimError(404));
    });

    it('hides another connection’s groups', async () => {
      const otherAdmin = await seedOrganization(testApp, 'Elsewhere');
      const other = await createConnection(testApp, otherAdmin);
      const group = await createScimGroup(testApp, other, uniqueName('Elsewhere'));

      const response = await groupsRequest(testApp, connection, 'GET', `/${group.id}`);

      expect(response.status).toBe(404);
    });
  });

  describe('list', () => {
    it('filters by displayName without regard to case', async () => {
      const name = uniqueName('Filtered');
      const group = await createScimGroup(testApp, connection, name, [users[0]]);

      const response = await groupsRequest(
        testApp,
        connection,
        'GET',
        `?filter=${encodeURIComponent(`displayName eq "${name.toUpperCase()}"`)}`,
      );
      const body = response.body as GroupList;

      expect(response.status).toBe(200);
      expect(body.totalResults).toBe(1);
      expect(body.Resources[0].id).toBe(group.id);
      expect(body.Resources[0].members).toHaveLength(1);
    });

    it('filters by member value', async () => {
      const member = await createScimUser(testApp, connection, `filter-${randomUUID()}@acme.test`);
      const group = await createScimGroup(testApp, connection, uniqueName('ByMember'), [member]);

      const response = await groupsRequest(
        testApp,
        connection,
        'GET',
        `?filter=${encodeURIComponent(`members[value eq "${member}"]`)}`,
      );
      const body = response.body as GroupList;

      expect(body.Resources.map((resource) => resource.id)).toEqual([group.id]);
    });

    it('sorts and pages', async () => {
      const prefix = `Paged ${randomUUID().slice(0, 6)}`;
      for (const suffix of ['c', 'a', 'b']) {
        await createScimGroup(testApp, connection, `${prefix} ${suffix}`);
      }
      const filter = encodeURIComponent(`displayName sw "${prefix}"`);

      const response = await groupsRequest(
        testApp,
        connection,
        'GET',
        `?filter=${filter}&sortBy=displayName&sortOrder=descending&startIndex=2&count=1`,
      );
      const body = response.body as GroupList;

      expect(body.totalResults).toBe(3);
      expect(body.itemsPerPage).toBe(1);
      expect(body.Resources.map((resource) => resource.displayName)).toEqual([`${prefix} b`]);
    });

    it('searches with POST .search', async () => {
      const name = uniqueName('Searched');
      await createScimGroup(testApp, connection, name, [users[2]]);

      const response = await groupsRequest(testApp, connection, 'POST', '/.search', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
        filter: `displayName eq "${name}"`,
        excludedAttributes: ['members'],
      });
      const body = response.body as GroupList;

      expect(response.status).toBe(200);
      expect(body.totalResults).toBe(1);
      expect(body.Resources[0].members).toBeUndefined();
    });

    it('rejects an unknown filter attribute', async () => {
      const response = await groupsRequest(
        testApp,
        connection,
        'GET',
        `?filter=${encodeURIComponent('nickName eq "x"')}`,
      );

      expect(response.status).toBe(400);
      expect(response.body).toEqual(scimError(400, 'invalidFilter'));
    });
  });

  describe('patch members', () => {
    it('adds with path and a list', async () => {
      const group = await createScimGroup(testApp, connection, uniqueName('AddPath'), [users[0]]);

      const response = await patchGroup(group.id, {
        op: 'add',
        path: 'members',
        value: [{ value: users[0] }, { value: users[1] }],
      });

      expect(response.status).toBe(204);
      expect(response.headers.get('etag')).toBe('W/"2"');
      expect(await storedMemberIds(testApp.dataSource, group.id)).toEqual(
        [users[0], users[1]].sort(),
      );
    });

    it('adds without path', async () => {
      const group = await createScimGroup(testApp, connection, uniqueName('AddNoPath'));

      const response = await patchGroup(group.id, {
        op: 'Add',
        value: { members: [{ value: users[2] }] },
      });

      expect(response.status).toBe(204);
      expect(await storedMemberIds(testApp.dataSource, group.id)).toEqual([users[2]]);
    });

    it('removes by value filter', async () => {
      const group = await createScimGroup(testApp, connection, uniqueName('RemoveFilter'), [
        users[0],
        users[1],
      ]);

      const response = await patchGroup(group.id, {
        op: 'remove',
        path: `members[value eq "${users[0]}"]`,
      });

      expect(response.status).toBe(204);
      expect(await storedMemberIds(testApp.dataSource, group.id)).toEqual([users[1]]);
    });

    it('removes a value list', async () => {
      const group = await createScimGroup(
        testApp,
        connection,
        uniqueName('RemoveList'),
        users.slice(0, 3),
      );

      const response = await patchGroup(group.id, {
        op: 'Remove',
        path: 'members',
        value: [{ value: users[0] }, { value: users[2] }, { value: randomUUID() }],
      });

      expect(response.status).toBe(204);
      expect(await storedMemberIds(testApp.dataSource, group.id)).toEqual([users[1]]);
    });

    it('clears on remove without value', async () => {
      const group = await createScimGroup(
        testApp,
        connection,
        uniqueName('Clear'),
        users.slice(0, 3),
      );

      const response = await patchGroup(group.id, { op: 'remove', path: 'members' });

      expect(response.status).toBe(204);
      expect(await storedMemberIds(testApp.dataSource, group.id)).toEqual([]);
    });

    it('replaces the list', async () => {
      const group = await createScimGroup(
        testApp,
        connection,
        uniqueName('Replace'),
        users.slice(0, 3),
      );

      const response = await patchGroup(group.id, {
        op: 'replace',
        path: 'members',
        value: [{ value: users[2] }, { value: users[3] }],
      });

      expect(response.status).toBe(204);
      expect(await storedMemberIds(testApp.dataSource, group.id)).toEqual(
        [users[2], users[3]].sort(),
      );
    });

    it('applies several operations in order', async () => {
      const group = await createScimGroup(testApp, connection, uniqueName('Mixed'), [users[0]]);
      const renamed = uniqueName('Mixed renamed');

      const response = await patchGroup(
        group.id,
        { op: 'add', path: 'members', value: [{ value: users[1] }, { value: users[2] }] },
        { op: 'remove', path: `members[value eq "${users[0]}"]` },
        { op: 'replace', path: 'displayName', value: renamed },
        { op: 'remove', path: 'members', value: [{ value: users[2] }] },
      );
      const read = await groupsRequest(testApp, connection, 'GET', `/${group.id}`);

      expect(response.status).toBe(204);
      expect(await storedMemberIds(testApp.dataSource, group.id)).toEqual([users[1]]);
      expect((read.body as ScimGroupBody).displayName).toBe(renamed);
    });

    it('ignores adding a present member', async () => {
      const group = await createScimGroup(testApp, connection, uniqueName('Present'), [users[0]]);

      const response = await patchGroup(group.id, {
        op: 'add',
        path: 'members',
        value: [{ value: users[0] }],
      });

      expect(response.status).toBe(204);
      expect(await storedMemberIds(testApp.dataSource, group.id)).toEqual([users[0]]);
    });

    it('ignores removing an absent member', async () => {
      const group = await createScimGroup(testApp, connection, uniqueName('Absent'), [users[0]]);

      const response = await patchGroup(group.id, {
        op: 'remove',
        path: `members[value eq "${users[4]}"]`,
      });

      expect(response.status).toBe(204);
      expect(await storedMemberIds(testApp.dataSource, group.id)).toEqual([users[0]]);
    });

    it('rejects adding an unknown member and keeps the rest', async () => {
      const group = await createScimGroup(testApp, connection, uniqueName('AddUnknown'), [
        users[0],
      ]);
      const unknown = randomUUID();

      const response = await patchGroup(
        group.id,
        { op: 'add', path: 'members', value: [{ value: users[1] }] },
        { op: 'add', path: 'members', value: [{ value: unknown }] },
      );

      expect(response.status).toBe(400);
      expect((response.body as { detail: string }).detail).toContain(unknown);
      expect(await storedMemberIds(testApp.dataSource, group.id)).toEqual([users[0]]);
    });

    it('accepts a rename carrying the group id', async () => {
      const group = await createScimGroup(testApp, connection, uniqueName('Rename'));
      const renamed = uniqueName('Renamed');

      const response = await patchGroup(group.id, {
        op: 'replace',
        value: { id: group.id, displayName: renamed },
      });
      const read = await groupsRequest(testApp, connection, 'GET', `/${group.id}`);

      expect(response.status).toBe(204);
      expect((read.body as ScimGroupBody).displayName).toBe(renamed);
    });

    it('rejects a rename to a taken name', async () => {
      const taken = await createScimGroup(testApp, connection, uniqueName('Taken'));
      const group = await createScimGroup(testApp, connection, uniqueName('Renaming'));

      const response = await patchGroup(group.id, {
        op: 'replace',
        path: 'displayName',
        value: taken.displayName.toLowerCase(),
      });

      expect(response.status).toBe(409);
      expect(response.body).toEqual(scimError(409, 'uniqueness'));
    });

    it('settles a rename racing a create', async () => {
      const group = await createScimGroup(testApp, connection, uniqueName('Racing'));
      const name = uniqueName('Contested');

      const [renamed, created] = await Promise.all([
        patchGroup(group.id, { op: 'replace', path: 'displayName', value: name }),
        groupsRequest(testApp, connection, 'POST', '', { schemas: [GROUP_URN], displayName: name }),
      ]);

      expect([
        [204, 409],
        [409, 201],
      ]).toContainEqual([renamed.status, created.status]);
      expect(testApp.logs.filter((line) => line.includes('"level":50'))).toEqual([]);
    });

    it('rejects a stale If-Match', async () => {
      const group = await createScimGroup(testApp, connection, uniqueName('Stale'));

      const response = await scimRequest(
        testApp,
        'PATCH',
        `${connection.scimPath}/Groups/${group.id}`,
        connection.token,
        groupPatch({ op: 'add', path: 'members', value: [{ value: users[0] }] }),
      ).then(() =>
        testApp.app
          .getHttpAdapter()
          .getInstance()
          .inject({
            method: 'PATCH',
            url: `${connection.scimPath}/Groups/${group.id}`,
            headers: {
              authorization: `Bearer ${connection.token}`,
              'content-type': 'application/scim+json',
              'if-match': 'W/"1"',
            },
            payload: JSON.stringify(groupPatch({ op: 'remove', path: 'members' })),
          }),
      );

      expect(response.statusCode).toBe(412);
      expect(await storedMemberIds(testApp.dataSource, group.id)).toEqual([users[0]]);
    });
  });

  describe('side effects', () => {
    it('records an activity event per write', async () => {
      const group = await createScimGroup(testApp, connection, uniqueName('Audited'), [users[0]]);
      await patchGroup(group.id, { op: 'add', path: 'members', value: [{ value: users[1] }] });
      await groupsRequest(testApp, connection, 'DELETE', `/${group.id}`);

      const events = await testApp.dataSource.getRepository(AuditEvent).find({
        where: { targetId: group.id },
        order: { createdAt: 'ASC' },
      });

      expect(events.map((event) => event.action)).toEqual([
        'scim_group.created',
        'scim_group.patched',
        'scim_group.deleted',
      ]);
      expect(events.every((event) => event.actorType === 'scim_token')).toBe(true);
      expect(events[1].changes).toEqual({ memberOperations: ['add'] });
    });

    it('makes an added member SCIM-managed', async () => {
      const admin = await seedOrganization(testApp, 'Managed');
      const managedConnection = await createConnection(testApp, admin);
      const manual = await seedMember(testApp, admin.organizationId, 'executive');
      const group = await createScimGroup(testApp, managedConnection, uniqueName('Managed'));

      const response = await groupsRequest(
        testApp,
        managedConnection,
        'PATCH',
        `/${group.id}`,
        groupPatch({ op: 'add', path: 'members', value: [{ value: manual.id }] }),
      );
      const member = await testApp.dataSource
        .getRepository(Member)
        .findOneByOrFail({ id: manual.id });

      expect(response.status).toBe(204);
      expect(member.managedBy).toBe('scim');
      expect(member.role).toBe('executive');
    });
  });

  describe('replace and delete', () => {
    it('replaces with PUT', async () => {
      const group = await createScimGroup(
        testApp,
        connection,
        uniqueName('Put'),
        users.slice(0, 2),
      );
      const renamed = uniqueName('Put renamed');

      const response = await groupsRequest(testApp, connection, 'PUT', `/${group.id}`, {
        schemas: [GROUP_URN],
        displayName: renamed,
        members: [{ value: users[1] }, { value: users[4] }],
      });
      const body = response.body as ScimGroupBody;

      expect(response.status).toBe(200);
      expect(body.displayName).toBe(renamed);
      expect(body.meta.version).toBe('W/"2"');
      expect((body.members ?? []).map((member) => member.value).sort()).toEqual(
        [users[1], users[4]].sort(),
      );
      expect(await storedMemberIds(testApp.dataSource, group.id)).toEqual(
        [users[1], users[4]].sort(),
      );
    });

    it('deletes the group and its memberships', async () => {
      const group = await createScimGroup(
        testApp,
        connection,
        uniqueName('Deleted'),
        users.slice(0, 2),
      );

      const response = await groupsRequest(testApp, connection, 'DELETE', `/${group.id}`);
      const read = await groupsRequest(testApp, connection, 'GET', `/${group.id}`);

      expect(response.status).toBe(204);
      expect(read.status).toBe(404);
      expect(await storedMemberIds(testApp.dataSource, group.id)).toEqual([]);
    });
  });

  describe('statement count', () => {
    async function seedMembers(organizationId: string, count: number): Promise<string[]> {
      const ids = Array.from({ length: count }, () => randomUUID());
      const now = new Date();
      const rows = ids.map((id, index) => ({
        id,
        organizationId,
        email: `bulk-${id}@acme.test`,
        userName: `bulk-${id}@acme.test`,
        displayName: `Bulk ${index}`,
        status: 'active' as const,
        role: 'member' as const,
        roleSource: 'manual' as const,
        managedBy: 'scim' as const,
        externalId: null,
        scimAttributes: null,
        scimVersion: 1,
        scimDeletedAt: null,
        createdAt: now,
        updatedAt: now,
      }));
      for (let start = 0; start < rows.length; start += 500) {
        await testApp.dataSource
          .createQueryBuilder()
          .insert()
          .into('members')
          .values(rows.slice(start, start + 500))
          .execute();
      }
      return ids;
    }

    async function seedGroup(memberIds: string[]): Promise<string> {
      const group = await createScimGroup(testApp, connection, uniqueName('Bulk'));
      const json = JSON.stringify(memberIds);
      const sql = isPostgresRun()
        ? 'INSERT INTO scim_group_members (group_id, member_id) SELECT $1, CAST(value AS uuid) FROM jsonb_array_elements_text(CAST($2 AS jsonb))'
        : 'INSERT INTO scim_group_members (group_id, member_id) SELECT ?, value FROM json_each(?)';
      await testApp.dataSource.query(sql, [group.id, json]);
      return group.id;
    }

    it('is the same for 10 and 5,000 members', async () => {
      const organizationId = (
        await testApp.dataSource.query(
          'SELECT organization_id FROM scim_connections WHERE id = $1'.replace(
            '$1',
            isPostgresRun() ? '$1' : '?',
          ),
          [connection.id],
        )
      )[0].organization_id as string;
      const members = await seedMembers(organizationId, 5000 + 10 + 2);
      const small = await seedGroup(members.slice(0, 10));
      const large = await seedGroup(members.slice(10, 5010));

      const smallStatements = await countQueries(testApp.dataSource, () =>
        patchGroup(small, { op: 'add', path: 'members', value: [{ value: members[5010] }] }),
      );
      const largeStatements = await countQueries(testApp.dataSource, () =>
        patchGroup(large, { op: 'add', path: 'members', value: [{ value: members[5011] }] }),
      );

      expect(await storedMemberIds(testApp.dataSource, large)).toHaveLength(5001);
      expect(largeStatements.length).toBe(smallStatements.length);
      expect(largeStatements.length).toBeLessThan(20);
    });
  });
});
