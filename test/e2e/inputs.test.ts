/**
 * Inputs that must be refused before anything is sent, and input rules of the plan, with the real
 * CLI (issue 7: defects 3, 9 and 10, and the role semantics).
 */
import { useSandboxSuite } from './harness';

// Each step runs the real terraform binary (several provider launches): allow for a loaded machine.
jest.setTimeout(180_000);

function user(name: string, email: string, extra = ''): string {
  return `resource "apono_user" "${name}" {\n  email     = "${email}"\n  full_name = "Test ${name}"\n${extra}}\n`;
}

describe('inputs with the real terraform CLI', () => {
  const suite = useSandboxSuite();

  describe('null and empty members', () => {
    it('GIVEN null in members WHEN planned THEN members[1] is invalid and nothing is sent', async () => {
      const tf = suite.workspace();
      tf.write(
        user('x', 'null-member@example.com') +
          `resource "apono_group" "g" {\n  name    = "null-members"\n  members = [apono_user.x.email, null]\n}\n`,
      );
      await suite.sandbox.control.resetStats();
      const result = await tf.plan();
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('Error: Invalid member email');
      expect(result.stderr).toContain('members[1]');
      expect(result.stderr).toContain('must not be null');
      expect(await suite.writes()).toBe(0);
    });

    it('GIVEN an empty string in members WHEN planned THEN that element is invalid and nothing is sent', async () => {
      const tf = suite.workspace();
      tf.write(
        `resource "apono_group" "g" {\n  name    = "empty-members"\n  members = ["a@example.com", ""]\n}\n`,
      );
      await suite.sandbox.control.resetStats();
      const result = await tf.plan();
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('Error: Invalid member email');
      expect(result.stderr.match(/Error: /g)).toHaveLength(1);
      expect(await suite.writes()).toBe(0);
    });

    it.each([
      [
        'a members element',
        `resource "apono_group" "g" {\n  name    = "late-null-members"\n  members = [local.late_null]\n}\n`,
        'apono_group.g',
        0,
      ],
      [
        'apono_group_member.email',
        `resource "apono_group" "g" {\n  name = "late-null-member"\n}\n` +
          `resource "apono_group_member" "m" {\n  group_id = apono_group.g.id\n  email    = local.late_null\n}\n`,
        'apono_group_member.m',
        1,
      ],
    ])(
      'GIVEN %s unknown at plan that turns out null at apply WHEN applied THEN that resource fails before any write',
      async (_what, hcl, address, groupsCreated) => {
        const tf = suite.workspace();
        // local.late_null is unknown at plan (it depends on a new id), and null once applied.
        tf.write(
          `resource "terraform_data" "n" {\n  input = "x"\n}\n` +
            `locals {\n  late_null = terraform_data.n.id == "" ? "late@example.com" : null\n}\n${hcl}`,
        );
        await suite.sandbox.control.resetStats();
        const result = await tf.run(['apply', '-auto-approve', '-no-color']);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(`with ${address}`);
        expect(result.stderr).toContain('must not be null');
        const stats = await suite.sandbox.control.stats();
        expect(stats['POST /api/admin/v1/groups'] ?? 0).toBe(groupsCreated);
        expect(stats['PUT /api/admin/v1/groups/{id}/members/{email}']).toBeUndefined();
        // The configuration can no longer be planned: an empty one removes what was created.
        tf.write('');
        await tf.apply();
      },
    );
  });

  describe('one identity declared twice', () => {
    it('GIVEN two users with one email WHEN planned THEN the plan says it is declared twice and nothing is sent', async () => {
      const tf = suite.workspace();
      tf.write(user('a', 'twice@example.com') + user('b', 'Twice@Example.com'));
      await suite.sandbox.control.resetStats();
      const result = await tf.plan();
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('declared twice in this configuration');
      expect(result.stderr).not.toContain('terraform import');
      expect(await suite.writes()).toBe(0);
    });

    it('GIVEN a managed user WHEN a second resource declares her email THEN the plan says it is declared twice', async () => {
      const tf = suite.workspace();
      tf.write(user('a', 'twice-later@example.com'));
      await tf.apply();
      tf.write(user('a', 'twice-later@example.com') + user('b', 'twice-later@example.com'));
      const result = await tf.plan();
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('declared twice in this configuration');
      expect(result.stderr).not.toContain('terraform import');
    });

    it('GIVEN two groups with one name WHEN planned THEN the plan says it is declared twice and nothing is sent', async () => {
      const tf = suite.workspace();
      tf.write(
        `resource "apono_group" "a" {\n  name = "twice-group"\n}\nresource "apono_group" "b" {\n  name = "TWICE-group"\n}\n`,
      );
      await suite.sandbox.control.resetStats();
      const result = await tf.plan();
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('declared twice in this configuration');
      expect(await suite.writes()).toBe(0);
    });
  });

  describe('names and roles', () => {
    it('GIVEN a full name with a run of spaces WHEN applied THEN Apono gets single spaces and the next plan is empty', async () => {
      const tf = suite.workspace();
      tf.write(
        `resource "apono_user" "mary" {\n  email     = "mary.keller@example.com"\n  full_name = "Mary  Kenneth Keller"\n}\n`,
      );
      await tf.apply();
      const [mary] = await suite.usersWithEmails('mary.keller@example.com');
      expect(mary).toMatchObject({ first_name: 'Mary', last_name: 'Kenneth Keller' });
      expect((await tf.plan()).code).toBe(0);
    });

    it('GIVEN a user without a role WHEN applied THEN she is a Grantee, and a role changed in Apono later plans no change', async () => {
      const tf = suite.workspace();
      tf.write(user('r', 'unmanaged-role@example.com'));
      await tf.apply();
      const [created] = await suite.usersWithEmails('unmanaged-role@example.com');
      expect(created?.roles).toEqual(['Grantee']);
      await suite.api('PATCH', `/api/admin/v3/users/${created?.id}`, { roles: ['Admin'] });
      const plan = await tf.plan();
      expect(plan.stdout).toContain('No changes');
      expect(plan.code).toBe(0);
    });

    it('GIVEN an Admin imported into a configuration without role WHEN planned THEN no change is planned', async () => {
      const invited = (await suite.api('POST', '/api/admin/v3/users', {
        email: 'imported-admin@example.com',
        first_name: 'Imported',
        last_name: 'Admin',
        roles: ['Admin'],
      })) as { id: string };
      const tf = suite.workspace();
      tf.write(
        `import {\n  to = apono_user.admin\n  id = "imported-admin@example.com"\n}\n` +
          `resource "apono_user" "admin" {\n  email     = "imported-admin@example.com"\n  full_name = "Imported Admin"\n}\n`,
      );
      const plan = await tf.plan();
      expect(plan.stdout).toContain('1 to import, 0 to add, 0 to change, 0 to destroy');
      await tf.apply();
      expect((await tf.plan()).code).toBe(0);
      const [after] = await suite.usersWithEmails('imported-admin@example.com');
      expect(after).toMatchObject({ id: invited.id, roles: ['Admin'] });
    });
  });
});
