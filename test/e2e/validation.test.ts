/**
 * Identity values the API refuses (or would store garbled) are validation errors on the attribute at
 * `terraform plan`, before anything is sent: emails, full names, group names and roles. Values are
 * written as HCL string literals, so `\u200B` below is the HCL escape that terraform decodes.
 */
import type { TerraformResult } from './terraform';
import { useSandboxSuite } from './harness';

// Each case runs the real terraform binary: allow for a loaded machine.
jest.setTimeout(180_000);

/** The diagnostic block of `stderr` about resource `address` (from its "Error:" line), or ''. */
function diagnosticAbout(stderr: string, address: string): string {
  return stderr.split(/^(?=Error: )/m).find((block) => block.includes(`with ${address},`)) ?? '';
}

/** True when a diagnostic block shows the source line that sets `attribute`. */
function showsLineOf(block: string, attribute: string): boolean {
  return new RegExp(`^\\s*\\d+:\\s+${attribute}\\s+=`, 'm').test(block);
}

describe('identity validation with the real terraform CLI', () => {
  const suite = useSandboxSuite();

  /** Plans `hcl` in a fresh workspace after resetting the sandbox's request counters. */
  async function planFresh(hcl: string): Promise<TerraformResult> {
    const tf = suite.workspace();
    tf.write(hcl);
    await suite.sandbox.control.resetStats();
    return tf.plan();
  }

  describe('emails', () => {
    // HCL literals; each is refused on apono_user.email, apono_group.members and apono_group_member.email.
    it.each([
      ['a trailing dot', 'ada@example.com.'],
      ['an empty domain label', 'ada@.example.com'],
      ['two dots in a row in the local part', 'a..b@example.com'],
      ['angle brackets', '<ada@example.com>'],
      ['a local part over 64 characters', `${'a'.repeat(65)}@example.com`],
      ['a NUL character', 'ada\\u0000@example.com'],
      ['a zero-width space', 'ada\\u200B@example.com'],
      ['a right-to-left override', 'ada@exa\\u202Emple.com'],
      ['a bell control character', 'ada\\u0007@example.com'],
      ['a word joiner (format character)', 'ada@example\\u2060.com'],
    ])(
      'GIVEN an email with %s WHEN planned THEN each attribute holding it is an error and nothing is written',
      async (_case, literal) => {
        const result = await planFresh(`
resource "apono_user" "x" {
  email     = "${literal}"
  full_name = "Ada Lovelace"
}
resource "apono_group" "x" {
  name    = "validation-members"
  members = ["${literal}"]
}
resource "apono_group_member" "x" {
  group_id = "g-validation"
  email    = "${literal}"
}
`);
        expect(result.code).toBe(1);
        const user = diagnosticAbout(result.stderr, 'apono_user.x');
        const group = diagnosticAbout(result.stderr, 'apono_group.x');
        const member = diagnosticAbout(result.stderr, 'apono_group_member.x');
        expect([
          showsLineOf(user, 'email'),
          showsLineOf(group, 'members'),
          showsLineOf(member, 'email'),
        ]).toEqual([true, true, true]);
        expect(await suite.writes()).toBe(0);
      },
    );

    it('GIVEN internationalised emails WHEN applied THEN they are created and the next plan is empty', async () => {
      const tf = suite.workspace();
      tf.write(`
resource "apono_user" "jose" {
  email     = "josé@exämple.com"
  full_name = "José Exämple"
}
resource "apono_user" "yonghu" {
  email     = "用户@例子.广告"
  full_name = "用户"
}
resource "apono_user" "tagged" {
  email     = "ada+tag@sub.example.co.uk"
  full_name = "Ada Tagged"
}
resource "apono_group" "intl" {
  name    = "validation-intl"
  members = [apono_user.jose.email, apono_user.yonghu.email, apono_user.tagged.email]
}
`);
      await tf.apply();
      const users = await suite.usersWithEmails(
        'josé@exämple.com',
        '用户@例子.广告',
        'ada+tag@sub.example.co.uk',
      );
      expect(users).toHaveLength(3);
      expect((await tf.plan()).code).toBe(0);
    });
  });

  describe('full names', () => {
    it.each([
      ['a tab', 'Ada\\tLovelace'],
      ['a line feed', 'Ada\\nLovelace'],
      ['a line separator (U+2028)', 'Ada\\u2028Lovelace'],
      ['a paragraph separator (U+2029)', 'Ada\\u2029Lovelace'],
      ['a NUL character', 'Ada\\u0000 Lovelace'],
      ['a right-to-left override', 'Ada \\u202ELovelace'],
      ['a first-strong isolate', 'Ada \\u2068Lovelace'],
    ])(
      'GIVEN a full_name with %s WHEN planned THEN it is an error on full_name and nothing is written',
      async (_case, literal) => {
        const result = await planFresh(`
resource "apono_user" "x" {
  email     = "fullname-validation@example.com"
  full_name = "${literal}"
}
`);
        expect(result.code).toBe(1);
        expect(showsLineOf(diagnosticAbout(result.stderr, 'apono_user.x'), 'full_name')).toBe(true);
        expect(await suite.writes()).toBe(0);
      },
    );

    it('GIVEN a full_name with a run of spaces WHEN applied THEN the last name is stored without the extra space and the next plan is empty', async () => {
      const tf = suite.workspace();
      tf.write(`
resource "apono_user" "mary" {
  email     = "mary.keller@example.com"
  full_name = "Mary  Kenneth Keller"
}
`);
      await tf.apply();
      const [user] = await suite.usersWithEmails('mary.keller@example.com');
      expect([user?.first_name, user?.last_name]).toEqual(['Mary', 'Kenneth Keller']);
      expect((await tf.plan()).code).toBe(0);
    });

    it('GIVEN a user WHEN its full_name changes to one with runs of spaces THEN the update applies and the next plan is empty', async () => {
      const tf = suite.workspace();
      const config = (fullName: string): string => `
resource "apono_user" "grace" {
  email     = "grace.spaced@example.com"
  full_name = "${fullName}"
}
`;
      tf.write(config('Grace Hopper'));
      await tf.apply();
      tf.write(config('Grace   Brewster  Hopper'));
      await tf.apply();
      const [user] = await suite.usersWithEmails('grace.spaced@example.com');
      expect([user?.first_name, user?.last_name]).toEqual(['Grace', 'Brewster Hopper']);
      expect((await tf.plan()).code).toBe(0);
    });
  });

  describe('group names', () => {
    it.each([
      ['a leading space', ' validation-lead'],
      ['a trailing space', 'validation-trail '],
      ['a line feed', 'validation\\nbreak'],
      ['a bell control character', 'validation\\u0007bell'],
      ['257 characters', 'g'.repeat(257)],
    ])(
      'GIVEN a group name with %s WHEN planned THEN it is an error on name and nothing is written',
      async (_case, literal) => {
        const result = await planFresh(`
resource "apono_group" "x" {
  name = "${literal}"
}
`);
        expect(result.code).toBe(1);
        expect(showsLineOf(diagnosticAbout(result.stderr, 'apono_group.x'), 'name')).toBe(true);
        expect(await suite.writes()).toBe(0);
      },
    );
  });

  describe('roles', () => {
    it('GIVEN a role with surrounding spaces WHEN planned THEN it is an error on role and nothing is written', async () => {
      const result = await planFresh(`
resource "apono_user" "x" {
  email     = "role-validation@example.com"
  full_name = "Role Validation"
  role      = " Admin "
}
`);
      expect(result.code).toBe(1);
      expect(showsLineOf(diagnosticAbout(result.stderr, 'apono_user.x'), 'role')).toBe(true);
      expect(await suite.writes()).toBe(0);
    });
  });
});
