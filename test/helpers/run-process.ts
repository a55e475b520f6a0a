/** Running a child process in tests: its exit code and whole output, collected. */
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';

/** The built bin/ folder: the tests build nothing, they run what `npm run build` produced. */
export const BIN_DIR = path.resolve(__dirname, '../../bin');

/** What a process did: its exit code (-1 when killed by a signal) and its output. */
export interface ProcessRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Where and how to run a process. */
export interface RunOptions {
  /** @default - the current directory */
  readonly cwd?: string;
  /** The whole environment of the process. @default - this process's environment */
  readonly env?: NodeJS.ProcessEnv;
  /** Run `command` through the shell (as a command line). @default false */
  readonly shell?: boolean;
}

/** Runs a command with no input; resolves when it exits (whatever the code), rejects when it cannot start. */
export function runProcess(
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      shell: options.shell ?? false,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/**
 * Runs the built `terraform-provider-apono` with `args` (a subcommand first), `stdin` as its input,
 * synchronously: for commands that talk to nothing in this process (the sandbox runs in its own).
 */
export function runProviderExecutable(
  args: readonly string[],
  options: { readonly stdin?: string; readonly env?: NodeJS.ProcessEnv } = {},
): ProcessRun {
  const result = spawnSync(path.join(BIN_DIR, 'terraform-provider-apono'), args, {
    input: options.stdin ?? '',
    env: options.env ?? process.env,
    encoding: 'utf8',
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
