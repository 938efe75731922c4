import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import type { ScenarioReport } from './auth-scenarios';
import { timedFetch, TimedResponse } from './groups-scenarios';
import {
  CallLog,
  describeLatency,
  formatMilliseconds,
  percentile,
  readMemory,
  ServiceMemory,
} from './call-log';
import { seedMembers } from './seed-members';
import { ServiceProcess, startService } from './service-process';
import { BenchConnection, createOrganizationWithConnection } from './users-scenarios';

const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
/** The extra schema URN that Entra ID puts in the schemas of a POST /Groups. */
const ENTRA_GROUP_URN = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';
const PATCH_OP_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** Route templates, as the reports name the calls. */
const ROUTES = {
  userLookup: 'GET /scim/v2/{connectionId}/Users?filter',
  userCreate: 'POST /scim/v2/{connectionId}/Users',
  userPatch: 'PATCH /scim/v2/{connectionId}/Users/{id}',
  groupLookup: 'GET /scim/v2/{connectionId}/Groups?excludedAttributes=members&filter',
  groupCreate: 'POST /scim/v2/{connectionId}/Groups',
  groupPatch: 'PATCH /scim/v2/{connectionId}/Groups/{id}',
} as const;

// Scenario A, the Entra ID initial sync.
const ENTRA_USERS = 10_000;
const ENTRA_GROUPS = 100;
const ENTRA_WORKERS = 8;
/**
 * Members per PATCH of a group. Microsoft's request examples for Entra ID
 * ("Update Group [Add Members]" in "Develop and plan provisioning for a SCIM
 * endpoint in Microsoft Entra ID") carry one member and state no maximum,
 * so a handful per request is an assumption, not a documented figure.
 */
const ENTRA_MEMBERS_PER_PATCH = 5;
/** Member counts of the 99 small groups are spread evenly over this range. */
const ENTRA_SMALL_GROUP_MIN = 5;
const ENTRA_SMALL_GROUP_MAX = 50;
const ENTRA_TOTAL_TARGET_MS = 120_000;
const ENTRA_CALL_TARGET_MS = 5_000;
/** High enough that no bench request is limited, because scenario A measures the service, not its limiter. */
const HIGH_RATE_LIMITS = {
  SCIM_RATE_LIMIT_PER_SECOND: '10000000',
  SCIM_RATE_LIMIT_BURST: '10000000',
  ADMIN_RATE_LIMIT_PER_SECOND: '10000000',
  ADMIN_RATE_LIMIT_BURST: '10000000',
};

// Scenario B, the sustained multi-tenant mix.
const MIX_TENANTS = 20;
const MIX_RATE_PER_TENANT = 25;
const MIX_DEFAULT_SECONDS = 60;
const MIX_WARM_UP_SECONDS = 5;
const MIX_SEEDED_USERS = 500;
const MIX_GROUPS = 10;
const MIX_INITIAL_GROUP_MEMBERS = 20;
/** Group PATCHes add or remove one of the first this many seeded users. */
const MIX_GROUP_MEMBER_POOL = MIX_GROUPS * MIX_INITIAL_GROUP_MEMBERS;
const MIX_P99_TARGET_MS = 100;
/** Empty values select the service's default rate limits, whatever startService sets. */
const DEFAULT_RATE_LIMITS = {
  SCIM_RATE_LIMIT_PER_SECOND: '',
  SCIM_RATE_LIMIT_BURST: '',
  ADMIN_RATE_LIMIT_PER_SECOND: '',
  ADMIN_RATE_LIMIT_BURST: '',
};

type MixOperation = 'lookup' | 'userPatch' | 'create' | 'groupPatch';

/**
 * Each tenant's requests cycle through these 20 slots: 10 userName lookups
 * (50%), 5 user PATCHes (25%), 3 one-member group PATCHes (15%) and
 * 2 creates (10%).
 */
const MIX_PATTERN: readonly MixOperation[] = [
  'lookup',
  'userPatch',
  'lookup',
  'groupPatch',
  'lookup',
  'create',
  'lookup',
  'userPatch',
  'lookup',
  'groupPatch',
  'lookup',
  'userPatch',
  'lookup',
  'userPatch',
  'lookup',
  'create',
  'lookup',
  'groupPatch',
  'lookup',
  'userPatch',
];

const GIVEN_NAMES = ['Avery', 'Jordan', 'Riley', 'Morgan', 'Casey', 'Quinn', 'Harper', 'Rowan'];
const FAMILY_NAMES = ['Chen', 'Lee', 'Diaz', 'Novak', 'Okafor', 'Larsen', 'Silva', 'Tanaka'];
const DEPARTMENTS = ['Finance', 'Engineering', 'Sales', 'Marketing', 'Support', 'Legal'];

/** The SCIM Base URL of one connection and its bearer token. */
interface ScimTarget {
  root: string;
  token: string;
}

function scimTarget(service: ServiceProcess, connection: BenchConnection): ScimTarget {
  return { root: `${service.baseUrl}/scim/v2/${connection.connectionId}`, token: connection.token };
}

function requestInit(target: ScimTarget, method: string, body?: unknown): RequestInit {
  if (body === undefined) {
    return { method, headers: { authorization: `Bearer ${target.token}` } };
  }
  return {
    method,
    headers: {
      authorization: `Bearer ${target.token}`,
      'content-type': 'application/scim+json',
    },
    body: JSON.stringify(body),
  };
}

function filterQuery(filter: string): string {
  return `filter=${encodeURIComponent(filter)}`;
}

function membersPatch(op: 'Add' | 'Remove', memberIds: readonly string[]): unknown {
  return {
    schemas: [PATCH_OP_URN],
    Operations: [{ op, path: 'members', value: memberIds.map((value) => ({ value })) }],
  };
}

/** Builds the POST /Users body that Entra ID sends with its default attribute mappings. */
function entraUser(index: number): { userName: string; body: Record<string, unknown> } {
  const givenName = GIVEN_NAMES[index % GIVEN_NAMES.length];
  const familyName = FAMILY_NAMES[Math.floor(index / GIVEN_NAMES.length) % FAMILY_NAMES.length];
  const nickname = `${givenName}.${familyName}.${index}`.toLowerCase();
  const userName = `${nickname}@contoso.example`;
  const department = DEPARTMENTS[index % DEPARTMENTS.length];
  return {
    userName,
    body: {
      schemas: [USER_URN, ENTERPRISE_URN],
      // Entra ID maps mailNickname to externalId and userPrincipalName to userName.
      externalId: nickname,
      userName,
      active: true,
      displayName: `${givenName} ${familyName}`,
      title: `${department} Analyst`,
      emails: [{ primary: true, type: 'work', value: userName }],
      phoneNumbers: [
        { type: 'work', value: `+1 425 555 ${String(index % 10_000).padStart(4, '0')}` },
      ],
      addresses: [
        { type: 'work', locality: 'Redmond', region: 'WA', postalCode: '98052', country: 'US' },
      ],
      meta: { resourceType: 'User' },
      name: { formatted: `${givenName} ${familyName}`, familyName, givenName },
      roles: [],
      [ENTERPRISE_URN]: {
        department,
        employeeNumber: String(100_000 + index),
        costCenter: `CC-${1000 + (index % 40)}`,
      },
    },
  };
}

function entraGroupBody(displayName: string, index: number): unknown {
  return {
    schemas: [GROUP_URN, ENTRA_GROUP_URN],
    externalId: `group-${index}`,
    displayName,
    meta: { resourceType: 'Group' },
  };
}

function idOf(response: TimedResponse): string {
  return (JSON.parse(response.text) as { id: string }).id;
}

function totalResultsOf(response: TimedResponse): number {
  return (JSON.parse(response.text) as { totalResults: number }).totalResults;
}

function errorMessage(error: unknown): string {
  if (error instanceof Error && error.cause instanceof Error) {
    return `${error.message} (${error.cause.message})`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Runs `task(0)` to `task(count - 1)` on `concurrency` workers. Each worker takes the next index when it finishes one. */
async function runWorkers(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next;
      next += 1;
      await task(index);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Sends one timed request and records it. Returns undefined, after logging a failure, unless the status is `expected`. */
async function entraCall(
  log: CallLog,
  route: string,
  url: string,
  init: RequestInit,
  expected: number,
): Promise<TimedResponse | undefined> {
  let response: TimedResponse;
  try {
    response = await timedFetch(url, init);
  } catch (error) {
    log.fail(`${route} failed without a response: ${errorMessage(error)}`);
    return undefined;
  }
  log.record(route, response.milliseconds);
  if (response.status !== expected) {
    log.fail(
      `${route} returned ${response.status} (expected ${expected}): ${response.text.slice(0, 300)}`,
    );
    return undefined;
  }
  return response;
}

/** Builds the groups of scenario A: "All Employees" with every user, then 99 small groups. */
function entraGroupPlan(): { displayName: string; memberIndexes: number[] }[] {
  const plan = [
    {
      displayName: 'All Employees',
      memberIndexes: Array.from({ length: ENTRA_USERS }, (_, index) => index),
    },
  ];
  const spread = ENTRA_SMALL_GROUP_MAX - ENTRA_SMALL_GROUP_MIN + 1;
  for (let group = 1; group < ENTRA_GROUPS; group += 1) {
    const size = ENTRA_SMALL_GROUP_MIN + ((group * 37) % spread);
    const first = (group * 101) % ENTRA_USERS;
    plan.push({
      displayName: `${DEPARTMENTS[group % DEPARTMENTS.length]} Team ${group}`,
      memberIndexes: Array.from({ length: size }, (_, offset) => (first + offset) % ENTRA_USERS),
    });
  }
  return plan;
}

/** Looks each user up by userName and creates it when the lookup finds nothing. Returns the ids by index. */
async function provisionEntraUsers(target: ScimTarget, log: CallLog): Promise<string[]> {
  const ids: string[] = new Array<string>(ENTRA_USERS);
  await runWorkers(ENTRA_USERS, ENTRA_WORKERS, async (index) => {
    const user = entraUser(index);
    const lookup = await entraCall(
      log,
      ROUTES.userLookup,
      `${target.root}/Users?${filterQuery(`userName eq "${user.userName}"`)}`,
      requestInit(target, 'GET'),
      200,
    );
    if (lookup === undefined) return;
    if (totalResultsOf(lookup) !== 0) {
      log.fail(`the lookup of new user ${user.userName} found ${totalResultsOf(lookup)} users`);
      return;
    }
    const created = await entraCall(
      log,
      ROUTES.userCreate,
      `${target.root}/Users`,
      requestInit(target, 'POST', user.body),
      201,
    );
    if (created !== undefined) ids[index] = idOf(created);
  });
  return ids;
}

/** Looks each group up by displayName (without members) and creates it. Returns the ids in plan order. */
async function provisionEntraGroups(
  target: ScimTarget,
  log: CallLog,
  displayNames: readonly string[],
): Promise<string[]> {
  const ids: string[] = new Array<string>(displayNames.length);
  await runWorkers(displayNames.length, ENTRA_WORKERS, async (index) => {
    const displayName = displayNames[index];
    const lookup = await entraCall(
      log,
      ROUTES.groupLookup,
      `${target.root}/Groups?excludedAttributes=members&${filterQuery(`displayName eq "${displayName}"`)}`,
      requestInit(target, 'GET'),
      200,
    );
    if (lookup === undefined) return;
    if (totalResultsOf(lookup) !== 0) {
      log.fail(`the lookup of new group ${displayName} found ${totalResultsOf(lookup)} groups`);
      return;
    }
    const created = await entraCall(
      log,
      ROUTES.groupCreate,
      `${target.root}/Groups`,
      requestInit(target, 'POST', entraGroupBody(displayName, index)),
      201,
    );
    if (created !== undefined) ids[index] = idOf(created);
  });
  return ids;
}

/** Adds every planned member in PATCHes of ENTRA_MEMBERS_PER_PATCH, group after group. */
async function addEntraMembers(
  target: ScimTarget,
  log: CallLog,
  plan: { memberIndexes: number[] }[],
  groupIds: readonly string[],
  userIds: readonly string[],
): Promise<void> {
  const batches: { groupId: string; memberIds: string[] }[] = [];
  plan.forEach((group, groupIndex) => {
    const groupId = groupIds[groupIndex];
    if (groupId === undefined) return;
    const memberIds = group.memberIndexes
      .map((index) => userIds[index])
      .filter((id) => id !== undefined);
    for (let start = 0; start < memberIds.length; start += ENTRA_MEMBERS_PER_PATCH) {
      batches.push({ groupId, memberIds: memberIds.slice(start, start + ENTRA_MEMBERS_PER_PATCH) });
    }
  });
  await runWorkers(batches.length, ENTRA_WORKERS, async (index) => {
    const batch = batches[index];
    await entraCall(
      log,
      ROUTES.groupPatch,
      `${target.root}/Groups/${batch.groupId}`,
      requestInit(target, 'PATCH', membersPatch('Add', batch.memberIds)),
      204,
    );
  });
}

/** Counts, outside the timed sync, the connection's users and groups and the members of one group. */
async function countEntraResources(
  target: ScimTarget,
  groupId: string | undefined,
): Promise<{ users: number; groups: number; groupMembers: number }> {
  const users = await timedFetch(`${target.root}/Users?count=1`, requestInit(target, 'GET'));
  const groups = await timedFetch(
    `${target.root}/Groups?count=1&excludedAttributes=members`,
    requestInit(target, 'GET'),
  );
  let groupMembers = 0;
  if (groupId !== undefined) {
    const group = await timedFetch(`${target.root}/Groups/${groupId}`, requestInit(target, 'GET'));
    groupMembers = (JSON.parse(group.text) as { members?: unknown[] }).members?.length ?? 0;
  }
  return { users: totalResultsOf(users), groups: totalResultsOf(groups), groupMembers };
}

/**
 * Describes the engine, and on PostgreSQL the server's autovacuum setting.
 * With autovacuum off, tables filled during a run keep the planner
 * statistics of empty tables, which changes the service's query plans.
 */
async function describeEngine(service: ServiceProcess): Promise<string> {
  if (!service.env.DATABASE_URL) return service.engine;
  const client = new Client({ connectionString: service.env.DATABASE_URL });
  await client.connect();
  try {
    const result = await client.query<{ autovacuum: string }>('SHOW autovacuum');
    return `${service.engine} (autovacuum ${result.rows[0].autovacuum})`;
  } finally {
    await client.end();
  }
}

function describeLimits(limits: Record<string, string>): string {
  return Object.entries(limits)
    .map(([name, value]) => `${name}=${value === '' ? "'' (default)" : value}`)
    .join(', ');
}

function seconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(1)} s`;
}

/**
 * Scenario A: an Entra ID initial provisioning cycle on a fresh service.
 * ENTRA_WORKERS workers look each user up by userName and create it, then
 * do the same for the groups by displayName, then add the members with
 * PATCHes of ENTRA_MEMBERS_PER_PATCH members.
 */
async function runEntraInitialSync(): Promise<ScenarioReport> {
  const service = await startService(HIGH_RATE_LIMITS);
  try {
    const engine = await describeEngine(service);
    process.stdout.write(
      `\nLoad A: Entra ID initial sync on a fresh ${engine} service; rate limits ${describeLimits(HIGH_RATE_LIMITS)}\n`,
    );
    const target = scimTarget(service, await createOrganizationWithConnection(service, 'Entra'));
    const plan = entraGroupPlan();
    // The organization's admin is a User too, so the check below counts from here.
    const before = await countEntraResources(target, undefined);
    const log = new CallLog();

    const started = performance.now();
    const userIds = await provisionEntraUsers(target, log);
    const usersDone = performance.now();
    process.stdout.write(`  ${ENTRA_USERS} users in ${seconds(usersDone - started)}\n`);
    const groupIds = await provisionEntraGroups(
      target,
      log,
      plan.map((group) => group.displayName),
    );
    const groupsDone = performance.now();
    await addEntraMembers(target, log, plan, groupIds, userIds);
    const total = performance.now() - started;
    process.stdout.write(`  whole sync in ${seconds(total)}\n`);

    const after = await countEntraResources(target, groupIds[0]);
    const addedUsers = after.users - before.users;
    const addedGroups = after.groups - before.groups;
    const memberships = plan.reduce((sum, group) => sum + group.memberIndexes.length, 0);
    const slowest = log.slowest();
    const complete =
      addedUsers === ENTRA_USERS &&
      addedGroups === ENTRA_GROUPS &&
      after.groupMembers === ENTRA_USERS;
    return {
      name: `Entra ID initial sync: ${ENTRA_USERS.toLocaleString('en-US')} users, ${ENTRA_GROUPS} groups, one of ${ENTRA_USERS.toLocaleString('en-US')} members`,
      passed:
        total < ENTRA_TOTAL_TARGET_MS &&
        slowest.milliseconds < ENTRA_CALL_TARGET_MS &&
        log.failures === 0 &&
        complete,
      lines: [
        `${engine}; ${ENTRA_WORKERS} concurrent workers; ${ENTRA_MEMBERS_PER_PATCH} members per PATCH; rate limits ${describeLimits(HIGH_RATE_LIMITS)}`,
        `total: ${seconds(total)} for ${log.count.toLocaleString('en-US')} calls (target < ${seconds(ENTRA_TOTAL_TARGET_MS)}); ` +
          `users ${seconds(usersDone - started)}, groups ${seconds(groupsDone - usersDone)}, ${memberships.toLocaleString('en-US')} memberships ${seconds(total - (groupsDone - started))}`,
        `slowest call: ${slowest.route} ${formatMilliseconds(slowest.milliseconds)} (target < ${formatMilliseconds(ENTRA_CALL_TARGET_MS)}), ` +
          `sent ${seconds(slowest.startedAfter)} into the sync`,
        ...log.routes().map((route) => describeLatency(route, log.latencies(route))),
        ...log.describeFailures(),
        `stored by the sync: ${addedUsers.toLocaleString('en-US')} users, ${addedGroups} groups, ${after.groupMembers.toLocaleString('en-US')} members in All Employees ` +
          `(expected ${ENTRA_USERS.toLocaleString('en-US')}, ${ENTRA_GROUPS}, ${ENTRA_USERS.toLocaleString('en-US')})`,
      ],
    };
  } finally {
    await service.stop();
  }
}

/** One tenant of scenario B, with the client's view of its group memberships and deactivated users. */
interface Tenant {
  number: number;
  target: ScimTarget;
  userIds: string[];
  groups: { id: string; members: Set<string> }[];
  inactiveUserIds: Set<string>;
  created: number;
  sent: number;
}

interface MixRequest {
  route: string;
  url: string;
  init: RequestInit;
}

function randomItem<T>(items: readonly T[], limit = items.length): T {
  return items[Math.floor(Math.random() * Math.min(limit, items.length))];
}

/** Sends a setup request and throws unless the status is `expected`. */
async function setupCall(
  target: ScimTarget,
  method: string,
  path: string,
  body: unknown,
  expected: number,
): Promise<TimedResponse> {
  const response = await timedFetch(`${target.root}${path}`, requestInit(target, method, body));
  if (response.status !== expected) {
    throw new Error(
      `setup ${method} ${path} returned ${response.status} (expected ${expected}): ${response.text.slice(0, 300)}`,
    );
  }
  return response;
}

/** Creates an organization with a connection, MIX_SEEDED_USERS seeded users and MIX_GROUPS groups of MIX_INITIAL_GROUP_MEMBERS. */
async function createTenant(service: ServiceProcess, number: number): Promise<Tenant> {
  const connection = await createOrganizationWithConnection(service, `Tenant${number}`);
  const target = scimTarget(service, connection);
  const userIds = await seedMembers(service, connection.organizationId, 0, MIX_SEEDED_USERS);
  const groups: Tenant['groups'] = [];
  for (let index = 0; index < MIX_GROUPS; index += 1) {
    const created = await setupCall(
      target,
      'POST',
      '/Groups',
      entraGroupBody(`Tenant${number} Group ${index}`, index),
      201,
    );
    const groupId = idOf(created);
    const members = userIds.slice(
      index * MIX_INITIAL_GROUP_MEMBERS,
      (index + 1) * MIX_INITIAL_GROUP_MEMBERS,
    );
    await setupCall(target, 'PATCH', `/Groups/${groupId}`, membersPatch('Add', members), 204);
    groups.push({ id: groupId, members: new Set(members) });
  }
  return { number, target, userIds, groups, inactiveUserIds: new Set(), created: 0, sent: 0 };
}

/** Builds the tenant's next request in MIX_PATTERN order and updates the client's view of its state. */
function nextMixRequest(tenant: Tenant): MixRequest {
  const operation = MIX_PATTERN[tenant.sent % MIX_PATTERN.length];
  tenant.sent += 1;
  const { root } = tenant.target;
  switch (operation) {
    case 'lookup': {
      const index = Math.floor(Math.random() * MIX_SEEDED_USERS);
      return {
        route: ROUTES.userLookup,
        url: `${root}/Users?${filterQuery(`userName eq "user${index}@bench.test"`)}`,
        init: requestInit(tenant.target, 'GET'),
      };
    }
    case 'userPatch': {
      const userId = randomItem(tenant.userIds);
      // One user PATCH in three flips active, as Entra ID does when a user is disabled or enabled.
      let operations: unknown[];
      if (Math.random() < 1 / 3) {
        const active = tenant.inactiveUserIds.has(userId);
        if (active) tenant.inactiveUserIds.delete(userId);
        else tenant.inactiveUserIds.add(userId);
        operations = [{ op: 'Replace', path: 'active', value: active }];
      } else {
        operations = [{ op: 'Replace', path: 'displayName', value: `Renamed ${tenant.sent}` }];
      }
      return {
        route: ROUTES.userPatch,
        url: `${root}/Users/${userId}`,
        init: requestInit(tenant.target, 'PATCH', {
          schemas: [PATCH_OP_URN],
          Operations: operations,
        }),
      };
    }
    case 'create': {
      const user = entraUser(tenant.created);
      tenant.created += 1;
      return {
        route: ROUTES.userCreate,
        url: `${root}/Users`,
        init: requestInit(tenant.target, 'POST', user.body),
      };
    }
    case 'groupPatch': {
      const group = randomItem(tenant.groups);
      const memberId = randomItem(tenant.userIds, MIX_GROUP_MEMBER_POOL);
      const remove = group.members.has(memberId);
      if (remove) group.members.delete(memberId);
      else group.members.add(memberId);
      return {
        route: ROUTES.groupPatch,
        url: `${root}/Groups/${group.id}`,
        init: requestInit(
          tenant.target,
          'PATCH',
          membersPatch(remove ? 'Remove' : 'Add', [memberId]),
        ),
      };
    }
  }
}

/** Sends one request of the mix and records its latency from `scheduledAt`, the time it was due. */
async function sendMixRequest(tenant: Tenant, scheduledAt: number, log: CallLog): Promise<void> {
  const request = nextMixRequest(tenant);
  try {
    const response = await fetch(request.url, request.init);
    const text = await response.text();
    log.record(request.route, performance.now() - scheduledAt);
    if (response.status === 429) {
      log.countTooManyRequests();
    } else if (response.status < 200 || response.status >= 300) {
      log.fail(`${request.route} returned ${response.status}: ${text.slice(0, 300)}`);
    }
  } catch (error) {
    log.fail(`${request.route} failed without a response: ${errorMessage(error)}`);
  }
}

/**
 * Sends MIX_RATE_PER_TENANT requests per second per tenant for `durationSeconds`,
 * open-loop: each request leaves at its scheduled time whether or not earlier
 * ones have completed. The tenants' schedules are staggered evenly. Returns
 * the largest delay between a request's scheduled and actual send time.
 */
async function driveMix(
  tenants: readonly Tenant[],
  durationSeconds: number,
  log: CallLog,
): Promise<number> {
  const interval = 1000 / (MIX_RATE_PER_TENANT * tenants.length);
  const total = Math.round(durationSeconds * MIX_RATE_PER_TENANT) * tenants.length;
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  let maxLag = 0;
  for (let slot = 0; slot < total; slot += 1) {
    const due = start + slot * interval;
    const wait = due - performance.now();
    if (wait >= 1) await sleep(wait);
    maxLag = Math.max(maxLag, performance.now() - due);
    inFlight.push(sendMixRequest(tenants[slot % tenants.length], due, log));
  }
  await Promise.all(inFlight);
  return maxLag;
}

function describeMemory(memory: ServiceMemory | undefined): string {
  return memory === undefined ? 'unavailable' : `${memory.residentMiB.toFixed(0)} MiB`;
}

/**
 * Scenario B: MIX_TENANTS organizations, each with its own connection and
 * token, driven open-loop at MIX_RATE_PER_TENANT requests/s on a fresh
 * service that runs with the product's default rate limits.
 */
async function runMultiTenantMix(durationSeconds: number): Promise<ScenarioReport> {
  const service = await startService(DEFAULT_RATE_LIMITS);
  try {
    const engine = await describeEngine(service);
    process.stdout.write(
      `\nLoad B: sustained multi-tenant mix on a fresh ${engine} service with default rate limits (${describeLimits(DEFAULT_RATE_LIMITS)})\n`,
    );
    const tenants: Tenant[] = [];
    for (let number = 1; number <= MIX_TENANTS; number += 1) {
      tenants.push(await createTenant(service, number));
    }
    process.stdout.write(
      `  ${MIX_TENANTS} tenants seeded with ${MIX_SEEDED_USERS} users and ${MIX_GROUPS} groups each\n`,
    );

    const before = readMemory(service.pid);
    const warmUp = new CallLog();
    await driveMix(tenants, MIX_WARM_UP_SECONDS, warmUp);
    const log = new CallLog();
    const maxLag = await driveMix(tenants, durationSeconds, log);
    const after = readMemory(service.pid);

    const all = log.allLatencies();
    const slowest = log.slowest();
    const p99 = percentile(all, 0.99);
    const rate = MIX_TENANTS * MIX_RATE_PER_TENANT;
    return {
      name: `Sustained multi-tenant mix: ${MIX_TENANTS} tenants at ${MIX_RATE_PER_TENANT} requests/s each for ${durationSeconds} s`,
      passed: p99 < MIX_P99_TARGET_MS && log.failures === 0 && log.tooManyRequests === 0,
      lines: [
        `${engine}; default rate limits (${describeLimits(DEFAULT_RATE_LIMITS)})`,
        `open-loop, ${rate} requests/s in total after a ${MIX_WARM_UP_SECONDS} s warm-up (warm-up: ${warmUp.count} requests, ${warmUp.failures} errors, ${warmUp.tooManyRequests} 429s); ` +
          `mix per tenant: 50% userName lookups, 25% user PATCHes, 15% one-member group PATCHes, 10% creates`,
        `${log.count.toLocaleString('en-US')} responses; latency from the scheduled send to the last body byte: ` +
          `p50 ${formatMilliseconds(percentile(all, 0.5))}, p99 ${formatMilliseconds(p99)} (target < ${MIX_P99_TARGET_MS} ms), max ${formatMilliseconds(all[all.length - 1] ?? 0)}`,
        ...log.routes().map((route) => describeLatency(route, log.latencies(route))),
        `slowest: ${slowest.route} ${formatMilliseconds(slowest.milliseconds)}, scheduled ${seconds(slowest.startedAfter)} into the run`,
        `errors (non-2xx other than 429, or no response): ${log.failures} (target 0); 429s: ${log.tooManyRequests} (target 0)`,
        ...log.describeFailures(),
        `the load generator sent its latest request ${formatMilliseconds(maxLag)} after its scheduled time`,
        `service RSS (VmRSS): ${describeMemory(before)} before the warm-up, ${describeMemory(after)} after the run; peak (VmHWM) ${after === undefined ? 'unavailable' : `${after.peakMiB.toFixed(0)} MiB`}`,
      ],
    };
  } finally {
    await service.stop();
  }
}

/** Reads BENCH_LOAD_SECONDS, the length of the measured multi-tenant mix, and throws when it is invalid. */
export function readLoadSeconds(): number {
  const raw = process.env.BENCH_LOAD_SECONDS;
  if (raw === undefined || raw === '') return MIX_DEFAULT_SECONDS;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`BENCH_LOAD_SECONDS must be a positive number of seconds, not "${raw}"`);
  }
  return value;
}

/**
 * Runs the load scenarios, each on its own freshly started service: an
 * Entra ID initial sync of 10,000 users and 100 groups, then a sustained
 * open-loop mix from 20 tenants for `mixSeconds`.
 */
export async function runLoadScenarios(mixSeconds: number): Promise<ScenarioReport[]> {
  const entra = await runEntraInitialSync();
  const mix = await runMultiTenantMix(mixSeconds);
  return [entra, mix];
}
