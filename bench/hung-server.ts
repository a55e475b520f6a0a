/**
 * Benchmark of a hung API (not a test; nothing is asserted): a TCP server on 127.0.0.1 that accepts
 * every connection and never answers, and `terraform plan` of one new `apono_user` against it with
 * the provider's DEFAULT settings (every APONO_* tuning variable removed from the environment).
 * Prints, per run, the wall time until terraform exits, its exit code, how many connections the
 * server accepted (one per attempt) and the diagnostic terraform printed.
 * The server is closed and the workspace removed at the end, also on failure.
 * Usage: node dist/bench/hung-server.js [--runs N] [--provider-dir DIR]
 *   --provider-dir: the folder holding terraform-provider-apono (default: this checkout's bin/), so
 *   an older build can be measured with the same bench.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const PROVIDER_SOURCE = 'terraform.local/apono/apono';
/** Upper bound of one plan: well past the ~185 s the provider took before the operation deadline. */
const PLAN_DEADLINE_MS = 10 * 60_000;

interface HungServer {
  readonly url: string;
  connections(): number;
  close(): Promise<void>;
}

/** A server that accepts connections, reads nothing and answers nothing. */
async function startHungServer(): Promise<HungServer> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => accepted,
    close: async () => {
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A temp workspace whose CLI config points the provider source at `providerDir`. */
function makeWorkspace(providerDir: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apono-bench-hung-'));
  fs.writeFileSync(
    path.join(dir, '.terraformrc'),
    `provider_installation {\n  dev_overrides {\n    "${PROVIDER_SOURCE}" = "${providerDir}"\n  }\n  direct {}\n}\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'main.tf'),
    `terraform {\n  required_providers {\n    apono = { source = "${PROVIDER_SOURCE}" }\n  }\n}\n\n` +
      `resource "apono_user" "bench" {\n  email     = "hung-server@example.com"\n  full_name = "Hung Server"\n}\n`,
  );
  return dir;
}

/** The environment of the plan: the default settings, only endpoint and token given. */
function planEnv(dir: string, endpoint: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('APONO_') && !name.startsWith('TF_')) env[name] = value;
  }
  return {
    ...env,
    TF_CLI_CONFIG_FILE: path.join(dir, '.terraformrc'),
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    APONO_ENDPOINT: endpoint,
    APONO_PERSONAL_TOKEN: 'bench-token',
  };
}

interface PlanRun {
  readonly seconds: number;
  readonly code: number | null;
  readonly connections: number;
  readonly diagnostic: string;
}

async function timePlan(providerDir: string): Promise<PlanRun> {
  const server = await startHungServer();
  const dir = makeWorkspace(providerDir);
  try {
    const started = performance.now();
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn('terraform', ['plan', '-no-color', '-input=false'], {
        cwd: dir,
        env: planEnv(dir, server.url),
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let err = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), PLAN_DEADLINE_MS);
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.on('close', (exitCode) => {
        clearTimeout(timer);
        resolve({ code: exitCode, stderr: err });
      });
    });
    const seconds = (performance.now() - started) / 1000;
    const diagnostic = stderr
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !/^(with|on) /.test(line) && !/^\d+:/.test(line))
      .join(' ');
    return { seconds, code, connections: server.connections(), diagnostic };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await server.close();
  }
}

function stringArg(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index < 0 ? fallback : (process.argv[index + 1] ?? fallback);
}

async function main(): Promise<void> {
  const runs = Number(stringArg('--runs', '1'));
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs needs a positive integer');
  const providerDir = path.resolve(stringArg('--provider-dir', path.join(REPO_ROOT, 'bin')));
  console.log(`provider: ${providerDir}`);
  console.log(`node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'})`);
  for (let run = 1; run <= runs; run += 1) {
    const result = await timePlan(providerDir);
    console.log(
      `run ${run}: terraform plan exited ${result.code} after ${result.seconds.toFixed(1)} s; ` +
        `${result.connections} connections accepted`,
    );
    console.log(`  ${result.diagnostic}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
