/**
 * `terraform-provider-apono report` on plans the real terraform CLI makes against the sandbox: each
 * test applies a starting configuration, plans a change, and compares the report of
 * `terraform show -json plan.out` with its golden file in test/report/golden/. With
 * REPORT_WRITE_FIXTURES=1 it instead saves the plan JSON as test/report/fixtures/<scenario>.json (the
 * input of the unit tests in test/report/, so those fixtures come from real plans) and the report as
 * its golden file, to be read and checked by a person before it is committed.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { useSandboxSuite } from './harness';
import { BIN_DIR, TerraformWorkspace } from './terraform';

const REPORT_DIR = path.resolve(__dirname, '../report');

jest.setTimeout(180_000);

/** An apono_user block. */
function user(name: string, email: string, extra = ''): string {
  return `resource "apono_user" "${name}" {\n  email     = "${email}"\n  full_name = "Test ${name}"\n${extra}}\n`;
}

/** The plan JSON of `hcl` planned in `tf` (with extra plan arguments). */
async function planJson(tf: TerraformWorkspace, hcl: string, ...extra: string[]): Promise<string> {
  tf.write(hcl);
  await tf.ok(['plan', '-no-color', '-out=plan.out', ...extra]);
  const shown = await tf.ok(['show', '-json', '-no-color', 'plan.out']);
  return shown.stdout;
}

/** Runs the built `report` command on `plan` (stdin) and returns its exit code and output. */
function report(plan: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(path.join(BIN_DIR, 'terraform-provider-apono'), ['report', ...args, '-'], {
    input: plan,
    encoding: 'utf8',
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

const WRITING = process.env['REPORT_WRITE_FIXTURES'] === '1';

/** Saves the plan as the scenario's fixture when REPORT_WRITE_FIXTURES=1. */
function saveFixture(scenario: string, plan: string): void {
  if (!WRITING) return;
  const pretty = `${JSON.stringify(JSON.parse(plan), null, 2)}\n`;
  writeFileSync(path.join(REPORT_DIR, 'fixtures', `${scenario}.json`), pretty);
  writeFileSync(path.join(REPORT_DIR, 'golden', `${scenario}.md`), report(plan).stdout);
}

/** The scenario's golden markdown report. */
function golden(scenario: string): string {
  return readFileSync(path.join(REPORT_DIR, 'golden', `${scenario}.md`), 'utf8');
}

describe('report on real plans', () => {
  const suite = useSandboxSuite();

  it('GIVEN --help THEN the executable prints the usage and exits 0', () => {
    const result = spawnSync(path.join(BIN_DIR, 'terraform-provider-apono'), ['report', '--help'], {
      encoding: 'utf8',
    });

    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: terraform-provider-apono report');
  });

  it('GIVEN a saved plan file with a new Admin and --fail-on admin-grant THEN the executable prints the report and exits 1 with the reason', () => {
    const result = spawnSync(
      path.join(BIN_DIR, 'terraform-provider-apono'),
      [
        'report',
        '--format',
        'text',
        '--fail-on',
        'admin-grant,user-delete',
        path.join(REPORT_DIR, 'fixtures', 'invites.json'),
      ],
      { encoding: 'utf8' },
    );

    expect(result.status).toBe(1);
    expect(result.stdout).toContain('NEW ADMIN: rpt-inv-grace@example.com');
    expect(result.stderr).toContain(
      'admin-grant: rpt-inv-grace@example.com becomes Admin (apono_user.grace)',
    );
  });

  it('GIVEN stdin that is no plan THEN the executable exits 2 and says so', () => {
    const result = report('{}');

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot read a plan from stdin');
  });

  it('GIVEN a plan that invites users and creates a group THEN the report lists the invites, the new Admin and the group', async () => {
    const tf = suite.workspace();
    const plan = await planJson(
      tf,
      user('ada', 'rpt-inv-ada@example.com') +
        user('grace', 'rpt-inv-grace@example.com', '  role      = "Admin"\n') +
        `resource "apono_group" "eng" {\n  name    = "rpt-inv-eng"\n  members = [apono_user.ada.email, apono_user.grace.email]\n}\n`,
    );
    saveFixture('invites', plan);

    const result = report(plan);

    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(golden('invites'));
  });

  it('GIVEN a plan that changes roles THEN the report lists the new Admin first, then the other role changes', async () => {
    const tf = suite.workspace();
    tf.write(
      user('ada', 'rpt-priv-ada@example.com', '  role      = "Viewer"\n') +
        user('grace', 'rpt-priv-grace@example.com', '  role      = "Grantee"\n') +
        user('alan', 'rpt-priv-alan@example.com', '  role      = "Admin"\n'),
    );
    await tf.apply();
    const plan = await planJson(
      tf,
      user('ada', 'rpt-priv-ada@example.com', '  role      = "Power User"\n') +
        user('grace', 'rpt-priv-grace@example.com', '  role      = "Admin"\n') +
        user('alan', 'rpt-priv-alan@example.com', '  role      = "Grantee"\n'),
    );
    saveFixture('privilege', plan);

    const result = report(plan);

    expect(result.stdout).toBe(golden('privilege'));
  });

  it('GIVEN a plan that changes members, renames and deletes groups THEN the report lists them per group', async () => {
    const tf = suite.workspace();
    const users =
      user('ada', 'rpt-mem-ada@example.com') +
      user('grace', 'rpt-mem-grace@example.com') +
      user('alan', 'rpt-mem-alan@example.com');
    tf.write(
      users +
        `resource "apono_group" "eng" {\n  name    = "rpt-mem-eng"\n  members = [apono_user.ada.email, apono_user.grace.email]\n}\n` +
        `resource "apono_group" "old" {\n  name    = "rpt-mem-old"\n  members = [apono_user.ada.email]\n}\n` +
        `resource "apono_group" "oncall" {\n  name = "rpt-mem-oncall"\n}\n` +
        `resource "apono_group_member" "alan" {\n  group_id = apono_group.oncall.id\n  email    = apono_user.alan.email\n}\n`,
    );
    await tf.apply();
    const plan = await planJson(
      tf,
      users +
        `resource "apono_group" "eng" {\n  name    = "rpt-mem-engineering"\n  members = [apono_user.grace.email, apono_user.alan.email]\n}\n` +
        `resource "apono_group" "oncall" {\n  name = "rpt-mem-oncall"\n}\n` +
        `resource "apono_group_member" "ada" {\n  group_id = apono_group.oncall.id\n  email    = apono_user.ada.email\n}\n` +
        `resource "apono_group" "new" {\n  name    = "rpt-mem-new"\n  members = [apono_user.alan.email]\n}\n`,
    );
    saveFixture('membership', plan);

    const result = report(plan);

    expect(result.stdout).toBe(golden('membership'));
  });

  it('GIVEN a plan that deletes one user and forgets two THEN the report tells deleted from forgotten', async () => {
    const tf = suite.workspace();
    tf.write(
      user('ada', 'rpt-rm-ada@example.com') +
        user('grace', 'rpt-rm-grace@example.com', '  keep_on_destroy = true\n') +
        user('alan', 'rpt-rm-alan@example.com') +
        user('carl', 'rpt-rm-carl@example.com') +
        `resource "apono_group" "eng" {\n  name    = "rpt-rm-eng"\n  members = [apono_user.ada.email, apono_user.carl.email]\n}\n`,
    );
    await tf.apply();
    const plan = await planJson(
      tf,
      user('carl', 'rpt-rm-carl@example.com') +
        `resource "apono_group" "eng" {\n  name    = "rpt-rm-eng"\n  members = [apono_user.carl.email]\n}\n` +
        `removed {\n  from = apono_user.alan\n  lifecycle {\n    destroy = false\n  }\n}\n`,
    );
    saveFixture('removals', plan);

    const result = report(plan);

    expect(result.stdout).toBe(golden('removals'));
  });

  it('GIVEN a plan that replaces users for an email change, -replace and taint THEN the report gives each reason', async () => {
    const tf = suite.workspace();
    const rest =
      user('grace', 'rpt-rep-grace@example.com') +
      user('alan', 'rpt-rep-alan@example.com') +
      `resource "apono_group" "eng" {\n  name    = "rpt-rep-eng"\n  members = [apono_user.ada.email, apono_user.grace.email]\n}\n` +
      `resource "apono_group" "oncall" {\n  name = "rpt-rep-oncall"\n}\n` +
      `resource "apono_group_member" "alan" {\n  group_id = apono_group.oncall.id\n  email    = apono_user.alan.email\n}\n`;
    tf.write(user('ada', 'rpt-rep-ada@example.com') + rest);
    await tf.apply();
    await tf.ok(['taint', '-no-color', 'apono_user.alan']);
    const plan = await planJson(
      tf,
      user('ada', 'rpt-rep-ada.lovelace@example.com') + rest,
      '-replace=apono_user.grace',
    );
    saveFixture('replacements', plan);

    const result = report(plan);

    expect(result.stdout).toBe(golden('replacements'));
  });

  it('GIVEN changes made in Apono outside Terraform THEN the report lists the drift refresh found', async () => {
    const tf = suite.workspace();
    const hcl =
      user('ada', 'rpt-drift-ada@example.com') +
      user('grace', 'rpt-drift-grace@example.com') +
      `resource "apono_group" "eng" {\n  name    = "rpt-drift-eng"\n  members = [apono_user.ada.email]\n}\n` +
      `resource "apono_group" "gone" {\n  name = "rpt-drift-gone"\n}\n`;
    tf.write(hcl);
    await tf.apply();
    const state = await tf.state();
    const eng = String(state['apono_group.eng'].id);
    await suite.api('PUT', `/api/admin/v1/groups/${eng}/name`, { name: 'rpt-drift-engineering' });
    await suite.api('PUT', `/api/admin/v1/groups/${eng}/members/rpt-drift-grace%40example.com`);
    await suite.api('DELETE', `/api/admin/v1/groups/${String(state['apono_group.gone'].id)}`);
    const plan = await planJson(tf, hcl);
    saveFixture('drift', plan);

    const result = report(plan);

    expect(result.stdout).toBe(golden('drift'));
  });

  it("GIVEN values known only after apply and another provider's resources THEN the report names their expressions and counts the others", async () => {
    const tf = suite.workspace();
    const plan = await planJson(
      tf,
      `resource "terraform_data" "handle" {\n  input = "rpt-unk-ada"\n}\n` +
        `resource "terraform_data" "unrelated" {\n  input = 1\n}\n` +
        `resource "apono_user" "ada" {\n  email     = "\${terraform_data.handle.output}@example.com"\n  full_name = "Test ada"\n}\n` +
        `resource "apono_group" "oncall" {\n  name = "rpt-unk-oncall"\n}\n` +
        `resource "apono_group_member" "ada" {\n  group_id = apono_group.oncall.id\n  email    = apono_user.ada.email\n}\n`,
    );
    saveFixture('unknowns', plan);

    const result = report(plan);

    expect(result.stdout).toBe(golden('unknowns'));
  });

  it('GIVEN a plan that imports a user and makes her Admin THEN the report counts the import and flags the new Admin', async () => {
    const tf = suite.workspace();
    const existing = (await suite.api('POST', '/api/admin/v3/users', {
      email: 'rpt-imp-ada@example.com',
      first_name: 'Test',
      last_name: 'ada',
      roles: ['Grantee'],
    })) as { id: string };
    const plan = await planJson(
      tf,
      `import {\n  to = apono_user.ada\n  id = "${existing.id}"\n}\n` +
        user('ada', 'rpt-imp-ada@example.com', '  role      = "Admin"\n'),
    );
    saveFixture('imports', plan);

    const result = report(plan);

    expect(result.stdout).toBe(golden('imports'));
  });
});
