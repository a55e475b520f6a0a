/**
 * Recovering from what happens in the field, with the real CLI (issue 7, defects 7 and 8): an apply
 * killed half-way leaves invited users that the state does not know, and an identity provider takes
 * over a user whose block is then deleted.
 */
import { spawn } from 'node:child_process';
import { useSandboxSuite } from './harness';

// Each step runs the real terraform binary (several provider launches): allow for a loaded machine.
jest.setTimeout(240_000);

const COUNT = 100;

function hundredUsers(prefix: string): string {
  return `resource "apono_user" "u" {
  count     = ${COUNT}
  email     = "${prefix}\${count.index}@example.com"
  full_name = "User \${count.index}"
}
`;
}

/** Polls `check` every 100 ms until it holds or `ms` pass. */
async function waitFor(check: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('recovery with the real terraform CLI', () => {
  const suite = useSandboxSuite();

  it('GIVEN an apply of 100 users killed half-way WHEN re-applied with adopt_existing THEN the invited users are adopted and nothing is duplicated', async () => {
    const prefix = 'killed';
    const tf = suite.workspace();
    tf.write(hundredUsers(prefix));
    const created = async () => (await suite.users()).filter((user) => user.email.startsWith(prefix)).length;

    // Slow the API down so the kill lands mid-apply, then SIGKILL terraform (the provider follows it).
    await suite.sandbox.control.setFaults({ latency_ms: 150 });
    const terraform = spawn('terraform', ['apply', '-auto-approve', '-no-color'], {
      cwd: tf.dir,
      env: tf.env,
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => terraform.once('exit', resolve));
    await waitFor(async () => (await created()) >= 10, 120_000);
    terraform.kill('SIGKILL');
    await exited;
    await suite.sandbox.control.setFaults({});
    const invited = await created();
    expect(invited).toBeGreaterThanOrEqual(10);
    expect(invited).toBeLessThan(COUNT);

    // Without the setting: the error names both ways out.
    const refused = await tf.plan();
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('A user with this email already exists in Apono');
    expect(refused.stderr).toContain('import');
    expect(refused.stderr).toContain('adopt_existing');

    // With it: the plan warns about each adoption, the apply converges, the next plan is empty.
    const plan = await tf.run(['plan', '-no-color'], { APONO_ADOPT_EXISTING: 'true' });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('Warning: An existing Apono user will be adopted');
    await tf.ok(['apply', '-auto-approve', '-no-color'], { APONO_ADOPT_EXISTING: 'true' });
    const users = (await suite.users()).filter((user) => user.email.startsWith(prefix));
    expect(users).toHaveLength(COUNT);
    expect(new Set(users.map((user) => user.email)).size).toBe(COUNT);
    expect((await tf.plan()).code).toBe(0);
    await tf.destroy();
  });

  it('GIVEN adopt_existing WHEN an existing user differs from the configuration THEN she is not adopted and the error says what differs', async () => {
    await suite.api('POST', '/api/admin/v3/users', {
      email: 'not-adopted@example.com',
      first_name: 'Someone',
      last_name: 'Else',
      roles: ['Grantee'],
    });
    const tf = suite.workspace({ APONO_ADOPT_EXISTING: 'true' });
    tf.write(
      `resource "apono_user" "x" {\n  email     = "not-adopted@example.com"\n  full_name = "Not Adopted"\n}\n`,
    );
    await suite.sandbox.control.resetStats();
    const result = await tf.plan();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('A user with this email already exists in Apono');
    expect(result.stderr).toContain('full_name');
    expect(await suite.writes()).toBe(0);
  });

  it('GIVEN an Apono group whose name and members match WHEN planned with adopt_existing THEN it is adopted', async () => {
    await suite.api('POST', '/api/admin/v3/users', {
      email: 'adopt-member@example.com',
      first_name: 'Adopt',
      last_name: 'Member',
      roles: ['Grantee'],
    });
    const group = (await suite.api('POST', '/api/admin/v1/groups', {
      name: 'adopted-group',
      members_emails: ['adopt-member@example.com'],
    })) as { id: string };
    const tf = suite.workspace({ APONO_ADOPT_EXISTING: 'true' });
    tf.write(
      `resource "apono_group" "g" {\n  name    = "adopted-group"\n  members = ["adopt-member@example.com"]\n}\n`,
    );
    const plan = await tf.plan();
    expect(plan.stdout).toContain('Warning: An existing Apono group will be adopted');
    await tf.apply();
    expect((await tf.state())['apono_group.g'].id).toBe(group.id);
    expect((await tf.plan()).code).toBe(0);
  });

  describe('a user an identity provider took over', () => {
    async function takeOver(id: string): Promise<void> {
      await suite.api('POST', `/_sandbox/users/${id}/idp`, {
        source_integration_id: 'int-okta',
        source_integration_name: 'Okta',
      });
    }

    it('GIVEN her block is deleted WHEN planned THEN the plan refuses before anything is sent and names terraform state rm', async () => {
      const tf = suite.workspace();
      const hcl = `resource "apono_user" "claimed" {\n  email     = "claimed-orphan@example.com"\n  full_name = "Claimed Orphan"\n}\n`;
      tf.write(hcl);
      await tf.apply();
      await takeOver(String((await tf.state())['apono_user.claimed'].id));
      tf.write('');
      await suite.sandbox.control.resetStats();
      const result = await tf.plan();
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('Cannot delete a user owned by an identity provider');
      expect(result.stderr).toContain('terraform state rm');
      expect(await suite.writes()).toBe(0);
    });

    it('GIVEN a for_each instance of hers is removed WHEN planned THEN the plan refuses with advice that works for instances', async () => {
      const tf = suite.workspace();
      const hcl = (emails: string[]) =>
        `resource "apono_user" "team" {\n  for_each  = toset([${emails.map((e) => `"${e}"`).join(', ')}])\n  email     = each.key\n  full_name = "Team Member"\n}\n`;
      tf.write(hcl(['claimed-each1@example.com', 'claimed-each2@example.com']));
      await tf.apply();
      const state = await tf.state();
      await takeOver(String(state['apono_user.team["claimed-each1@example.com"]'].id));
      tf.write(hcl(['claimed-each2@example.com']));
      const result = await tf.plan();
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('Cannot delete a user owned by an identity provider');
      expect(result.stderr).toContain('terraform state rm');
      expect(result.stderr).toContain('["key"]');
    });
  });
});
