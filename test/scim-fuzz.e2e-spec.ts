import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { SCIM_ERROR_SCHEMA, SCIM_TYPE_STATUS } from '../src/scim/scim-error';
import { createConnection, CreatedConnection } from './support/scim';
import { PATCH_OP_URN, SEARCH_REQUEST_URN, USER_URN } from './support/scim-assertions';
import { createScimGroup, createScimUser, GROUP_URN } from './support/scim-groups';
import { seedOrganization, startTestApp, TestApp } from './support/test-app';

/** Tables that a rejected (4xx) SCIM request must leave unchanged. */
const CHECKED_TABLES = ['members', 'scim_groups', 'scim_group_members', 'audit_events'];
/** A response slower than this counts as a hang. */
const REQUEST_TIMEOUT_MS = 10_000;
const NUM_RUNS = 200;

/**
 * FUZZ_SEED makes the cases reproducible: .ci/run derives it from the
 * commit, so a commit's CI run draws the same cases on every machine, and
 * each commit draws new ones. Without it every run draws new cases. A
 * failure prints the seed and path that reproduce it.
 */
const FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

/** Options of one property; each property gets its own seed so they draw different cases. */
function runOptions(numRuns: number, property: number): fc.Parameters<unknown[]> {
  return FUZZ_SEED === undefined ? { numRuns } : { numRuns, seed: FUZZ_SEED + property };
}

interface FuzzRequest {
  method: string;
  /** Path below the connection's SCIM root, starting with a slash, or an absolute path. */
  path: string;
  rawBody?: string;
  headers?: Record<string, string>;
}

const FILTER_TOKENS = [
  'userName',
  'displayName',
  'externalId',
  'emails',
  'emails.value',
  'emails[type eq "work"]',
  'members',
  'members.value',
  'active',
  'meta.lastModified',
  'meta.created',
  'name.familyName',
  `${USER_URN}:userName`,
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value',
  'id',
  'eq',
  'ne',
  'co',
  'sw',
  'ew',
  'gt',
  'ge',
  'lt',
  'le',
  'pr',
  'and',
  'or',
  'not',
  '(',
  ')',
  '[',
  ']',
  '"',
  '\\"',
  '\\',
  '.',
  ':',
  '"alice@example.test"',
  '"2024-01-01T00:00:00Z"',
  '"\u00e9\u{1F600}"',
  'true',
  'false',
  'null',
  '0',
  '-1',
  '1e309',
  ' ',
  '',
];

const printableAscii = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
  maxLength: 40,
});

/** Syntactically valid filters: comparisons on known attributes joined with and/or. */
const wellFormedFilter = fc
  .array(
    fc
      .tuple(
        fc.constantFrom(
          'userName',
          'displayName',
          'externalId',
          'emails.value',
          'emails.type',
          'active',
          'meta.lastModified',
          'members.value',
          'id',
          'name.familyName',
          'unknownAttribute',
        ),
        fc.constantFrom('eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'pr'),
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 20 }).map((text) => JSON.stringify(text)),
          fc.constantFrom('true', 'false', 'null', '1', '-0.5', '"2024-01-01T00:00:00Z"'),
        ),
      )
      .map(([attribute, operator, value]) =>
        operator === 'pr' ? `${attribute} pr` : `${attribute} ${operator} ${value}`,
      ),
    { minLength: 1, maxLength: 3 },
  )
  .chain((comparisons) =>
    fc.constantFrom(' and ', ' or ').map((joiner) => comparisons.join(joiner)),
  );

/**
 * Filters that are well formed, built from filter tokens, arbitrary Unicode, or one fragment
 * repeated up to `maxLength` characters.
 */
function filterOf(maxLength: number): fc.Arbitrary<string> {
  return fc.oneof(
    wellFormedFilter,
    fc
      .tuple(
        fc.array(fc.constantFrom(...FILTER_TOKENS), { maxLength: 12 }),
        fc.constantFrom(' ', ''),
      )
      .map(([tokens, separator]) => tokens.join(separator)),
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc
      .tuple(fc.constantFrom('userName eq "', '(', 'a', 'not (', '"'), fc.nat({ max: maxLength }))
      .map(([unit, length]) => unit.repeat(Math.max(1, Math.floor(length / unit.length)))),
  );
}

// NOTE: Node's HTTP parser rejects a request line or headers over
// --max-http-header-size (16 KiB by default) with its own plain 431 before
// Fastify receives the request, so filters in the query string stay under that.
const filterText = filterOf(2000);
/** Filters for request bodies, which have no such limit. */
const longFilterText = filterOf(200_000);

const patchPath = fc.oneof(
  fc.constantFrom(
    'userName',
    'active',
    'displayName',
    'name.givenName',
    'emails',
    'emails[type eq "work"].value',
    'emails[value sw "a"]',
    'members',
    'members[value eq "00000000-0000-4000-8000-000000000000"]',
    'members[value eq "x"].display',
    `${USER_URN}:userName`,
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber',
    'meta.created',
    'id',
    'schemas',
    '',
    '[',
    'emails[',
    'emails[type eq]',
  ),
  filterText,
);

const patchOperation = fc.record(
  {
    op: fc.oneof(fc.constantFrom('add', 'remove', 'replace', 'Add', 'REPLACE'), fc.jsonValue()),
    path: fc.oneof(patchPath, fc.jsonValue()),
    value: fc.jsonValue({ maxDepth: 3 }),
  },
  { requiredKeys: [] },
);

const patchDocument = fc.oneof(
  fc.record({
    schemas: fc.constant([PATCH_OP_URN]),
    Operations: fc.array(patchOperation, { maxLength: 4 }),
  }),
  fc.record(
    {
      schemas: fc.oneof(fc.constant([PATCH_OP_URN]), fc.jsonValue()),
      Operations: fc.oneof(fc.array(patchOperation, { maxLength: 3 }), fc.jsonValue()),
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Resource bodies: plausible Users and Groups with random attribute values, or any JSON. */
function resourceBody(memberId: () => string): fc.Arbitrary<unknown> {
  const anyValue = fc.jsonValue({ maxDepth: 3 });
  const user = fc.record(
    {
      schemas: fc.oneof(fc.constant([USER_URN]), anyValue),
      userName: fc.oneof(fc.emailAddress(), fc.string({ unit: 'binary' }), anyValue),
      displayName: fc.oneof(fc.string({ unit: 'binary' }), anyValue),
      active: fc.oneof(fc.boolean(), anyValue),
      externalId: fc.oneof(fc.string(), anyValue),
      emails: fc.oneof(
        fc.array(fc.record({ value: anyValue, type: anyValue, primary: anyValue })),
        anyValue,
      ),
      name: fc.oneof(fc.record({ givenName: anyValue, familyName: anyValue }), anyValue),
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': anyValue,
    },
    { requiredKeys: [] },
  );
  const group = fc.record(
    {
      schemas: fc.oneof(fc.constant([GROUP_URN]), anyValue),
      displayName: fc.oneof(fc.string({ unit: 'binary' }), anyValue),
      externalId: fc.oneof(fc.string(), anyValue),
      members: fc.oneof(
        fc.array(
          fc.record(
            {
              value: fc.oneof(
                fc.constant(null).map(() => memberId()),
                fc.uuid(),
                anyValue,
              ),
              display: anyValue,
              type: anyValue,
            },
            { requiredKeys: [] },
          ),
          { maxLength: 4 },
        ),
        anyValue,
      ),
    },
    { requiredKeys: [] },
  );
  return fc.oneof(user, group, anyValue);
}

describe('SCIM fuzzing', () => {
  let testApp: TestApp;
  let connection: CreatedConnection;
  let userIds: string[];
  let groupId: string;

  beforeAll(async () => {
    testApp = await startTestApp({ LOG_LEVEL: 'fatal' });
    const admin = await seedOrganization(testApp);
    connection = await createConnection(testApp, admin);
    userIds = [
      await createScimUser(testApp, connection, 'fuzz-alice@example.test'),
      await createScimUser(testApp, connection, 'fuzz-bob@example.test'),
    ];
    groupId = (await createScimGroup(testApp, connection, 'Fuzzers', userIds)).id as string;
  });

  afterAll(() => testApp.close());

  /** Hashes every row of the checked tables, independent of row order. */
  async function tablesChecksum(): Promise<string> {
    const hash = createHash('sha256');
    for (const table of CHECKED_TABLES) {
      const rows = (await testApp.dataSource.query(`SELECT * FROM ${table}`)) as unknown[];
      const lines = rows.map((row) => JSON.stringify(row)).sort();
      hash.update(`${table}:${lines.length}\n${lines.join('\n')}\n`);
    }
    return hash.digest('hex');
  }

  /**
   * Sends one request and asserts the SCIM contract: a 2xx, or a 4xx (501
   * for /Me) with an RFC 7644 error body whose scimType is legal for its
   * status, and no change to the checked tables after a failure.
   */
  async function expectWellFormed(fuzz: FuzzRequest): Promise<void> {
    const path = fuzz.path.startsWith('/scim/') ? fuzz.path : `${connection.scimPath}${fuzz.path}`;
    const headers: Record<string, string> = {
      authorization: `Bearer ${connection.token}`,
      ...(fuzz.rawBody !== undefined ? { 'content-type': 'application/scim+json' } : {}),
      ...fuzz.headers,
    };
    const before = await tablesChecksum();
    const response = await fetch(`${testApp.baseUrl}${path}`, {
      method: fuzz.method,
      headers,
      body: fuzz.rawBody,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    const context = `${fuzz.method} ${path} -> ${response.status} ${text.slice(0, 300)}`;

    if (response.status >= 200 && response.status < 300) return;
    // /Me is the one route that returns 501 (RFC 7644 section 3.11). Every other failure is a 4xx.
    // fetch resolves dot segments and the router ignores duplicate slashes, so both are resolved first.
    const routedPath = new URL(`${testApp.baseUrl}${path}`).pathname.replace(/\/+/g, '/');
    const isMe =
      routedPath === `${connection.scimPath}/Me` ||
      routedPath.startsWith(`${connection.scimPath}/Me/`);
    const isExpectedFailure =
      Math.floor(response.status / 100) === 4 || (isMe && response.status === 501);
    expect({ context, isExpectedFailure }).toEqual({ context, isExpectedFailure: true });

    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // Leaves body empty, so the schema check below fails with the context.
    }
    expect({ context, schemas: body.schemas }).toEqual({ context, schemas: [SCIM_ERROR_SCHEMA] });
    expect({ context, status: body.status }).toEqual({ context, status: String(response.status) });
    if (body.scimType !== undefined) {
      const legalStatus = SCIM_TYPE_STATUS[body.scimType as keyof typeof SCIM_TYPE_STATUS];
      expect({ context, legalStatus }).toEqual({ context, legalStatus: response.status });
    }
    expect({ context, checksum: await tablesChecksum() }).toEqual({ context, checksum: before });
  }

  const resourceType = fc.constantFrom('Users', 'Groups');

  it('random filters and list parameters', async () => {
    await fc.assert(
      fc.asyncProperty(
        resourceType,
        filterText,
        fc.option(fc.oneof(fc.integer(), printableAscii)),
        fc.option(fc.oneof(fc.integer(), printableAscii)),
        fc.option(fc.oneof(fc.constantFrom('userName', 'meta.lastModified', '['), printableAscii)),
        fc.option(filterText),
        async (resource, filter, startIndex, count, sortBy, attributes) => {
          const query = new URLSearchParams({ filter });
          if (startIndex !== null) query.set('startIndex', String(startIndex));
          if (count !== null) query.set('count', String(count));
          if (sortBy !== null) query.set('sortBy', sortBy);
          if (attributes !== null) query.set('attributes', attributes);
          await expectWellFormed({ method: 'GET', path: `/${resource}?${query.toString()}` });
        },
      ),
      runOptions(NUM_RUNS, 1),
    );
  });

  it('random search requests', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/Users/.search', '/Groups/.search', '/.search'),
        fc.oneof(
          fc.record(
            {
              schemas: fc.oneof(fc.constant([SEARCH_REQUEST_URN]), fc.jsonValue()),
              filter: fc.oneof(longFilterText, fc.jsonValue()),
              startIndex: fc.jsonValue(),
              count: fc.jsonValue(),
              attributes: fc.jsonValue(),
            },
            { requiredKeys: [] },
          ),
          fc.jsonValue(),
        ),
        async (path, body) => {
          await expectWellFormed({ method: 'POST', path, rawBody: JSON.stringify(body) });
        },
      ),
      runOptions(NUM_RUNS, 2),
    );
  });

  it('random PATCH documents', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('Users', 'Groups'),
        patchDocument,
        async (resource, document) => {
          const id = resource === 'Users' ? userIds[0] : groupId;
          await expectWellFormed({
            method: 'PATCH',
            path: `/${resource}/${id}`,
            rawBody: JSON.stringify(document),
          });
        },
      ),
      runOptions(NUM_RUNS * 2, 3),
    );
  });

  it('random POST and PUT bodies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('POST', 'PUT'),
        resourceType,
        resourceBody(() => userIds[1]),
        async (method, resource, body) => {
          const id = resource === 'Users' ? userIds[1] : groupId;
          const path = method === 'POST' ? `/${resource}` : `/${resource}/${id}`;
          await expectWellFormed({ method, path, rawBody: JSON.stringify(body) });
        },
      ),
      runOptions(NUM_RUNS * 2, 4),
    );
  });

  it('malformed JSON bodies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('POST /Users', 'POST /Groups', 'PATCH /Users/', 'PUT /Groups/'),
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 80 }),
          fc.jsonValue().map((value) => JSON.stringify(value).slice(0, -1)),
        ),
        async (target, rawBody) => {
          const [method, prefix] = target.split(' ');
          const path = prefix.endsWith('/')
            ? `${prefix}${prefix.includes('Users') ? userIds[0] : groupId}`
            : prefix;
          await expectWellFormed({ method, path, rawBody });
        },
      ),
      runOptions(NUM_RUNS, 5),
    );
  });

  it('random paths', async () => {
    const segment = fc.oneof(
      fc.constantFrom(
        'Users',
        'Groups',
        'Schemas',
        'ResourceTypes',
        'ServiceProviderConfig',
        '.search',
        'Bulk',
        'Me',
        'users',
        '%2e%2e',
        '%00',
        '%ZZ',
        '00000000-0000-4000-8000-000000000000',
      ),
      fc.string({ unit: 'binary', maxLength: 30 }).map(encodeURIComponent),
      fc.uuid(),
      fc.nat({ max: 5000 }).map((length) => 'a'.repeat(length)),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
        fc.array(segment, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        async (method, segments, withBody) => {
          await expectWellFormed({
            method,
            path: `/${segments.join('/')}`,
            rawBody: withBody && method !== 'GET' ? '{}' : undefined,
          });
        },
      ),
      runOptions(NUM_RUNS * 2, 6),
    );
  });

  it('random content types and If-Match values', async () => {
    const contentType = fc.oneof(
      fc.constantFrom(
        'application/json',
        'application/scim+json',
        'application/scim+json; charset=utf-8',
        'application/json; charset=latin1',
        'text/plain',
        'application/xml',
        'multipart/form-data; boundary=x',
        'application/x-www-form-urlencoded',
        '*/*',
      ),
      printableAscii,
    );
    const ifMatch = fc.oneof(
      fc.constantFrom('*', 'W/"1"', '"1"', 'W/"abc"', 'W/""', '"', 'W/', ', ,'),
      printableAscii,
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'PUT', 'PATCH', 'DELETE', 'POST'),
        resourceType,
        contentType,
        fc.option(ifMatch),
        async (method, resource, type, match) => {
          const id = resource === 'Users' ? userIds[0] : groupId;
          const path = method === 'POST' ? `/${resource}` : `/${resource}/${id}`;
          const body =
            method === 'PATCH'
              ? {
                  schemas: [PATCH_OP_URN],
                  Operations: [{ op: 'replace', path: 'displayName', value: 'Fuzzed' }],
                }
              : method === 'DELETE' || method === 'GET'
                ? undefined
                : { schemas: [USER_URN], userName: 'not-applied', displayName: 'Fuzzed' };
          const headers: Record<string, string> = { 'content-type': type };
          if (match !== null) headers['if-match'] = match;
          // DELETE would remove the fixtures that the other properties use.
          await expectWellFormed({
            method: method === 'DELETE' ? 'GET' : method,
            path,
            rawBody: body === undefined ? undefined : JSON.stringify(body),
            headers,
          });
        },
      ),
      runOptions(NUM_RUNS, 7),
    );
  });

  it('URL with invalid percent-encoding', async () => {
    await expectWellFormed({ method: 'GET', path: '/%ZZ' });
    await expectWellFormed({ method: 'PATCH', path: `/Users/%E0%A4%A`, rawBody: '{}' });
  });
});
