import { runAuthScenarios, ScenarioReport } from './auth-scenarios';
import { runGroupScenarios } from './groups-scenarios';
import { pinLoadGenerator, startService } from './service-process';
import { runUserScenarios } from './users-scenarios';

/**
 * `npm run bench`: starts the built service and measures it with HTTP load
 * from this process. BENCH_DATABASE_URL selects PostgreSQL; BENCH_SECONDS
 * sets the length of each measured run (default 5). Exits 1 when a target
 * is missed.
 */
async function main(): Promise<number> {
  const seconds = Number(process.env.BENCH_SECONDS ?? '5');
  const service = await startService();
  pinLoadGenerator();
  const reports: ScenarioReport[] = [];
  try {
    process.stdout.write(
      `Engine: ${service.engine}; ${seconds} s per measured run, after warm-up\n`,
    );
    reports.push(...(await runAuthScenarios(service, seconds)));
    reports.push(...(await runUserScenarios(service, seconds)));
    reports.push(...(await runGroupScenarios(service, seconds)));
  } finally {
    await service.stop();
  }
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
