/**
 * What the terraform benches share (not a bench itself): a fresh in-memory apono-sandbox on
 * 127.0.0.1 with its control routes (latency fault, stats), and a temp Terraform workspace whose CLI
 * config points the provider source at this checkout's bin/ through `dev_overrides`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const SANDBOX_BIN = path.join(REPO_ROOT, 'bin', 'apono-sandbox');
export const PLUGIN_BIN = path.join(REPO_ROOT, 'bin', 'terraform-provider-apono');
export const PROVIDER_SOURCE = 'terraform.local/apono/apono';
export const TOKEN = 'bench-token';
const SANDBOX_START_MS = 30_000;
/** Upper bound of any one terraform command (the 1,000-resource apply takes a few minutes). */
const TERRAFORM_DEADLINE_MS = 30 * 60_000;

/** A running apono-sandbox child process and its base URL. */
export interface Sandbox {
  url: string;
  child: ChildProcess;
}

/**
 * Starts `bin/apono-sandbox` on an OS-chosen port, in memory; resolves at its listening line.
 * `extraArgs` are added to its command line (e.g. `--seed FILE`).
 */
export function startSandbox(extraArgs: readonly string[] = []): Promise<Sandbox> {
  const env = { ...process.env };
  delete env.APONO_SANDBOX_PORT;
  delete env.APONO_SANDBOX_TOKEN;
  delete env.APONO_SANDBOX_DATA;
  const child = spawn(process.execPath, [SANDBOX_BIN, '--port', '0', '--token', TOKEN, ...extraArgs], {
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

/** Stops the sandbox (SIGTERM, SIGKILL after 5 s); a no-op when it already exited. */
export function stopSandbox(sandbox: Sandbox): Promise<void> {
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

/** The sandbox's fault knobs (sandbox/faults.ts); each call replaces them all, a missing one is off. */
export interface FaultKnobs {
  latency_ms?: number;
  rate_limit_rps?: number | null;
}

/** Sets the sandbox's faults from now on (latency, rate limit answered with 429). */
export const setFaults = (sandbox: Sandbox, faults: FaultKnobs): Promise<unknown> =>
  control(sandbox, 'POST', '/_sandbox/faults', faults);

/** Injected faults served since the last stats reset, by kind (`429`, `503`, `reset`). */
export async function faultsServed(sandbox: Sandbox): Promise<Record<string, number>> {
  return ((await control(sandbox, 'GET', '/_sandbox/stats')) as { faults: Record<string, number> }).faults;
}

/** Injects `latencyMs` of delay into every API request the sandbox answers from now on. */
export const setLatency = (sandbox: Sandbox, latencyMs: number): Promise<unknown> =>
  control(sandbox, 'POST', '/_sandbox/faults', { latency_ms: latencyMs });

/** Zeroes the sandbox's request counters. */
export const resetStats = (sandbox: Sandbox): Promise<unknown> =>
  control(sandbox, 'POST', '/_sandbox/stats/reset');

/** API request counts by `METHOD /route/{template}`, control routes left out. */
export async function apiStats(sandbox: Sandbox): Promise<Record<string, number>> {
  const stats = (await control(sandbox, 'GET', '/_sandbox/stats')) as { requests: Record<string, number> };
  return Object.fromEntries(
    Object.entries(stats.requests).filter(([route]) => !route.includes(' /_sandbox/')),
  );
}

/** The sum of the per-route counts. */
export function totalCalls(requests: Record<string, number>): number {
  return Object.values(requests).reduce((sum, n) => sum + n, 0);
}

/** The median of a non-empty list (the lower middle one for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** The `terraform { required_providers }` block that selects the dev-overridden provider. */
export const REQUIRED_PROVIDERS_HCL = `terraform {
  required_providers {
    apono = { source = "${PROVIDER_SOURCE}" }
  }
}
`;

/** How a workspace launches the provider. */
export interface WorkspaceOptions {
  /** Temp dir name prefix, e.g. `apono-bench-refresh-`. */
  prefix: string;
  /** The sandbox URL given to the provider as APONO_ENDPOINT. */
  endpoint: string;
  /**
   * When true, dev_overrides point at a wrapper directory whose two-line sh script appends one line
   * per launch to a log and execs the real bin/terraform-provider-apono (so launches can be counted,
   * at the cost of one sh exec per launch); when false, they point at bin/ itself.
   */
  countLaunches: boolean;
  /** More environment for terraform and the provider (e.g. APONO_REQUESTS_PER_SECOND). */
  env?: NodeJS.ProcessEnv;
}

/** What one terraform run may add: environment for that run, and a look at its process id. */
export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  /** Called once terraform is spawned, with its pid (to sample its memory and its children's). */
  onSpawn?: (pid: number) => void;
}

/** CLI configuration text whose dev_overrides point the provider source at `providerDir`. */
function cliConfigText(providerDir: string): string {
  return `provider_installation {\n  dev_overrides {\n    "${PROVIDER_SOURCE}" = "${providerDir}"\n  }\n  direct {}\n}\n`;
}

/** A temp Terraform workspace: main.tf, a CLI config with dev_overrides, and the environment. */
export class Workspace {
  readonly dir: string;
  private readonly launchLog: string | null;
  private readonly env: NodeJS.ProcessEnv;
  private readonly cliConfig: string;
  /** Folders holding a copy of a given executable under the name Terraform expects, by its path. */
  private readonly pluginDirs = new Map<string, string>();

  constructor(options: WorkspaceOptions) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), options.prefix));
    let providerDir = path.dirname(PLUGIN_BIN);
    this.launchLog = null;
    if (options.countLaunches) {
      providerDir = path.join(this.dir, 'plugin');
      fs.mkdirSync(providerDir);
      this.launchLog = path.join(this.dir, 'launches.log');
      fs.writeFileSync(this.launchLog, '');
      fs.writeFileSync(
        path.join(providerDir, 'terraform-provider-apono'),
        `#!/bin/sh\necho launch >> '${this.launchLog}'\nexec '${process.execPath}' '${PLUGIN_BIN}' "$@"\n`,
        { mode: 0o755 },
      );
    }
    const cliConfig = path.join(this.dir, 'cli.tfrc');
    this.cliConfig = cliConfig;
    fs.writeFileSync(cliConfig, cliConfigText(providerDir));
    this.env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TF_CLI_CONFIG_FILE: cliConfig,
      TF_IN_AUTOMATION: '1',
      CHECKPOINT_DISABLE: '1',
      TF_INPUT: '0',
      APONO_ENDPOINT: options.endpoint,
      APONO_PERSONAL_TOKEN: TOKEN,
      ...options.env,
    };
  }

  /**
   * Points dev_overrides at `executable` from the next run on: its own folder when it is already named
   * `terraform-provider-apono` (bin/, the bundle dist/bundle/), else a folder of this workspace
   * holding a copy of it under that name (e.g. a release executable). Not for `countLaunches`.
   */
  useProvider(executable: string): void {
    if (this.launchLog !== null) throw new Error('useProvider() is not for a launch-counting workspace');
    let providerDir = this.pluginDirs.get(executable);
    if (providerDir === undefined) {
      // Already named as Terraform expects (bin/, dist/bundle/, another tree's): its own folder, so
      // that bin/'s script still finds the dist/ beside it.
      if (path.basename(executable) === 'terraform-provider-apono') providerDir = path.dirname(executable);
      else {
        providerDir = path.join(this.dir, `plugin-${this.pluginDirs.size}`);
        fs.mkdirSync(providerDir);
        fs.copyFileSync(executable, path.join(providerDir, 'terraform-provider-apono'));
        fs.chmodSync(path.join(providerDir, 'terraform-provider-apono'), 0o755);
      }
      this.pluginDirs.set(executable, providerDir);
    }
    fs.writeFileSync(this.cliConfig, cliConfigText(providerDir));
  }

  /** Replaces main.tf. */
  write(hcl: string): void {
    fs.writeFileSync(path.join(this.dir, 'main.tf'), hcl);
  }

  /** Provider launches so far (0 when the workspace was made without `countLaunches`). */
  launches(): number {
    if (this.launchLog === null) return 0;
    return fs.readFileSync(this.launchLog, 'utf8').split('\n').filter(Boolean).length;
  }

  /** Runs terraform; resolves with the exit code and output, streaming `onLine` for stdout lines. */
  run(
    args: string[],
    onLine?: (line: string) => void,
    options: RunOptions = {},
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn('terraform', args, {
        cwd: this.dir,
        env: { ...this.env, ...options.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      if (child.pid !== undefined) options.onSpawn?.(child.pid);
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

  /** Deletes the workspace directory. */
  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
