import { LoadOptions, LoadResult, runLoad } from './load';
import { runCli, ServiceProcess } from './service-process';

export interface ScenarioReport {
  name: string;
  lines: string[];
  passed: boolean;
}

interface Connection {
  scimRoot: string;
  token: string;
}

async function createConnection(service: ServiceProcess): Promise<Connection> {
  const organization = runCli(service, [
    'org:create',
    '--name',
    'Bench',
    '--admin-email',
    'bench@bench.test',
  ]);
  const response = await fetch(
    `${service.baseUrl}/api/v1/organizations/${organization.organizationId}/scim/connection`,
    {
      method: 'POST',
      headers: {
        authorization: `Bearer ${organization.accessToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ identityProvider: 'generic' }),
    },
  );
  if (response.status !== 201)
    throw new Error(`creating the bench connection returned ${response.status}`);
  const body = (await response.json()) as { id: string; token: string };
  return { scimRoot: `${service.baseUrl}/scim/v2/${body.id}`, token: body.token };
}

/** Replaces the last character of the secret, keeping the token id valid. */
function tamper(token: string): string {
  return `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
}

interface AlternatedRounds {
  first: LoadResult;
  second: LoadResult;
  medianRatio: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)];
}

async function alternate(
  count: number,
  seconds: number,
  first: Omit<LoadOptions, 'durationSeconds'>,
  second: Omit<LoadOptions, 'durationSeconds'>,
): Promise<AlternatedRounds> {
  const firstResults: LoadResult[] = [];
  const secondResults: LoadResult[] = [];
  for (let round = 0; round < count; round += 1) {
    firstResults.push(await runLoad({ ...first, durationSeconds: seconds }));
    secondResults.push(await runLoad({ ...second, durationSeconds: seconds }));
  }
  const byThroughput = (results: LoadResult[]) =>
    results.find(
      (result) =>
        result.requestsPerSecond === median(results.map((entry) => entry.requestsPerSecond)),
    ) as LoadResult;
  return {
    first: byThroughput(firstResults),
    second: byThroughput(secondResults),
    medianRatio: median(
      secondResults.map(
        (result, round) => result.requestsPerSecond / firstResults[round].requestsPerSecond,
      ),
    ),
  };
}

function ratio(value: number): string {
  return value.toFixed(2);
}

/**
 * Authentication cost: an authenticated GET /ServiceProviderConfig against
 * GET /health/ready (each one database round trip), and a flood of tampered
 * tokens that carry a valid token id.
 */
export async function runAuthScenarios(
  service: ServiceProcess,
  seconds: number,
): Promise<ScenarioReport[]> {
  const connection = await createConnection(service);
  const valid = {
    url: `${connection.scimRoot}/ServiceProviderConfig`,
    headers: { authorization: `Bearer ${connection.token}` },
  };
  const invalid = {
    url: valid.url,
    headers: { authorization: `Bearer ${tamper(connection.token)}` },
  };
  const ready = { url: `${service.baseUrl}/health/ready` };

  await runLoad({ ...valid, durationSeconds: 2 });
  await runLoad({ ...ready, durationSeconds: 2 });
  await runLoad({ ...invalid, durationSeconds: 2 });

  // Rounds alternate the two endpoints so that drift in the machine's speed hits both alike;
  // the reported figures are the medians of the rounds.
  const rounds = await alternate(5, seconds, ready, valid);
  const readyResult = rounds.first;
  const validResult = rounds.second;
  const invalidResult = await runLoad({ ...invalid, durationSeconds: seconds });
  // The flood gets as many connections as the valid client, so the two compete on equal terms.
  const [validUnderFlood, flood] = await Promise.all([
    runLoad({ ...valid, durationSeconds: seconds, connections: 10 }),
    runLoad({ ...invalid, durationSeconds: seconds, connections: 10 }),
  ]);

  const authRatio = rounds.medianRatio;
  const invalidRatio = invalidResult.requestsPerSecond / validResult.requestsPerSecond;
  const slowdown = validUnderFlood.latencyMeanMs / validResult.latencyMeanMs;

  return [
    {
      name: 'authenticated ServiceProviderConfig vs health/ready',
      passed: authRatio >= 0.8 && validResult.non2xx === 0,
      lines: [
        `health/ready: ${readyResult.requestsPerSecond.toFixed(0)} req/s`,
        `ServiceProviderConfig with a valid token: ${validResult.requestsPerSecond.toFixed(0)} req/s (non-2xx ${validResult.non2xx})`,
        `median ratio of 5 alternating rounds: ${ratio(authRatio)} (target >= 0.8)`,
      ],
    },
    {
      name: 'tampered tokens with a valid token id',
      passed: invalidRatio >= 0.5 && slowdown <= 2 && validUnderFlood.non2xx === 0,
      lines: [
        `tampered token (401): ${invalidResult.requestsPerSecond.toFixed(0)} req/s, ratio to valid ${ratio(invalidRatio)} (target >= 0.5)`,
        `valid requests alone (10 connections): mean ${validResult.latencyMeanMs.toFixed(2)} ms; ` +
          `with a flood on 10 more connections (${flood.requestsPerSecond.toFixed(0)} req/s of 401s): mean ${validUnderFlood.latencyMeanMs.toFixed(2)} ms`,
        `slowdown under flood: ${ratio(slowdown)}x (target <= 2x)`,
      ],
    },
  ];
}
