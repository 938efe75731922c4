import { runAuthScenarios, ScenarioReport } from './auth-scenarios';
import { runGroupScenarios } from './groups-scenarios';
import { readLoadSeconds, runLoadScenarios } from './load-scenarios';
import { pinLoadGenerator, startService } from './service-process';
import { runUserScenarios } from './users-scenarios';

/** Runs the throughput scenarios on one service, BENCH_SECONDS per measured run. */
async function runThroughputScenarios(onlyAuthentication: boolean): Promise<ScenarioReport[]> {
  const seconds = Number(process.env.BENCH_SECONDS ?? '5');
  const service = await startService();
  const reports: ScenarioReport[] = [];
  try {
    process.stdout.write(
      `Engine: ${service.engine}; ${seconds} s per measured run, after warm-up\n`,
    );
    reports.push(...(await runAuthScenarios(service, seconds)));
    if (!onlyAuthentication) {
      reports.push(...(await runUserScenarios(service, seconds)));
      reports.push(...(await runGroupScenarios(service, seconds)));
    }
  } finally {
    await service.stop();
  }
  return reports;
}

/**
 * `npm run bench`: starts the built service and measures it with HTTP load
 * from this process. BENCH_DATABASE_URL selects PostgreSQL; BENCH_SECONDS
 * sets the length of each measured throughput run (default 5). The load
 * scenarios run after the throughput scenarios, each on a service of its
 * own (on PostgreSQL, in the same database). BENCH_LOAD_SECONDS sets the
 * length of the multi-tenant mix (default 60). BENCH_ONLY=load runs only
 * the load scenarios, BENCH_ONLY=auth only the authentication scenarios.
 * Exits 1 when a target is missed.
 */
async function main(): Promise<number> {
  const only = process.env.BENCH_ONLY ?? '';
  if (only !== '' && only !== 'load' && only !== 'auth') {
    throw new Error(`BENCH_ONLY must be "auth", "load" or unset, not "${only}"`);
  }
  const loadSeconds = readLoadSeconds();
  pinLoadGenerator();
  const reports: ScenarioReport[] = [];
  if (only !== 'load') reports.push(...(await runThroughputScenarios(only === 'auth')));
  if (only !== 'auth') reports.push(...(await runLoadScenarios(loadSeconds)));
  for (const report of reports) {
    process.stdout.write(`\n${report.passed ? 'PASS' : 'MISS'} ${report.name}\n`);
    for (const line of report.lines) process.stdout.write(`  ${line}\n`);
  }
  return reports.every((report) => report.passed) ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `Benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
