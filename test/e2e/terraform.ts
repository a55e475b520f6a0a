import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { BIN_DIR, runProcess, type ProcessRun } from '../helpers/run-process';

export { BIN_DIR };
export const PROVIDER_SOURCE = 'terraform.local/apono/apono';

/** What a terraform command did. */
export type TerraformResult = ProcessRun;

/**
 * A temp directory with a CLI config whose dev_overrides point terraform.local/apono/apono at the
 * built provider, and the env to run the real `terraform` binary against a sandbox.
 */
export class TerraformWorkspace {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;

  constructor(endpoint: string, token: string, extraEnv: NodeJS.ProcessEnv = {}) {
    this.dir = mkdtempSync(path.join(tmpdir(), 'apono-tf-'));
    const cliConfig = path.join(this.dir, '.terraformrc');
    writeFileSync(
      cliConfig,
      `provider_installation {\n  dev_overrides {\n    "${PROVIDER_SOURCE}" = "${BIN_DIR}"\n  }\n  direct {}\n}\n`,
    );
    this.env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TF_CLI_CONFIG_FILE: cliConfig,
      TF_IN_AUTOMATION: '1',
      CHECKPOINT_DISABLE: '1',
      TF_INPUT: '0',
      APONO_ENDPOINT: endpoint,
      APONO_PERSONAL_TOKEN: token,
      ...extraEnv,
    };
  }

  /** Writes main.tf (the provider requirement is prepended). */
  write(hcl: string): void {
    const header = `terraform {\n  required_providers {\n    apono = { source = "${PROVIDER_SOURCE}" }\n  }\n}\n\n`;
    writeFileSync(path.join(this.dir, 'main.tf'), header + hcl);
  }

  /** Runs terraform with the given arguments in the workspace. */
  run(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<TerraformResult> {
    return runProcess('terraform', args, { cwd: this.dir, env: { ...this.env, ...extraEnv } });
  }

  /** `terraform apply -auto-approve`; throws with the output when it fails. */
  async apply(...extra: string[]): Promise<TerraformResult> {
    return this.ok(['apply', '-auto-approve', '-no-color', ...extra]);
  }

  /** `terraform plan -detailed-exitcode`: 0 no changes, 2 changes, 1 error. */
  plan(...extra: string[]): Promise<TerraformResult> {
    return this.run(['plan', '-detailed-exitcode', '-no-color', ...extra]);
  }

  /** `terraform destroy -auto-approve`; throws when it fails. */
  destroy(): Promise<TerraformResult> {
    return this.ok(['destroy', '-auto-approve', '-no-color']);
  }

  /** The state as `terraform show -json` prints it: resources by address with their values. */
  async state(): Promise<Record<string, Record<string, unknown>>> {
    const shown = await this.ok(['show', '-json', '-no-color']);
    const parsed = JSON.parse(shown.stdout) as {
      values?: { root_module?: { resources?: { address: string; values: Record<string, unknown> }[] } };
    };
    const resources = parsed.values?.root_module?.resources ?? [];
    return Object.fromEntries(resources.map((resource) => [resource.address, resource.values]));
  }

  /** Runs a command that must succeed. */
  async ok(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<TerraformResult> {
    const result = await this.run(args, extraEnv);
    if (result.code !== 0) {
      throw new Error(
        `terraform ${args.join(' ')} exited ${result.code}\n${result.stdout}\n${result.stderr}`,
      );
    }
    return result;
  }

  /** Removes the workspace. */
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
