/**
 * `terraform-provider-apono export` round trips with the real CLI against apono-sandbox: a tenant
 * seeded with awkward identities (several roles, a phone number, a two-word last name, no role,
 * disabled and invited users, IdP users and groups, an empty group, names that need sanitising and
 * collide) is exported; `terraform plan` of the export shows only imports; after the apply a plan
 * shows no changes. The same for `--format yaml` through the CDKTF example (APONO_IDENTITIES_FILE).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { hclString } from '../../provider/export/hcl';
import { initStackWorkspace, synthesizeExample } from '../helpers/cdktf-stack';
import { runProviderExecutable, type ProcessRun } from '../helpers/run-process';
import { SandboxHandle, startSandboxProcess } from '../helpers/sandbox';
import { countWrites } from './fixtures';
import { SUITE_TOKEN } from './harness';
import { TerraformWorkspace } from './terraform';

jest.setTimeout(240_000);

const OKTA = { source_integration_id: 'int-okta', source_integration_name: 'Okta' };

/** The seeded tenant (the sandbox's seed file format). */
const SEED = {
  users: [
    {
      email: 'ada@example.com',
      first_name: 'Ada',
      last_name: 'Lovelace',
      roles: ['Admin'],
      phone_number: '+442079460958',
    },
    { email: 'grace@example.com', first_name: 'Grace', last_name: 'Hopper', roles: ['Viewer', 'Deployment'] },
    { email: 'mary@example.com', first_name: 'Mary', last_name: 'Kenneth Keller', roles: ['Power User'] },
    { email: 'cher@example.com', first_name: 'Cher', last_name: '', roles: ['Grantee'] },
    { email: 'a.b@example.com', first_name: 'Dot', last_name: 'Ted', roles: ['Grantee'] },
    { email: 'a_b@example.com', first_name: 'Under', last_name: 'Score', roles: ['Grantee'] },
    { email: '1st@example.com', first_name: 'First', last_name: 'Digit', roles: ['Security Auditor'] },
    {
      email: 'zed@example.com',
      first_name: 'Zed',
      last_name: 'O"Brien ${x} %{y} \\z',
      roles: ['Grantee'],
      status: 'disabled',
    },
    {
      email: 'ivy@example.com',
      first_name: 'Ivy',
      last_name: 'Invited',
      roles: ['Viewer'],
      status: 'invited',
    },
    { email: 'nora@example.com', first_name: 'Nora', last_name: 'Role', roles: [] },
    { email: 'okta.user@example.com', first_name: 'Okta', last_name: 'User', roles: ['Grantee'], ...OKTA },
  ],
  groups: [
    { name: 'engineering', members: ['ada@example.com', 'grace@example.com', 'okta.user@example.com'] },
    { name: 'Platform Team (EU)', members: ['mary@example.com'] },
    { name: 'platform team eu', members: ['cher@example.com', 'a.b@example.com'] },
    { name: '2fa admins', members: ['1st@example.com'] },
    { name: 'empty', members: [] },
    {
      name: 'say "hi" ${there} %{x} \\o/',
      members: ['zed@example.com', 'ivy@example.com', 'nora@example.com', 'a_b@example.com'],
    },
    { name: 'okta-engineering', members: ['okta.user@example.com'], ...OKTA },
  ],
};

/** Users and groups created in Apono: what the export imports. */
const IMPORTED =
  SEED.users.filter((user) => !('source_integration_id' in user)).length +
  SEED.groups.filter((group) => !('source_integration_id' in group)).length;
const IMPORT_SUMMARY = `Plan: ${IMPORTED} to import, 0 to add, 0 to change, 0 to destroy.`;

/**
 * Runs the built `terraform-provider-apono export` with `args` and only the tenant's environment
 * (plus PATH and HOME): APONO_* variables of the developer's shell must not leak in.
 */
function runExport(args: readonly string[], env: NodeJS.ProcessEnv): ProcessRun {
  return runProviderExecutable(['export', ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
  });
}

describe('export with the real terraform CLI', () => {
  let sandbox: SandboxHandle | undefined;
  let seedDir: string | undefined;
  const cleanups: Array<() => void> = [];

  beforeAll(async () => {
    seedDir = mkdtempSync(path.join(tmpdir(), 'apono-export-seed-'));
    const seedFile = path.join(seedDir, 'seed.json');
    writeFileSync(seedFile, JSON.stringify(SEED));
    sandbox = await startSandboxProcess({ token: SUITE_TOKEN, seedFile });
  });

  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  afterAll(async () => {
    await sandbox?.stop();
    if (seedDir !== undefined) rmSync(seedDir, { recursive: true, force: true });
  });

  const tenantEnv = (): NodeJS.ProcessEnv => ({
    APONO_ENDPOINT: sandbox!.url,
    APONO_PERSONAL_TOKEN: SUITE_TOKEN,
  });

  /** A fresh workspace on the sandbox, removed after the test. */
  function workspace(): TerraformWorkspace {
    const tf = new TerraformWorkspace(sandbox!.url, SUITE_TOKEN);
    cleanups.push(() => tf.remove());
    return tf;
  }

  /** A workspace holding the HCL export of the tenant. */
  function exportedHcl(): TerraformWorkspace {
    const tf = workspace();
    const exported = runExport(['--format', 'hcl', '--out', tf.dir], tenantEnv());
    if (exported.code !== 0) throw new Error(`export failed: ${exported.stderr}`);
    return tf;
  }

  /** A workspace holding the CDKTF example synthesized from the YAML export, initialised. */
  async function exportedCdktf(): Promise<TerraformWorkspace> {
    const tf = workspace();
    const outdir = mkdtempSync(path.join(tmpdir(), 'apono-export-cdktf-'));
    cleanups.push(() => rmSync(outdir, { recursive: true, force: true }));
    const exported = runExport(['--format', 'yaml', '--out', outdir], tenantEnv());
    if (exported.code !== 0) throw new Error(`export failed: ${exported.stderr}`);
    const stackFile = await synthesizeExample(path.join(outdir, 'cdktf.out'), {
      APONO_IDENTITIES_FILE: path.join(outdir, 'identities.yaml'),
    });
    await initStackWorkspace(tf, stackFile, path.join(outdir, 'plugins'));
    return tf;
  }

  it('GIVEN the HCL export WHEN planned THEN the plan imports every Apono user and group and changes nothing', async () => {
    const tf = exportedHcl();

    const plan = await tf.plan();

    expect({ code: plan.code, stderr: plan.stderr }).toEqual({ code: 2, stderr: '' });
    expect(plan.stdout).toContain(IMPORT_SUMMARY);
  });

  it('GIVEN the applied HCL export WHEN planned again THEN there are no changes and the apply sent nothing', async () => {
    const tf = exportedHcl();
    await sandbox!.control.resetStats();

    const apply = await tf.apply();
    const writes = countWrites(await sandbox!.control.stats());
    const plan = await tf.plan();

    expect(apply.stdout).toContain(
      `Apply complete! Resources: ${IMPORTED} imported, 0 added, 0 changed, 0 destroyed.`,
    );
    expect(writes).toBe(0);
    expect({ code: plan.code, stderr: plan.stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('GIVEN the HCL export THEN it is formatted as terraform fmt formats it', async () => {
    const tf = exportedHcl();

    const fmt = await tf.run(['fmt', '-check', '-no-color']);

    expect(fmt).toMatchObject({ code: 0, stdout: '' });
  });

  it('GIVEN the HCL export THEN IdP identities are data sources and awkward names are unique identifiers', () => {
    const tf = exportedHcl();

    const groups = readFileSync(path.join(tf.dir, 'groups.tf'), 'utf8');
    const idp = readFileSync(path.join(tf.dir, 'idp.tf'), 'utf8');
    const users = readFileSync(path.join(tf.dir, 'users.tf'), 'utf8');

    expect(idp).toContain('data "apono_user" "okta_user_example_com" {');
    expect(idp).toContain('data "apono_group" "okta-engineering" {');
    expect(groups).toContain('resource "apono_group" "platform_team_eu" {\n  name = "Platform Team (EU)"');
    expect(groups).toContain('resource "apono_group" "platform_team_eu_2" {\n  name = "platform team eu"');
    expect(groups).toContain('resource "apono_group" "group_2fa_admins" {');
    expect(groups).toContain('    data.apono_user.okta_user_example_com.email,');
    expect(users).toContain('resource "apono_user" "a_b_example_com_2" {\n  email     = "a_b@example.com"');
    expect(users).toContain('  full_name = "Zed O\\"Brien $${x} %%{y} \\\\z"');
  });

  it('GIVEN a tenant WHEN exported THEN it lists users and groups once and reads the members of Apono groups only', async () => {
    await sandbox!.control.resetStats();

    const exported = runExport(['--format', 'hcl'], tenantEnv());

    expect(exported.code).toBe(0);
    expect(await sandbox!.control.stats()).toEqual({
      'GET /api/admin/v3/users': 1,
      'GET /api/admin/v1/groups': 1,
      'GET /api/admin/v1/groups/{id}/members': SEED.groups.length - 1,
    });
  });

  it('GIVEN an export to stdout THEN the token appears nowhere and stderr has only the summary', () => {
    const exported = runExport(['--format', 'hcl'], tenantEnv());

    expect(exported.stdout).toContain('# ---- main.tf ----');
    expect(`${exported.stdout}${exported.stderr}`).not.toContain(SUITE_TOKEN);
    expect(exported.stderr).toBe(
      'terraform-provider-apono export: exported 10 users and 6 groups to import; 1 user and 1 group only read\n',
    );
  });

  it('GIVEN a wrong token THEN the export fails in one line on stderr, exit 1, showing neither token', () => {
    const exported = runExport(['--format', 'yaml'], {
      ...tenantEnv(),
      APONO_PERSONAL_TOKEN: 'aup_wrongToken_77',
    });

    expect(exported.code).toBe(1);
    expect(exported.stdout).toBe('');
    expect(exported.stderr.trimEnd().split('\n')).toEqual([
      expect.stringContaining('terraform-provider-apono export: Apono rejected the personal token'),
    ]);
    expect(exported.stderr).not.toContain('aup_wrongToken_77');
  });

  it('GIVEN an --out directory that holds an exported file THEN the export refuses to overwrite it and exits 1', async () => {
    const tf = exportedHcl();
    const before = readFileSync(path.join(tf.dir, 'main.tf'), 'utf8');

    const again = runExport(['--format', 'hcl', '--out', tf.dir], tenantEnv());

    expect(again.code).toBe(1);
    expect(again.stderr).toContain('main.tf');
    expect(again.stderr).toContain('already exist');
    expect(readFileSync(path.join(tf.dir, 'main.tf'), 'utf8')).toBe(before);
  });

  it('GIVEN the YAML export through the CDKTF example WHEN planned THEN the plan imports every Apono user and group and changes nothing', async () => {
    const tf = await exportedCdktf();

    const plan = await tf.plan();

    expect({ code: plan.code, stderr: plan.stderr }).toEqual({ code: 2, stderr: '' });
    expect(plan.stdout).toContain(IMPORT_SUMMARY);
  });

  it('GIVEN the applied YAML export through the CDKTF example WHEN planned again THEN there are no changes', async () => {
    const tf = await exportedCdktf();

    const apply = await tf.apply();
    const plan = await tf.plan();

    expect(apply.stdout).toContain(
      `Apply complete! Resources: ${IMPORTED} imported, 0 added, 0 changed, 0 destroyed.`,
    );
    expect({ code: plan.code, stderr: plan.stderr }).toEqual({ code: 0, stderr: '' });
  });
});

describe('export of a tenant without the user-write extension (as Apono serves it)', () => {
  let sandbox: SandboxHandle | undefined;
  let seedDir: string | undefined;
  let tf: TerraformWorkspace | undefined;

  beforeAll(async () => {
    seedDir = mkdtempSync(path.join(tmpdir(), 'apono-export-seed-'));
    const seedFile = path.join(seedDir, 'seed.json');
    writeFileSync(seedFile, JSON.stringify(SEED));
    sandbox = await startSandboxProcess({ token: SUITE_TOKEN, seedFile, userWrites: false });
  });

  afterAll(async () => {
    await sandbox?.stop();
    tf?.remove();
    if (seedDir !== undefined) rmSync(seedDir, { recursive: true, force: true });
  });

  it('GIVEN the HCL export WHEN applied and planned again THEN the imports need no user write and nothing changes', async () => {
    tf = new TerraformWorkspace(sandbox!.url, SUITE_TOKEN);
    const env = { APONO_ENDPOINT: sandbox!.url, APONO_PERSONAL_TOKEN: SUITE_TOKEN };
    expect(runExport(['--format', 'hcl', '--out', tf.dir], env).code).toBe(0);

    const apply = await tf.apply();
    const plan = await tf.plan();

    expect(apply.stdout).toContain(
      `Apply complete! Resources: ${IMPORTED} imported, 0 added, 0 changed, 0 destroyed.`,
    );
    expect({ code: plan.code, stderr: plan.stderr }).toEqual({ code: 0, stderr: '' });
  });
});

describe('hclString with the real terraform CLI', () => {
  const texts = [
    'plain',
    'say "hi"',
    'back\\slash',
    '${var.x}',
    '%{if x}',
    '$${x}',
    '%%{x}',
    'a$',
    'tab\tline\nend',
    'bell\u0007',
    'Café',
  ];
  let tf: TerraformWorkspace | undefined;

  afterAll(() => tf?.remove());

  it('GIVEN awkward strings written with hclString WHEN terraform evaluates them THEN it reads back the same strings', async () => {
    tf = new TerraformWorkspace('http://127.0.0.1:1', 'unused');
    writeFileSync(
      path.join(tf.dir, 'main.tf'),
      `output "texts" {\n  value = [${texts.map(hclString).join(', ')}]\n}\n`,
    );

    await tf.apply();
    const output = await tf.ok(['output', '-json', 'texts']);

    expect(JSON.parse(output.stdout)).toEqual(texts);
  });
});
