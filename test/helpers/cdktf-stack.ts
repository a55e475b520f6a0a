/**
 * A synthesized CDKTF stack in a terraform workspace, ready for the real terraform CLI: the example
 * app of examples/cdktf synthesized the way the cdktf CLI runs it (or any stack file), its
 * cdk.tf.json copied into the workspace, the built provider installed as a plugin dir and
 * `terraform init` run. Needs the build (`npm test` runs it first).
 */
import { copyFileSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { STACK_NAME } from '../../examples/cdktf/main';
import { packageInfo } from '../../provider/client/package-info';
import { installProvider } from '../../provider/install';
import type { TerraformWorkspace } from '../e2e/terraform';
import { runProcess } from './run-process';

const ROOT = packageInfo().root;

/** The name of the synthesized stack file of every CDKTF stack. */
export const STACK_FILE = 'cdk.tf.json';

/**
 * The command of cdktf.json's `app` that runs the compiled example: the part after the build
 * (`npm test` has built already, and a second tsc -b here would race other suites).
 */
export function exampleAppCommand(): string {
  const config = JSON.parse(readFileSync(path.join(ROOT, 'cdktf.json'), 'utf8')) as { app: string };
  return config.app.split('&&').at(-1)!.trim();
}

/** Runs a shell command in the repository root, as the cdktf CLI does; rejects on a non-zero exit. */
async function runInRoot(command: string, env: NodeJS.ProcessEnv): Promise<void> {
  const run = await runProcess(command, [], { cwd: ROOT, env, shell: true });
  if (run.code !== 0) throw new Error(`${command} exited ${run.code}\n${run.stdout}${run.stderr}`);
}

/**
 * Synthesizes the example app into `outdir` with cdktf.json's app command, `env` added to the
 * environment (e.g. APONO_IDENTITIES_FILE); returns its stack file.
 */
export async function synthesizeExample(outdir: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  await runInRoot(exampleAppCommand(), { ...process.env, ...env, CDKTF_OUTDIR: outdir });
  return path.join(outdir, 'stacks', STACK_NAME, STACK_FILE);
}

/**
 * Copies a synthesized stack file into the workspace (the JSON declares required_providers: no
 * main.tf is needed) and runs `terraform init` with the built provider in `pluginDir`.
 */
export async function initStackWorkspace(
  tf: TerraformWorkspace,
  stackFile: string,
  pluginDir: string,
): Promise<void> {
  copyFileSync(stackFile, path.join(tf.dir, STACK_FILE));
  // `terraform init` resolves providers even under dev_overrides, and checks the synthesized
  // version constraint: give it the built provider, at the package version, as a plugin dir.
  // plan and apply then run the provider through the workspace's dev_overrides.
  installProvider(pluginDir);
  // cdktf's default local backend points at the directory the app ran from (the repository):
  // `-backend-config` moves the state into the workspace without editing the synthesized stack.
  await tf.ok([
    'init',
    '-input=false',
    '-no-color',
    `-plugin-dir=${pluginDir}`,
    `-backend-config=path=${path.join(tf.dir, 'terraform.tfstate')}`,
  ]);
}
