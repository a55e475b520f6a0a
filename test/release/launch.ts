/** Launching a released executable the way Terraform (or a person) would, for the release tests. */
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../../provider/transport/handshake';

/** The go-plugin variables Terraform sets when it launches a provider. */
export const PLUGIN_ENV = { [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '6' } as const;

/** What a process did before it exited. */
export interface Exited {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts `executable` in `cwd`, resolves its first stdout line, then stops it. */
export function firstStdoutLine(executable: string, cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, [], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const newline = stdout.indexOf('\n');
      if (newline >= 0) {
        child.kill();
        resolve(stdout.slice(0, newline));
      }
    });
    child.on('error', reject);
    child.on('close', (code) => reject(new Error(`exited ${code} before a handshake line: ${stderr}`)));
  });
}

/** Runs `executable` with `args` to its exit. */
export function runToExit(
  executable: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<Exited> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, [...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The first `name` executable found on `searchPath` (a PATH value), or undefined. */
export function findOnPath(name: string, searchPath: string = process.env.PATH ?? ''): string | undefined {
  for (const dir of searchPath.split(path.delimiter).filter((entry) => entry !== '')) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/**
 * A folder holding only a link to the real `terraform`: as PATH, it gives Terraform and everything
 * Terraform launches no `node`.
 */
export function pathWithTerraformOnly(dir: string): string {
  const terraform = findOnPath('terraform');
  if (terraform === undefined) throw new Error('terraform is not on PATH');
  mkdirSync(dir, { recursive: true });
  symlinkSync(terraform, path.join(dir, 'terraform'));
  return dir;
}
