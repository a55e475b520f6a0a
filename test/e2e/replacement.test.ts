/**
 * Replacement paths with the real CLI: taint, -replace and an email change re-create an identity,
 * and a replaced user keeps the groups she was in (issue 7, defects 1 and 2).
 */
import { useSandboxSuite } from './harness';

// Each step runs the real terraform binary (several provider launches): allow for a loaded machine.
jest.setTimeout(180_000);

function user(name: string, email: string, extra = ''): string {
  return `resource "apono_user" "${name}" {\n  email     = "${email}"\n  full_name = "Test ${name}"\n${extra}}\n`;
}

describe('replacing identities with the real terraform CLI', () => {
  const suite = useSandboxSuite();

  it.each([
    ['apono_user.ada', user('ada', 'taint-ada@example.com')],
    ['apono_group.eng', `resource "apono_group" "eng" {\n  name = "taint-eng"\n}\n`],
    [
      'apono_group_member.ada',
      user('ada', 'taint-member@example.com') +
        `resource "apono_group" "team" {\n  name = "taint-team"\n}\n` +
        `resource "apono_group_member" "ada" {\n  group_id = apono_group.team.id\n  email    = apono_user.ada.email\n}\n`,
    ],
  ])(
    'GIVEN a tainted %s WHEN planned and applied THEN it is replaced like -replace',
    async (address, hcl) => {
      const tf = suite.workspace();
      tf.write(hcl);
      await tf.apply();
      const before = (await tf.state())[address];
      await tf.ok(['taint', '-no-color', address]);

      const plan = await tf.plan();
      expect(plan.stderr).toBe('');
      expect(plan.code).toBe(2);
      expect(plan.stdout).toContain(`# ${address} is tainted, so must be replaced`);
      expect(plan.stdout).toContain('1 to add, 0 to change, 1 to destroy');

      await tf.apply();
      const after = (await tf.state())[address];
      if (!address.startsWith('apono_group_member')) expect(after.id).not.toBe(before.id);
      expect((await tf.plan()).code).toBe(0);
    },
  );

  it('GIVEN a tainted user WHEN applied THEN exactly one user with her email exists afterwards', async () => {
    const tf = suite.workspace();
    tf.write(user('ada', 'taint-once@example.com'));
    await tf.apply();
    await tf.ok(['taint', '-no-color', 'apono_user.ada']);
    await tf.apply();
    const users = await suite.usersWithEmails('taint-once@example.com');
    expect(users).toHaveLength(1);
    expect(users[0]?.id).toBe((await tf.state())['apono_user.ada'].id);
  });

  it('GIVEN a user resource renamed without a moved block WHEN planned THEN the plan asks for one, and with it nothing changes', async () => {
    const named = (name: string) =>
      `resource "apono_user" "${name}" {\n  email     = "renamed-ada@example.com"\n  full_name = "Ada Lovelace"\n}\n`;
    const tf = suite.workspace();
    tf.write(named('ada'));
    await tf.apply();
    tf.write(named('lovelace'));
    await suite.sandbox.control.resetStats();
    const refused = await tf.plan();
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('moved');
    expect(await suite.writes()).toBe(0);
    tf.write(`moved {\n  from = apono_user.ada\n  to   = apono_user.lovelace\n}\n${named('lovelace')}`);
    const moved = await tf.plan();
    expect(moved.stdout).toContain('apono_user.ada has moved to apono_user.lovelace');
    expect(moved.code).toBe(2);
    await tf.apply();
    expect((await tf.plan()).code).toBe(0);
  });

  it('GIVEN a group an identity provider took over WHEN it is tainted THEN the plan refuses to replace it', async () => {
    const tf = suite.workspace();
    tf.write(`resource "apono_group" "g" {\n  name = "taint-idp-group"\n}\n`);
    await tf.apply();
    const id = String((await tf.state())['apono_group.g'].id);
    await suite.api('POST', `/_sandbox/groups/${id}/idp`, {
      source_integration_id: 'int-okta',
      source_integration_name: 'Okta',
    });
    await tf.ok(['taint', '-no-color', 'apono_group.g']);
    const result = await tf.plan();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Cannot replace a group owned by an identity provider');
  });

  describe('a replaced user keeps her groups', () => {
    /** Ada is in eng through `members`, in oncall through apono_group_member, and in a group Terraform does not manage. */
    function config(prefix: string, adaEmail: string): string {
      return (
        user('ada', adaEmail) +
        user('grace', `keep-${prefix}-grace@example.com`) +
        `resource "apono_group" "eng" {\n  name    = "keep-${prefix}-eng"\n  members = [apono_user.ada.email, apono_user.grace.email]\n}\n` +
        `resource "apono_group" "oncall" {\n  name = "keep-${prefix}-oncall"\n}\n` +
        `resource "apono_group_member" "ada" {\n  group_id = apono_group.oncall.id\n  email    = apono_user.ada.email\n}\n`
      );
    }

    async function groupsOf(email: string, names: string[]): Promise<string[]> {
      const found: string[] = [];
      for (const name of names) {
        const group = await suite.group(name);
        if (group !== undefined && (await suite.members(group.id)).includes(email)) found.push(name);
      }
      return found;
    }

    it.each([
      ['-replace', 'replace'],
      ['taint', 'taint'],
      ['an email change', 'rename'],
    ])(
      'GIVEN a user in three groups WHEN replaced by %s THEN one apply leaves her in all three',
      async (_how, prefix) => {
        const tf = suite.workspace();
        const email = `keep-${prefix}-ada@example.com`;
        tf.write(config(prefix, email));
        await tf.apply();
        // A group that Terraform does not manage, with Ada in it.
        const outside = (await suite.api('POST', '/api/admin/v1/groups', {
          name: `keep-${prefix}-outside`,
          members_emails: [email],
        })) as { id: string };
        const groups = [`keep-${prefix}-eng`, `keep-${prefix}-oncall`, `keep-${prefix}-outside`];
        expect(await groupsOf(email, groups)).toEqual(groups);
        const before = (await tf.state())['apono_user.ada'];

        let newEmail = email;
        let plan;
        let applied;
        if (prefix === 'replace') {
          plan = await tf.plan('-replace=apono_user.ada');
          applied = await tf.apply('-replace=apono_user.ada');
        } else if (prefix === 'taint') {
          await tf.ok(['taint', '-no-color', 'apono_user.ada']);
          plan = await tf.plan();
          applied = await tf.apply();
        } else {
          newEmail = `keep-${prefix}-ada.lovelace@example.com`;
          tf.write(config(prefix, newEmail));
          plan = await tf.plan();
          applied = await tf.apply();
        }
        // Warnings go to stdout. The plan tells the reviewer which groups the replacement restores
        // (Terraform shows no provider warning for the create half of -replace, so that one is
        // told at apply only); the apply says which groups it restored.
        if (prefix !== 'replace') {
          expect(plan.stdout).toContain('Warning: Replacing a user deletes and re-invites them');
          for (const name of groups) expect(plan.stdout).toContain(name);
        }
        expect(applied.stdout).toContain('Warning: Group memberships restored after the replacement');
        for (const name of groups) expect(applied.stdout).toContain(name);

        const after = (await tf.state())['apono_user.ada'];
        expect(after.id).not.toBe(before.id);
        expect(await groupsOf(newEmail, groups)).toEqual(groups);
        expect((await tf.plan()).code).toBe(0);
        await suite.api('DELETE', `/api/admin/v1/groups/${outside.id}`);
      },
    );
  });
});
