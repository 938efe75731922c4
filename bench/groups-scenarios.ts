import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import type { ScenarioReport } from './auth-scenarios';
import { seedMembers } from './seed-members';
import { runCli, ServiceProcess } from './service-process';

const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

const BULK_GROUP_SIZE = 10_000;
const LARGE_GROUP_SIZE = 50_000;
const SMALL_GROUP_SIZE = 10;
/** Members added by the PATCH that warms up the bulk path before scenario 1 is measured. */
const WARM_UP_BULK_SIZE = 2_000;
/** Single-member adds measured per group in scenario 2, after SINGLE_ADD_WARM_UP unmeasured ones. */
const SINGLE_ADDS = 200;
const SINGLE_ADD_WARM_UP = 20;
/** Scenario 2 alternates between the two groups in this many rounds, so drift hits both alike. */
const SINGLE_ADD_ROUNDS = 4;

/** A response and the time from sending the request to reading the whole body. */
export interface TimedResponse {
  status: number;
  text: string;
  milliseconds: number;
}

/** An organization with a SCIM connection, and an admin token for the admin API. */
interface GroupsBench {
  organizationId: string;
  adminToken: string;
  scimRoot: string;
  scimToken: string;
}

interface LookupSample {
  milliseconds: number;
  status: number;
}

export async function timedFetch(url: string, init: RequestInit): Promise<TimedResponse> {
  const started = performance.now();
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, text, milliseconds: performance.now() - started };
}

async function createGroupsBench(service: ServiceProcess): Promise<GroupsBench> {
  const organization = runCli(service, [
    'org:create',
    '--name',
    'Groups',
    '--admin-email',
    'admin@groups.test',
  ]);
  const response = await fetch(
    `${service.baseUrl}/api/v1/organizations/${organization.organizationId}/scim/connection`,
    {
      method: 'POST',
      headers: {
        authorization: `Bearer ${organization.accessToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ identityProvider: 'entra_id' }),
    },
  );
  if (response.status !== 201) {
    throw new Error(`creating the /Groups bench connection failed with status ${response.status}`);
  }
  const body = (await response.json()) as { id: string; token: string };
  return {
    organizationId: organization.organizationId,
    adminToken: organization.accessToken,
    scimRoot: `${service.baseUrl}/scim/v2/${body.id}`,
    scimToken: body.token,
  };
}

async function createGroup(bench: GroupsBench, displayName: string): Promise<string> {
  const result = await timedFetch(`${bench.scimRoot}/Groups`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${bench.scimToken}`,
      'content-type': 'application/scim+json',
    },
    body: JSON.stringify({ schemas: [GROUP_URN], displayName }),
  });
  if (result.status !== 201) {
    throw new Error(
      `creating group ${displayName} failed with status ${result.status}: ${result.text}`,
    );
  }
  return (JSON.parse(result.text) as { id: string }).id;
}

/** Sends one PATCH with a single operation on `members` and returns its time. Throws unless the status is 204. */
async function patchMembers(
  bench: GroupsBench,
  groupId: string,
  op: 'add' | 'remove',
  memberIds: readonly string[],
): Promise<number> {
  const body = JSON.stringify({
    schemas: [PATCH_OP_URN],
    Operations: [{ op, path: 'members', value: memberIds.map((value) => ({ value })) }],
  });
  const result = await timedFetch(`${bench.scimRoot}/Groups/${groupId}`, {
    method: 'PATCH',
    headers: {
      authorization: `Bearer ${bench.scimToken}`,
      'content-type': 'application/scim+json',
    },
    body,
  });
  if (result.status !== 204) {
    throw new Error(
      `PATCH ${op} of ${memberIds.length} members on group ${groupId} failed with status ${result.status}: ${result.text.slice(0, 500)}`,
    );
  }
  return result.milliseconds;
}

/** Sends GET /Users?filter=userName eq one after another, until `isDone` returns true. */
async function lookupLoop(
  bench: GroupsBench,
  memberCount: number,
  isDone: () => boolean,
): Promise<LookupSample[]> {
  const samples: LookupSample[] = [];
  while (!isDone()) {
    const index = Math.floor(Math.random() * memberCount);
    const filter = encodeURIComponent(`userName eq "user${index}@bench.test"`);
    const result = await timedFetch(`${bench.scimRoot}/Users?filter=${filter}`, {
      headers: { authorization: `Bearer ${bench.scimToken}` },
    });
    samples.push({ milliseconds: result.milliseconds, status: result.status });
  }
  return samples;
}

function lookupsFor(bench: GroupsBench, memberCount: number, seconds: number) {
  const deadline = performance.now() + seconds * 1000;
  return lookupLoop(bench, memberCount, () => performance.now() >= deadline);
}

/** Runs one COUNT(*) query, written with `$n` placeholders, straight on the service's database. */
async function countRows(
  service: ServiceProcess,
  sql: string,
  parameters: unknown[],
): Promise<number> {
  if (service.env.DATABASE_URL) {
    const client = new Client({ connectionString: service.env.DATABASE_URL });
    await client.connect();
    try {
      const result = await client.query<{ count: string }>(sql, parameters);
      return Number(result.rows[0].count);
    } finally {
      await client.end();
    }
  }
  const db = new Database(`${service.env.DATA_DIR}/strada.sqlite`, { readonly: true });
  try {
    db.pragma('busy_timeout = 10000');
    const row = db.prepare(sql.replace(/\$\d+/g, '?')).get(...parameters) as { count: number };
    return Number(row.count);
  } finally {
    db.close();
  }
}

function groupSize(service: ServiceProcess, groupId: string): Promise<number> {
  return countRows(
    service,
    'SELECT COUNT(*) AS count FROM scim_group_members WHERE group_id = $1',
    [groupId],
  );
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function milliseconds(value: number): string {
  return `${value.toFixed(1)} ms`;
}

/** Hands out consecutive slices of the seeded member ids, so no two uses share a member. */
class MemberPool {
  private next = 0;

  constructor(private readonly ids: readonly string[]) {}

  take(count: number): string[] {
    if (this.next + count > this.ids.length) {
      throw new Error(
        `the member pool has ${this.ids.length - this.next} ids left but ${count} were requested; seed more members in runGroupScenarios`,
      );
    }
    const slice = this.ids.slice(this.next, this.next + count);
    this.next += count;
    return slice;
  }
}

/**
 * Scenario 1: one PATCH adding 10,000 members, while a loop of userName
 * lookups runs against the same service.
 */
async function bulkAddScenario(
  service: ServiceProcess,
  bench: GroupsBench,
  pool: MemberPool,
  memberCount: number,
  seconds: number,
): Promise<{ report: ScenarioReport; groupId: string }> {
  const warmUpGroup = await createGroup(bench, 'Bulk warm-up');
  await patchMembers(bench, warmUpGroup, 'add', pool.take(WARM_UP_BULK_SIZE));
  await lookupsFor(bench, memberCount, 1);

  const alone = await lookupsFor(bench, memberCount, seconds);
  const aloneMean = mean(alone.map((sample) => sample.milliseconds));

  const groupId = await createGroup(bench, 'Bulk');
  const memberIds = pool.take(BULK_GROUP_SIZE);
  let patchDone = false;
  const during = lookupLoop(bench, memberCount, () => patchDone);
  let patchMilliseconds: number;
  try {
    patchMilliseconds = await patchMembers(bench, groupId, 'add', memberIds);
  } finally {
    patchDone = true;
  }
  const samples = await during;
  const stored = await groupSize(service, groupId);

  const slowest = Math.max(...samples.map((sample) => sample.milliseconds));
  const failedLookups = samples.filter((sample) => sample.status !== 200).length;
  const failedAlone = alone.filter((sample) => sample.status !== 200).length;
  const passed =
    patchMilliseconds < 2000 &&
    stored === BULK_GROUP_SIZE &&
    slowest < 1000 &&
    failedLookups === 0 &&
    failedAlone === 0;
  return {
    groupId,
    report: {
      name: `PATCH adding ${BULK_GROUP_SIZE.toLocaleString('en-US')} members to a group in one request`,
      passed,
      lines: [
        `PATCH: ${milliseconds(patchMilliseconds)} until the 204 (target < 2000 ms); group now has ${stored.toLocaleString('en-US')} members`,
        `GET /Users?filter=userName eq, one at a time, alone for ${seconds} s: ${alone.length} lookups, mean ${milliseconds(aloneMean)} (non-200: ${failedAlone})`,
        `the same loop during the PATCH: ${samples.length} lookups, slowest ${milliseconds(slowest)} (target < 1000 ms), ` +
          `${(slowest / aloneMean).toFixed(1)}x the mean alone (non-200: ${failedLookups})`,
      ],
    },
  };
}

/**
 * Scenario 2: single-member adds to a 50,000-member group against a
 * 10-member group. Each measured add is followed by an unmeasured remove,
 * so both groups keep their size.
 */
async function singleAddScenario(
  bench: GroupsBench,
  pool: MemberPool,
  largeGroupId: string,
  smallGroupId: string,
): Promise<ScenarioReport> {
  const groups = [
    { name: 'large', id: largeGroupId },
    { name: 'small', id: smallGroupId },
  ];
  const timings: Record<string, number[]> = { large: [], small: [] };
  const addAndRemove = async (groupId: string): Promise<number> => {
    const [memberId] = pool.take(1);
    const elapsed = await patchMembers(bench, groupId, 'add', [memberId]);
    await patchMembers(bench, groupId, 'remove', [memberId]);
    return elapsed;
  };

  for (const group of groups) {
    for (let index = 0; index < SINGLE_ADD_WARM_UP; index += 1) await addAndRemove(group.id);
  }
  for (let round = 0; round < SINGLE_ADD_ROUNDS; round += 1) {
    for (const group of groups) {
      for (let index = 0; index < SINGLE_ADDS / SINGLE_ADD_ROUNDS; index += 1) {
        timings[group.name].push(await addAndRemove(group.id));
      }
    }
  }

  const largeMean = mean(timings.large);
  const smallMean = mean(timings.small);
  const ratio = largeMean / smallMean;
  return {
    name: `PATCH adding one member: ${LARGE_GROUP_SIZE.toLocaleString('en-US')}-member group against a ${SMALL_GROUP_SIZE}-member group`,
    passed: ratio <= 1.5,
    lines: [
      `${SINGLE_ADDS} sequential adds per group in ${SINGLE_ADD_ROUNDS} alternating rounds, each followed by an unmeasured remove`,
      `mean at ${LARGE_GROUP_SIZE.toLocaleString('en-US')} members: ${milliseconds(largeMean)}; at ${SMALL_GROUP_SIZE} members: ${milliseconds(smallMean)}`,
      `ratio: ${ratio.toFixed(2)} (target <= 1.5)`,
    ],
  };
}

/** Scenario 3: one GET of the 50,000-member group, with its member list. */
async function largeGetScenario(
  bench: GroupsBench,
  largeGroupId: string,
  warmUpGroupId: string,
): Promise<ScenarioReport> {
  const headers = { authorization: `Bearer ${bench.scimToken}` };
  const warmUp = await timedFetch(`${bench.scimRoot}/Groups/${warmUpGroupId}`, { headers });
  if (warmUp.status !== 200) {
    throw new Error(`warm-up GET of group ${warmUpGroupId} failed with status ${warmUp.status}`);
  }

  const result = await timedFetch(`${bench.scimRoot}/Groups/${largeGroupId}`, { headers });
  const members =
    result.status === 200
      ? ((JSON.parse(result.text) as { members?: unknown[] }).members?.length ?? 0)
      : 0;
  const megabytes = Buffer.byteLength(result.text) / (1024 * 1024);
  return {
    name: `GET of the ${LARGE_GROUP_SIZE.toLocaleString('en-US')}-member group`,
    passed: result.status === 200 && members === LARGE_GROUP_SIZE && result.milliseconds < 5000,
    lines: [
      `status ${result.status}; ${milliseconds(result.milliseconds)} until the whole body was read (target < 5000 ms)`,
      `body: ${megabytes.toFixed(2)} MiB with ${members.toLocaleString('en-US')} members (expected ${LARGE_GROUP_SIZE.toLocaleString('en-US')})`,
    ],
  };
}

async function saveRoleMappings(
  service: ServiceProcess,
  bench: GroupsBench,
  mappings: { groupId: string; role: string }[],
): Promise<number> {
  const result = await timedFetch(
    `${service.baseUrl}/api/v1/organizations/${bench.organizationId}/scim/role-mappings`,
    {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${bench.adminToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ mappings }),
    },
  );
  if (result.status !== 200) {
    throw new Error(
      `saving role mappings failed with status ${result.status}: ${result.text.slice(0, 500)}`,
    );
  }
  return result.milliseconds;
}

/**
 * Scenario 4: saving a mapping of the 10,000-member group to Executive.
 * The warm-up maps the 10-member group and then saves an empty set, so no
 * member is Executive when the measured save starts.
 */
async function roleMappingScenario(
  service: ServiceProcess,
  bench: GroupsBench,
  bulkGroupId: string,
  smallGroupId: string,
): Promise<ScenarioReport> {
  const countExecutives = () =>
    countRows(
      service,
      "SELECT COUNT(*) AS count FROM members WHERE organization_id = $1 AND role = 'executive' AND role_source = 'mapping'",
      [bench.organizationId],
    );
  await saveRoleMappings(service, bench, [{ groupId: smallGroupId, role: 'executive' }]);
  await saveRoleMappings(service, bench, []);
  const before = await countExecutives();

  const elapsed = await saveRoleMappings(service, bench, [
    { groupId: bulkGroupId, role: 'executive' },
  ]);
  const after = await countExecutives();
  const changed = after - before;
  return {
    name: `role-mapping save that makes ${BULK_GROUP_SIZE.toLocaleString('en-US')} members Executive`,
    passed: elapsed < 5000 && changed === BULK_GROUP_SIZE,
    lines: [
      `PUT /scim/role-mappings: ${milliseconds(elapsed)} until the 200 (target < 5000 ms)`,
      `members with role executive from a mapping, by SQL count: ${before} before, ${after.toLocaleString('en-US')} after (expected ${BULK_GROUP_SIZE.toLocaleString('en-US')} changed)`,
    ],
  };
}

/**
 * /Groups at scale: a 10,000-member PATCH under concurrent lookups,
 * single-member adds against group size, a GET of a 50,000-member group and
 * a role-mapping save that recomputes 10,000 members. Members are seeded
 * straight into the database, and groups are filled over SCIM.
 */
export async function runGroupScenarios(
  service: ServiceProcess,
  seconds: number,
): Promise<ScenarioReport[]> {
  const bench = await createGroupsBench(service);
  const memberCount =
    WARM_UP_BULK_SIZE +
    BULK_GROUP_SIZE +
    LARGE_GROUP_SIZE +
    SMALL_GROUP_SIZE +
    2 * (SINGLE_ADDS + SINGLE_ADD_WARM_UP);
  const pool = new MemberPool(await seedMembers(service, bench.organizationId, 0, memberCount));

  const bulk = await bulkAddScenario(service, bench, pool, memberCount, seconds);

  // The large group is filled by PATCHes of 10,000 members, and their times show how a bulk add grows with the group.
  const largeGroupId = await createGroup(bench, 'Large');
  const fillTimes: number[] = [];
  for (let filled = 0; filled < LARGE_GROUP_SIZE; filled += BULK_GROUP_SIZE) {
    fillTimes.push(await patchMembers(bench, largeGroupId, 'add', pool.take(BULK_GROUP_SIZE)));
  }
  bulk.report.lines.push(
    `the ${fillTimes.length} PATCHes of ${BULK_GROUP_SIZE.toLocaleString('en-US')} that filled the ${LARGE_GROUP_SIZE.toLocaleString('en-US')}-member group: ` +
      `${fillTimes.map((time) => time.toFixed(0)).join(', ')} ms (reported; no target)`,
  );
  const smallGroupId = await createGroup(bench, 'Small');
  await patchMembers(bench, smallGroupId, 'add', pool.take(SMALL_GROUP_SIZE));

  const singleAdd = await singleAddScenario(bench, pool, largeGroupId, smallGroupId);
  const largeGet = await largeGetScenario(bench, largeGroupId, bulk.groupId);
  const roleMapping = await roleMappingScenario(service, bench, bulk.groupId, smallGroupId);
  return [bulk.report, singleAdd, largeGet, roleMapping];
}
