/**
 * Benchmark of a large state (not a test; nothing is asserted): N apono_user from `for_each` over a
 * map, N/100 apono_group of 100 literal member emails each, and one group of all N emails (no
 * references between resources: shapes Terraform itself can hold), against a fresh in-memory
 * apono-sandbox with 20 ms latency and a 50 requests/s cap (429 with Retry-After above it); beside it
 * the same shape in `terraform_data` (Terraform's own cost). Steps, each side in turn: apply the users
 * (-target), apply the groups, `terraform plan` (refresh on) a few times, then remove 100 members of
 * the large group (plan into a file, then apply that plan: the apply's calls are the change's own).
 * For each step it prints the wall time, API calls by route and 429s served, terraform's peak RSS and
 * the provider's (VmHWM of terraform's child processes, sampled from /proc every 100 ms) and the
 * provider's CPU time; for the 100-member change, the provider's time per RPC from its own trace log
 * (`Served request` with `tf_req_duration_ms`). A terraform process above 8 GB RSS is killed and the
 * step marked stopped. The provider runs as a user would against a capped API: with
 * APONO_REQUESTS_PER_SECOND set under the cap.
 * With --seed, the users and groups are created through the API and both states written directly
 * (bench/scale-state.ts) instead of applied: Terraform's own apply of 10,000 instances takes longer
 * than a bench run can on a shared 2-CPU machine; the plans and the change are measured as without it.
 * Usage: node dist/bench/scale.js [--users 10000] [--shape for_each|count] [--seed] [--plans 2] [--rps 45]
 *   [--provider-node-options '--max-semi-space-size=2']
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { seedShape, type ShapeGroup, type ShapeUser } from './scale-state';
import {
  REQUIRED_PROVIDERS_HCL,
  Workspace,
  apiStats,
  faultsServed,
  resetStats,
  setFaults,
  startSandbox,
  stopSandbox,
  totalCalls,
  type Sandbox,
} from './terraform-bench';

const LATENCY_MS = 20;
const CAP_RPS = 50;
/** The largest `limit` the API honours on its list routes (the sandbox clamps to it, as the provider assumes). */
const MAX_PAGE = 1000;
const MEMBERS_PER_GROUP = 100;
const CHANGED_MEMBERS = 100;
const RSS_LIMIT_KB = 8 * 1024 * 1024;
const SAMPLE_MS = 100;
const PROVIDER_RSS_TARGET_MB = 150;
const APPLY_ARGS = ['apply', '-auto-approve', '-no-color', '-input=false', '-parallelism=20'];
const PLAN_ARGS = ['plan', '-detailed-exitcode', '-no-color', '-input=false'];

const email = (index: number): string => `scale-user-${index}@example.com`;

/** A literal HCL list of emails from `from` to `to` - 1 (Terraform's range() stops at 1,024 values). */
function emailList(from: number, to: number): string {
  const emails: string[] = [];
  for (let i = from; i < to; i++) emails.push(`"${email(i)}"`);
  return `[${emails.join(', ')}]`;
}

/**
 * How the users are declared: `for_each` over a literal map (stable keys, what a user writes; Terraform
 * 1.11's own cost of it grows with the square of N), or `count` with the email from the index.
 */
type UserShape = 'for_each' | 'count';

/** The `for_each` or `count` line and the email and name expressions of one user instance. */
function userInstances(users: number, shape: UserShape): { repeat: string; email: string; name: string } {
  return shape === 'for_each'
    ? { repeat: 'for_each = local.users', email: 'each.value', name: '"Scale User ${each.key}"' }
    : {
        repeat: `count    = ${users}`,
        email: '"scale-user-${count.index}@example.com"',
        name: '"Scale User ${count.index}"',
      };
}

/** The users and groups of the shape as data (for --seed), the same values the HCL writes. */
function shapeData(users: number, shape: UserShape): { users: ShapeUser[]; groups: ShapeGroup[] } {
  const list: ShapeUser[] = [];
  for (let i = 0; i < users; i++) {
    const key = shape === 'for_each' ? `u${String(i).padStart(5, '0')}` : i;
    list.push({ key, email: email(i), fullName: `Scale User ${key}` });
  }
  const emails = (from: number, to: number): string[] => list.slice(from, to).map((user) => user.email);
  const groups: ShapeGroup[] = [];
  for (let g = 0; g < users / MEMBERS_PER_GROUP; g++) {
    const members = emails(g * MEMBERS_PER_GROUP, (g + 1) * MEMBERS_PER_GROUP);
    groups.push({ resource: 'g', index: g, name: `scale-group-${g}`, members });
  }
  groups.push({ resource: 'everyone', index: null, name: 'scale-everyone', members: emails(0, users) });
  return { users: list, groups };
}

/**
 * The users map, the N/100 groups and the group of everyone (members from `everyoneFrom` to N - 1),
 * every email a literal.
 */
function shapeHcl(users: number, everyoneFrom: number, side: 'apono' | 'floor', shape: UserShape): string {
  const entries: string[] = [];
  if (shape === 'for_each') {
    for (let i = 0; i < users; i++) entries.push(`    u${String(i).padStart(5, '0')} = "${email(i)}"`);
  }
  const groups = users / MEMBERS_PER_GROUP;
  const lists: string[] = [];
  for (let g = 0; g < groups; g++) {
    lists.push(`    ${emailList(g * MEMBERS_PER_GROUP, (g + 1) * MEMBERS_PER_GROUP)}`);
  }
  const locals = `locals {
  users = {
${entries.join('\n')}
  }
  group_members = [
${lists.join(',\n')}
  ]
}
`;
  const everyone = emailList(everyoneFrom, users);
  const user = userInstances(users, shape);
  if (side === 'floor') {
    return `${locals}
resource "terraform_data" "u" {
  ${user.repeat}
  input    = { email = ${user.email}, full_name = ${user.name} }
}

resource "terraform_data" "g" {
  count = ${groups}
  input = { name = "scale-group-\${count.index}", members = local.group_members[count.index] }
}

resource "terraform_data" "everyone" {
  input = { name = "scale-everyone", members = ${everyone} }
}
`;
  }
  return `${REQUIRED_PROVIDERS_HCL}
${locals}
resource "apono_user" "u" {
  ${user.repeat}
  email     = ${user.email}
  full_name = ${user.name}
}

resource "apono_group" "g" {
  count   = ${groups}
  name    = "scale-group-\${count.index}"
  members = local.group_members[count.index]
}

resource "apono_group" "everyone" {
  name    = "scale-everyone"
  members = ${everyone}
}
`;
}

/** Peak memory and CPU of terraform and of its children (the provider processes), from /proc. */
interface ProcessSample {
  terraformPeakKb: number;
  providerPeakKb: number;
  providerCpuMs: number;
  providers: number;
  stopped: boolean;
}

function readStatus(pid: number): Record<string, string> | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Object.fromEntries(
      text.split('\n').map((line) => {
        const at = line.indexOf(':');
        return [line.slice(0, at), line.slice(at + 1).trim()];
      }),
    );
  } catch {
    return null;
  }
}

const kb = (value: string | undefined): number => Number.parseInt(value ?? '0', 10) || 0;

/** utime + stime of a process, in ms (USER_HZ is 100 on Linux). */
function cpuMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** The pids whose parent is `parent`. */
function childrenOf(parent: number): number[] {
  const children: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const status = readStatus(Number(entry));
    if (status !== null && Number(status.PPid) === parent) children.push(Number(entry));
  }
  return children;
}

/** Samples terraform (`pid`) and its children every 100 ms; kills terraform above 8 GB RSS. */
function watch(pid: number): () => ProcessSample {
  const sample: ProcessSample = {
    terraformPeakKb: 0,
    providerPeakKb: 0,
    providerCpuMs: 0,
    providers: 0,
    stopped: false,
  };
  const cpu = new Map<number, number>();
  const tick = (): void => {
    const status = readStatus(pid);
    if (status === null) return;
    sample.terraformPeakKb = Math.max(sample.terraformPeakKb, kb(status.VmHWM));
    if (kb(status.VmRSS) > RSS_LIMIT_KB && !sample.stopped) {
      sample.stopped = true;
      process.kill(pid, 'SIGKILL');
    }
    for (const child of childrenOf(pid)) {
      const childStatus = readStatus(child);
      if (childStatus === null) continue;
      sample.providerPeakKb = Math.max(sample.providerPeakKb, kb(childStatus.VmHWM));
      const used = cpuMs(child);
      if (used !== null) cpu.set(child, used);
    }
  };
  const timer = setInterval(tick, SAMPLE_MS);
  tick();
  return () => {
    clearInterval(timer);
    sample.providers = cpu.size;
    sample.providerCpuMs = [...cpu.values()].reduce((sum, ms) => sum + ms, 0);
    return sample;
  };
}

/** One terraform command of one side, measured. */
interface Step {
  side: 'apono' | 'terraform_data';
  step: string;
  wallMs: number;
  code: number;
  calls: Record<string, number>;
  served429: number;
  process: ProcessSample;
  /** Provider time per RPC (trace log), when logged: total ms and the slowest call, by RPC name. */
  rpc?: Record<string, { count: number; totalMs: number; maxMs: number }>;
}

/** Sums `Served request` lines of the provider's trace log by RPC. */
export function rpcTimes(log: string): Record<string, { count: number; totalMs: number; maxMs: number }> {
  const times: Record<string, { count: number; totalMs: number; maxMs: number }> = {};
  for (const line of log.split('\n')) {
    if (!line.includes('Served request')) continue;
    const rpc = /tf_rpc=(\w+)/.exec(line)?.[1];
    const ms = /tf_req_duration_ms=(\d+)/.exec(line)?.[1];
    if (rpc === undefined || ms === undefined) continue;
    const entry = (times[rpc] ??= { count: 0, totalMs: 0, maxMs: 0 });
    entry.count += 1;
    entry.totalMs += Number(ms);
    entry.maxMs = Math.max(entry.maxMs, Number(ms));
  }
  return times;
}

async function measure(
  sandbox: Sandbox,
  workspace: Workspace,
  side: Step['side'],
  step: string,
  args: string[],
  traceLog = false,
): Promise<Step> {
  await resetStats(sandbox);
  const logPath = path.join(workspace.dir, `trace-${Date.now()}.log`);
  const env = traceLog ? { TF_LOG_PROVIDER: 'trace', TF_LOG_PATH: logPath } : {};
  let stop: (() => ProcessSample) | null = null;
  const started = performance.now();
  const result = await workspace.run(args, undefined, { env, onSpawn: (pid) => (stop = watch(pid)) });
  const wallMs = performance.now() - started;
  const sampled = (stop as (() => ProcessSample) | null)?.() ?? null;
  const calls = await apiStats(sandbox);
  const served429 = (await faultsServed(sandbox))['429'] ?? 0;
  const measured: Step = {
    side,
    step,
    wallMs,
    code: result.code,
    calls,
    served429,
    process: sampled ?? {
      terraformPeakKb: 0,
      providerPeakKb: 0,
      providerCpuMs: 0,
      providers: 0,
      stopped: false,
    },
  };
  if (traceLog && fs.existsSync(logPath)) measured.rpc = rpcTimes(fs.readFileSync(logPath, 'utf8'));
  const mb = (value: number): string => (value / 1024).toFixed(0);
  process.stderr.write(
    `[${side}] ${step}: ${(wallMs / 1000).toFixed(1)} s, exit ${result.code}, ${totalCalls(calls)} API calls, ` +
      `${served429} 429s, terraform ${mb(measured.process.terraformPeakKb)} MB, provider ` +
      `${mb(measured.process.providerPeakKb)} MB${measured.process.stopped ? ', STOPPED above 8 GB' : ''}, ` +
      `load ${os.loadavg()[0]!.toFixed(2)}\n`,
  );
  if (result.code === 1 || result.code < 0 || measured.process.stopped) {
    process.stderr.write(`${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}\n`);
    if (!measured.process.stopped) throw new Error(`${side}: ${step} failed (exit ${result.code})`);
  }
  return measured;
}

/** The fewest list requests a refresh can make: every list read with the largest page. */
export function minimumListPages(users: number): { users: number; groups: number; members: number } {
  const groups = users / MEMBERS_PER_GROUP + 1;
  return {
    users: Math.ceil(users / MAX_PAGE),
    groups: Math.ceil(groups / MAX_PAGE),
    members: (groups - 1) * Math.ceil(MEMBERS_PER_GROUP / MAX_PAGE) + Math.ceil(users / MAX_PAGE),
  };
}

function report(
  steps: readonly Step[],
  users: number,
  shape: UserShape,
  rps: number,
  nodeOptions: string | null,
  load: number[],
): void {
  const s = (ms: number): string => (ms / 1000).toFixed(1);
  const mb = (value: number): string => (value / 1024).toFixed(0);
  const minimum = minimumListPages(users);
  const minimumTotal = minimum.users + minimum.groups + minimum.members;
  console.log(
    `\n${users} users (${shape === 'for_each' ? 'for_each over a literal map' : 'count'}) + ${users / MEMBERS_PER_GROUP} groups of ${MEMBERS_PER_GROUP} literal ` +
      `members + 1 group of ${users}; sandbox latency ${LATENCY_MS} ms, cap ${CAP_RPS} req/s; provider ` +
      `APONO_REQUESTS_PER_SECOND=${rps}${nodeOptions === null ? '' : `, NODE_OPTIONS=${nodeOptions}`}; load avg (1 min) ${load.map((l) => l.toFixed(2)).join(' → ')}\n`,
  );
  console.log(
    '| step | side | wall s | exit | API calls | 429s | terraform peak RSS MB | provider peak RSS MB | provider CPU s |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const step of steps) {
    const stopped = step.process.stopped ? ' (stopped, > 8 GB)' : '';
    const isApono = step.side === 'apono';
    console.log(
      `| ${step.step} | ${step.side} | ${s(step.wallMs)}${stopped} | ${step.code} | ${isApono ? totalCalls(step.calls) : '–'} | ` +
        `${isApono ? step.served429 : '–'} | ${mb(step.process.terraformPeakKb)} | ` +
        `${isApono ? mb(step.process.providerPeakKb) : '–'} | ${isApono ? s(step.process.providerCpuMs) : '–'} |`,
    );
  }
  console.log('\nAPI calls by route (apono side):\n');
  for (const step of steps.filter((candidate) => candidate.side === 'apono')) {
    const routes = Object.entries(step.calls)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([route, count]) => `${route}: ${count}`)
      .join('; ');
    console.log(`- ${step.step}: ${routes}`);
  }
  const apono = steps.filter((step) => step.side === 'apono');
  const refreshes = apono.filter((step) => step.step.startsWith('plan (refresh)'));
  const listCalls = (step: Step): number =>
    Object.entries(step.calls)
      .filter(([route]) => route.startsWith('GET ') && !route.endsWith('{id}'))
      .reduce((sum, [, count]) => sum + count, 0);
  const change = apono.find((step) => step.step.startsWith('apply: remove'));
  const changePlan = apono.find((step) => step.step.startsWith('plan: remove'));
  const peakProvider = Math.max(...apono.map((step) => step.process.providerPeakKb));
  const served = apono.reduce((sum, step) => sum + step.served429, 0);
  console.log('\nTargets (issue 9, part 5):\n');
  console.log(
    `- refresh calls: ${refreshes.map((step) => `${totalCalls(step.calls)} (${listCalls(step)} list pages)`).join(', ')}; ` +
      `minimum list pages at limit=${MAX_PAGE}: ${minimumTotal} (users ${minimum.users}, groups ${minimum.groups}, ` +
      `members ${minimum.members}); target <= ${(minimumTotal * 1.1).toFixed(1)} (1.1x)`,
  );
  if (change !== undefined) {
    console.log(
      `- ${CHANGED_MEMBERS}-member change, apply of the saved plan, API calls: ${totalCalls(change.calls)} ` +
        '(target <= 2; one of them is the first users page that ConfigureProvider reads to check the token)',
    );
  }
  if (changePlan?.rpc !== undefined) {
    const rpcs = Object.entries(changePlan.rpc)
      .map(([rpc, t]) => `${rpc} ${t.count} calls, total ${t.totalMs} ms, slowest ${t.maxMs} ms`)
      .join('; ');
    console.log(
      `- ${CHANGED_MEMBERS}-member change, plan, provider time per RPC (sum over concurrent calls, and the ` +
        `slowest call): ${rpcs} (target < 1 s)`,
    );
    console.log(`  provider CPU time of that plan: ${s(changePlan.process.providerCpuMs)} s`);
  }
  console.log(`- provider peak RSS: ${mb(peakProvider)} MB (target <= ${PROVIDER_RSS_TARGET_MB} MB)`);
  console.log(`- 429s served: ${served} (target 0)`);
  console.log(`\nJSON: ${JSON.stringify({ users, shape, rps, nodeOptions, load, steps })}`);
}

function numberArg(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  return index < 0 ? fallback : Number(process.argv[index + 1]);
}

async function main(): Promise<void> {
  const users = numberArg('--users', 10_000);
  const plans = numberArg('--plans', 2);
  const rps = numberArg('--rps', 45);
  const shapeIndex = process.argv.indexOf('--shape');
  const shape = (shapeIndex < 0 ? 'for_each' : process.argv[shapeIndex + 1]) as UserShape;
  if (shape !== 'for_each' && shape !== 'count') throw new Error('--shape takes for_each or count');
  // --seed: the tenant and both states written directly instead of applied (see scale-state.ts).
  const seed = process.argv.includes('--seed');
  if (!Number.isInteger(users) || users < MEMBERS_PER_GROUP * 2 || users % MEMBERS_PER_GROUP !== 0) {
    throw new Error(`--users takes a multiple of ${MEMBERS_PER_GROUP} from ${MEMBERS_PER_GROUP * 2}`);
  }
  if (!Number.isInteger(plans) || plans < 1) throw new Error('--plans needs a positive integer');
  if (!(rps > 0 && rps <= 1000)) throw new Error('--rps needs a number from 0 to 1000 (exclusive of 0)');
  const load = [os.loadavg()[0]!];
  const sandbox = await startSandbox();
  // --provider-node-options: NODE_OPTIONS of the provider processes only (e.g. V8 heap flags).
  const nodeOptionsIndex = process.argv.indexOf('--provider-node-options');
  const nodeOptions = nodeOptionsIndex < 0 ? null : (process.argv[nodeOptionsIndex + 1] ?? '');
  const env = {
    APONO_REQUESTS_PER_SECOND: String(rps),
    ...(nodeOptions === null ? {} : { NODE_OPTIONS: nodeOptions }),
  };
  const apono = new Workspace({
    prefix: 'apono-bench-scale-',
    endpoint: sandbox.url,
    countLaunches: false,
    env,
  });
  const floor = new Workspace({
    prefix: 'apono-bench-scale-tfdata-',
    endpoint: sandbox.url,
    countLaunches: false,
  });
  const steps: Step[] = [];
  const both = async (
    step: string,
    args: (side: 'apono' | 'floor') => string[],
    trace = false,
  ): Promise<void> => {
    steps.push(await measure(sandbox, apono, 'apono', step, args('apono'), trace));
    steps.push(await measure(sandbox, floor, 'terraform_data', step, args('floor')));
  };
  try {
    apono.write(shapeHcl(users, 0, 'apono', shape));
    floor.write(shapeHcl(users, 0, 'floor', shape));
    if (seed) {
      const started = performance.now();
      const data = shapeData(users, shape);
      await seedShape(sandbox, data.users, data.groups, { apono: apono.dir, floor: floor.dir });
      process.stderr.write(
        `seeded the tenant and both states in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
      );
      await setFaults(sandbox, { latency_ms: LATENCY_MS, rate_limit_rps: CAP_RPS });
    } else {
      await setFaults(sandbox, { latency_ms: LATENCY_MS, rate_limit_rps: CAP_RPS });
      // Members are literal emails, not references: the users are created first.
      await both('apply: users (-target)', (side) => [
        ...APPLY_ARGS,
        side === 'apono' ? '-target=apono_user.u' : '-target=terraform_data.u',
      ]);
      await both('apply: groups', () => APPLY_ARGS);
    }
    for (let plan = 1; plan <= plans; plan++) await both(`plan (refresh) ${plan}`, () => PLAN_ARGS);
    apono.write(shapeHcl(users, CHANGED_MEMBERS, 'apono', shape));
    floor.write(shapeHcl(users, CHANGED_MEMBERS, 'floor', shape));
    // The change is planned into a file and that plan applied, so the apply's calls are the change's
    // own (an apply without a plan file would refresh the whole state first).
    await both(
      `plan: remove ${CHANGED_MEMBERS} members of the large group`,
      () => [...PLAN_ARGS, '-out=change.tfplan'],
      true,
    );
    await both(`apply: remove ${CHANGED_MEMBERS} members of the large group (saved plan)`, () => [
      'apply',
      '-no-color',
      '-input=false',
      'change.tfplan',
    ]);
    load.push(os.loadavg()[0]!);
    report(steps, users, shape, rps, nodeOptions, load);
  } finally {
    apono.remove();
    floor.remove();
    await stopSandbox(sandbox);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
