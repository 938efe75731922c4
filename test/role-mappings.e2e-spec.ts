import { randomUUID } from 'node:crypto';
import { AuditEvent } from '../src/audit/audit-event.entity';
import { ROLES, Role } from '../src/organizations/role';
import { request } from './support/http';
import { createConnection, CreatedConnection } from './support/scim';
import {
  createScimGroup,
  createScimUser,
  groupPatch,
  groupsRequest,
  storedRole,
} from './support/scim-groups';
import {
  seedMember,
  seedOrganization,
  SeededMember,
  startTestApp,
  TestApp,
} from './support/test-app';

type Policy = 'view' | 'manage';

const ALLOWED: Record<Policy, Role[]> = {
  view: ['admin', 'it_admin', 'executive'],
  manage: ['admin', 'it_admin'],
};

const ROUTES: [string, string, Policy][] = [
  ['GET', 'groups', 'view'],
  ['GET', 'roles', 'view'],
  ['GET', 'role-mappings', 'view'],
  ['PUT', 'role-mappings', 'manage'],
  ['POST', 'role-mappings/preview', 'manage'],
];

interface Mapping {
  groupId: string;
  role: string;
}

describe('SCIM role mappings', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });

  afterAll(() => testApp.close());

  function scimPath(organizationId: string, suffix: string): string {
    return `/api/v1/organizations/${organizationId}/scim/${suffix}`;
  }

  /** Creates an organization with a connection, SCIM users alice and bob, and groups Engineering (both) and Leads (alice). */
  async function setUp() {
    const admin = await seedOrganization(testApp);
    const connection = await createConnection(testApp, admin);
    const alice = await createScimUser(testApp, connection, `alice-${randomUUID()}@acme.test`);
    const bob = await createScimUser(testApp, connection, `bob-${randomUUID()}@acme.test`);
    const engineering = await createScimGroup(testApp, connection, 'Engineering', [alice, bob]);
    const leads = await createScimGroup(testApp, connection, 'Leads', [alice]);
    return { admin, connection, alice, bob, engineering, leads };
  }

  function save(caller: SeededMember, mappings: Mapping[]) {
    return request(testApp.baseUrl, 'PUT', scimPath(caller.organizationId, 'role-mappings'), {
      token: caller.token,
      body: { mappings },
    });
  }

  function preview(caller: SeededMember, mappings: Mapping[]) {
    return request(
      testApp.baseUrl,
      'POST',
      scimPath(caller.organizationId, 'role-mappings/preview'),
      { token: caller.token, body: { mappings } },
    );
  }

  function patchGroup(
    connection: CreatedConnection,
    id: string,
    ...operations: Record<string, unknown>[]
  ) {
    return groupsRequest(testApp, connection, 'PATCH', `/${id}`, groupPatch(...operations));
  }

  async function roleEvents(organizationId: string): Promise<AuditEvent[]> {
    return testApp.dataSource.getRepository(AuditEvent).find({
      where: { organizationId, action: 'member.role_changed' },
      order: { createdAt: 'ASC' },
    });
  }

  describe('access', () => {
    async function organizationMembers(): Promise<Record<Role, SeededMember>> {
      const admin = await seedOrganization(testApp);
      await createConnection(testApp, admin);
      const members = { admin } as Record<Role, SeededMember>;
      for (const role of ROLES) {
        if (role !== 'admin') members[role] = await seedMember(testApp, admin.organizationId, role);
      }
      return members;
    }

    describe.each(ROUTES)('%s %s', (method, suffix, policy) => {
      const body = method === 'GET' ? undefined : { mappings: [] };

      it.each(ROLES)('for %s', async (role) => {
        const members = await organizationMembers();
        const caller = members[role];

        const response = await request(
          testApp.baseUrl,
          method,
          scimPath(caller.organizationId, suffix),
          {
            token: caller.token,
            body,
          },
        );

        if (ALLOWED[policy].includes(role)) {
          expect(response.status).toBe(200);
        } else {
          expect(response.status).toBe(403);
          expect(response.body).toMatchObject({ statusCode: 403 });
        }
      });

      it('answers 404 to another organization’s Admin', async () => {
        const members = await organizationMembers();
        const outsider = await seedOrganization(testApp, 'Outsider');

        const response = await request(
          testApp.baseUrl,
          method,
          scimPath(members.admin.organizationId, suffix),
          { token: outsider.token, body },
        );

        expect(response.status).toBe(404);
      });

      it('answers 401 without a token', async () => {
        const members = await organizationMembers();

        const response = await request(
          testApp.baseUrl,
          method,
          scimPath(members.admin.organizationId, suffix),
          { body },
        );

        expect(response.status).toBe(401);
      });
    });
  });

  describe('catalog', () => {
    it('lists groups with member counts and roles', async () => {
      const { admin, engineering, leads } = await setUp();
      await save(admin, [{ groupId: leads.id, role: 'executive' }]);

      const response = await request(
        testApp.baseUrl,
        'GET',
        scimPath(admin.organizationId, 'groups'),
        {
          token: admin.token,
        },
      );

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        data: [
          {
            id: engineering.id,
            displayName: 'Engineering',
            externalId: null,
            memberCount: 2,
            role: null,
            createdAt: expect.any(String),
          },
          {
            id: leads.id,
            displayName: 'Leads',
            externalId: null,
            memberCount: 1,
            role: 'executive',
            createdAt: expect.any(String),
          },
        ],
      });
    });

    it('lists roles without Strada Admin', async () => {
      const admin = await seedOrganization(testApp);

      const response = await request(
        testApp.baseUrl,
        'GET',
        scimPath(admin.organizationId, 'roles'),
        {
          token: admin.token,
        },
      );

      expect(response.body).toEqual({
        data: [
          { id: 'admin', name: 'Admin', rank: 4, grantable: true },
          { id: 'it_admin', name: 'IT Admin', rank: 3, grantable: true },
          { id: 'executive', name: 'Executive', rank: 2, grantable: true },
          { id: 'member', name: 'Member', rank: 1, grantable: true },
        ],
      });
    });

    it.each([
      ['it_admin', ['it_admin', 'executive', 'member']],
      ['executive', ['executive', 'member']],
    ] as const)('marks the roles a %s may grant', async (role, grantable) => {
      const admin = await seedOrganization(testApp);
      const caller = await seedMember(testApp, admin.organizationId, role);

      const response = await request(
        testApp.baseUrl,
        'GET',
        scimPath(admin.organizationId, 'roles'),
        { token: caller.token },
      );
      const roles = (response.body as { data: { id: string; grantable: boolean }[] }).data;

      expect(roles.filter((entry) => entry.grantable).map((entry) => entry.id)).toEqual(grantable);
      expect(roles).toHaveLength(4);
    });
  });

  describe('save', () => {
    it('saves the set and returns it', async () => {
      const { admin, engineering, leads } = await setUp();

      const response = await save(admin, [
        { groupId: engineering.id, role: 'member' },
        { groupId: leads.id, role: 'it_admin' },
      ]);
      const read = await request(
        testApp.baseUrl,
        'GET',
        scimPath(admin.organizationId, 'role-mappings'),
        {
          token: admin.token,
        },
      );

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        mappings: [
          {
            groupId: engineering.id,
            groupDisplayName: 'Engineering',
            role: 'member',
            createdBy: admin.id,
            createdAt: expect.any(String),
          },
          {
            groupId: leads.id,
            groupDisplayName: 'Leads',
            role: 'it_admin',
            createdBy: admin.id,
            createdAt: expect.any(String),
          },
        ],
      });
      expect(read.body).toEqual(response.body);
    });

    it('replaces the whole set', async () => {
      const { admin, engineering, leads } = await setUp();
      await save(admin, [{ groupId: engineering.id, role: 'executive' }]);

      const response = await save(admin, [{ groupId: leads.id, role: 'member' }]);

      expect(
        (response.body as { mappings: Mapping[] }).mappings.map((mapping) => mapping.groupId),
      ).toEqual([leads.id]);
    });

    it.each<
      [string, (ids: { engineering: string; leads: string; foreign: string }) => Mapping[], RegExp]
    >([
      [
        'an unknown group',
        () => [{ groupId: randomUUID(), role: 'member' }],
        /mappings\[0\]: group .* is not a SCIM group/,
      ],
      [
        'a foreign group',
        (ids) => [{ groupId: ids.foreign, role: 'member' }],
        /mappings\[0\]: group .* is not a SCIM group/,
      ],
      [
        'strada_admin',
        (ids) => [{ groupId: ids.engineering, role: 'strada_admin' }],
        /mappings\[0\]: Strada Admin/,
      ],
      [
        'a role outside the catalog',
        (ids) => [{ groupId: ids.engineering, role: 'owner' }],
        /mappings\[0\]: role "owner"/,
      ],
      [
        'the same group twice',
        (ids) => [
          { groupId: ids.engineering, role: 'member' },
          { groupId: ids.engineering, role: 'executive' },
        ],
        /mappings\[1\]: group .* mapped twice/,
      ],
      [
        'a bad second entry',
        (ids) => [
          { groupId: ids.leads, role: 'member' },
          { groupId: 'not-a-group', role: 'member' },
        ],
        /mappings\[1\]: groupId "not-a-group"/,
      ],
    ])('rejects %s and saves nothing', async (_case, build, message) => {
      const { admin, engineering, leads } = await setUp();
      const otherAdmin = await seedOrganization(testApp, 'Other');
      const otherConnection = await createConnection(testApp, otherAdmin);
      const foreign = await createScimGroup(testApp, otherConnection, 'Foreign');
      await save(admin, [{ groupId: leads.id, role: 'executive' }]);

      const response = await save(
        admin,
        build({ engineering: engineering.id, leads: leads.id, foreign: foreign.id }),
      );
      const read = await request(
        testApp.baseUrl,
        'GET',
        scimPath(admin.organizationId, 'role-mappings'),
        {
          token: admin.token,
        },
      );

      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        statusCode: 400,
        message: expect.stringMatching(message),
      });
      expect((read.body as { mappings: Mapping[] }).mappings).toEqual([
        expect.objectContaining({ groupId: leads.id, role: 'executive' }),
      ]);
    });

    it('logs the save before its role changes', async () => {
      const { admin, engineering } = await setUp();

      await save(admin, [{ groupId: engineering.id, role: 'executive' }]);
      const activity = await request(
        testApp.baseUrl,
        'GET',
        scimPath(admin.organizationId, 'activity?limit=10'),
        { token: admin.token },
      );
      const actions = (activity.body as { data: { action: string }[] }).data.map(
        (event) => event.action,
      );

      expect(actions.slice(0, 3)).toEqual([
        'role_mappings.saved',
        'member.role_changed',
        'member.role_changed',
      ]);
    });

    it('rejects a role above the caller’s own', async () => {
      const { admin, engineering } = await setUp();
      const itAdmin = await seedMember(testApp, admin.organizationId, 'it_admin');

      const response = await save(itAdmin, [{ groupId: engineering.id, role: 'admin' }]);

      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({
        statusCode: 403,
        message: 'mappings[0]: your role (IT Admin) cannot grant Admin',
      });
    });

    describe('with an Admin mapping saved by an Admin', () => {
      async function withAdminMapping() {
        const fixture = await setUp();
        await save(fixture.admin, [{ groupId: fixture.leads.id, role: 'admin' }]);
        const itAdmin = await seedMember(testApp, fixture.admin.organizationId, 'it_admin');
        const mappingsNow = async () =>
          (
            (
              await request(
                testApp.baseUrl,
                'GET',
                scimPath(fixture.admin.organizationId, 'role-mappings'),
                { token: fixture.admin.token },
              )
            ).body as { mappings: Mapping[] }
          ).mappings.map(({ groupId, role }) => ({ groupId, role }));
        return { ...fixture, itAdmin, mappingsNow };
      }

      it('lets an IT Admin keep it while adding others', async () => {
        const { itAdmin, leads, engineering, alice, mappingsNow } = await withAdminMapping();

        const response = await save(itAdmin, [
          { groupId: engineering.id, role: 'executive' },
          { groupId: leads.id, role: 'admin' },
        ]);

        expect(response.status).toBe(200);
        expect(await mappingsNow()).toEqual(
          expect.arrayContaining([
            { groupId: engineering.id, role: 'executive' },
            { groupId: leads.id, role: 'admin' },
          ]),
        );
        expect(await storedRole(testApp.dataSource, alice)).toEqual({
          role: 'admin',
          roleSource: 'mapping',
        });
      });

      it.each(['drop', 'lower'])('rejects an IT Admin trying to %s it', async (change) => {
        const { itAdmin, leads, alice, mappingsNow } = await withAdminMapping();
        const changed: Mapping[] = change === 'drop' ? [] : [{ groupId: leads.id, role: 'member' }];

        const saved = await save(itAdmin, changed);
        const previewed = await preview(itAdmin, changed);

        for (const response of [saved, previewed]) {
          expect(response.status).toBe(403);
          expect(response.body).toMatchObject({
            statusCode: 403,
            message: `Your role (IT Admin) cannot remove or change the Admin mapping of group ${leads.id}. Keep it in the set unchanged.`,
          });
        }
        expect(await mappingsNow()).toEqual([{ groupId: leads.id, role: 'admin' }]);
        expect(await storedRole(testApp.dataSource, alice)).toEqual({
          role: 'admin',
          roleSource: 'mapping',
        });
      });
    });

    it('rejects unknown fields', async () => {
      const { admin, engineering } = await setUp();

      const response = await request(
        testApp.baseUrl,
        'PUT',
        scimPath(admin.organizationId, 'role-mappings'),
        {
          token: admin.token,
          body: { mappings: [{ groupId: engineering.id, role: 'member', extra: true }] },
        },
      );

      expect(response.status).toBe(400);
    });
  });

  describe('resolution', () => {
    it('gives the highest mapped role and records events', async () => {
      const { admin, alice, bob, engineering, leads } = await setUp();

      await save(admin, [
        { groupId: engineering.id, role: 'executive' },
        { groupId: leads.id, role: 'it_admin' },
      ]);

      expect(await storedRole(testApp.dataSource, alice)).toEqual({
        role: 'it_admin',
        roleSource: 'mapping',
      });
      expect(await storedRole(testApp.dataSource, bob)).toEqual({
        role: 'executive',
        roleSource: 'mapping',
      });
      const events = await roleEvents(admin.organizationId);
      expect(events.map((event) => [event.targetId, event.changes])).toEqual(
        expect.arrayContaining([
          [
            alice,
            expect.objectContaining({
              role: { old: 'member', new: 'it_admin' },
              cause: 'role_mappings.saved',
            }),
          ],
          [bob, expect.objectContaining({ role: { old: 'member', new: 'executive' } })],
        ]),
      );
      expect(events).toHaveLength(2);
    });

    it('recomputes on membership changes', async () => {
      const { admin, connection, bob, leads } = await setUp();
      await save(admin, [{ groupId: leads.id, role: 'it_admin' }]);

      await patchGroup(connection, leads.id, {
        op: 'add',
        path: 'members',
        value: [{ value: bob }],
      });
      const promoted = await storedRole(testApp.dataSource, bob);
      await patchGroup(connection, leads.id, { op: 'remove', path: `members[value eq "${bob}"]` });
      const demoted = await storedRole(testApp.dataSource, bob);

      expect(promoted).toEqual({ role: 'it_admin', roleSource: 'mapping' });
      expect(demoted).toEqual({ role: 'member', roleSource: 'manual' });
      const events = (await roleEvents(admin.organizationId)).filter(
        (event) => event.targetId === bob,
      );
      expect(events.map((event) => (event.changes as { cause: string }).cause)).toEqual([
        'scim_group.patched',
        'scim_group.patched',
      ]);
    });

    it('recomputes when a group is cleared, replaced or deleted', async () => {
      const { admin, connection, alice, bob, engineering, leads } = await setUp();
      await save(admin, [
        { groupId: engineering.id, role: 'executive' },
        { groupId: leads.id, role: 'it_admin' },
      ]);

      await patchGroup(connection, engineering.id, { op: 'remove', path: 'members' });
      const bobAfterClear = await storedRole(testApp.dataSource, bob);
      await groupsRequest(testApp, connection, 'PUT', `/${engineering.id}`, {
        displayName: 'Engineering',
        members: [{ value: bob }],
      });
      const bobAfterPut = await storedRole(testApp.dataSource, bob);
      await groupsRequest(testApp, connection, 'DELETE', `/${leads.id}`);
      const aliceAfterDelete = await storedRole(testApp.dataSource, alice);

      expect(bobAfterClear).toEqual({ role: 'member', roleSource: 'manual' });
      expect(bobAfterPut).toEqual({ role: 'executive', roleSource: 'mapping' });
      expect(aliceAfterDelete).toEqual({ role: 'member', roleSource: 'manual' });
    });

    it('keeps a manual role while no mapping applies', async () => {
      const { admin, alice, bob, leads } = await setUp();
      await request(
        testApp.baseUrl,
        'PATCH',
        `/api/v1/organizations/${admin.organizationId}/members/${bob}`,
        {
          token: admin.token,
          body: { role: 'executive' },
        },
      );

      await save(admin, [{ groupId: leads.id, role: 'it_admin' }]);

      expect(await storedRole(testApp.dataSource, bob)).toEqual({
        role: 'executive',
        roleSource: 'manual',
      });
      expect(await storedRole(testApp.dataSource, alice)).toEqual({
        role: 'it_admin',
        roleSource: 'mapping',
      });
    });

    it('lets a mapping win over a manual role', async () => {
      const { admin, bob, engineering } = await setUp();
      await request(
        testApp.baseUrl,
        'PATCH',
        `/api/v1/organizations/${admin.organizationId}/members/${bob}`,
        {
          token: admin.token,
          body: { role: 'it_admin' },
        },
      );

      await save(admin, [{ groupId: engineering.id, role: 'executive' }]);

      expect(await storedRole(testApp.dataSource, bob)).toEqual({
        role: 'executive',
        roleSource: 'mapping',
      });
    });

    it('rejects a manual role change naming the group', async () => {
      const { admin, alice, leads } = await setUp();
      await save(admin, [{ groupId: leads.id, role: 'executive' }]);

      const response = await request(
        testApp.baseUrl,
        'PATCH',
        `/api/v1/organizations/${admin.organizationId}/members/${alice}`,
        { token: admin.token, body: { role: 'member' } },
      );

      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({
        statusCode: 409,
        message: expect.stringContaining('"Leads"'),
      });
    });

    it('never touches Strada Admin', async () => {
      const { admin, connection, engineering } = await setUp();
      const staff = await seedMember(testApp, admin.organizationId, 'strada_admin');
      await patchGroup(connection, engineering.id, {
        op: 'add',
        path: 'members',
        value: [{ value: staff.id }],
      });

      await save(admin, [{ groupId: engineering.id, role: 'executive' }]);

      expect(await storedRole(testApp.dataSource, staff.id)).toEqual({
        role: 'strada_admin',
        roleSource: 'manual',
      });
    });

    it('never demotes the last active Admin', async () => {
      const { admin, connection, engineering } = await setUp();
      await patchGroup(connection, engineering.id, {
        op: 'add',
        path: 'members',
        value: [{ value: admin.id }],
      });

      const response = await save(admin, [{ groupId: engineering.id, role: 'member' }]);

      expect(response.status).toBe(200);
      expect((await storedRole(testApp.dataSource, admin.id)).role).toBe('admin');
      const refusals = await testApp.dataSource.getRepository(AuditEvent).findBy({
        organizationId: admin.organizationId,
        action: 'member.role_change_refused',
        targetId: admin.id,
      });
      expect(refusals).toHaveLength(1);
    });

    it('demotes an Admin when another remains', async () => {
      const { admin, connection, engineering } = await setUp();
      await seedMember(testApp, admin.organizationId, 'admin');
      await patchGroup(connection, engineering.id, {
        op: 'add',
        path: 'members',
        value: [{ value: admin.id }],
      });

      await save(admin, [{ groupId: engineering.id, role: 'executive' }]);

      expect(await storedRole(testApp.dataSource, admin.id)).toEqual({
        role: 'executive',
        roleSource: 'mapping',
      });
    });
  });

  describe('preview', () => {
    it('lists gains and losses and saves nothing', async () => {
      const { admin, alice, bob, engineering, leads } = await setUp();
      await save(admin, [{ groupId: leads.id, role: 'it_admin' }]);

      const response = await preview(admin, [{ groupId: engineering.id, role: 'executive' }]);

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        changes: expect.arrayContaining([
          {
            memberId: alice,
            userName: expect.stringMatching(/^alice-/),
            oldRole: 'it_admin',
            newRole: 'executive',
            groupId: engineering.id,
          },
          {
            memberId: bob,
            userName: expect.stringMatching(/^bob-/),
            oldRole: 'member',
            newRole: 'executive',
            groupId: engineering.id,
          },
        ]),
        refused: [],
      });
      expect((response.body as { changes: unknown[] }).changes).toHaveLength(2);
      expect(await storedRole(testApp.dataSource, alice)).toEqual({
        role: 'it_admin',
        roleSource: 'mapping',
      });
      expect(await storedRole(testApp.dataSource, bob)).toEqual({
        role: 'member',
        roleSource: 'manual',
      });
    });

    it('shows a fallback to Member', async () => {
      const { admin, alice, leads } = await setUp();
      await save(admin, [{ groupId: leads.id, role: 'executive' }]);

      const response = await preview(admin, []);

      expect(response.body).toEqual({
        changes: [
          {
            memberId: alice,
            userName: expect.any(String),
            oldRole: 'executive',
            newRole: 'member',
            groupId: null,
          },
        ],
        refused: [],
      });
    });

    it('validates like save', async () => {
      const { admin, engineering } = await setUp();

      const response = await preview(admin, [{ groupId: engineering.id, role: 'strada_admin' }]);

      expect(response.status).toBe(400);
    });
  });
});
