/**
 * The CDKTF example end to end, the way a user runs it: the app command of cdktf.json synthesizes
 * examples/cdktf from the repository root, then the real terraform CLI plans and applies the
 * cdk.tf.json it wrote with the built provider against apono-sandbox, plans again (no changes)
 * and destroys. Needs the build (`npm test` runs it first).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { sandboxApi } from '../e2e/fixtures';
import { TerraformWorkspace } from '../e2e/terraform';
import { exampleAppCommand, initStackWorkspace, synthesizeExample } from '../helpers/cdktf-stack';
import { SandboxHandle, startSandboxProcess } from '../helpers/sandbox';

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

  /** Names of the groups created in Apono (not synced from an IdP). */
  async function aponoGroups(): Promise<string[]> {
    const page = (await sandboxApi(sandbox, 'GET', '/api/admin/v1/groups?limit=1000')) as {
      items: { name: string; source_integration_id?: string | null }[];
    };
    return page.items
      .filter((entry) => (entry.source_integration_id ?? null) === null)
      .map((entry) => entry.name)
      .sort();
  }

  beforeAll(async () => {
    sandbox = await startSandboxProcess();
    tf = new TerraformWorkspace(sandbox.url, sandbox.token);
    outdir = mkdtempSync(path.join(tmpdir(), 'apono-cdktf-out-'));
    expect(exampleAppCommand()).toBe('node dist/examples/cdktf/main.js');
    const stackFile = await synthesizeExample(outdir);
    await initStackWorkspace(tf, stackFile, path.join(outdir, 'plugins'));
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

  it('GIVEN the applied example WHEN destroyed THEN the sandbox has no users and no Apono-created groups left', async () => {
    expect(await aponoGroups()).toEqual(['admins', 'engineering', 'on-call']);
    await tf.destroy();
    expect(await apiUsers()).toEqual([]);
    expect(await aponoGroups()).toEqual([]);
  });
});
