import { randomUUID } from 'node:crypto';
import { AuditEvent } from '../src/audit/audit-event.entity';
import { Member } from '../src/organizations/member.entity';
import { ScimToken } from '../src/tokens/scim-token.entity';
import { TokenHasher } from '../src/tokens/token-hasher';
import { request } from './support/http';
import { tokenSecretOf } from './support/scim-assertions';
import { createConnection, scimError, scimRequest } from './support/scim';
import {
  seedMember,
  seedOrganization,
  SeededMember,
  startTestApp,
  TestApp,
} from './support/test-app';

const TOKEN_FORMAT = /^strada_scim_[0-9a-f]{24}_[A-Za-z0-9_-]{43}$/;

describe('SCIM connection lifecycle', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });

  afterAll(() => testApp.close());

  function connectionPath(admin: SeededMember, suffix = ''): string {
    return `/api/v1/organizations/${admin.organizationId}/scim/connection${suffix}`;
  }

  async function spcStatus(scimPath: string, token: string | undefined): Promise<number> {
    return (await scimRequest(testApp, 'GET', `${scimPath}/ServiceProviderConfig`, token)).status;
  }

  describe('create', () => {
    it('returns the card with base URL and token', async () => {
      const admin = await seedOrganization(testApp);

      const response = await request(testApp.baseUrl, 'POST', connectionPath(admin), {
        token: admin.token,
        body: { identityProvider: 'entra_id', displayName: '  Entra production  ' },
      });
      const body = response.body as Record<string, unknown>;

      expect(response.status).toBe(201);
      expect(body).toEqual({
        id: expect.any(String),
        status: 'active',
        identityProvider: 'entra_id',
        displayName: 'Entra production',
        baseUrl: `https://scim.strada.test/scim/v2/${body.id as string}`,
        tokenLastFour: (body.token as string).slice(-4),
        rotation: null,
        createdAt: expect.any(String),
        createdBy: admin.id,
        lastUsedAt: null,
        token: expect.stringMatching(TOKEN_FORMAT),
      });
    });

    it('rejects a second connection naming the first', async () => {
      const admin = await seedOrganization(testApp);
      const first = await createConnection(testApp, admin);

      const response = await request(testApp.baseUrl, 'POST', connectionPath(admin), {
        token: admin.token,
        body: { identityProvider: 'okta' },
      });

      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({
        statusCode: 409,
        message: expect.stringContaining(first.id),
      });
    });

    it('allows one of two concurrent creates', async () => {
      const admin = await seedOrganization(testApp);

      const responses = await Promise.all(
        [1, 2, 3].map(() =>
          request(testApp.baseUrl, 'POST', connectionPath(admin), {
            token: admin.token,
            body: { identityProvider: 'okta' },
          }),
        ),
      );

      expect(responses.map((response) => response.status).sort()).toEqual([201, 409, 409]);
    });

    it.each([
      [{ identityProvider: 'google' }, 'identityProvider'],
      [{}, 'identityProvider'],
      [{ identityProvider: 'okta', displayName: 'x'.repeat(101) }, 'displayName'],
      [{ identityProvider: 'okta', displayName: 7 }, 'displayName'],
      [{ identityProvider: 'okta', token: 'mine' }, 'token'],
    ])('rejects %j', async (body, field) => {
      const admin = await seedOrganization(testApp);

      const response = await request(testApp.baseUrl, 'POST', connectionPath(admin), {
        token: admin.token,
        body,
      });
      const card = await request(testApp.baseUrl, 'GET', connectionPath(admin), {
        token: admin.token,
      });

      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        details: expect.arrayContaining([expect.objectContaining({ field })]),
      });
      expect(card.status).toBe(404);
    });

    it('lists identity providers', async () => {
      const admin = await seedOrganization(testApp);

      const response = await request(testApp.baseUrl, 'GET', '/api/v1/identity-providers', {
        token: admin.token,
      });

      expect(response.status).toBe(200);
      expect((response.body as { id: string }[]).map((provider) => provider.id)).toEqual([
        'okta',
        'entra_id',
        'jumpcloud',
        'onelogin',
        'cyberark',
        'pingfederate',
        'rippling',
        'generic',
      ]);
    });
  });

  describe('card', () => {
    it('never shows the token or its hashes', async () => {
      const admin = await seedOrganization(testApp);
      const connection = await createConnection(testApp, admin);
      const row = await testApp.dataSource
        .getRepository(ScimToken)
        .findOneByOrFail({ connectionId: connection.id });

      const response = await request(testApp.baseUrl, 'GET', connectionPath(admin), {
        token: admin.token,
      });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        id: connection.id,
        tokenLastFour: connection.token.slice(-4),
      });
      expect(response.text).not.toContain(connection.token);
      expect(response.text).not.toContain(tokenSecretOf(connection.token));
      expect(response.text).not.toContain(row.secretHash);
      expect(response.text).not.toContain(row.verifier);
    });

    it('records the last SCIM use', async () => {
      const admin = await seedOrganization(testApp);
      const connection = await createConnection(testApp, admin);

      await spcStatus(connection.scimPath, connection.token);
      let lastUsedAt: unknown = null;
      for (let attempt = 0; attempt < 50 && lastUsedAt === null; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        lastUsedAt = (
          (await request(testApp.baseUrl, 'GET', connectionPath(admin), { token: admin.token }))
            .body as {
            lastUsedAt: unknown;
          }
        ).lastUsedAt;
      }

      expect(lastUsedAt).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
    });

    it('answers 404 without a connection', async () => {
      const admin = await seedOrganization(testApp);

      const response = await request(testApp.baseUrl, 'GET', connectionPath(admin), {
        token: admin.token,
      });

      expect(response.status).toBe(404);
      expect(response.body).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: 'This organization has no SCIM connection',
      });
    });
  });

  describe('token storage', () => {
    it('keeps only a bcrypt hash, a verifier and the last four', async () => {
      const admin = await seedOrganization(testApp);
      const connection = await createConnection(testApp, admin);
      const secret = connection.token.slice('strada_scim_'.length + 25);

      const row = await testApp.dataSource
        .getRepository(ScimToken)
        .findOneByOrFail({ connectionId: connection.id });
      const dump = JSON.stringify(await testApp.dataSource.query('SELECT * FROM scim_tokens'));
      const audit = JSON.stringify(await testApp.dataSource.getRepository(AuditEvent).find());

      expect(row.secretHash).toMatch(/^\$2b\$04\$/);
      expect(row.verifier).toMatch(/^[0-9a-f]{64}$/);
      expect(row.lastFour).toBe(connection.token.slice(-4));
      expect(dump).not.toContain(secret);
      expect(audit).not.toContain(secret);
    });

    it('never runs bcrypt for forged tokens', async () => {
      const admin = await seedOrganization(testApp);
      const connection = await createConnection(testApp, admin);
      const hasher = testApp.app.get(TokenHasher);
      const [, , tokenId, secret] =
        connection.token.match(/^(strada_scim_)([0-9a-f]{24})_(.+)$/) ?? [];
      const flipped = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
      const forged = [
        `strada_scim_${tokenId}_${flipped}`,
        `strada_scim_${tokenId}_${'A'.repeat(43)}`,
        `strada_scim_${tokenId}_${secret.slice(0, 20)}`,
        connection.token.slice(0, -1),
        `${connection.token}x`,
        `strada_scim_${'0'.repeat(24)}_${secret}`,
        'random-garbage',
        `strada_scim_${tokenId}_`,
      ];
      const before = hasher.bcryptComparisons;

      const statuses = [];
      for (const token of forged) statuses.push(await spcStatus(connection.scimPath, token));
      const afterForged = hasher.bcryptComparisons;
      await spcStatus(connection.scimPath, connection.token);
      const afterFirstValid = hasher.bcryptComparisons;
      await spcStatus(connection.scimPath, connection.token);
      await spcStatus(connection.scimPath, connection.token);

      expect(statuses).toEqual(forged.map(() => 401));
      expect(afterForged).toBe(before);
      expect(afterFirstValid).toBe(before + 1);
      expect(hasher.bcryptComparisons).toBe(before + 1);
    });
  });

  describe('rotation', () => {
    it('keeps both tokens working until completion', async () => {
      const admin = await seedOrganization(testApp);
      const connection = await createConnection(testApp, admin);

      const started = await request(testApp.baseUrl, 'POST', connectionPath(admin, '/rotation'), {
        token: admin.token,
      });
      const newToken = (started.body as { token: string }).token;
      const bothDuring = [
        await spcStatus(connection.scimPath, connection.token),
        await spcStatus(connection.scimPath, newToken),
      ];
      const completed = await request(
        testApp.baseUrl,
        'POST',
        connectionPath(admin, '/rotation/complete'),
        {
          token: admin.token,
        },
      );

      expect(started.status).toBe(201);
      expect(started.body).toMatchObject({
        tokenLastFour: connection.token.slice(-4),
        rotation: {
          pending: true,
          pendingTokenLastFour: newToken.slice(-4),
          startedAt: expect.any(String),
        },
        token: expect.stringMatching(TOKEN_FORMAT),
      });
      expect(bothDuring).toEqual([200, 200]);
      expect(completed.status).toBe(200);
      expect(completed.body).toMatchObject({ tokenLastFour: newToken.slice(-4), rotation: null });
      expect(completed.body).not.toHaveProperty('token');
      expect(await spcStatus(connection.scimPath, connection.token)).toBe(401);
      expect(await spcStatus(connection.scimPath, newToken)).toBe(200);
    });

    it('shows when the IdP first used the new token', async () => {
      const admin = await seedOrganization(testApp);
      const connection = await createConnection(testApp, admin);
      const started = await request(testApp.baseUrl, 'POST', connectionPath(admin, '/rotation'), {
        token: admin.token,
      });
      const newToken = (started.body as { token: string }).token;
      const pendingUse = async (): Promise<unknown> => {
        const card = await request(testApp.baseUrl, 'GET', connectionPath(admin), {
          token: admin.token,
        });
        return (card.body as { rotation: { pendingTokenLastUsedAt: unknown } }).rotation
          .pendingTokenLastUsedAt;
      };

      await spcStatus(connection.scimPath, connection.token);
      // The old token's use is recorded off the request path; give it time to land.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const afterOldTokenUse = await pendingUse();
      await spcStatus(connection.scimPath, newToken);
      let afterNewTokenUse: unknown = null;
      for (let attempt = 0; attempt < 50 && afterNewTokenUse === null; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        afterNewTokenUse = await pendingUse();
      }

      expect(afterOldTokenUse).toBeNull();
      expect(afterNewTokenUse).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
    });

    it('cancels and keeps the current token', async () => {
      const admin = await seedOrganization(testApp);
      const connection = await createConnection(testApp, admin);
      const started = await request(testApp.baseUrl, 'POST', connectionPath(admin, '/rotation'), {
        token: admin.token,
      });
      const pendingToken = (started.body as { token: string }).token;

      const cancelled = await request(
        testApp.baseUrl,
        'DELETE',
        connectionPath(admin, '/rotation'),
        { token: admin.token },
      );

      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({
        tokenLastFour: connection.token.slice(-4),
        rotation: null,
      });
      expect(await spcStatus(connection.scimPath, pendingToken)).toBe(401);
      expect(await spcStatus(connection.scimPath, connection.token)).toBe(200);
    });

    it('rejects calls in the wrong state with the state', async () => {
      const admin = await seedOrganization(testApp);
      const connection = await createConnection(testApp, admin);

      const completeNone = await request(
        testApp.baseUrl,
        'POST',
        connectionPath(admin, '/rotation/complete'),
        {
          token: admin.token,
        },
      );
      const cancelNone = await request(
        testApp.baseUrl,
        'DELETE',
        connectionPath(admin, '/rotation'),
        { token: admin.token },
      );
      await request(testApp.baseUrl, 'POST', connectionPath(admin, '/rotation'), {
        token: admin.token,
      });
      const startTwice = await request(
        testApp.baseUrl,
        'POST',
        connectionPath(admin, '/rotation'),
        { token: admin.token },
      );

      expect(completeNone.status).toBe(409);
      expect(completeNone.body).toMatchObject({
        message: `No token rotation is in progress; the current token ends in ${connection.token.slice(-4)}. Start a rotation first`,
      });
      expect(cancelNone.status).toBe(409);
      expect(startTwice.status).toBe(409);
      expect(startTwice.body).toMatchObject({
        message: expect.stringContaining('already in progress'),
      });
    });

    it('answers 404 without a connection', async () => {
      const admin = await seedOrganization(testApp);

      const response = await request(testApp.baseUrl, 'POST', connectionPath(admin, '/rotation'), {
        token: admin.token,
      });

      expect(response.status).toBe(404);
    });
  });

  describe('delete', () => {
    it('stops its tokens and keeps every member', async () => {
      const admin = await seedOrganization(testApp);
      const connection = await createConnection(testApp, admin);
      const started = await request(testApp.baseUrl, 'POST', connectionPath(admin, '/rotation'), {
        token: admin.token,
      });
      const pendingToken = (started.body as { token: string }).token;
      const executive = await seedMember(testApp, admin.organizationId, 'executive');
      const mapped = await seedMember(testApp, admin.organizationId, 'it_admin');
      const deactivated = await seedMember(testApp, admin.organizationId, 'member');
      const members = testApp.dataSource.getRepository(Member);
      await members.update({ id: mapped.id }, { roleSource: 'mapping', managedBy: 'scim' });
      await members.update({ id: deactivated.id }, { status: 'deactivated' });
      const before = await members.find({
        where: { organizationId: admin.organizationId },
        order: { id: 'ASC' },
      });

      const response = await request(testApp.baseUrl, 'DELETE', connectionPath(admin), {
        token: admin.token,
      });
      const after = await members.find({
        where: { organizationId: admin.organizationId },
        order: { id: 'ASC' },
      });

      expect(response.status).toBe(204);
      expect(response.text).toBe('');
      expect(await spcStatus(connection.scimPath, connection.token)).toBe(401);
      expect(await spcStatus(connection.scimPath, pendingToken)).toBe(401);
      expect(after.map((member) => [member.id, member.status, member.role])).toEqual(
        before.map((member) => [member.id, member.status, member.role]),
      );
      expect(after.find((member) => member.id === mapped.id)?.roleSource).toBe('manual');
      expect(after.find((member) => member.id === executive.id)?.role).toBe('executive');
      expect(
        (await request(testApp.baseUrl, 'GET', connectionPath(admin), { token: admin.token }))
          .status,
      ).toBe(404);
    });

    it('allows a new connection afterwards', async () => {
      const admin = await seedOrganization(testApp);
      const first = await createConnection(testApp, admin);
      await request(testApp.baseUrl, 'DELETE', connectionPath(admin), { token: admin.token });

      const second = await createConnection(testApp, admin);

      expect(second.id).not.toBe(first.id);
      expect(await spcStatus(second.scimPath, second.token)).toBe(200);
      expect(await spcStatus(first.scimPath, first.token)).toBe(401);
    });

    it('answers 404 without a connection', async () => {
      const admin = await seedOrganization(testApp);

      const response = await request(testApp.baseUrl, 'DELETE', connectionPath(admin), {
        token: admin.token,
      });

      expect(response.status).toBe(404);
    });
  });

  describe('SCIM authentication', () => {
    it('answers ServiceProviderConfig with the token', async () => {
      const admin = await seedOrganization(testApp);
      const connection = await createConnection(testApp, admin);

      const response = await scimRequest(
        testApp,
        'GET',
        `${connection.scimPath}/ServiceProviderConfig`,
        connection.token,
      );

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/scim+json; charset=utf-8');
      expect(response.body).toMatchObject({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
        authenticationSchemes: [
          expect.objectContaining({ type: 'oauthbearertoken', primary: true }),
        ],
        meta: {
          resourceType: 'ServiceProviderConfig',
          location: `${connection.baseUrl}/ServiceProviderConfig`,
        },
      });
    });

    it('rejects every bad credential with a SCIM 401', async () => {
      const admin = await seedOrganization(testApp);
      const connection = await createConnection(testApp, admin);
      const other = await createConnection(testApp, await seedOrganization(testApp, 'Other'));
      const goneAdmin = await seedOrganization(testApp, 'Gone');
      const deleted = await createConnection(testApp, goneAdmin);
      await request(testApp.baseUrl, 'DELETE', connectionPath(goneAdmin), {
        token: goneAdmin.token,
      });
      const started = await request(testApp.baseUrl, 'POST', connectionPath(admin, '/rotation'), {
        token: admin.token,
      });
      const cancelledToken = (started.body as { token: string }).token;
      await request(testApp.baseUrl, 'DELETE', connectionPath(admin, '/rotation'), {
        token: admin.token,
      });

      const cases: [string, string, Record<string, string>][] = [
        ['missing header', connection.scimPath, {}],
        ['basic scheme', connection.scimPath, { authorization: `Basic ${connection.token}` }],
        ['malformed token', connection.scimPath, { authorization: 'Bearer abc' }],
        [
          'unknown token',
          connection.scimPath,
          { authorization: `Bearer strada_scim_${'1'.repeat(24)}_${'A'.repeat(43)}` },
        ],
        ['cancelled token', connection.scimPath, { authorization: `Bearer ${cancelledToken}` }],
        [
          'token of another connection',
          connection.scimPath,
          { authorization: `Bearer ${other.token}` },
        ],
        [
          'unknown connection',
          `/scim/v2/${randomUUID()}`,
          { authorization: `Bearer ${connection.token}` },
        ],
        [
          'connection id not a UUID',
          '/scim/v2/not-a-uuid',
          { authorization: `Bearer ${connection.token}` },
        ],
        ['deleted connection', deleted.scimPath, { authorization: `Bearer ${deleted.token}` }],
      ];
      for (const [name, path, headers] of cases) {
        const response = await request(testApp.baseUrl, 'GET', `${path}/ServiceProviderConfig`, {
          headers,
        });

        expect({ name, status: response.status }).toEqual({ name, status: 401 });
        expect({ name, body: response.body }).toEqual({ name, body: scimError(401) });
        expect({ name, challenge: response.headers.get('www-authenticate') }).toEqual({
          name,
          challenge: 'Bearer',
        });
        expect({ name, requestId: response.headers.get('x-request-id') }).toEqual({
          name,
          requestId: expect.any(String),
        });
      }
    });
  });

  describe('activity', () => {
    it('records each step newest first without tokens', async () => {
      const admin = await seedOrganization(testApp);
      const connection = await createConnection(testApp, admin);
      const started = await request(testApp.baseUrl, 'POST', connectionPath(admin, '/rotation'), {
        token: admin.token,
      });
      await request(testApp.baseUrl, 'POST', connectionPath(admin, '/rotation/complete'), {
        token: admin.token,
      });
      await request(testApp.baseUrl, 'POST', connectionPath(admin, '/rotation'), {
        token: admin.token,
      });
      await request(testApp.baseUrl, 'DELETE', connectionPath(admin, '/rotation'), {
        token: admin.token,
      });
      await request(testApp.baseUrl, 'DELETE', connectionPath(admin), {
        token: admin.token,
        headers: { 'x-request-id': 'delete-req-1' },
      });
      const activityPath = `/api/v1/organizations/${admin.organizationId}/scim/activity`;

      const firstPage = await request(testApp.baseUrl, 'GET', `${activityPath}?limit=3`, {
        token: admin.token,
      });
      const firstBody = firstPage.body as { data: { action: string }[]; nextCursor: string };
      const secondPage = await request(
        testApp.baseUrl,
        'GET',
        `${activityPath}?limit=3&cursor=${firstBody.nextCursor}`,
        {
          token: admin.token,
        },
      );
      const secondBody = secondPage.body as {
        data: { action: string }[];
        nextCursor: string | null;
      };
      const actions = [...firstBody.data, ...secondBody.data].map((event) => event.action);

      expect(actions.filter((action) => action.startsWith('scim_connection.'))).toEqual([
        'scim_connection.deleted',
        'scim_connection.rotation_cancelled',
        'scim_connection.rotation_started',
        'scim_connection.rotation_completed',
        'scim_connection.rotation_started',
        'scim_connection.created',
      ]);
      expect(firstBody.data[0]).toMatchObject({
        actor: { type: 'member', id: admin.id, tokenId: null },
        target: { type: 'scim_connection', id: connection.id },
        requestId: 'delete-req-1',
      });
      expect(firstPage.text + secondPage.text).not.toContain(connection.token);
      expect(firstPage.text + secondPage.text).not.toContain(
        (started.body as { token: string }).token,
      );
    });
  });
});

describe('SCIM token at the default bcrypt cost', () => {
  it('hashes at cost 12 and authenticates', async () => {
    const testApp = await startTestApp({ BCRYPT_COST: '12' });
    try {
      const admin = await seedOrganization(testApp);
      const connection = await createConnection(testApp, admin);
      const row = await testApp.dataSource
        .getRepository(ScimToken)
        .findOneByOrFail({ connectionId: connection.id });

      const response = await scimRequest(
        testApp,
        'GET',
        `${connection.scimPath}/ServiceProviderConfig`,
        connection.token,
      );

      expect(row.secretHash).toMatch(/^\$2b\$12\$/);
      expect(response.status).toBe(200);
    } finally {
      await testApp.close();
    }
  });
});
