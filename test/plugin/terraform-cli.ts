/** Runs the real terraform CLI in a scratch directory (test helper). */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface TerraformWorkspace {
  readonly dir: string;
  writeConfig(hcl: string): void;
  run(...args: string[]): Promise<TerraformResult>;
  remove(): void;
}

/** A temp dir with its own CLI config (empty by default), automation mode and no checkpoint calls. */
export function terraformWorkspace(extraEnv: Record<string, string>, cliConfigText = ''): TerraformWorkspace {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-apono-'));
  const cliConfig = path.join(dir, 'terraformrc');
  fs.writeFileSync(cliConfig, cliConfigText);
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('TF_LOG')) delete env[key];
  Object.assign(env, {
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
    TF_INPUT: '0',
    ...extraEnv,
  });
  return {
    dir,
    writeConfig: (hcl) => fs.writeFileSync(path.join(dir, 'main.tf'), hcl),
    run: (...args) =>
      new Promise((resolve) => {
        execFile(
          'terraform',
          [...args, '-no-color'],
          { cwd: dir, env, timeout: 120_000 },
          (error, stdout, stderr) => {
            const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
            resolve({ code, stdout, stderr });
          },
        );
      }),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
