import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type {
  AttributeMap,
  JsonValueMapping,
  ScalarAttributeType,
  SqlDialect,
} from './attribute-map';
import { compileFilter, type CompiledSql } from './filter-compiler';
import { parseFilter } from './filter-parser';
import { compileSortBy, type CompiledSort, type SortOrder } from './sort-compiler';
import { ScimError } from '../scim-error';

// ---------------------------------------------------------------------------
// Attribute map and fixture data
// ---------------------------------------------------------------------------

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const TEST_EXTENSION = 'urn:strada:params:scim:schemas:extension:filterspec:2.0:User';

function jsonValue(path: string[], type: ScalarAttributeType, caseExact = false): JsonValueMapping {
  const mapping: JsonValueMapping = {
    kind: 'jsonValue',
    column: 'm.scim_attributes',
    path,
    type,
    caseExact,
  };
  if (type === 'dateTime') mapping.dateTimeStorage = 'isoText';
  return mapping;
}

const USERS: AttributeMap = {
  coreSchema: CORE_USER,
  attributes: {
    id: { kind: 'column', expression: 'm.id', type: 'string', caseExact: true },
    userName: { kind: 'column', expression: 'm.user_name', type: 'string' },
    externalId: { kind: 'column', expression: 'm.external_id', type: 'string', caseExact: true },
    displayName: { kind: 'column', expression: 'm.display_name', type: 'string' },
    active: { kind: 'booleanExpression', expression: "m.status = 'active'" },
    'meta.created': {
      kind: 'column',
      expression: 'm.created_at',
      type: 'dateTime',
      dateTimeStorage: 'timestamp',
    },
    'meta.lastModified': {
      kind: 'column',
      expression: 'm.last_modified',
      type: 'dateTime',
      dateTimeStorage: 'timestamp',
    },
    'name.givenName': jsonValue(['name', 'givenName'], 'string'),
    'name.familyName': jsonValue(['name', 'familyName'], 'string'),
    title: jsonValue(['title'], 'string'),
    userType: jsonValue(['userType'], 'string'),
    emails: {
      kind: 'jsonArray',
      column: 'm.scim_attributes',
      path: ['emails'],
      subAttributes: {
        value: { type: 'string' },
        type: { type: 'string' },
        primary: { type: 'boolean' },
        display: { type: 'string' },
      },
    },
    phoneNumbers: {
      kind: 'jsonArray',
      column: 'm.scim_attributes',
      path: ['phoneNumbers'],
      subAttributes: {
        value: { type: 'string' },
        type: { type: 'string' },
        primary: { type: 'boolean' },
      },
    },
    addresses: {
      kind: 'jsonArray',
      column: 'm.scim_attributes',
      path: ['addresses'],
      subAttributes: {
        type: { type: 'string' },
        streetAddress: { type: 'string' },
        locality: { type: 'string' },
        primary: { type: 'boolean' },
      },
    },
    groups: {
      kind: 'relatedRows',
      subAttributes: {
        value: { expression: 'gm.group_id', type: 'string', caseExact: true },
        display: { expression: 'gm.group_display', type: 'string' },
      },
      source: () => ({ from: 'scim_group_members gm', where: 'gm.member_id = m.id' }),
    },
    [`${ENTERPRISE_USER}:employeeNumber`]: jsonValue([ENTERPRISE_USER, 'employeeNumber'], 'string'),
    [`${ENTERPRISE_USER}:manager.value`]: jsonValue(
      [ENTERPRISE_USER, 'manager', 'value'],
      'string',
      true,
    ),
    [`${TEST_EXTENSION}:level`]: jsonValue([TEST_EXTENSION, 'level'], 'integer'),
    [`${TEST_EXTENSION}:score`]: jsonValue([TEST_EXTENSION, 'score'], 'decimal'),
    [`${TEST_EXTENSION}:hiredAt`]: jsonValue([TEST_EXTENSION, 'hiredAt'], 'dateTime'),
    [`${TEST_EXTENSION}:verified`]: jsonValue([TEST_EXTENSION, 'verified'], 'boolean'),
    [`${TEST_EXTENSION}:badgeCode`]: jsonValue([TEST_EXTENSION, 'badgeCode'], 'string', true),
  },
};

interface FixtureUser {
  userName: string;
  externalId: string | null;
  displayName: string | null;
  status: string | null;
  attributes: Record<string, unknown> | null;
}

// User n (u01…u15) was created on 2026-01-n at midnight UTC and last
// modified on 2026-02-01 at n:30:00.250 UTC.
const FIXTURE_USERS: FixtureUser[] = [
  {
    userName: 'bjensen@example.com',
    externalId: 'EXT-001',
    displayName: 'Babs Jensen',
    status: 'active',
    attributes: {
      name: { givenName: 'Barbara', familyName: 'Jensen' },
      title: 'Tour Guide',
      userType: 'Employee',
      emails: [
        { value: 'bjensen@example.com', type: 'work', primary: true },
        { value: 'babs@jensen.org', type: 'home' },
      ],
      phoneNumbers: [{ value: '555-555-5555', type: 'work' }],
      addresses: [
        { type: 'work', streetAddress: '100 Universal City Plaza', locality: 'Hollywood' },
      ],
      [ENTERPRISE_USER]: {
        employeeNumber: '701984',
        costCenter: '4130',
        manager: { value: 'u02' },
      },
      [TEST_EXTENSION]: {
        level: 3,
        score: 4.5,
        hiredAt: '2020-03-01T09:00:00.000Z',
        verified: true,
        badgeCode: 'AbC',
      },
    },
  },
  {
    userName: 'émile@x',
    externalId: 'ext-002',
    displayName: 'Émile Zola',
    status: 'active',
    attributes: {
      name: { givenName: 'Émile', familyName: 'Zola' },
      userType: 'Contractor',
      emails: [{ value: 'EMILE@EXAMPLE.COM', type: 'Work', primary: true }],
      [ENTERPRISE_USER]: { employeeNumber: '1002', manager: { value: 'u01' } },
      [TEST_EXTENSION]: { level: 5, score: 10, verified: false, badgeCode: 'abc' },
    },
  },
  {
    userName: 'alice@example.com',
    externalId: null,
    displayName: null,
    status: 'suspended',
    attributes: {
      name: { givenName: 'Alice' },
      title: '100% remote',
      userType: 'Employee',
      emails: [],
      [TEST_EXTENSION]: { level: 1, score: 0.5, hiredAt: '2026-01-02T03:04:05.000Z' },
    },
  },
  {
    userName: 'a_b@example.com',
    externalId: 'EXT-004',
    displayName: 'A B',
    status: 'active',
    attributes: {
      title: 'a_b tester',
      emails: [{ value: 'a_b@example.com', type: 'work' }],
      [TEST_EXTENSION]: { verified: true },
    },
  },
  {
    userName: 'axb@example.com',
    externalId: 'EXT-005',
    displayName: 'Axb',
    status: 'active',
    attributes: { title: 'axb', emails: [{ value: 'axb@example.com', type: 'home' }] },
  },
  {
    userName: 'mallory@example.com',
    externalId: 'EXT-006',
    displayName: 'Mallory',
    status: null,
    attributes: {
      title: "x' OR 1=1 --",
      emails: [{ value: 'mallory@example.com', type: 'work', primary: false }],
    },
  },
  {
    userName: 'zed@example.com',
    externalId: 'EXT-007',
    displayName: 'zed',
    status: 'active',
    attributes: {
      title: 'Zebra',
      userType: 'Employee',
      [TEST_EXTENSION]: { level: 7, badgeCode: 'Zed' },
    },
  },
  {
    userName: 'Ärger@example.com',
    externalId: 'EXT-008',
    displayName: 'Ärger',
    status: 'suspended',
    attributes: {
      title: 'apple',
      emails: [
        { value: 'arger@work.example', type: 'work' },
        { value: 'home@x', type: 'home', primary: true },
      ],
      [TEST_EXTENSION]: { badgeCode: 'Äpfel' },
    },
  },
  {
    userName: 'éclair@example.com',
    externalId: 'EXT-009',
    displayName: 'Éclair',
    status: 'active',
    attributes: {
      title: 'éclair',
      userType: 'Intern',
      emails: [{ type: 'work' }],
      [TEST_EXTENSION]: { badgeCode: 'éclair', hiredAt: '2026-01-02T03:04:05.001Z' },
    },
  },
  {
    userName: 'ZED@EXAMPLE.ORG',
    externalId: 'ext-010',
    displayName: 'Zed Upper',
    status: 'active',
    attributes: { title: 'Äpfel', [TEST_EXTENSION]: { badgeCode: 'zed', score: -2 } },
  },
  {
    userName: 'café@example.com',
    externalId: 'EXT-011',
    displayName: 'Café',
    status: 'active',
    attributes: {},
  },
  {
    userName: 'quote@example.com',
    externalId: 'EXT-012',
    displayName: 'Say "hi" \\ there',
    status: 'active',
    attributes: { name: { givenName: 'Quinn' } },
  },
  {
    userName: 'percent@example.com',
    externalId: 'EXT-013',
    displayName: 'Percent',
    status: 'active',
    attributes: { title: '1000 remote' },
  },
  {
    userName: 'empty@example.com',
    externalId: null,
    displayName: null,
    status: 'active',
    attributes: null,
  },
  {
    userName: 'weird@example.com',
    externalId: 'EXT-015',
    displayName: '',
    status: 'suspended',
    attributes: {
      title: 5,
      name: 'not-an-object',
      emails: ['plain-string', { value: 'weird@x', type: 'work' }],
      phoneNumbers: 'not-an-array',
      [TEST_EXTENSION]: { level: '7', verified: 'true', badgeCode: 42 },
    },
  },
];

const GROUP_MEMBERSHIPS: [groupId: string, groupDisplay: string, memberId: string][] = [
  ['g-admins', 'Admins', 'u01'],
  ['g-admins', 'Admins', 'u02'],
  ['g-staff', 'Staff', 'u01'],
  ['g-staff', 'Staff', 'u03'],
  ['g-staff', 'Staff', 'u04'],
  ['g-contractors', 'Contractors', 'u02'],
];

function userId(index: number): string {
  return `u${String(index).padStart(2, '0')}`;
}

/** Returns the ids u01…u15 of the given user numbers, sorted. */
function users(...numbers: number[]): string[] {
  return [...numbers].sort((a, b) => a - b).map(userId);
}

function allUsersExcept(...numbers: number[]): string[] {
  return users(...FIXTURE_USERS.map((_, index) => index + 1).filter((n) => !numbers.includes(n)));
}

const ALL_USERS = allUsersExcept();

/** Returns the stored timestamps of user n. User 14 has a seconds-only SQLite value and microseconds on PostgreSQL. */
function fixtureTimestamps(
  n: number,
  dialect: SqlDialect,
): { created: string; lastModified: string } {
  const day = String(n).padStart(2, '0');
  const created = `2026-01-${day}T00:00:00.000Z`;
  const lastModified = `2026-02-01T${day}:30:00.250Z`;
  if (dialect === 'postgres') {
    return { created: n === 14 ? '2026-01-14T00:00:00.000500Z' : created, lastModified };
  }
  const toSqliteText = (iso: string) => iso.slice(0, 23).replace('T', ' ');
  return {
    created: n === 14 ? '2026-01-14 00:00:00' : toSqliteText(created),
    lastModified: toSqliteText(lastModified),
  };
}

const SCHEMA_SQL: Record<SqlDialect, string[]> = {
  sqlite: [
    `CREATE TABLE scim_users (id TEXT PRIMARY KEY, user_name TEXT NOT NULL, external_id TEXT,
       display_name TEXT, status TEXT, created_at DATETIME NOT NULL, last_modified DATETIME NOT NULL,
       scim_attributes TEXT)`,
    'CREATE TABLE scim_group_members (group_id TEXT NOT NULL, group_display TEXT NOT NULL, member_id TEXT NOT NULL)',
  ],
  postgres: [
    `CREATE TABLE scim_users (id TEXT PRIMARY KEY, user_name TEXT NOT NULL, external_id TEXT,
       display_name TEXT, status TEXT, created_at TIMESTAMPTZ NOT NULL, last_modified TIMESTAMPTZ NOT NULL,
       scim_attributes TEXT)`,
    'CREATE TABLE scim_group_members (group_id TEXT NOT NULL, group_display TEXT NOT NULL, member_id TEXT NOT NULL)',
  ],
};

type RunStatement = (sql: string, values: unknown[]) => Promise<unknown>;

async function createFixture(run: RunStatement, dialect: SqlDialect): Promise<void> {
  for (const statement of SCHEMA_SQL[dialect]) await run(statement, []);

  const placeholders = (count: number) =>
    Array.from({ length: count }, (_, index) =>
      dialect === 'sqlite' ? '?' : `$${index + 1}`,
    ).join(', ');
  for (const [index, user] of FIXTURE_USERS.entries()) {
    const { created, lastModified } = fixtureTimestamps(index + 1, dialect);
    const attributes = user.attributes === null ? null : JSON.stringify(user.attributes);
    await run(
      `INSERT INTO scim_users (id, user_name, external_id, display_name, status, created_at, last_modified,
         scim_attributes) VALUES (${placeholders(8)})`,
      [
        userId(index + 1),
        user.userName,
        user.externalId,
        user.displayName,
        user.status,
        created,
        lastModified,
        attributes,
      ],
    );
  }
  for (const membership of GROUP_MEMBERSHIPS) {
    await run(
      `INSERT INTO scim_group_members (group_id, group_display, member_id) VALUES (${placeholders(3)})`,
      membership,
    );
  }
}

// ---------------------------------------------------------------------------
// Database engines
// ---------------------------------------------------------------------------

/** A fixture database that runs compiled fragments and returns the matching user ids. */
interface FixtureDatabase {
  selectIds(filter: CompiledSql): Promise<string[]>;
  sortIds(sort: CompiledSort): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * The PostgreSQL server of TEST_DATABASE_URL, on which the suites below create
 * scratch databases. Without it, as in the SQLite test run, they are skipped.
 */
const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;
const POSTGRES_SERVER = (() => {
  const url = new URL(TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password) || undefined,
  };
})();

function registerUnicodeLower(db: Database.Database): void {
  db.function('lower', { deterministic: true }, (text: unknown) =>
    text == null ? null : String(text).toLowerCase(),
  );
}

async function openSqliteFixture(): Promise<FixtureDatabase> {
  const db = new Database(':memory:');
  registerUnicodeLower(db);
  await createFixture(async (sql, values) => db.prepare(sql).run(...values), 'sqlite');

  // better-sqlite3 reads `:name` placeholders itself, and rejects an empty parameter object.
  const ids = (sql: string, parameters: Record<string, unknown>) => {
    const statement = db.prepare(sql);
    const rows = Object.keys(parameters).length === 0 ? statement.all() : statement.all(parameters);
    return rows.map((row) => (row as { id: string }).id);
  };
  return {
    selectIds: async (filter) =>
      ids(`SELECT m.id FROM scim_users m WHERE ${filter.sql} ORDER BY m.id`, filter.parameters),
    sortIds: async (sort) =>
      ids(`SELECT m.id FROM scim_users m ORDER BY ${orderByClause(sort)}`, sort.parameters),
    close: async () => {
      db.close();
    },
  };
}

/** Replaces TypeORM's `:name` placeholders with pg's `$1`, as TypeORM's PostgreSQL driver does. */
function toPositional(
  sql: string,
  parameters: Record<string, unknown>,
): { text: string; values: unknown[] } {
  const names: string[] = [];
  const text = sql.replace(/(?<![:\w]):([A-Za-z_]\w*)/g, (placeholder, name: string) => {
    if (!Object.hasOwn(parameters, name)) return placeholder;
    if (!names.includes(name)) names.push(name);
    return `$${names.indexOf(name) + 1}`;
  });
  return { text, values: names.map((name) => parameters[name]) };
}

async function openPostgresFixture(database: string): Promise<FixtureDatabase> {
  const client = new Client({ ...POSTGRES_SERVER, database });
  await client.connect();
  await createFixture((sql, values) => client.query(sql, values), 'postgres');

  const ids = async (sql: string, parameters: Record<string, unknown>) => {
    const { text, values } = toPositional(sql, parameters);
    const result = await client.query<{ id: string }>(text, values);
    return result.rows.map((row) => row.id);
  };
  return {
    selectIds: (filter) =>
      ids(`SELECT m.id FROM scim_users m WHERE ${filter.sql} ORDER BY m.id`, filter.parameters),
    sortIds: (sort) =>
      ids(`SELECT m.id FROM scim_users m ORDER BY ${orderByClause(sort)}`, sort.parameters),
    close: () => client.end(),
  };
}

function orderByClause(sort: CompiledSort): string {
  return `${sort.expression} ${sort.direction} ${sort.nulls}, m.id`;
}

const describeWithPostgres = TEST_DATABASE_URL !== undefined ? describe : describe.skip;

/** A database created on the local server for one suite. */
interface ScratchDatabase {
  name: string;
  drop(): Promise<void>;
}

async function runAsAdmin(sql: string): Promise<void> {
  const admin = new Client({ ...POSTGRES_SERVER, database: 'postgres' });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

async function createScratchDatabase(): Promise<ScratchDatabase> {
  const name = `scim_filter_spec_${randomBytes(6).toString('hex')}`;
  // A linguistic default collation (ICU en-US) makes the code-point ordering cases fail unless the SQL sets COLLATE "C".
  await runAsAdmin(
    `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US' ` +
      `LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`,
  );
  return { name, drop: () => runAsAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function openScratchPostgresFixture(): Promise<FixtureDatabase> {
  const scratch = await createScratchDatabase();
  try {
    const fixture = await openPostgresFixture(scratch.name);
    return {
      ...fixture,
      close: async () => {
        await fixture.close();
        await scratch.drop();
      },
    };
  } catch (error) {
    await scratch.drop();
    throw error;
  }
}

// ---------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------

const TEST = TEST_EXTENSION;

/** Filters and the ids of the fixture users they must match, on every engine. */
const FILTER_CASES: [filter: string, expectedIds: string[]][] = [
  // Equality, case folding and caseExact
  ['userName eq "bjensen@example.com"', users(1)],
  ['USERNAME Eq "BJENSEN@EXAMPLE.COM"', users(1)],
  ['userName eq "ÉMILE@x"', users(2)],
  ['userName eq "ärger@EXAMPLE.com"', users(8)],
  ['userName eq "caf\\u00e9@example.com"', users(11)],
  ['externalId eq "EXT-001"', users(1)],
  ['externalId eq "ext-001"', users()],
  ['externalId eq "ext-002"', users(2)],
  ['id eq "u05"', users(5)],
  [`${CORE_USER}:userName eq "alice@example.com"`, users(3)],
  ['displayName eq "Say \\"hi\\" \\\\ there"', users(12)],

  // Substring operators and LIKE metacharacters
  ['userName co "example.com"', users(1, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15)],
  ['userName sw "ZED"', users(7, 10)],
  ['userName ew ".ORG"', users(10)],
  ['title co "100%"', users(3)],
  ['title co "a_b"', users(4)],
  ['userName co "a_b"', users(4)],
  ['displayName co "\\\\"', users(12)],
  ['displayName co "\\"hi\\""', users(12)],
  ['title co ""', users(1, 3, 4, 5, 6, 7, 8, 9, 10, 13)],
  ['externalId co "EXT-00"', users(1, 4, 5, 6, 7, 8, 9)],
  ['externalId co "ext-0"', users(2, 10)],
  ['externalId sw "ext"', users(2, 10)],
  ['externalId ew "-010"', users(10)],
  ['externalId ew "-01"', users()],

  // Injection attempts stay values
  ['title eq "x\' OR 1=1 --"', users(6)],
  ['userName eq "x\' OR 1=1 --"', users()],
  ['userName eq "\\"; DROP TABLE scim_users; --"', users()],
  ['userName co "\'); DELETE FROM scim_users; --"', users()],
  ['userName eq ":f1"', users()],

  // Booleans and presence
  ['active eq true', users(1, 2, 4, 5, 7, 9, 10, 11, 12, 13, 14)],
  ['active eq false', users(3, 8, 15)],
  ['active ne true', users(3, 6, 8, 15)],
  ['active ne false', allUsersExcept(3, 8, 15)],
  ['active pr', allUsersExcept(6)],
  ['active eq null', users(6)],
  ['not (active eq true)', users(3, 6, 8, 15)],
  [`${TEST}:verified eq true`, users(1, 4)],
  [`${TEST}:verified eq false`, users(2)],
  [`${TEST}:verified ne true`, allUsersExcept(1, 4)],
  ['displayName pr', allUsersExcept(3, 14, 15)],
  ['displayName eq null', users(3, 14, 15)],
  ['displayName ne null', allUsersExcept(3, 14, 15)],
  ['title pr', users(1, 3, 4, 5, 6, 7, 8, 9, 10, 13)],

  // ne and not with absent values
  ['title ne "zebra"', allUsersExcept(7)],
  ['not (title eq "Zebra")', allUsersExcept(7)],
  ['not (title ne "Zebra")', users(7)],
  ['externalId ne "EXT-001"', allUsersExcept(1)],

  // Code-point ordering
  ['title gt "z"', users(7, 9, 10)],
  ['userName gt "z"', users(2, 7, 8, 9, 10)],
  [`${TEST}:badgeCode gt "Zed"`, users(2, 8, 9, 10)],
  [`${TEST}:badgeCode lt "a"`, users(1, 7)],
  [`${TEST}:badgeCode le "AbC"`, users(1)],
  [`${TEST}:badgeCode eq "ABC"`, users()],
  [`${TEST}:badgeCode ge "é"`, users(9)],

  // Numbers
  [`${TEST}:level gt 2`, users(1, 2, 7)],
  [`${TEST}:level eq 1`, users(3)],
  [`${TEST}:level ne 1`, allUsersExcept(3)],
  [`${TEST}:score lt 1`, users(3, 10)],
  [`${TEST}:score eq 10`, users(2)],
  [`${TEST}:score ge 4.5`, users(1, 2)],
  [`${TEST}:score le -2`, users(10)],

  // dateTime as instants
  ['meta.created gt "2026-01-13T00:00:00Z"', users(14, 15)],
  ['meta.created eq "2026-01-14T00:00:00Z"', users(14)],
  ['meta.created eq "2026-01-05T00:00:00.000Z"', users(5)],
  ['meta.created ge "2026-01-10T01:00:00+01:00"', users(10, 11, 12, 13, 14, 15)],
  ['meta.created le "2026-01-01T18:59:59-05:00"', users(1)],
  ['meta.created le "2026-01-01T19:00:00-05:00"', users(1, 2)],
  ['meta.created gt "2026-01-09T23:59:59.9999Z"', users(10, 11, 12, 13, 14, 15)],
  ['meta.created ge "2026-01-10T00:00:00.0001Z"', users(11, 12, 13, 14, 15)],
  ['meta.created eq "2026-01-10T00:00:00.0001Z"', users()],
  ['meta.created ne "2026-01-10T00:00:00.0001Z"', ALL_USERS],
  ['meta.created lt "2026-01-02T00:00:00.0001Z"', users(1, 2)],
  ['meta.created ne "2026-01-03T00:00:00Z"', allUsersExcept(3)],
  ['meta.lastModified lt "2026-02-01T03:30:00.250Z"', users(1, 2)],
  ['meta.lastModified ge "2026-02-01T15:30:00.25Z"', users(15)],
  [`${TEST}:hiredAt gt "2026-01-02T03:04:05Z"`, users(9)],
  [`${TEST}:hiredAt eq "2026-01-02T04:04:05+01:00"`, users(3)],
  [`${TEST}:hiredAt lt "2021-01-01T00:00:00Z"`, users(1)],

  // JSON sub-attributes and extensions
  ['name.givenName sw "b"', users(1)],
  ['name.givenName eq "émile"', users(2)],
  ['NAME.GIVENNAME eq "ALICE"', users(3)],
  ['name.familyName pr', users(1, 2)],
  [`${CORE_USER}:name.givenName eq "Alice"`, users(3)],
  ['name pr', users(1, 2, 3, 12)],
  ['name[givenName eq "Quinn"]', users(12)],
  [`${ENTERPRISE_USER}:employeeNumber eq "701984"`, users(1)],
  [`${ENTERPRISE_USER}:manager.value eq "u01"`, users(2)],
  [`${ENTERPRISE_USER.toUpperCase()}:EMPLOYEENUMBER eq "1002"`, users(2)],

  // Multi-valued JSON arrays
  ['emails co "example.com"', users(1, 2, 4, 5, 6)],
  ['emails.value co "EXAMPLE.COM"', users(1, 2, 4, 5, 6)],
  ['emails eq "home@x"', users(8)],
  ['emails pr', users(1, 2, 4, 5, 6, 8, 9, 15)],
  ['not (emails pr)', users(3, 7, 10, 11, 12, 13, 14)],
  ['emails eq null', users(3, 7, 10, 11, 12, 13, 14)],
  ['emails.value pr', users(1, 2, 4, 5, 6, 8, 15)],
  ['emails[type eq "work" and value co "@example.com"]', users(1, 2, 4, 6)],
  ['emails[type eq "home" and value co "jensen"]', users(1)],
  ['emails[type eq "work" and value co "jensen.org"]', users()],
  ['emails[primary eq true]', users(1, 2, 8)],
  ['emails[not (type eq "work")]', users(1, 5, 8, 15)],
  ['emails.type ne "work"', users(1, 3, 5, 7, 8, 10, 11, 12, 13, 14, 15)],
  ['not (emails.type eq "work")', users(3, 5, 7, 10, 11, 12, 13, 14)],
  ['emails[type eq "work"] and active eq false', users(8, 15)],
  ['phoneNumbers[type eq "work"]', users(1)],
  ['phoneNumbers pr', users(1)],
  ['addresses.locality eq "hollywood"', users(1)],
  ['addresses[type eq "work" and streetAddress sw "100"]', users(1)],

  // Multi-valued related rows
  ['groups.value eq "g-admins"', users(1, 2)],
  ['groups eq "g-staff"', users(1, 3, 4)],
  ['groups[display co "contract"]', users(2)],
  ['groups pr', users(1, 2, 3, 4)],
  ['not (groups pr)', allUsersExcept(1, 2, 3, 4)],
  ['groups.value ne "g-staff"', allUsersExcept(3, 4)],
  ['groups[value eq "g-staff" and not (display eq "admins")]', users(1, 3, 4)],

  // Logical operators and precedence
  [
    'userName eq "alice@example.com" or userName eq "zed@example.com" and active eq true',
    users(3, 7),
  ],
  [
    '(userName eq "alice@example.com" or userName eq "zed@example.com") and active eq true',
    users(7),
  ],
  ['not (userName sw "a") and not (emails pr)', users(7, 10, 11, 12, 13, 14)],
  ['((userName sw "z") and (not (active eq false)))', users(7, 10)],
  ['title pr and not (title co "e")', users(5, 6, 9)],
  ['userName eq "alice@example.com" and (title eq "100% remote" or title eq "x")', users(3)],
  [
    'userType eq "Employee" or userType eq "Intern" or userType eq "Contractor"',
    users(1, 2, 3, 7, 9),
  ],
  ['not (not (userName eq "zed@example.com"))', users(7)],
];

/** Filters that parse but must not compile, with text the error detail must contain. */
const INVALID_FILTER_CASES: [filter: string, expectedDetail: string][] = [
  ['foo eq "x"', '"foo" is unknown'],
  ['emails.foo eq "x"', 'no sub-attribute "foo"'],
  ['name.middleName eq "x"', 'no sub-attribute "middleName"'],
  ['userName.sub eq "x"', 'no sub-attribute "sub"'],
  ['groups.foo eq "x"', 'no sub-attribute "foo"'],
  [`${ENTERPRISE_USER}:unknown eq "x"`, `"${ENTERPRISE_USER}:unknown" is unknown`],
  ['urn:other:schema:userName eq "x"', '"urn:other:schema:userName" is unknown'],
  ['active gt true', 'Operator "gt" is not supported for attribute "active"'],
  ['active co "t"', 'Operator "co" is not supported for attribute "active"'],
  ['active eq "true"', 'Invalid value "true" for attribute "active"'],
  [`${TEST}:level eq "3"`, `Invalid value "3" for attribute "${TEST}:level"`],
  [`${TEST}:level co 3`, 'Operator "co" is not supported'],
  ['userName eq 5', 'Invalid value 5 for attribute "userName"'],
  ['userName eq true', 'Invalid value true for attribute "userName"'],
  ['meta.created gt "yesterday"', 'Invalid value "yesterday" for attribute "meta.created"'],
  ['meta.created gt "2026-02-30T00:00:00Z"', 'Invalid value "2026-02-30T00:00:00Z"'],
  ['meta.created gt "2026-01-01"', 'an xsd:dateTime'],
  ['meta.created co "2026"', 'Operator "co" is not supported for attribute "meta.created"'],
  ['meta.created gt 5', 'Invalid value 5'],
  ['userName gt null', 'Operator "gt" cannot compare attribute "userName" with null'],
  ['userName[type eq "x"]', 'Attribute "userName" cannot take a value filter'],
  ['emails[urn:x:y:type eq "x"]', 'must be a sub-attribute name of "emails"'],
  ['emails[type.sub eq "x"]', 'must be a sub-attribute name of "emails"'],
  ['emails[foo eq "x"]', 'Attribute "emails" has no sub-attribute "foo"'],
  ['name eq "x"', 'Attribute "name" is complex'],
  ['name[middleName eq "x"]', 'no sub-attribute "middleName"'],
  ['addresses co "x"', 'Attribute "addresses" has no "value" sub-attribute'],
  ['emails[primary eq "yes"]', 'Invalid value "yes" for attribute "emails.primary"'],
];

const SORT_CASES: [sortBy: string, sortOrder: SortOrder, expectedIds: string[]][] = [
  ['userName', 'ascending', [4, 3, 5, 1, 11, 14, 6, 13, 12, 15, 7, 10, 8, 9, 2].map(userId)],
  ['emails', 'ascending', [4, 5, 1, 2, 8, 6, 3, 7, 9, 10, 11, 12, 13, 14, 15].map(userId)],
  ['meta.created', 'descending', [15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1].map(userId)],
  [
    `${TEST}:badgeCode`,
    'ascending',
    [1, 7, 2, 10, 8, 9, 3, 4, 5, 6, 11, 12, 13, 14, 15].map(userId),
  ],
  [`${TEST}:score`, 'descending', [4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 2, 1, 3, 10].map(userId)],
  ['groups.display', 'ascending', ALL_USERS],
  ['active', 'ascending', [3, 8, 15, 1, 2, 4, 5, 7, 9, 10, 11, 12, 13, 14, 6].map(userId)],
  ['name.givenName', 'descending', [4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 2, 12, 1, 3].map(userId)],
];

// ---------------------------------------------------------------------------
// Specs
// ---------------------------------------------------------------------------

function captureScimError(action: () => unknown): ScimError {
  try {
    action();
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error('expected a ScimError, but nothing was thrown');
}

function describeFixtureDatabase(dialect: SqlDialect, open: () => Promise<FixtureDatabase>): void {
  let database: FixtureDatabase | undefined;
  const openedDatabase = (): FixtureDatabase => {
    if (database === undefined)
      throw new Error('The fixture database did not open; see the beforeAll error.');
    return database;
  };

  beforeAll(async () => {
    database = await open();
  });
  afterAll(async () => {
    await database?.close();
  });

  it.each(FILTER_CASES)('filters %s', async (filter, expectedIds) => {
    const compiled = compileFilter(parseFilter(filter), USERS, { dialect });

    expect(await openedDatabase().selectIds(compiled)).toEqual(expectedIds);
  });

  it('combines fragments with distinct prefixes', async () => {
    const first = compileFilter(parseFilter('userName co "example"'), USERS, {
      dialect,
      parameterPrefix: 'a',
    });
    const second = compileFilter(parseFilter('emails[type eq "work"]'), USERS, {
      dialect,
      parameterPrefix: 'b',
    });
    const combined = {
      sql: `${first.sql} AND ${second.sql}`,
      parameters: { ...first.parameters, ...second.parameters },
    };

    expect(await openedDatabase().selectIds(combined)).toEqual(users(1, 4, 6, 8, 9, 15));
  });

  it.each(SORT_CASES)('sorts by %s %s', async (sortBy, sortOrder, expectedIds) => {
    const sort = compileSortBy(sortBy, USERS, { dialect, sortOrder });

    expect(await openedDatabase().sortIds(sort)).toEqual(expectedIds);
  });
}

describe(compileFilter.name, () => {
  describe('on SQLite', () => {
    describeFixtureDatabase('sqlite', openSqliteFixture);
  });

  describeWithPostgres('on PostgreSQL', () => {
    describeFixtureDatabase('postgres', openScratchPostgresFixture);
  });

  it.each(INVALID_FILTER_CASES)('rejects %s', (filter, expectedDetail) => {
    const error = captureScimError(() =>
      compileFilter(parseFilter(filter), USERS, { dialect: 'sqlite' }),
    );

    expect(error.scimType).toBe('invalidFilter');
    expect(error.detail).toContain(expectedDetail);
  });

  it.each<SqlDialect>(['sqlite', 'postgres'])('binds values as parameters on %s', (dialect) => {
    const compiled = compileFilter(
      parseFilter('title eq "x\' OR 1=1 --" or emails co "50%_\\\\"'),
      USERS,
      { dialect },
    );

    expect(compiled.sql).not.toContain('1=1');
    expect(compiled.sql).not.toContain('50');
    expect(compiled.parameters).toEqual({ f0: "x' OR 1=1 --", f1: '%50\\%\\_\\\\%' });
  });

  it('names parameters with the prefix', () => {
    const compiled = compileFilter(parseFilter('userName eq "a" and title eq "b"'), USERS, {
      dialect: 'postgres',
      parameterPrefix: 'userFilter_',
    });

    expect(Object.keys(compiled.parameters)).toEqual(['userFilter_0', 'userFilter_1']);
    expect(compiled.sql).toContain(':userFilter_0');
  });

  it('rejects a prefix ending in a digit', () => {
    expect(() =>
      compileFilter(parseFilter('userName pr'), USERS, {
        dialect: 'sqlite',
        parameterPrefix: 'f1',
      }),
    ).toThrow(TypeError);
  });

  it('compiles a long or-chain', () => {
    const text = Array.from({ length: 3000 }, (_, index) => `userName eq "${index}"`).join(' or ');

    const compiled = compileFilter(parseFilter(text), USERS, { dialect: 'sqlite' });

    expect(Object.keys(compiled.parameters)).toHaveLength(3000);
  });

  it('rejects a dateTime mapping without storage', () => {
    const map: AttributeMap = {
      coreSchema: CORE_USER,
      attributes: {
        'meta.created': { kind: 'column', expression: 'm.created_at', type: 'dateTime' },
      },
    };

    expect(() => compileFilter(parseFilter('meta.created pr'), map, { dialect: 'sqlite' })).toThrow(
      'has type dateTime but no dateTimeStorage',
    );
  });
});

describe(compileSortBy.name, () => {
  const invalidSorts: [sortBy: string, expectedDetail: string][] = [
    ['name', 'Attribute "name" in sortBy is complex'],
    ['foo', 'Attribute "foo" is unknown or cannot be used in sortBy'],
    ['emails.foo', 'no sub-attribute "foo" that can be used in sortBy'],
    ['emails[type eq "work"]', 'Invalid sortBy at position 7'],
    ['', 'Invalid sortBy at position 1'],
  ];

  it.each(invalidSorts)('rejects %j', (sortBy, expectedDetail) => {
    const error = captureScimError(() => compileSortBy(sortBy, USERS, { dialect: 'sqlite' }));

    expect(error.scimType).toBe('invalidValue');
    expect(error.detail).toContain(expectedDetail);
  });

  it('defaults to ascending with missing values last', () => {
    const sort = compileSortBy('userName', USERS, { dialect: 'postgres' });

    expect(sort).toEqual({
      expression: 'lower(m.user_name) COLLATE "C"',
      direction: 'ASC',
      nulls: 'NULLS LAST',
      parameters: {},
    });
  });
});

// TypeORM replaces named parameters itself; these run the fragments the way the services will.
describe('compiled SQL in a TypeORM QueryBuilder', () => {
  const cases: [filter: string, expectedIds: string[]][] = [
    ['userName eq "ÉMILE@x"', users(2)],
    ['title co "100%"', users(3)],
    [`${ENTERPRISE_USER}:employeeNumber eq "701984"`, users(1)],
    ['emails[type eq "work" and value co "@example.com"]', users(1, 2, 4, 6)],
    ['meta.created ge "2026-01-10T00:00:00.0001Z"', users(11, 12, 13, 14, 15)],
    [`${TEST}:score ge 4.5 and active eq true`, users(1, 2)],
    ['externalId sw "ext"', users(2, 10)],
  ];

  async function selectIds(
    dataSource: DataSource | undefined,
    dialect: SqlDialect,
    filter: string,
  ): Promise<string[]> {
    if (dataSource === undefined)
      throw new Error('The data source did not initialize; see the beforeAll error.');
    const compiled = compileFilter(parseFilter(filter), USERS, { dialect });
    const rows = await dataSource
      .createQueryBuilder()
      .select('m.id', 'id')
      .from('scim_users', 'm')
      .where(compiled.sql, compiled.parameters)
      .orderBy('m.id')
      .getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }

  describe('on SQLite', () => {
    const dataSource = new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      prepareDatabase: registerUnicodeLower,
    });

    beforeAll(async () => {
      await dataSource.initialize();
      await createFixture((sql, values) => dataSource.query(sql, values), 'sqlite');
    });
    afterAll(async () => {
      await dataSource.destroy();
    });

    it.each(cases)('filters %s', async (filter, expectedIds) => {
      expect(await selectIds(dataSource, 'sqlite', filter)).toEqual(expectedIds);
    });
  });

  describeWithPostgres('on PostgreSQL', () => {
    let scratch: ScratchDatabase | undefined;
    let dataSource: DataSource | undefined;

    beforeAll(async () => {
      scratch = await createScratchDatabase();
      const source = new DataSource({
        type: 'postgres',
        host: POSTGRES_SERVER.host,
        port: POSTGRES_SERVER.port,
        username: POSTGRES_SERVER.user,
        password: POSTGRES_SERVER.password,
        database: scratch.name,
      });
      dataSource = source;
      await source.initialize();
      await createFixture((sql, values) => source.query(sql, values), 'postgres');
    });
    afterAll(async () => {
      if (dataSource?.isInitialized) await dataSource.destroy();
      await scratch?.drop();
    });

    it.each(cases)('filters %s', async (filter, expectedIds) => {
      expect(await selectIds(dataSource, 'postgres', filter)).toEqual(expectedIds);
    });
  });
});
