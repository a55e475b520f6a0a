/**
 * Open roles with the real terraform CLI: Apono's roles are an open list (a tenant may define its
 * own, a user may hold several or none), so the provider keeps what Apono reads back, checks a
 * configured role against the built-in roles and the roles the tenant's users hold, and changes
 * only the role it manages.
 */
import { flat, useSandboxSuite } from './harness';
import { TerraformWorkspace } from './terraform';

// Each step runs the real terraform binary (several provider launches): allow for a loaded machine.
jest.setTimeout(180_000);

/** A user block named `u`; `role` is omitted when undefined. */
function userBlock(email: string, role?: string): string {
  return `resource "apono_user" "u" {
  email     = "${email}"
  full_name = "Role Holder"
${role === undefined ? '' : `  role      = "${role}"\n`}}
`;
}

describe('apono_user roles with the real terraform CLI', () => {
  const suite = useSandboxSuite();

  /** Creates a user through the API with exactly these roles (none: invited, then emptied). */
  async function userWithRoles(email: string, roles: readonly string[]): Promise<string> {
    const created = (await suite.api('POST', '/api/admin/v3/users', {
      email,
      first_name: 'Role',
      last_name: 'Holder',
      roles: roles.length === 0 ? ['Grantee'] : roles,
    })) as { id: string };
    if (roles.length === 0) await suite.api('PATCH', `/api/admin/v3/users/${created.id}`, { roles: [] });
    return created.id;
  }

  /** The roles of a user as the sandbox holds them. */
  async function rolesOf(email: string): Promise<string[]> {
    const [user] = await suite.usersWithEmails(email);
    if (user === undefined) throw new Error(`no user ${email} in the sandbox`);
    return user.roles;
  }

  /** A workspace where the user `email` is imported into apono_user.u with `role` configured. */
  async function imported(email: string, role?: string): Promise<TerraformWorkspace> {
    const tf = suite.workspace();
    tf.write(userBlock(email, role));
    await tf.ok(['import', '-no-color', 'apono_user.u', email]);
    return tf;
  }

  it.each([
    ['a role the tenant defined', 'odd.custom@example.com', ['Security Auditor'], 'Security Auditor'],
    ['several roles', 'odd.several@example.com', ['Viewer', 'Deployment'], 'Viewer'],
    ['no role at all', 'odd.none@example.com', [], null],
  ])(
    'GIVEN a user with %s WHEN imported without role THEN the state keeps her roles as Apono spells them and the plan is empty',
    async (_case, email, roles, role) => {
      await userWithRoles(email, roles);
      const tf = await imported(email);
      expect((await tf.state())['apono_user.u']).toMatchObject({ role, roles });
      expect((await tf.plan()).code).toBe(0);
    },
  );

  it('GIVEN a user with a role the tenant defined WHEN imported with that role configured THEN import and plan succeed with no change', async () => {
    await userWithRoles('odd.configured@example.com', ['Security Auditor']);
    const tf = await imported('odd.configured@example.com', 'Security Auditor');
    const plan = await tf.plan();
    expect(plan.stderr).not.toContain('Error');
    expect(plan.code).toBe(0);
    expect((await tf.state())['apono_user.u']).toMatchObject({
      role: 'Security Auditor',
      roles: ['Security Auditor'],
    });
  });

  it('GIVEN an imported user WHEN her roles change in Apono THEN refresh shows them and the plan without role is empty', async () => {
    const id = await userWithRoles('odd.drift@example.com', ['Viewer']);
    const tf = await imported('odd.drift@example.com');
    await suite.api('PATCH', `/api/admin/v3/users/${id}`, { roles: ['Release Captain', 'Viewer'] });
    expect((await tf.plan()).code).toBe(0);
    await tf.apply('-refresh-only');
    expect((await tf.state())['apono_user.u']).toMatchObject({
      role: 'Viewer',
      roles: ['Release Captain', 'Viewer'],
    });
  });

  it.each([
    ['admin', 'Admin'],
    ['POWER USER', 'Power User'],
    ['space owner', 'Space Owner'],
  ])(
    'GIVEN the built-in role %j in another case WHEN applied THEN Apono gets %j and the next plan is empty',
    async (role, sent) => {
      const email = `known.${sent.replace(' ', '-').toLowerCase()}@example.com`;
      const tf = suite.workspace();
      tf.write(userBlock(email, role));
      await tf.apply();
      expect(await rolesOf(email)).toEqual([sent]);
      expect((await tf.state())['apono_user.u']).toMatchObject({ role, roles: [sent] });
      expect((await tf.plan()).code).toBe(0);
    },
  );

  it('GIVEN a role some user of the tenant holds WHEN applied in another case THEN Apono gets the tenant spelling', async () => {
    await userWithRoles('tenant.holder@example.com', ['Incident Commander']);
    const tf = suite.workspace();
    tf.write(userBlock('tenant.new@example.com', 'incident commander'));
    await tf.apply();
    expect(await rolesOf('tenant.new@example.com')).toEqual(['Incident Commander']);
    expect((await tf.plan()).code).toBe(0);
  });

  it('GIVEN a role neither built in nor held in the tenant WHEN a new user is planned THEN the plan fails on role listing the roles and nothing is written', async () => {
    await userWithRoles('unknown.holder@example.com', ['Compliance Officer']);
    const tf = suite.workspace();
    tf.write(userBlock('unknown.new@example.com', 'Overlord'));
    await suite.sandbox.control.resetStats();
    const result = await tf.plan();
    expect(result.code).toBe(1);
    const stderr = flat(result.stderr);
    expect(stderr).toContain('Error: Unknown Apono role');
    expect(stderr).toContain('with apono_user.u');
    expect(stderr).toContain('role = "Overlord"');
    expect(stderr).toContain('Admin, Grantee, Power User, Deployment, Viewer, Space Owner, Space Manager');
    expect(stderr).toContain('Compliance Officer');
    expect(await suite.writes()).toBe(0);
  });

  it('GIVEN a managed user WHEN her role changes to one Apono does not know THEN the plan fails and nothing is written', async () => {
    const tf = suite.workspace();
    tf.write(userBlock('unknown.update@example.com', 'Viewer'));
    await tf.apply();
    tf.write(userBlock('unknown.update@example.com', 'Overlord'));
    await suite.sandbox.control.resetStats();
    const result = await tf.plan();
    expect(result.code).toBe(1);
    expect(flat(result.stderr)).toContain('Error: Unknown Apono role');
    expect(await suite.writes()).toBe(0);
    expect(await rolesOf('unknown.update@example.com')).toEqual(['Viewer']);
  });

  it('GIVEN a user with several roles imported with role = "Viewer" WHEN role becomes "Admin" THEN only that role changes and the next plan is empty', async () => {
    await userWithRoles('several.change@example.com', ['Viewer', 'Deployment']);
    const tf = await imported('several.change@example.com', 'Viewer');
    expect((await tf.plan()).code).toBe(0);
    tf.write(userBlock('several.change@example.com', 'Admin'));
    await tf.apply();
    expect(await rolesOf('several.change@example.com')).toEqual(['Admin', 'Deployment']);
    expect((await tf.state())['apono_user.u']).toMatchObject({
      role: 'Admin',
      roles: ['Admin', 'Deployment'],
    });
    expect((await tf.plan()).code).toBe(0);
  });

  it('GIVEN a user with several roles imported with her second role WHEN applied THEN no role is removed and the next plan is empty', async () => {
    await userWithRoles('several.second@example.com', ['Viewer', 'Deployment']);
    const tf = await imported('several.second@example.com', 'Deployment');
    await tf.apply();
    expect(await rolesOf('several.second@example.com')).toEqual(['Viewer', 'Deployment']);
    expect((await tf.state())['apono_user.u']).toMatchObject({ role: 'Deployment' });
    expect((await tf.plan()).code).toBe(0);
  });
});
