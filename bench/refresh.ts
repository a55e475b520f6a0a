/**
 * Benchmark of `terraform plan` with refresh (not a test; nothing is asserted). For N = 100 and
 * 1,000: N apono_user plus N/10 apono_group of 10 members each (count-based HCL), applied with
 * `-parallelism=20` against a fresh in-memory apono-sandbox with no latency; then, with 20 ms of
 * injected latency per API request, `terraform plan -refresh=true` and `-refresh=false`, each with
 * its wall time, the API calls by route (from /_sandbox/stats) and the number of provider processes
 * Terraform launched. A `-refresh=true` plan without latency separates CPU from waiting; a last
 * apply of N/10 more users (with latency) shows what creates cost in API calls.
 * Loopback only; every temp dir is removed and the sandbox stopped, also on failure.
 * Usage: node dist/bench/refresh.js [--sizes 100,1000]
 */
import { performance } from 'node:perf_hooks';
import {
  REQUIRED_PROVIDERS_HCL,
  Workspace,
  apiStats,
  median,
  resetStats,
  setLatency,
  startSandbox,
  stopSandbox,
  totalCalls,
  type Sandbox,
} from './terraform-bench';

const LATENCY_MS = 20;
/** Each plan is run this many times; the table shows the median and the range. */
const PLAN_REPEATS = 3;

/** N users and `groups` groups of 10 members each, every member a reference to a user's email. */
function refreshHcl(users: number, groups: number): string {
  return `${REQUIRED_PROVIDERS_HCL}
resource "apono_user" "u" {
  count     = ${users}
  email     = "bench-user-\${count.index}@example.com"
  full_name = "Bench User\${count.index}"
}

resource "apono_group" "g" {
  count   = ${groups}
  name    = "bench-group-\${count.index}"
  members = [for i in range(10) : apono_user.u[count.index * 10 + i].email]
}
`;
}

interface Measurement {
  label: string;
  /** Wall time of each repetition, in run order. */
  wallMs: number[];
  /** False when the API call count differed between repetitions (the first one is shown). */
  stableCalls: boolean;
  exitCode: number;
  launches: number;
  requests: Record<string, number>;
}

/** A terraform command, `repeats` times, each against a sandbox whose stats were just reset. */
async function measure(
  sandbox: Sandbox,
  workspace: Workspace,
  label: string,
  args: string[],
  latencyMs: number,
  repeats = 1,
): Promise<Measurement> {
  const wallMs: number[] = [];
  let first: Omit<Measurement, 'wallMs' | 'stableCalls'> | null = null;
  let stableCalls = true;
  for (let i = 0; i < repeats; i++) {
    await setLatency(sandbox, latencyMs);
    await resetStats(sandbox);
    const launchesBefore = workspace.launches();
    const started = performance.now();
    const result = await workspace.run(args);
    wallMs.push(performance.now() - started);
    // -detailed-exitcode: 0 no changes, 2 changes present, 1 error.
    if (result.code === 1)
      throw new Error(`terraform ${args.join(' ')} failed\n${result.stdout}\n${result.stderr}`);
    const requests = await apiStats(sandbox);
    await setLatency(sandbox, 0);
    const launches = workspace.launches() - launchesBefore;
    if (first === null) first = { label, exitCode: result.code, launches, requests };
    else if (totalCalls(requests) !== totalCalls(first.requests)) stableCalls = false;
  }
  return { ...first!, wallMs, stableCalls };
}

async function benchSize(users: number): Promise<Measurement[]> {
  const groups = users / 10;
  const sandbox = await startSandbox();
  let workspace: Workspace | null = null;
  try {
    workspace = new Workspace({ prefix: 'apono-bench-refresh-', endpoint: sandbox.url, countLaunches: true });
    workspace.write(refreshHcl(users, groups));
    const total = users + groups;
    process.stderr.write(
      `[N=${users}] apply of ${users} users + ${groups} groups, latency 0, -parallelism=20\n`,
    );
    let created = 0;
    const started = performance.now();
    const applied = await workspace.run(
      ['apply', '-auto-approve', '-no-color', '-input=false', '-parallelism=20'],
      (line) => {
        if (!line.includes('Creation complete')) return;
        created++;
        if (created % 100 === 0 || created === total) {
          const seconds = ((performance.now() - started) / 1000).toFixed(0);
          process.stderr.write(`[N=${users}]   ${created}/${total} created (${seconds} s)\n`);
        }
      },
    );
    if (applied.code !== 0) throw new Error(`terraform apply failed\n${applied.stdout}\n${applied.stderr}`);
    const setup: Measurement = {
      label: 'setup: apply -parallelism=20, latency 0',
      wallMs: [performance.now() - started],
      stableCalls: true,
      exitCode: applied.code,
      launches: workspace.launches(),
      requests: await apiStats(sandbox),
    };
    process.stderr.write(`[N=${users}] plans\n`);
    const plan = ['plan', '-detailed-exitcode', '-no-color', '-input=false'];
    const results = [setup];
    results.push(
      await measure(
        sandbox,
        workspace,
        `plan -refresh=true, latency ${LATENCY_MS} ms`,
        plan,
        LATENCY_MS,
        PLAN_REPEATS,
      ),
    );
    results.push(
      await measure(
        sandbox,
        workspace,
        `plan -refresh=false, latency ${LATENCY_MS} ms`,
        [...plan, '-refresh=false'],
        LATENCY_MS,
        PLAN_REPEATS,
      ),
    );
    results.push(await measure(sandbox, workspace, 'plan -refresh=true, latency 0', plan, 0, PLAN_REPEATS));
    // Incremental apply: N/10 more users (the groups are unchanged), with latency.
    const added = users / 10;
    workspace.write(refreshHcl(users + added, groups));
    process.stderr.write(`[N=${users}] apply of ${added} more users, latency ${LATENCY_MS} ms\n`);
    results.push(
      await measure(
        sandbox,
        workspace,
        `apply +${added} users, -parallelism=20, latency ${LATENCY_MS} ms`,
        ['apply', '-auto-approve', '-no-color', '-input=false', '-parallelism=20'],
        LATENCY_MS,
      ),
    );
    return results;
  } finally {
    workspace?.remove();
    await stopSandbox(sandbox);
  }
}

function report(users: number, results: readonly Measurement[]): void {
  console.log(`\n### N = ${users}: ${users} users + ${users / 10} groups x 10 members\n`);
  console.log('| run | wall s, median (min – max) | exit | provider launches | API calls |');
  console.log('|---|---|---|---|---|');
  for (const r of results) {
    const sorted = [...r.wallMs].sort((a, b) => a - b);
    const s = (value: number): string => (value / 1000).toFixed(2);
    const range =
      sorted.length > 1
        ? ` (${s(sorted[0]!)} – ${s(sorted[sorted.length - 1]!)}, ${sorted.length} runs)`
        : '';
    const calls = `${totalCalls(r.requests)}${r.stableCalls ? '' : ' (varied between runs)'}`;
    console.log(`| ${r.label} | ${s(median(r.wallMs))}${range} | ${r.exitCode} | ${r.launches} | ${calls} |`);
  }
  for (const r of results) {
    const routes = Object.entries(r.requests).sort((a, b) => b[1] - a[1]);
    if (routes.length === 0) continue;
    console.log(`\n${r.label}, API calls by route:\n`);
    for (const [route, count] of routes) console.log(`- \`${route}\`: ${count}`);
  }
}

function sizesArg(): number[] {
  const index = process.argv.indexOf('--sizes');
  const raw = index < 0 ? '100,1000' : (process.argv[index + 1] ?? '');
  const sizes = raw.split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 10 || n % 10 !== 0 || n > 5000)) {
    throw new Error('--sizes takes multiples of 10 from 10 to 5000, e.g. 100,1000');
  }
  return sizes;
}

async function main(): Promise<void> {
  const sizes = sizesArg();
  for (const users of sizes) report(users, await benchSize(users));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
