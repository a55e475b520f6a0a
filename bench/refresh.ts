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
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const SANDBOX_BIN = path.join(REPO_ROOT, 'bin', 'apono-sandbox');
const PLUGIN_BIN = path.join(REPO_ROOT, 'bin', 'terraform-provider-apono');
const PROVIDER_SOURCE = 'terraform.local/apono/apono';
const TOKEN = 'bench-token';
const LATENCY_MS = 20;
/** Each plan is run this many times; the table shows the median and the range. */
const PLAN_REPEATS = 3;
const SANDBOX_START_MS = 30_000;
/** Upper bound of any one terraform command (the 1,000-resource apply takes a few minutes). */
const TERRAFORM_DEADLINE_MS = 30 * 60_000;

interface Sandbox {
  url: string;
  child: ChildProcess;
}

function startSandbox(): Promise<Sandbox> {
  const env = { ...process.env };
  delete env.APONO_SANDBOX_PORT;
  delete env.APONO_SANDBOX_TOKEN;
  delete env.APONO_SANDBOX_DATA;
  const child = spawn(process.execPath, [SANDBOX_BIN, '--port', '0', '--token', TOKEN], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const fail = (reason: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`apono-sandbox did not start: ${reason}`));
    };
    const timer = setTimeout(() => fail(`no listening line within ${SANDBOX_START_MS} ms`), SANDBOX_START_MS);
    child.once('exit', (code, signal) => fail(`exited (code ${code}, signal ${signal})`));
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /^apono-sandbox listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
      if (match) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({ url: match[1]!, child });
      }
    });
  });
}

function stopSandbox(sandbox: Sandbox): Promise<void> {
  const { child } = sandbox;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function control(sandbox: Sandbox, method: string, route: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${sandbox.url}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${TOKEN}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text}`);
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

const setLatency = (sandbox: Sandbox, latencyMs: number): Promise<unknown> =>
  control(sandbox, 'POST', '/_sandbox/faults', { latency_ms: latencyMs });
const resetStats = (sandbox: Sandbox): Promise<unknown> => control(sandbox, 'POST', '/_sandbox/stats/reset');

/** API request counts by `METHOD /route/{template}`, control routes left out. */
async function apiStats(sandbox: Sandbox): Promise<Record<string, number>> {
  const stats = (await control(sandbox, 'GET', '/_sandbox/stats')) as { requests: Record<string, number> };
  return Object.fromEntries(
    Object.entries(stats.requests).filter(([route]) => !route.includes(' /_sandbox/')),
  );
}

/**
 * A temp workspace: main.tf, a CLI config whose dev_overrides point at a wrapper directory, and the
 * wrapper itself, a two-line sh script that appends one line per launch to a log and execs the real
 * bin/terraform-provider-apono (so provider launches can be counted; it adds an sh exec per launch).
 */
class Workspace {
  readonly dir: string;
  private readonly launchLog: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor(endpoint: string) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apono-bench-refresh-'));
    const wrapperDir = path.join(this.dir, 'plugin');
    fs.mkdirSync(wrapperDir);
    this.launchLog = path.join(this.dir, 'launches.log');
    fs.writeFileSync(this.launchLog, '');
    const wrapper = path.join(wrapperDir, 'terraform-provider-apono');
    fs.writeFileSync(
      wrapper,
      `#!/bin/sh\necho launch >> '${this.launchLog}'\nexec '${process.execPath}' '${PLUGIN_BIN}' "$@"\n`,
      { mode: 0o755 },
    );
    const cliConfig = path.join(this.dir, 'cli.tfrc');
    fs.writeFileSync(
      cliConfig,
      `provider_installation {\n  dev_overrides {\n    "${PROVIDER_SOURCE}" = "${wrapperDir}"\n  }\n  direct {}\n}\n`,
    );
    this.env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TF_CLI_CONFIG_FILE: cliConfig,
      TF_IN_AUTOMATION: '1',
      CHECKPOINT_DISABLE: '1',
      TF_INPUT: '0',
      APONO_ENDPOINT: endpoint,
      APONO_PERSONAL_TOKEN: TOKEN,
    };
  }

  write(users: number, groups: number): void {
    const hcl = `terraform {
  required_providers {
    apono = { source = "${PROVIDER_SOURCE}" }
  }
}

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
    fs.writeFileSync(path.join(this.dir, 'main.tf'), hcl);
  }

  launches(): number {
    return fs.readFileSync(this.launchLog, 'utf8').split('\n').filter(Boolean).length;
  }

  /** Runs terraform; resolves with the exit code and output, streaming `onLine` for stdout lines. */
  run(
    args: string[],
    onLine?: (line: string) => void,
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn('terraform', args, {
        cwd: this.dir,
        env: this.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      let pending = '';
      const timer = setTimeout(() => {
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }, TERRAFORM_DEADLINE_MS);
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        if (onLine === undefined) return;
        pending += chunk;
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        lines.forEach(onLine);
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? -1, stdout, stderr });
      });
    });
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
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

function totalCalls(requests: Record<string, number>): number {
  return Object.values(requests).reduce((sum, n) => sum + n, 0);
}

async function benchSize(users: number): Promise<Measurement[]> {
  const groups = users / 10;
  const sandbox = await startSandbox();
  let workspace: Workspace | null = null;
  try {
    workspace = new Workspace(sandbox.url);
    workspace.write(users, groups);
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
    workspace.write(users + added, groups);
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
    const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
    const s = (value: number): string => (value / 1000).toFixed(2);
    const range =
      sorted.length > 1
        ? ` (${s(sorted[0]!)} – ${s(sorted[sorted.length - 1]!)}, ${sorted.length} runs)`
        : '';
    const calls = `${totalCalls(r.requests)}${r.stableCalls ? '' : ' (varied between runs)'}`;
    console.log(`| ${r.label} | ${s(median)}${range} | ${r.exitCode} | ${r.launches} | ${calls} |`);
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
