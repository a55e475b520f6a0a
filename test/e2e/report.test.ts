/**
 * `terraform-provider-apono report` on plans the real terraform CLI makes against the sandbox: each
 * scenario applies a starting configuration, plans a change, and compares the report of
 * `terraform show -json plan.out` with its golden file in test/report/golden/. With
 * REPORT_WRITE_FIXTURES=1 it instead saves the plan JSON as test/report/fixtures/<scenario>.json (the
 * input of the unit tests in test/report/, so those fixtures come from real plans) and the report as
 * its golden file (see report-run.ts). Also: the executable's exit codes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createLogger } from '../../provider/log';
import { serve, ServedProvider } from '../../provider/transport/serve';
import { officialProviderStandIn, officialState } from '../plugin/fixtures/official-apono';
import { useSandboxSuite } from './harness';
import { goldenReport, REPORT_DIR, runReportExecutable, saveScenario, showPlan } from './report-run';
import { TerraformWorkspace } from './terraform';

jest.setTimeout(180_000);

/** An apono_user block. */
function user(name: string, email: string, extra = ''): string {
  return `resource "apono_user" "${name}" {\n  email     = "${email}"\n  full_name = "Test ${name}"\n${extra}}\n`;
}

/** The plan JSON of `hcl` planned in `tf` (with extra plan arguments). */
async function planJson(tf: TerraformWorkspace, hcl: string, ...extra: string[]): Promise<string> {
  tf.write(hcl);
  return showPlan(tf, ...extra);
}

/** The markdown report of a plan given on stdin. */
function report(plan: string): string {
  return runReportExecutable(['-'], plan).stdout;
}

/** '' for no output, else output containing `text`. */
function nothingOr(text: string): unknown {
  return text === '' ? '' : expect.stringContaining(text);
}

const INVITES_PLAN = path.join(REPORT_DIR, 'fixtures', 'invites.json');
const INVITES = readFileSync(INVITES_PLAN, 'utf8');

describe('the report executable', () => {
  it.each([
    {
      name: '--help',
      args: ['--help'],
      stdin: '',
      code: 0,
      stdout: 'Usage: terraform-provider-apono report',
      stderr: '',
    },
    {
      name: 'a plan file',
      args: [INVITES_PLAN],
      stdin: '',
      code: 0,
      stdout: '1 new Admin, 2 invites',
      stderr: '',
    },
    {
      name: 'a plan on stdin ("-")',
      args: ['-'],
      stdin: INVITES,
      code: 0,
      stdout: '1 new Admin, 2 invites',
      stderr: '',
    },
    {
      name: 'a plan on stdin (no argument)',
      args: [],
      stdin: INVITES,
      code: 0,
      stdout: '1 new Admin, 2 invites',
      stderr: '',
    },
    {
      name: 'a plan file with a new Admin and --fail-on admin-grant',
      args: ['--format', 'text', '--fail-on', 'admin-grant,user-delete', INVITES_PLAN],
      stdin: '',
      code: 1,
      stdout: 'NEW ADMIN: rpt-inv-grace@example.com',
      stderr: 'admin-grant: rpt-inv-grace@example.com becomes Admin (apono_user.grace)',
    },
    {
      name: 'a plan file that does not exist',
      args: ['no-such-plan.json'],
      stdin: '',
      code: 2,
      stdout: '',
      stderr: 'cannot read a plan from no-such-plan.json: ENOENT',
    },
    {
      name: 'an unknown --fail-on kind',
      args: ['--fail-on', 'admins', INVITES_PLAN],
      stdin: '',
      code: 2,
      stdout: '',
      stderr: 'unknown: admins',
    },
    {
      name: 'malformed JSON on stdin',
      args: ['-'],
      stdin: '{"format_version":',
      code: 2,
      stdout: '',
      stderr: 'cannot read a plan from stdin: not JSON',
    },
    {
      name: 'JSON that is not a plan',
      args: ['-'],
      stdin: '{"a":1}',
      code: 2,
      stdout: '',
      stderr: 'not a Terraform plan in JSON form',
    },
  ])('GIVEN $name THEN it exits $code', ({ args, stdin, code, stdout, stderr }) => {
    const result = runReportExecutable(args, stdin);

    expect(result).toEqual({ code, stdout: nothingOr(stdout), stderr: nothingOr(stderr) });
  });
});

describe('report on real plans', () => {
  const suite = useSandboxSuite();

  it('GIVEN a plan that invites users and creates a group THEN the report lists the invites, the new Admin and the group', async () => {
    const tf = suite.workspace();
    const plan = await planJson(
      tf,
      user('ada', 'rpt-inv-ada@example.com') +
        user('grace', 'rpt-inv-grace@example.com', '  role      = "Admin"\n') +
        `resource "apono_group" "eng" {\n  name    = "rpt-inv-eng"\n  members = [apono_user.ada.email, apono_user.grace.email]\n}\n`,
    );
    saveScenario('invites', plan);

    const result = runReportExecutable(['-'], plan);

    expect(result).toEqual({ code: 0, stdout: goldenReport('invites'), stderr: '' });
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
    saveScenario('privilege', plan);

    const result = report(plan);

    expect(result).toBe(goldenReport('privilege'));
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
    saveScenario('membership', plan);

    const result = report(plan);

    expect(result).toBe(goldenReport('membership'));
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
    saveScenario('removals', plan);

    const result = report(plan);

    expect(result).toBe(goldenReport('removals'));
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
    saveScenario('replacements', plan);

    const result = report(plan);

    expect(result).toBe(goldenReport('replacements'));
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
    saveScenario('drift', plan);

    const result = report(plan);

    expect(result).toBe(goldenReport('drift'));
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
    saveScenario('unknowns', plan);

    const result = report(plan);

    expect(result).toBe(goldenReport('unknowns'));
  });

  /** A user created in Apono through the API (not by Terraform); returns her id. */
  async function apiUser(email: string, name: string): Promise<string> {
    const created = (await suite.api('POST', '/api/admin/v3/users', {
      email,
      first_name: 'Test',
      last_name: name,
      roles: ['Grantee'],
    })) as { id: string };
    return created.id;
  }

  /** A group created in Apono through the API; returns its id. */
  async function apiGroup(name: string, members: string[]): Promise<string> {
    const created = (await suite.api('POST', '/api/admin/v1/groups', { name, members_emails: members })) as {
      id: string;
    };
    return created.id;
  }

  it('GIVEN a plan that imports users, groups and a membership, some with changes THEN the report lists each import with what else changes', async () => {
    const tf = suite.workspace();
    const ada = await apiUser('rpt-imp-ada@example.com', 'ada');
    const grace = await apiUser('rpt-imp-grace@example.com', 'grace');
    await apiUser('rpt-imp-alan@example.com', 'alan');
    const eng = await apiGroup('rpt-imp-eng', ['rpt-imp-ada@example.com']);
    const oncall = await apiGroup('rpt-imp-oncall', ['rpt-imp-alan@example.com']);
    const imported = (to: string, id: string): string => `import {\n  to = ${to}\n  id = "${id}"\n}\n`;
    const plan = await planJson(
      tf,
      imported('apono_user.ada', ada) +
        imported('apono_user.grace', grace) +
        imported('apono_group.eng', eng) +
        imported('apono_group.oncall', oncall) +
        imported('apono_group_member.alan', `${oncall}/rpt-imp-alan@example.com`) +
        user('ada', 'rpt-imp-ada@example.com', '  role      = "Admin"\n') +
        user('grace', 'rpt-imp-grace@example.com') +
        `resource "apono_group" "eng" {\n  name    = "rpt-imp-eng"\n  members = [apono_user.ada.email, apono_user.grace.email]\n}\n` +
        `resource "apono_group" "oncall" {\n  name = "rpt-imp-oncall"\n}\n` +
        `resource "apono_group_member" "alan" {\n  group_id = apono_group.oncall.id\n  email    = "rpt-imp-alan@example.com"\n}\n`,
    );
    saveScenario('imports', plan);

    const result = report(plan);

    expect(result).toBe(goldenReport('imports'));
  });

  it('GIVEN moved blocks for a user and for a group that is also renamed and gains a member THEN the report lists the moves with the other changes', async () => {
    const tf = suite.workspace();
    tf.write(
      `resource "apono_user" "old_ada" {\n  email     = "rpt-mv-ada@example.com"\n  full_name = "Test ada"\n}\n` +
        user('grace', 'rpt-mv-grace@example.com') +
        `resource "apono_group" "old_eng" {\n  name    = "rpt-mv-eng"\n  members = [apono_user.old_ada.email]\n}\n`,
    );
    await tf.apply();
    const plan = await planJson(
      tf,
      `moved {\n  from = apono_user.old_ada\n  to   = apono_user.ada\n}\n` +
        `moved {\n  from = apono_group.old_eng\n  to   = apono_group.eng\n}\n` +
        user('ada', 'rpt-mv-ada@example.com') +
        user('grace', 'rpt-mv-grace@example.com') +
        `resource "apono_group" "eng" {\n  name    = "rpt-mv-engineering"\n  members = [apono_user.ada.email, apono_user.grace.email]\n}\n`,
    );
    saveScenario('moved', plan);

    const result = report(plan);

    expect(result).toBe(goldenReport('moved'));
  });

  describe("migrating from the official provider's apono_managed_group", () => {
    let standIn: ServedProvider | undefined;

    beforeAll(async () => {
      // Terraform asks the provider of every object in the state for its schema: serve a stand-in.
      const quiet = createLogger({ threshold: 0, write: () => undefined });
      standIn = await serve(officialProviderStandIn(), { reattach: true, logger: quiet });
    });

    afterAll(async () => {
      await standIn?.stop();
    });

    it('GIVEN a moved block from apono_managed_group with a member added THEN the report lists the move and the member', async () => {
      if (standIn === undefined) throw new Error('the stand-in provider is not running');
      const tf = suite.workspace({ TF_REATTACH_PROVIDERS: standIn.reattachProviders });
      await apiUser('rpt-mig-ada@example.com', 'ada');
      await apiUser('rpt-mig-grace@example.com', 'grace');
      const members = ['rpt-mig-ada@example.com'];
      const id = await apiGroup('rpt-mig-eng', members);
      writeFileSync(
        path.join(tf.dir, 'terraform.tfstate'),
        officialState('apono_managed_group', 'eng', { id, name: 'rpt-mig-eng', members }),
      );
      const plan = await planJson(
        tf,
        `moved {\n  from = apono_managed_group.eng\n  to   = apono_group.eng\n}\n` +
          `resource "apono_group" "eng" {\n  name    = "rpt-mig-eng"\n  members = ["rpt-mig-ada@example.com", "rpt-mig-grace@example.com"]\n}\n`,
      );
      saveScenario('migration', plan);

      const result = report(plan);

      expect(result).toBe(goldenReport('migration'));
    });
  });
});
