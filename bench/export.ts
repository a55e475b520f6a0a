/**
 * Benchmark of `terraform-provider-apono export` (not a test; nothing is asserted): a sandbox seeded
 * with N users (every 20th synced from an IdP, roles varied, every 10th with a phone number) and G
 * Apono groups of 100 members each plus 5 IdP groups; the built CLI exports it with `--format hcl`
 * and `--format yaml` to stdout, the two interleaved run by run after one discarded warm-up each.
 * Prints the wall time of each run (spawn to exit), the output size and the API requests of one run;
 * then the same with the sandbox answering every request after `--latency-ms` (a remote API).
 * Usage: node dist/bench/export.js [--users 10000] [--groups 100] [--runs 5] [--latency-ms 20]
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  PLUGIN_BIN,
  TOKEN,
  apiStats,
  median,
  resetStats,
  setLatency,
  startSandbox,
  stopSandbox,
  type Sandbox,
} from './terraform-bench';

const MEMBERS_PER_GROUP = 100;
const IDP_GROUPS = 5;
const ROLES = ['Grantee', 'Viewer', 'Admin', 'Power User', 'Deployment'];
const OKTA = { source_integration_id: 'int-okta', source_integration_name: 'Okta' };

/** The seed file's content: `users` users and `groups` Apono groups (plus IdP ones). */
function seed(users: number, groups: number): object {
  const email = (i: number): string => `export-user-${i}@example.com`;
  const userList = Array.from({ length: users }, (_, i) => ({
    email: email(i),
    first_name: `First${i}`,
    last_name: `Last ${i}`,
    roles: i % 50 === 7 ? ['Viewer', 'Deployment'] : [ROLES[i % ROLES.length]],
    ...(i % 10 === 3 ? { phone_number: `+1415555${String(i % 10000).padStart(4, '0')}` } : {}),
    ...(i % 20 === 0 ? OKTA : {}),
  }));
  const members = (g: number): string[] =>
    Array.from({ length: Math.min(MEMBERS_PER_GROUP, users) }, (_, k) => email((g * 37 + k * 7) % users));
  const groupList = [
    ...Array.from({ length: groups }, (_, g) => ({
      name: `Team ${g} (export bench)`,
      members: [...new Set(members(g))],
    })),
    ...Array.from({ length: IDP_GROUPS }, (_, g) => ({
      name: `okta-team-${g}`,
      members: [email(g * 20)],
      ...OKTA,
    })),
  ];
  return { users: userList, groups: groupList };
}

interface ExportRun {
  readonly ms: number;
  readonly bytes: number;
  readonly stderr: string;
}

/** Runs the built `export` with `format` to stdout; resolves to its wall time and output size. */
function runExport(sandbox: Sandbox, format: string): Promise<ExportRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(PLUGIN_BIN, ['export', '--format', format], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        APONO_ENDPOINT: sandbox.url,
        APONO_PERSONAL_TOKEN: TOKEN,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let bytes = 0;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (bytes += chunk.length));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) reject(new Error(`export --format ${format} exited ${code}: ${stderr}`));
      else resolve({ ms, bytes, stderr });
    });
  });
}

function figures(values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const s = (ms: number): string => (ms / 1000).toFixed(2);
  return `median ${s(median(sorted))} s (min ${s(sorted[0]!)}, max ${s(sorted.at(-1)!)}; runs: ${values.map(s).join(', ')})`;
}

async function measure(sandbox: Sandbox, runs: number, label: string): Promise<void> {
  const times: Record<string, number[]> = { hcl: [], yaml: [] };
  for (const format of ['hcl', 'yaml']) await runExport(sandbox, format); // warm-up, discarded
  for (let run = 0; run < runs; run++) {
    for (const format of ['hcl', 'yaml']) times[format]!.push((await runExport(sandbox, format)).ms);
  }
  await resetStats(sandbox);
  const one = await runExport(sandbox, 'hcl');
  const requests = await apiStats(sandbox);
  const yaml = await runExport(sandbox, 'yaml');
  console.log(`\n${label}`);
  console.log(`  --format hcl : ${figures(times.hcl!)}; output ${(one.bytes / 1024).toFixed(0)} KiB`);
  console.log(`  --format yaml: ${figures(times.yaml!)}; output ${(yaml.bytes / 1024).toFixed(0)} KiB`);
  console.log(`  API requests of one export: ${JSON.stringify(requests)}`);
  console.log(`  stderr of one export:\n${one.stderr.replace(/^/gm, '    ').trimEnd()}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      users: { type: 'string', default: '10000' },
      groups: { type: 'string', default: '100' },
      runs: { type: 'string', default: '5' },
      'latency-ms': { type: 'string', default: '20' },
    },
  });
  const users = Number(values.users);
  const groups = Number(values.groups);
  const runs = Number(values.runs);
  const latency = Number(values['latency-ms']);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apono-bench-export-'));
  const seedFile = path.join(dir, 'seed.json');
  fs.writeFileSync(seedFile, JSON.stringify(seed(users, groups)));
  const sandbox = await startSandbox(['--seed', seedFile]);
  try {
    console.log(
      `export of ${users} users (${users / 20} from an IdP), ${groups} Apono groups of ${MEMBERS_PER_GROUP} members and ${IDP_GROUPS} IdP groups`,
    );
    console.log(
      `machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}, load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    await measure(sandbox, runs, 'sandbox answering at once');
    if (latency > 0) {
      await setLatency(sandbox, latency);
      await measure(sandbox, runs, `sandbox answering every request after ${latency} ms`);
    }
  } finally {
    await stopSandbox(sandbox);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
