/**
 * Benchmark of `terraform plan` against Terraform's own floor (not a test; nothing is asserted).
 * For N = 100 and 1,000: N apono_user plus N/10 apono_group, each group listing 10 literal member
 * emails (no references between resources), against a fresh in-memory apono-sandbox; beside it the
 * same shape in `terraform_data` resources (the built-in provider, no plugin launch, no API), in a
 * second workspace. Both are applied once (latency 0), then, with 20 ms injected per API request,
 * `terraform plan` (refresh on) alternates between the two: one discarded warm-up pair, then A B A B
 * ... Prints the median wall time of each side, the ratio of the medians and the issue 9 target.
 * With `--plugin LABEL=PATH` (repeatable) each round plans once per executable given, interleaved
 * (A1 A2 ... floor, A1 A2 ... floor); by default bin/terraform-provider-apono and, when built, the
 * bundle dist/bundle/terraform-provider-apono (the release executable). With `--cpu` each executable
 * runs under GNU time (/usr/bin/time), and the provider's CPU seconds per plan (user + system, all
 * its launches) are printed too: a figure a loaded machine disturbs much less than wall time.
 * Loopback only; every temp dir is removed and the sandbox stopped, also on failure.
 * Usage: node dist/bench/plan-floor.js [--sizes 100,1000] [--pairs 5] [--plugin LABEL=PATH]... [--cpu]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pluginArgs } from './plugin-args';
import {
  PLUGIN_BIN,
  REPO_ROOT,
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
/** Issue 9 targets: the provider's plan median over the floor's, by N (the largest N not above). */
const TARGET_RATIO: ReadonlyArray<{ fromUsers: number; ratio: number }> = [
  { fromUsers: 1000, ratio: 1.5 },
  { fromUsers: 0, ratio: 3 },
];
const PLAN_ARGS = ['plan', '-detailed-exitcode', '-no-color', '-input=false'];
const APPLY_ARGS = ['apply', '-auto-approve', '-no-color', '-input=false', '-parallelism=20'];

/** The HCL expression of user `index`'s email, the same literal on both sides. */
const EMAIL = (index: string): string => `"bench-user-\${${index}}@example.com"`;

/** N apono users and N/10 apono groups of 10 literal member emails. */
function providerHcl(users: number): string {
  return `${REQUIRED_PROVIDERS_HCL}
resource "apono_user" "u" {
  count     = ${users}
  email     = ${EMAIL('count.index')}
  full_name = "Bench User\${count.index}"
}

resource "apono_group" "g" {
  count   = ${users / 10}
  name    = "bench-group-\${count.index}"
  members = [for i in range(10) : ${EMAIL('count.index * 10 + i')}]
}
`;
}

/** The same shape and values in terraform_data: Terraform's own cost of that many resources. */
function floorHcl(users: number): string {
  return `resource "terraform_data" "u" {
  count = ${users}
  input = {
    email     = ${EMAIL('count.index')}
    full_name = "Bench User\${count.index}"
  }
}

resource "terraform_data" "g" {
  count = ${users / 10}
  input = {
    name    = "bench-group-\${count.index}"
    members = [for i in range(10) : ${EMAIL('count.index * 10 + i')}]
  }
}
`;
}

/** One provider executable under test, e.g. `bundle=dist/bundle/terraform-provider-apono`. */
interface Plugin {
  label: string;
  path: string;
  /** With --cpu: where GNU time appends `user system` seconds, one line per launch. */
  cpuLog?: string;
}

const GNU_TIME = '/usr/bin/time';

/**
 * With --cpu: points each plugin at a wrapper (named as Terraform expects, in a temp folder) that
 * runs it under GNU time, and returns the folders to remove.
 */
function wrapForCpu(plugins: Plugin[]): string[] {
  if (!fs.existsSync(GNU_TIME)) throw new Error(`--cpu needs GNU time at ${GNU_TIME}`);
  return plugins.map((plugin) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apono-bench-cpu-'));
    plugin.cpuLog = path.join(dir, 'cpu.log');
    fs.writeFileSync(plugin.cpuLog, '');
    const wrapper = path.join(dir, 'terraform-provider-apono');
    fs.writeFileSync(
      wrapper,
      `#!/bin/sh\nexec ${GNU_TIME} -a -o '${plugin.cpuLog}' -f '%U %S' '${plugin.path}' "$@"\n`,
      { mode: 0o755 },
    );
    plugin.path = wrapper;
    return dir;
  });
}

/** The CPU seconds (user + system) GNU time logged since the log was last emptied. */
function takeCpuSeconds(cpuLog: string): number {
  const lines = fs.readFileSync(cpuLog, 'utf8').split('\n');
  fs.writeFileSync(cpuLog, '');
  return lines
    .filter((line) => /^[\d.]+ [\d.]+$/.test(line))
    .reduce((sum, line) => sum + line.split(' ').reduce((a, b) => a + Number(b), 0), 0);
}

const BUNDLE = path.join(REPO_ROOT, 'dist', 'bundle', 'terraform-provider-apono');

/** The executables of the `--plugin LABEL=PATH` arguments, or bin/ and the bundle (when built). */
function pluginsToRun(argv: readonly string[]): Plugin[] {
  const plugins: Plugin[] = pluginArgs(argv);
  if (plugins.length > 0) return plugins;
  return [
    { label: 'bin', path: PLUGIN_BIN },
    ...(fs.existsSync(BUNDLE) ? [{ label: 'bundle', path: BUNDLE }] : []),
  ];
}

interface SizeResult {
  users: number;
  /** Per plugin (same order as the plugins), the wall time of each plan. */
  providerMs: number[][];
  /** Per plugin, the provider's CPU seconds of each plan (with --cpu; else empty). */
  providerCpu: number[][];
  floorMs: number[];
  /** API calls of each provider plan (the floor makes none). */
  providerCalls: number[];
  /** Distinct -detailed-exitcode results seen (0 = no changes, as expected after the apply). */
  exitCodes: Set<string>;
  setupMs: { provider: number; floor: number };
  load: { before: number; after: number };
}

async function timed(
  workspace: Workspace,
  args: string[],
  side: string,
  exitCodes: Set<string>,
): Promise<number> {
  const started = performance.now();
  const result = await workspace.run(args);
  const elapsed = performance.now() - started;
  if (result.code === 1 || result.code < 0) {
    const tail = (text: string): string => text.slice(-3000);
    throw new Error(
      `${side}: terraform ${args.join(' ')} failed\n${tail(result.stdout)}\n${tail(result.stderr)}`,
    );
  }
  exitCodes.add(`${side} ${result.code}`);
  return elapsed;
}

async function benchSize(users: number, pairs: number, plugins: readonly Plugin[]): Promise<SizeResult> {
  const sandbox: Sandbox = await startSandbox();
  const provider = new Workspace({
    prefix: 'apono-bench-floor-',
    endpoint: sandbox.url,
    countLaunches: false,
  });
  const floor = new Workspace({
    prefix: 'apono-bench-floor-tfdata-',
    endpoint: sandbox.url,
    countLaunches: false,
  });
  try {
    provider.write(providerHcl(users));
    floor.write(floorHcl(users));
    const exitCodes = new Set<string>();
    const log = (text: string): boolean => process.stderr.write(`[N=${users}] ${text}\n`);
    log(`apply of both workspaces, latency 0 (with ${plugins[0]!.label})`);
    provider.useProvider(plugins[0]!.path);
    // Members are literal emails, not references, so nothing orders the groups after the users:
    // the users are created first (-target), then the groups.
    const setupMs = {
      provider:
        (await timed(provider, [...APPLY_ARGS, '-target=apono_user.u'], 'apono', new Set())) +
        (await timed(provider, APPLY_ARGS, 'apono', new Set())),
      floor: await timed(floor, APPLY_ARGS, 'terraform_data', new Set()),
    };
    await setLatency(sandbox, LATENCY_MS);
    const result: SizeResult = {
      users,
      providerMs: plugins.map((): number[] => []),
      providerCpu: plugins.map((): number[] => []),
      floorMs: [],
      providerCalls: [],
      exitCodes,
      setupMs,
      load: { before: os.loadavg()[0]!, after: 0 },
    };
    for (let pair = 0; pair <= pairs; pair++) {
      const times: string[] = [];
      const round: number[] = [];
      for (const plugin of plugins) {
        provider.useProvider(plugin.path);
        await resetStats(sandbox);
        if (plugin.cpuLog !== undefined) takeCpuSeconds(plugin.cpuLog);
        const ms = await timed(provider, PLAN_ARGS, plugin.label, exitCodes);
        const calls = totalCalls(await apiStats(sandbox));
        round.push(ms);
        if (pair > 0) result.providerCalls.push(calls);
        let cpu = '';
        if (plugin.cpuLog !== undefined) {
          const seconds = takeCpuSeconds(plugin.cpuLog);
          if (pair > 0) result.providerCpu[plugins.indexOf(plugin)]!.push(seconds);
          cpu = `, CPU ${seconds.toFixed(2)} s`;
        }
        times.push(`${plugin.label} ${(ms / 1000).toFixed(2)} s (${calls} API calls${cpu})`);
      }
      const b = await timed(floor, PLAN_ARGS, 'terraform_data', exitCodes);
      const what = pair === 0 ? 'warm-up round (discarded)' : `round ${pair}/${pairs}`;
      log(`${what}: ${times.join(', ')}, terraform_data ${(b / 1000).toFixed(2)} s`);
      if (pair === 0) continue;
      round.forEach((ms, index) => result.providerMs[index]!.push(ms));
      result.floorMs.push(b);
    }
    result.load.after = os.loadavg()[0]!;
    return result;
  } finally {
    provider.remove();
    floor.remove();
    await setLatency(sandbox, 0).catch(() => undefined);
    await stopSandbox(sandbox);
  }
}

function targetFor(users: number): number {
  return TARGET_RATIO.find((target) => users >= target.fromUsers)!.ratio;
}

function report(results: readonly SizeResult[], pairs: number, plugins: readonly Plugin[]): void {
  const s = (ms: number): string => (ms / 1000).toFixed(2);
  const range = (values: readonly number[]): string =>
    `${s(Math.min(...values))} – ${s(Math.max(...values))}`;
  console.log(
    `\n\`terraform plan\` (refresh on), ${LATENCY_MS} ms API latency, ${pairs} interleaved rounds per N ` +
      `after one discarded warm-up round; wall s, median (min – max)\n`,
  );
  console.log(
    '| N | provider | apono plan | provider CPU, s | `terraform_data` plan | ratio of medians | target | met? | API calls per plan | load avg 1 min |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const target = targetFor(r.users);
    const calls = [...new Set(r.providerCalls)].join(' / ');
    plugins.forEach((plugin, index) => {
      const samples = r.providerMs[index]!;
      const cpu = r.providerCpu[index]!;
      const cpuText =
        cpu.length === 0
          ? '–'
          : `${median(cpu).toFixed(2)} (${Math.min(...cpu).toFixed(2)} – ${Math.max(...cpu).toFixed(2)})`;
      const ratio = median(samples) / median(r.floorMs);
      console.log(
        `| ${r.users} users + ${r.users / 10} groups | ${plugin.label} | ${s(median(samples))} (${range(samples)}) | ${cpuText} | ` +
          `${s(median(r.floorMs))} (${range(r.floorMs)}) | ${ratio.toFixed(2)}x | <= ${target}x | ` +
          `${ratio <= target ? 'met' : 'not met'} | ${calls} | ${r.load.before.toFixed(2)} → ${r.load.after.toFixed(2)} |`,
      );
    });
  }
  console.log(
    `\nPer round (${[...plugins.map((p) => p.label), 'terraform_data'].join(' / ')}, s) and setup applies (latency 0):\n`,
  );
  for (const r of results) {
    const perRound = r.floorMs
      .map((floorMs, i) => [...r.providerMs.map((samples) => s(samples[i]!)), s(floorMs)].join(' / '))
      .join(', ');
    console.log(`- N = ${r.users}: ${perRound}`);
    console.log(
      `  setup apply (${plugins[0]!.label}): apono ${s(r.setupMs.provider)} s, terraform_data ${s(r.setupMs.floor)} s; ` +
        `plan exit codes: ${[...r.exitCodes].sort().join(', ')}`,
    );
  }
}

function numberListArg(name: string, fallback: string): number[] {
  const index = process.argv.indexOf(name);
  const raw = index < 0 ? fallback : (process.argv[index + 1] ?? '');
  return raw.split(',').map(Number);
}

async function main(): Promise<void> {
  const sizes = numberListArg('--sizes', '100,1000');
  if (sizes.some((n) => !Number.isInteger(n) || n < 10 || n % 10 !== 0 || n > 5000)) {
    throw new Error('--sizes takes multiples of 10 from 10 to 5000, e.g. 100,1000');
  }
  const [pairs] = numberListArg('--pairs', '5');
  if (!Number.isInteger(pairs) || pairs! < 1) throw new Error('--pairs needs a positive integer');
  const plugins = pluginsToRun(process.argv);
  for (const plugin of plugins) {
    if (!fs.existsSync(plugin.path)) throw new Error(`--plugin ${plugin.label}: no file ${plugin.path}`);
  }
  process.stderr.write(`plugins: ${plugins.map((p) => `${p.label}=${p.path}`).join(', ')}\n`);
  const cpuDirs = process.argv.includes('--cpu') ? wrapForCpu(plugins) : [];
  try {
    const results: SizeResult[] = [];
    for (const users of sizes) results.push(await benchSize(users, pairs!, plugins));
    report(results, pairs!, plugins);
  } finally {
    for (const dir of cpuDirs) fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
