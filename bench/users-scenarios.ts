import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { ScenarioReport } from './auth-scenarios';
import { LoadOptions, LoadResult, runLoad } from './load';
import { seedMembers } from './seed-members';
import { freePort, runCli, ServiceProcess, waitForHttp } from './service-process';

interface Target {
  name: string;
  root: string;
}

export interface BenchConnection {
  organizationId: string;
  connectionId: string;
  token: string;
}

export async function createOrganizationWithConnection(
  service: ServiceProcess,
  name: string,
): Promise<BenchConnection> {
  const organization = runCli(service, [
    'org:create',
    '--name',
    name,
    '--admin-email',
    `admin@${name.toLowerCase()}.test`,
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
  const body = (await response.json()) as { id: string; token: string };
  return { organizationId: organization.organizationId, connectionId: body.id, token: body.token };
}

async function startBaseline(
  service: ServiceProcess,
): Promise<{ baseUrl: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(__dirname, 'baseline-server.js')], {
    env: {
      PATH: process.env.PATH ?? '',
      BASELINE_PORT: String(port),
      BASELINE_VERIFIER_KEY: service.env.TOKEN_VERIFIER_KEY,
      ...(service.env.DATABASE_URL
        ? { BASELINE_DATABASE_URL: service.env.DATABASE_URL }
        : { BASELINE_SQLITE_FILE: `${service.env.DATA_DIR}/strada.sqlite` }),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHttp(`${baseUrl}/`, child);
  return {
    baseUrl,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

function userBody(id: string): string {
  return JSON.stringify({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: `new-${id}@bench.test`,
    name: { givenName: 'New', familyName: id },
    emails: [{ value: `new-${id}@bench.test`, type: 'work', primary: true }],
    active: true,
  });
}

function lookupLoad(
  target: Target,
  token: string,
  memberCount: number,
  seconds: number,
): Promise<LoadResult> {
  return runLoad({
    url: `${target.root}/Users`,
    headers: { authorization: `Bearer ${token}` },
    durationSeconds: seconds,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => {
          const index = Math.floor(Math.random() * memberCount);
          const filter = encodeURIComponent(`userName eq "user${index}@bench.test"`);
          return { ...request, path: `${new URL(target.root).pathname}/Users?filter=${filter}` };
        },
      },
    ],
  });
}

function fixed(value: number, digits = 2): string {
  return value.toFixed(digits);
}

/**
 * /Users against the hand-written baseline in the same run: create rate,
 * lookup by userName at 10,000 and 100,000 members, a deep page, and a
 * duplicate create.
 */
export async function runUserScenarios(
  service: ServiceProcess,
  seconds: number,
): Promise<ScenarioReport[]> {
  const connection = await createOrganizationWithConnection(service, 'Users');
  const baseline = await startBaseline(service);
  const auth = { authorization: `Bearer ${connection.token}` };
  const targets: Target[] = [
    { name: 'service', root: `${service.baseUrl}/scim/v2/${connection.connectionId}` },
    { name: 'baseline', root: `${baseline.baseUrl}/scim/v2/${connection.connectionId}` },
  ];
  const reports: ScenarioReport[] = [];
  try {
    // Creates: a unique userName per request.
    const creates: Record<string, LoadResult> = {};
    let sequence = 0;
    for (const target of targets) {
      const options: LoadOptions = {
        url: `${target.root}/Users`,
        headers: { ...auth, 'content-type': 'application/scim+json' },
        durationSeconds: seconds,
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => ({
              ...request,
              body: userBody(`${target.name}-${(sequence += 1)}`),
            }),
          },
        ],
      };
      await runLoad({ ...options, durationSeconds: 1 });
      creates[target.name] = await runLoad(options);
    }
    const createRatio = creates.service.requestsPerSecond / creates.baseline.requestsPerSecond;
    reports.push({
      name: 'POST /Users rate against the baseline',
      passed: creates.service.non2xx === 0,
      lines: [
        `service: ${fixed(creates.service.requestsPerSecond, 0)} creates/s (non-2xx ${creates.service.non2xx}); baseline: ${fixed(creates.baseline.requestsPerSecond, 0)} creates/s`,
        `ratio: ${fixed(createRatio)} (reported; no target)`,
      ],
    });

    // Duplicate creates: the same userName every time, so every request after the first is 409.
    const duplicate = await runLoad({
      url: `${targets[0].root}/Users`,
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/scim+json' },
      body: userBody('duplicate'),
      durationSeconds: seconds,
    });
    const duplicateCost = creates.service.requestsPerSecond / duplicate.requestsPerSecond;
    reports.push({
      name: 'duplicate POST (409) against a successful POST',
      passed: duplicateCost <= 2,
      lines: [
        `409s: ${fixed(duplicate.requestsPerSecond, 0)} req/s; successful creates: ${fixed(creates.service.requestsPerSecond, 0)} req/s`,
        `cost of a 409 relative to a 201: ${fixed(duplicateCost)}x (target <= 2x)`,
      ],
    });

    // Lookups by userName at 10,000 and 100,000 members.
    const lookups: Record<string, Record<string, LoadResult>> = {};
    let seeded = 0;
    for (const size of [10_000, 100_000]) {
      await seedMembers(service, connection.organizationId, seeded, size);
      seeded = size;
      lookups[size] = {};
      for (const target of targets) {
        await lookupLoad(target, connection.token, size, 1);
        lookups[size][target.name] = await lookupLoad(target, connection.token, size, seconds);
      }
    }
    for (const size of [10_000, 100_000]) {
      const ratio =
        lookups[size].service.requestsPerSecond / lookups[size].baseline.requestsPerSecond;
      reports.push({
        name: `GET /Users?filter=userName eq at ${size.toLocaleString('en-US')} members`,
        passed: ratio >= 0.5 && lookups[size].service.non2xx === 0,
        lines: [
          `service: ${fixed(lookups[size].service.requestsPerSecond, 0)} req/s, mean ${fixed(lookups[size].service.latencyMeanMs)} ms; baseline: ${fixed(lookups[size].baseline.requestsPerSecond, 0)} req/s`,
          `ratio to the baseline: ${fixed(ratio)} (target >= 0.5)`,
        ],
      });
    }
    const growth = lookups[100_000].service.latencyMeanMs / lookups[10_000].service.latencyMeanMs;
    reports.push({
      name: 'lookup latency from 10,000 to 100,000 members',
      passed: growth <= 1.5,
      lines: [
        `mean latency at 100,000 / at 10,000: ${fixed(growth)} (target: no growth; passes up to 1.5 for noise)`,
      ],
    });

    // Deep page against the first page, 100 resources each.
    const pages: Record<string, LoadResult> = {};
    for (const [name, startIndex] of [
      ['first', 1],
      ['deep', 90_001],
    ] as const) {
      const url = `${targets[0].root}/Users?startIndex=${startIndex}&count=100`;
      await runLoad({ url, headers: auth, durationSeconds: 1, connections: 4 });
      pages[name] = await runLoad({ url, headers: auth, durationSeconds: seconds, connections: 4 });
    }
    const baselineDeep = await runLoad({
      url: `${targets[1].root}/Users?startIndex=90001&count=100`,
      headers: auth,
      durationSeconds: seconds,
      connections: 4,
    });
    const deepRatio = pages.deep.latencyMeanMs / pages.first.latencyMeanMs;
    reports.push({
      name: 'page at startIndex 90,001 of 100,000 against the first page',
      passed: deepRatio <= 10 && pages.deep.non2xx === 0,
      lines: [
        `first page: mean ${fixed(pages.first.latencyMeanMs)} ms; startIndex 90,001: mean ${fixed(pages.deep.latencyMeanMs)} ms; baseline at 90,001: mean ${fixed(baselineDeep.latencyMeanMs)} ms`,
        `ratio: ${fixed(deepRatio)} (target <= 10)`,
      ],
    });
  } finally {
    await baseline.stop();
  }
  return reports;
}
