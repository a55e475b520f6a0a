/**
 * The CDKTF example end to end: synthesize examples/cdktf, then the real terraform CLI plans and
 * applies the synthesized cdk.tf.json with the built provider against apono-sandbox, plans again
 * (no changes) and destroys.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildExampleApp, STACK_NAME } from '../../examples/cdktf/main';
import { packageInfo } from '../../provider/client/package-info';
import { installProvider } from '../../provider/install';
import { sandboxApi } from '../e2e/fixtures';
import { TerraformWorkspace } from '../e2e/terraform';
import { SandboxHandle, startSandboxProcess } from '../helpers/sandbox';

const ROOT = packageInfo().root;

describe('the CDKTF example with the real terraform CLI', () => {
  let sandbox: SandboxHandle;
  let tf: TerraformWorkspace;
  let outdir: string;

  async function apiUsers(): Promise<string[]> {
    const page = (await sandboxApi(sandbox, 'GET', '/api/admin/v3/users?limit=1000')) as {
      items: { email: string }[];
    };
    return page.items.map((entry) => entry.email).sort();
  }

  beforeAll(async () => {
    sandbox = await startSandboxProcess();
    tf = new TerraformWorkspace(sandbox.url, sandbox.token);
    outdir = mkdtempSync(path.join(tmpdir(), 'apono-cdktf-out-'));
    buildExampleApp(
      {
        identitiesFile: path.join(ROOT, 'examples', 'cdktf', 'identities.yaml'),
        stateFile: path.join(tf.dir, 'terraform.tfstate'),
      },
      outdir,
    ).synth();
    // The synthesized JSON already declares required_providers: no main.tf (tf.write) is needed.
    copyFileSync(path.join(outdir, 'stacks', STACK_NAME, 'cdk.tf.json'), path.join(tf.dir, 'cdk.tf.json'));
    // The synthesized local backend block needs `terraform init`, which resolves providers even
    // under dev_overrides: give it the built provider as a plugin dir, so nothing is downloaded.
    // plan and apply then run the provider through the workspace's dev_overrides.
    const pluginDir = path.join(outdir, 'plugins');
    installProvider(pluginDir);
    await tf.ok(['init', '-input=false', '-no-color', `-plugin-dir=${pluginDir}`]);
  });

  afterAll(async () => {
    await sandbox?.stop();
    tf?.remove();
    if (outdir !== undefined) rmSync(outdir, { recursive: true, force: true });
  });

  it('GIVEN the synthesized example WHEN planned THEN terraform plans the four users and three groups', async () => {
    const plan = await tf.plan();
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('Plan: 7 to add, 0 to change, 0 to destroy.');
  });

  it('GIVEN the plan WHEN applied THEN the sandbox holds the users and the groups hold their members', async () => {
    await tf.apply();
    expect(await apiUsers()).toEqual([
      'ada@example.com',
      'alan@example.com',
      'grace@example.com',
      'linus@example.com',
    ]);
    const state = await tf.state();
    const members = Object.fromEntries(
      Object.entries(state)
        .filter(([address]) => address.startsWith('apono_group.'))
        .map(([, values]) => [values.name, [...(values.members as string[])].sort()]),
    );
    expect(members).toEqual({
      admins: ['ada@example.com'],
      engineering: ['ada@example.com', 'alan@example.com', 'grace@example.com'],
      'on-call': ['grace@example.com', 'linus@example.com'],
    });
  });

  it('GIVEN the applied example WHEN planned again THEN there are no changes', async () => {
    const plan = await tf.plan();
    expect({ code: plan.code, stderr: plan.stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('GIVEN the applied example WHEN destroyed THEN the sandbox has no users left', async () => {
    await tf.destroy();
    expect(await apiUsers()).toEqual([]);
  });
});
