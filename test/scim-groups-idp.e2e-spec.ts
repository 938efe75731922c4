// Replays the group push requests of Okta and Microsoft Entra ID. Okta
// creates an empty group, then sends PATCH batches of member adds and
// removes, a rename and a DELETE. Entra ID looks a group up by displayName
// without members, removes members with a value list and renames by path.
import { randomUUID } from 'node:crypto';
import { createConnection, CreatedConnection } from './support/scim';
import {
  createScimUser,
  GROUP_URN,
  groupPatch,
  groupsRequest,
  ScimGroupBody,
  storedMemberIds,
} from './support/scim-groups';
import { seedOrganization, startTestApp, TestApp } from './support/test-app';

describe('SCIM /Groups identity provider flows', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });

  afterAll(() => testApp.close());

  async function setUp(identityProvider: string, userCount: number) {
    const admin = await seedOrganization(testApp);
    const connection = await createConnection(testApp, admin, identityProvider);
    const users: string[] = [];
    for (let index = 0; index < userCount; index += 1) {
      users.push(
        await createScimUser(
          testApp,
          connection,
          `${identityProvider}-${index}-${randomUUID()}@acme.test`,
        ),
      );
    }
    return { connection, users };
  }

  function patch(
    testAppConnection: CreatedConnection,
    id: string,
    ...operations: Record<string, unknown>[]
  ) {
    return groupsRequest(testApp, testAppConnection, 'PATCH', `/${id}`, groupPatch(...operations));
  }

  it('replays an Okta group push', async () => {
    const { connection, users } = await setUp('okta', 7);

    const created = await groupsRequest(testApp, connection, 'POST', '', {
      schemas: [GROUP_URN],
      displayName: 'Okta Engineering',
      members: [],
    });
    const group = created.body as ScimGroupBody;
    expect(created.status).toBe(201);
    expect(group.members).toBeUndefined();

    const firstBatch = await patch(connection, group.id, {
      op: 'add',
      path: 'members',
      value: users.slice(0, 4).map((value) => ({ value, display: `${value}@acme.test` })),
    });
    const secondBatch = await patch(connection, group.id, {
      op: 'add',
      path: 'members',
      value: users.slice(3, 7).map((value) => ({ value })),
    });
    expect(firstBatch.status).toBe(204);
    expect(secondBatch.status).toBe(204);
    expect(await storedMemberIds(testApp.dataSource, group.id)).toEqual([...users].sort());

    const removal = await patch(connection, group.id, {
      op: 'remove',
      path: `members[value eq "${users[0]}"]`,
    });
    expect(removal.status).toBe(204);
    expect(await storedMemberIds(testApp.dataSource, group.id)).toEqual(users.slice(1).sort());

    const rename = await patch(connection, group.id, {
      op: 'replace',
      value: { id: group.id, displayName: 'Okta Engineering Renamed' },
    });
    expect(rename.status).toBe(204);

    const read = await groupsRequest(testApp, connection, 'GET', `/${group.id}`);
    const body = read.body as ScimGroupBody;
    expect(body.displayName).toBe('Okta Engineering Renamed');
    expect(body.meta.version).toBe('W/"5"');
    expect((body.members ?? []).map((member) => member.value).sort()).toEqual(
      users.slice(1).sort(),
    );

    const deleted = await groupsRequest(testApp, connection, 'DELETE', `/${group.id}`);
    const afterDelete = await groupsRequest(testApp, connection, 'GET', `/${group.id}`);
    expect(deleted.status).toBe(204);
    expect(afterDelete.status).toBe(404);
  });

  it('replays Entra ID group provisioning', async () => {
    const { connection, users } = await setUp('entra_id', 4);

    const lookup = await groupsRequest(
      testApp,
      connection,
      'GET',
      `?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "Entra Finance"')}`,
    );
    expect(lookup.status).toBe(200);
    expect((lookup.body as { totalResults: number }).totalResults).toBe(0);

    const created = await groupsRequest(testApp, connection, 'POST', '', {
      schemas: [
        GROUP_URN,
        'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group',
      ],
      externalId: randomUUID(),
      displayName: 'Entra Finance',
      members: [],
    });
    const group = created.body as ScimGroupBody;
    expect(created.status).toBe(201);

    const found = await groupsRequest(
      testApp,
      connection,
      'GET',
      `?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "Entra Finance"')}`,
    );
    expect(found.body).toMatchObject({
      totalResults: 1,
      Resources: [{ id: group.id, displayName: 'Entra Finance' }],
    });
    expect((found.body as { Resources: ScimGroupBody[] }).Resources[0].members).toBeUndefined();

    const added = await patch(connection, group.id, {
      op: 'Add',
      path: 'members',
      value: users.map((value) => ({ value })),
    });
    expect(added.status).toBe(204);

    const removed = await patch(connection, group.id, {
      op: 'Remove',
      path: 'members',
      value: [{ value: users[1] }, { value: users[3] }],
    });
    expect(removed.status).toBe(204);
    expect(await storedMemberIds(testApp.dataSource, group.id)).toEqual(
      [users[0], users[2]].sort(),
    );

    const renamed = await patch(connection, group.id, {
      op: 'Replace',
      path: 'displayName',
      value: 'Entra Finance EMEA',
    });
    expect(renamed.status).toBe(204);

    const byMember = await groupsRequest(
      testApp,
      connection,
      'GET',
      `?excludedAttributes=members&filter=${encodeURIComponent(`id eq "${group.id}" and members[value eq "${users[0]}"]`)}`,
    );
    expect((byMember.body as { totalResults: number }).totalResults).toBe(1);
  });
});
