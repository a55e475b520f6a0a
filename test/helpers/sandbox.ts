/**
 * Starts the real `bin/apono-sandbox` (the built dist/, so `npm run build` must have run; jest's
 * pretest does it) as a child process for tests, and talks to its control API.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const SANDBOX_BIN = path.join(REPO_ROOT, 'bin', 'apono-sandbox');
const READY_LINE = /^apono-sandbox listening on (http:\/\/127\.0\.0\.1:(\d+))$/;
const START_DEADLINE_MS = 15_000;

/** Fault settings for POST /_sandbox/faults (missing fields are off). */
export interface SandboxFaults {
  latency_ms?: number;
  error_rate?: number;
  rate_limit_rps?: number | null;
  reset_rate?: number;
  lost_answer_rate?: number;
  lost_answer_next?: number;
}

/** A raw answer from the sandbox. `body` is parsed JSON, or undefined when empty. */
export interface SandboxResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/** The `/_sandbox/` control API plus a raw authenticated request. */
export interface SandboxControl {
  setFaults(faults: SandboxFaults): Promise<void>;
  /** Request counts by `METHOD /route/{template}`. */
  stats(): Promise<Record<string, number>>;
  /** Injected faults served since the last reset, by kind: `503`, `429`, `reset`, `lost_answer`. */
  faultsServed(): Promise<Record<string, number>>;
  /** `/api/` requests since the last reset, by User-Agent header. */
  userAgents(): Promise<Record<string, number>>;
  resetStats(): Promise<void>;
  /** Empties the store. */
  reset(): Promise<void>;
  /** Marks an invited user as having accepted (status `active`); resolves to the user. */
  accept(userId: string): Promise<unknown>;
  /** Any request with the sandbox's token; `body` is sent as JSON. */
  request(method: string, requestPath: string, body?: unknown): Promise<SandboxResponse>;
}

/** A running sandbox process. */
export interface SandboxHandle {
  url: string;
  port: number;
  token: string;
  process: ChildProcess;
  /** Everything the process printed on stdout so far. */
  stdout(): string;
  /** Everything the process printed on stderr so far. */
  stderr(): string;
  /** SIGTERM and wait for exit (resolves at once if it has already exited). */
  stop(): Promise<void>;
  /** SIGKILL and wait for exit. */
  kill(): Promise<void>;
  control: SandboxControl;
}

export interface StartSandboxOptions {
  dataDir?: string;
  seedFile?: string;
  token?: string;
  /** false starts it with --no-user-writes (default true: the user-write extension is served). */
  userWrites?: boolean;
  /** Extra command-line arguments. */
  args?: string[];
}

/** A fresh empty temporary directory (for --data or seed files). */
export function makeTempDir(prefix = 'apono-sandbox-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Removes a directory made by makeTempDir. */
export function removeTempDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Sends one authenticated request to a sandbox. */
export async function sandboxRequest(
  url: string,
  token: string,
  method: string,
  requestPath: string,
  body?: unknown,
): Promise<SandboxResponse> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${url}${requestPath}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? undefined : JSON.parse(text),
  };
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function makeControl(url: string, token: string): SandboxControl {
  const request = (method: string, requestPath: string, body?: unknown): Promise<SandboxResponse> =>
    sandboxRequest(url, token, method, requestPath, body);
  const expect2xx = async (method: string, requestPath: string, body?: unknown): Promise<unknown> => {
    const response = await request(method, requestPath, body);
    if (response.status < 200 || response.status > 299) {
      throw new Error(
        `${method} ${requestPath} answered ${response.status}: ${JSON.stringify(response.body)}`,
      );
    }
    return response.body;
  };
  return {
    request,
    setFaults: async (faults) => void (await expect2xx('POST', '/_sandbox/faults', faults)),
    stats: async () =>
      ((await expect2xx('GET', '/_sandbox/stats')) as { requests: Record<string, number> }).requests,
    faultsServed: async () =>
      ((await expect2xx('GET', '/_sandbox/stats')) as { faults: Record<string, number> }).faults,
    userAgents: async () =>
      ((await expect2xx('GET', '/_sandbox/stats')) as { user_agents: Record<string, number> }).user_agents,
    resetStats: async () => void (await expect2xx('POST', '/_sandbox/stats/reset')),
    reset: async () => void (await expect2xx('POST', '/_sandbox/reset')),
    accept: (userId) => expect2xx('POST', `/_sandbox/users/${encodeURIComponent(userId)}/accept`),
  };
}

/** Spawns `bin/apono-sandbox --port 0` and resolves once it prints its listening line. */
export function startSandboxProcess(options: StartSandboxOptions = {}): Promise<SandboxHandle> {
  const token = options.token ?? 'test-token';
  const args = [SANDBOX_BIN, '--port', '0', '--token', token];
  if (options.dataDir !== undefined) args.push('--data', options.dataDir);
  if (options.seedFile !== undefined) args.push('--seed', options.seedFile);
  if (options.userWrites === false) args.push('--no-user-writes');
  args.push(...(options.args ?? []));
  const env = { ...process.env };
  // The command line decides; stray env fallbacks from the developer's shell must not.
  delete env.APONO_SANDBOX_PORT;
  delete env.APONO_SANDBOX_TOKEN;
  delete env.APONO_SANDBOX_DATA;
  delete env.APONO_SANDBOX_COMPACT_THRESHOLD;
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));

  return new Promise((resolve, reject) => {
    const fail = (reason: string): void => {
      cleanup();
      child.kill('SIGKILL');
      reject(new Error(`apono-sandbox did not start: ${reason}\nstdout: ${stdout}\nstderr: ${stderr}`));
    };
    const timer = setTimeout(
      () => fail(`no listening line within ${START_DEADLINE_MS} ms`),
      START_DEADLINE_MS,
    );
    const onExit = (code: number | null, signal: string | null): void =>
      fail(`exited (code ${code}, signal ${signal})`);
    const onData = (): void => {
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      const match = READY_LINE.exec(stdout.slice(0, newline));
      if (!match) return fail(`unexpected first line ${JSON.stringify(stdout.slice(0, newline))}`);
      cleanup();
      const url = match[1];
      resolve({
        url,
        port: Number(match[2]),
        token,
        process: child,
        stdout: () => stdout,
        stderr: () => stderr,
        stop: () => {
          const exited = waitForExit(child);
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
        kill: () => {
          const exited = waitForExit(child);
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          return exited;
        },
        control: makeControl(url, token),
      });
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      child.off('exit', onExit);
      child.stdout.off('data', onData);
    };
    child.on('exit', onExit);
    child.stdout.on('data', onData);
  });
}
