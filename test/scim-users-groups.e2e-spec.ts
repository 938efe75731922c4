import { request } from './support/http';
import { createConnection, CreatedConnection, scimRequest } from './support/scim';
import {
  createScimGroup,
  createScimUser,
  groupPatch,
  groupsRequest,
  storedMemberIds,
  storedRole,
} from './support/scim-groups';
import { seedOrganization, SeededMember, startTestApp, TestApp } from './support/test-app';

describe('Users and Groups together', () => {
  let testApp: TestApp;
  let admin: SeededMember;
  let connection: CreatedConnection;

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = await seedOrganization(testApp);
    connection = await createConnection(testApp, admin);
  });

  afterAll(() => testApp.close());

  function user(id: string, suffix = '') {
    return scimRequest(
      testApp,
      'GET',
      `${connection.scimPath}/Users/${id}${suffix}`,
      connection.token,
    );
  }

  async function mapGroup(groupId: string, role: string): Promise<void> {
    const response = await request(
      testApp.baseUrl,
      'PUT',
      `/api/v1/organizations/${admin.organizationId}/scim/role-mappings`,
      { token: admin.token, body: { mappings: [{ groupId, role }] } },
    );
    if (response.status !== 200)
      throw new Error(`saving mappings returned ${response.status}: ${response.text}`);
  }

  it('lists a user’s groups', async () => {
    const userId = await createScimUser(testApp, connection, 'grace@acme.test');
    const engineering = await createScimGroup(testApp, connection, 'Engineering', [userId]);

    const response = await user(userId);
    const withoutGroups = await user(userId, '?excludedAttributes=groups');

    expect(response.body).toMatchObject({
      groups: [
        {
          value: engineering.id,
          display: 'Engineering',
          $ref: `${connection.baseUrl}/Groups/${engineering.id as string}`,
          type: 'direct',
        },
      ],
    });
    expect(withoutGroups.body).not.toHaveProperty('groups');
  });

  it('lists groups in a userName lookup', async () => {
    const userId = await createScimUser(testApp, connection, 'ada@acme.test');
    const analysts = await createScimGroup(testApp, connection, 'Analysts', [userId]);
    const engines = await createScimGroup(testApp, connection, 'Engines', [userId]);

    const response = await scimRequest(
      testApp,
      'GET',
      `${connection.scimPath}/Users?filter=${encodeURIComponent('userName eq "ADA@acme.test"')}`,
      connection.token,
    );
    const resources = (response.body as { Resources: { id: string; groups?: unknown[] }[] })
      .Resources;

    expect(resources.map((resource) => resource.id)).toEqual([userId]);
    expect(resources[0].groups).toEqual([
      {
        value: analysts.id,
        display: 'Analysts',
        $ref: `${connection.baseUrl}/Groups/${analysts.id as string}`,
        type: 'direct',
      },
      {
        value: engines.id,
        display: 'Engines',
        $ref: `${connection.baseUrl}/Groups/${engines.id as string}`,
        type: 'direct',
      },
    ]);
  });

  it('filters users by group', async () => {
    const member = await createScimUser(testApp, connection, 'linus@acme.test');
    await createScimUser(testApp, connection, 'outsider@acme.test');
    const group = await createScimGroup(testApp, connection, 'Kernel', [member]);

    const response = await scimRequest(
      testApp,
      'GET',
      `${connection.scimPath}/Users?filter=${encodeURIComponent(`groups.value eq "${group.id as string}"`)}`,
      connection.token,
    );

    expect(
      (response.body as { Resources: { id: string }[] }).Resources.map((resource) => resource.id),
    ).toEqual([member]);
  });

  it('drops memberships and mapped roles on user DELETE', async () => {
    const userId = await createScimUser(testApp, connection, 'ken@acme.test');
    const group = await createScimGroup(testApp, connection, 'Operators', [userId]);
    await mapGroup(group.id as string, 'it_admin');
    const before = await storedRole(testApp.dataSource, userId);

    const deleted = await scimRequest(
      testApp,
      'DELETE',
      `${connection.scimPath}/Users/${userId}`,
      connection.token,
    );

    expect(before).toEqual({ role: 'it_admin', roleSource: 'mapping' });
    expect(deleted.status).toBe(204);
    expect(await storedMemberIds(testApp.dataSource, group.id as string)).toEqual([]);
    expect(await storedRole(testApp.dataSource, userId)).toEqual({
      role: 'member',
      roleSource: 'manual',
    });
  });

  it('connection delete removes groups, keeps roles', async () => {
    const organization = await seedOrganization(testApp, 'Leaving');
    const leaving = await createConnection(testApp, organization);
    const userId = await createScimUser(testApp, leaving, 'dmr@leaving.test');
    const group = await createScimGroup(testApp, leaving, 'Executives', [userId]);
    await request(
      testApp.baseUrl,
      'PUT',
      `/api/v1/organizations/${organization.organizationId}/scim/role-mappings`,
      {
        token: organization.token,
        body: { mappings: [{ groupId: group.id, role: 'executive' }] },
      },
    );

    const deleted = await request(
      testApp.baseUrl,
      'DELETE',
      `/api/v1/organizations/${organization.organizationId}/scim/connection`,
      {
        token: organization.token,
      },
    );
    const groups = await request(
      testApp.baseUrl,
      'GET',
      `/api/v1/organizations/${organization.organizationId}/scim/groups`,
      {
        token: organization.token,
      },
    );
    const mappings = await request(
      testApp.baseUrl,
      'GET',
      `/api/v1/organizations/${organization.organizationId}/scim/role-mappings`,
      { token: organization.token },
    );
    const rows: unknown[] = await testApp.dataSource.query(
      'SELECT group_id FROM scim_group_members',
    );

    expect(deleted.status).toBe(204);
    expect(await storedRole(testApp.dataSource, userId)).toEqual({
      role: 'executive',
      roleSource: 'manual',
    });
    expect(groups.body).toMatchObject({ data: [] });
    expect(mappings.body).toMatchObject({ mappings: [] });
    expect(JSON.stringify(rows)).not.toContain(group.id as string);
  });

  it('removing a member from a group updates the user', async () => {
    const userId = await createScimUser(testApp, connection, 'barbara@acme.test');
    const group = await createScimGroup(testApp, connection, 'Liskov', [userId]);

    await groupsRequest(
      testApp,
      connection,
      'PATCH',
      `/${group.id as string}`,
      groupPatch({ op: 'remove', path: `members[value eq "${userId}"]` }),
    );
    const response = await user(userId);

    expect(response.body).not.toHaveProperty('groups');
  });
});
