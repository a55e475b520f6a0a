/**
 * Against a tenant without the user-write extension (Apono's public API), the plan of every
 * apono_user create, update or delete fails before anything is sent, while imports, state-only
 * changes, `removed` blocks, data sources and groups keep working; with the extension (the default
 * sandbox) a plan probes it once.
 */
import { type SeedUser } from './fixtures';
import { flat, useSandboxSuite } from './harness';
import { TerraformWorkspace } from './terraform';

// Each step runs the real terraform binary (several provider launches): allow for a loaded machine.
jest.setTimeout(180_000);

const PROBE = 'GET /api/admin/v3/user-writes';
const LACKS = 'this Apono tenant lacks the user-write extension';

/** Users that exist in the tenant as if invited in Apono's UI, one per test that imports. */
const EXISTING: Record<string, SeedUser> = {
  update: { email: 'uw.update@example.com', first_name: 'Ada', last_name: 'Lovelace' },
  delete: { email: 'uw.delete@example.com', first_name: 'Ada', last_name: 'Lovelace' },
  kept: { email: 'uw.kept@example.com', first_name: 'Ada', last_name: 'Lovelace' },
  removed: { email: 'uw.removed@example.com', first_name: 'Ada', last_name: 'Lovelace' },
  member: { email: 'uw.member@example.com', first_name: 'Grace', last_name: 'Hopper' },
  roles: {
    email: 'uw.roles@example.com',
    first_name: 'Ada',
    last_name: 'Lovelace',
    roles: ['Viewer', 'Deployment'],
  },
};

function userBlock(name: string, email: string, extra = ''): string {
  return `resource "apono_user" "${name}" {
  email     = "${email}"
  full_name = "Ada Lovelace"
${extra}}
`;
}

/** An import block and a configuration equal to what Apono shows. */
function imported(email: string, extra = ''): string {
  return `import {
  to = apono_user.ada
  id = "${email}"
}

${userBlock('ada', email, extra)}`;
}

/** How many times `text` occurs in `output`. */
function occurrences(output: string, text: string): number {
  return flat(output).split(text).length - 1;
}

describe('apono_user against a tenant without the user-write extension', () => {
  const suite = useSandboxSuite({ userWrites: false, seedUsers: Object.values(EXISTING) });

  /** A workspace where the existing user `email` is imported (with `extra` in its block). */
  async function importedUser(email: string, extra = ''): Promise<TerraformWorkspace> {
    const tf = suite.workspace();
    tf.write(imported(email, extra));
    await tf.apply();
    return tf;
  }

  it('GIVEN a new apono_user WHEN planned THEN the plan fails naming the ways out, and nothing is sent', async () => {
    const tf = suite.workspace();
    tf.write(userBlock('ada', 'uw.new@example.com'));
    await suite.sandbox.control.resetStats();
    const plan = await tf.plan();
    expect(plan.code).toBe(1);
    const error = flat(plan.stderr);
    expect(error).toContain(`Cannot invite this user: ${LACKS}`);
    expect(error).toContain('with apono_user.ada');
    for (const wayOut of [
      'terraform import apono_user.<name> <email>',
      'keep_on_destroy = true',
      '`removed` block',
      'lifecycle { destroy = false }',
      'the apono_user data source',
    ]) {
      expect(error).toContain(wayOut);
    }
    expect(await suite.writes()).toBe(0);
    expect(await suite.usersWithEmails('uw.new@example.com')).toEqual([]);
  });

  it('GIVEN three new users WHEN planned THEN there are three diagnostics and one probe', async () => {
    const tf = suite.workspace();
    tf.write(['a', 'b', 'c'].map((name) => userBlock(name, `uw.three.${name}@example.com`)).join('\n'));
    await suite.sandbox.control.resetStats();
    const plan = await tf.plan();
    expect(plan.code).toBe(1);
    expect(occurrences(plan.stderr, `Cannot invite this user: ${LACKS}`)).toBe(3);
    for (const name of ['a', 'b', 'c']) expect(flat(plan.stderr)).toContain(`with apono_user.${name}`);
    const stats = await suite.sandbox.control.stats();
    expect(stats[PROBE]).toBe(1);
    expect(await suite.writes()).toBe(0);
  });

  it('GIVEN an imported user WHEN planned unchanged THEN there are no changes and no probe', async () => {
    const tf = await importedUser(EXISTING.update.email);
    await suite.sandbox.control.resetStats();
    const plan = await tf.plan();
    expect(plan.code).toBe(0);
    expect((await suite.sandbox.control.stats())[PROBE]).toBeUndefined();
  });

  it('GIVEN an imported user WHEN her name changes THEN the update fails at plan and nothing is sent', async () => {
    const tf = await importedUser(EXISTING.update.email);
    tf.write(userBlock('ada', EXISTING.update.email).replace('Ada Lovelace', 'Ada King'));
    await suite.sandbox.control.resetStats();
    const plan = await tf.plan();
    expect(plan.code).toBe(1);
    expect(occurrences(plan.stderr, `Cannot update this user: ${LACKS}`)).toBe(1);
    expect(await suite.writes()).toBe(0);
  });

  it('GIVEN an imported user with two roles WHEN role names her second one THEN the plan and apply pass, sending nothing', async () => {
    const tf = await importedUser(EXISTING.roles.email);
    expect((await tf.state())['apono_user.ada'].role).toBe('Viewer');
    tf.write(userBlock('ada', EXISTING.roles.email, '  role      = "Deployment"\n'));
    await suite.sandbox.control.resetStats();
    const plan = await tf.plan();
    expect(plan.code).toBe(2);
    expect(flat(plan.stderr)).not.toContain(LACKS);
    await tf.apply();
    expect((await tf.state())['apono_user.ada']).toMatchObject({
      role: 'Deployment',
      roles: ['Viewer', 'Deployment'],
    });
    expect(await suite.writes()).toBe(0);
    expect((await suite.sandbox.control.stats())[PROBE]).toBeUndefined();
    expect((await tf.plan()).code).toBe(0);
  });

  it('GIVEN an imported user WHEN her block is deleted THEN the delete fails at plan and she stays', async () => {
    const tf = await importedUser(EXISTING.delete.email);
    tf.write('');
    await suite.sandbox.control.resetStats();
    const plan = await tf.plan();
    expect(plan.code).toBe(1);
    expect(occurrences(plan.stderr, `Cannot delete this user: ${LACKS}`)).toBe(1);
    expect(await suite.writes()).toBe(0);
    expect(await suite.usersWithEmails(EXISTING.delete.email)).toHaveLength(1);
  });

  it('GIVEN an imported user with keep_on_destroy WHEN her block is deleted THEN apply forgets her and she stays', async () => {
    const tf = await importedUser(EXISTING.kept.email, '  keep_on_destroy = true\n');
    expect((await tf.state())['apono_user.ada'].keep_on_destroy).toBe(true);
    tf.write('');
    await suite.sandbox.control.resetStats();
    await tf.apply();
    expect(await tf.state()).toEqual({});
    expect(await suite.writes()).toBe(0);
    expect(await suite.usersWithEmails(EXISTING.kept.email)).toHaveLength(1);
  });

  it('GIVEN an imported user WHEN a removed block replaces hers THEN apply forgets her and she stays', async () => {
    const tf = await importedUser(EXISTING.removed.email);
    tf.write(`removed {
  from = apono_user.ada
  lifecycle {
    destroy = false
  }
}
`);
    await suite.sandbox.control.resetStats();
    await tf.apply();
    expect(await tf.state()).toEqual({});
    expect(await suite.writes()).toBe(0);
    expect(await suite.usersWithEmails(EXISTING.removed.email)).toHaveLength(1);
  });

  it('GIVEN groups, a group member and the apono_user data source WHEN applied THEN they work without a probe', async () => {
    const tf = suite.workspace();
    tf.write(`data "apono_user" "grace" {
  email = "${EXISTING.member.email}"
}

resource "apono_group" "eng" {
  name    = "uw-engineering"
  members = [data.apono_user.grace.email]
}

resource "apono_group" "ops" {
  name = "uw-operations"
}

resource "apono_group_member" "grace_ops" {
  group_id = apono_group.ops.id
  email    = data.apono_user.grace.email
}
`);
    await suite.sandbox.control.resetStats();
    await tf.apply();
    const eng = await suite.group('uw-engineering');
    const ops = await suite.group('uw-operations');
    expect(await suite.members(String(eng?.id))).toEqual([EXISTING.member.email]);
    expect(await suite.members(String(ops?.id))).toEqual([EXISTING.member.email]);
    expect((await suite.sandbox.control.stats())[PROBE]).toBeUndefined();
    expect((await tf.plan()).code).toBe(0);
  });
});

describe('apono_user against a tenant with the user-write extension', () => {
  const suite = useSandboxSuite();

  it('GIVEN three new users WHEN planned THEN one probe, and the plan holds the three invitations', async () => {
    const tf = suite.workspace();
    tf.write(['a', 'b', 'c'].map((name) => userBlock(name, `uw.ok.${name}@example.com`)).join('\n'));
    await suite.sandbox.control.resetStats();
    const plan = await tf.plan();
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('3 to add, 0 to change, 0 to destroy');
    expect((await suite.sandbox.control.stats())[PROBE]).toBe(1);
    expect(await suite.writes()).toBe(0);
  });
});
