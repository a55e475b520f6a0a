import { IDP_USER } from './fixtures';
import { SUITE_TOKEN, useSandboxSuite } from './harness';
import { TerraformWorkspace } from './terraform';

interface UserAttributes {
  readonly email: string;
  readonly fullName?: string;
  readonly role?: string;
  readonly phone?: string;
}

function userConfig(attrs: UserAttributes): string {
  return `resource "apono_user" "ada" {
  email     = "${attrs.email}"
  full_name = "${attrs.fullName ?? 'Ada Lovelace'}"
${attrs.role === undefined ? '' : `  role      = "${attrs.role}"\n`}${attrs.phone === undefined ? '' : `  phone_number = "${attrs.phone}"\n`}}
`;
}

// Each step runs the real terraform binary (several provider launches): allow for a loaded machine.
jest.setTimeout(180_000);

describe('apono_user with the real terraform CLI', () => {
  const suite = useSandboxSuite();

  /** A workspace where `attrs` is applied; resolves to it and the state of apono_user.ada. */
  async function appliedUser(
    attrs: UserAttributes,
  ): Promise<{ tf: TerraformWorkspace; state: Record<string, unknown> }> {
    const tf = suite.workspace();
    tf.write(userConfig(attrs));
    await tf.apply();
    return { tf, state: (await tf.state())['apono_user.ada'] };
  }

  it('GIVEN a new user WHEN applied THEN the user is invited and the state holds what the API shows', async () => {
    const { state } = await appliedUser({
      email: 'Ada.Create@Example.com',
      role: 'admin',
      phone: '+1 415 555 0100',
    });
    expect(state).toMatchObject({
      email: 'Ada.Create@Example.com',
      full_name: 'Ada Lovelace',
      role: 'admin',
      phone_number: '+1 415 555 0100',
      status: 'invited',
      source: 'apono',
    });
    expect(state.invited_at).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
    const users = await suite.usersWithEmails('ada.create@example.com');
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({
      id: state.id,
      first_name: 'Ada',
      last_name: 'Lovelace',
      roles: ['Admin'],
    });
  });

  it('GIVEN an applied user WHEN planned with and without refresh THEN both plans are empty', async () => {
    const { tf } = await appliedUser({
      email: 'ada.plans@example.com',
      role: 'Admin',
      phone: '+14155550100',
    });
    expect((await tf.plan('-refresh=false')).code).toBe(0);
    expect((await tf.plan()).code).toBe(0);
  });

  it('GIVEN the invitation was accepted WHEN planned THEN the status change causes no diff', async () => {
    const { tf, state } = await appliedUser({ email: 'ada.accepts@example.com' });
    await suite.sandbox.control.accept(String(state.id));
    expect((await tf.plan()).code).toBe(0);
    await tf.apply('-refresh-only');
    expect((await tf.state())['apono_user.ada'].status).toBe('active');
  });

  it('GIVEN a case-only email change WHEN planned THEN nothing changes', async () => {
    const { tf } = await appliedUser({ email: 'Ada.Case@Example.com', role: 'admin' });
    tf.write(userConfig({ email: 'ADA.CASE@example.COM', role: 'admin' }));
    const plan = await tf.plan();
    expect(plan.stdout).toContain('No changes');
    expect(plan.code).toBe(0);
  });

  it('GIVEN a new name and role WHEN applied THEN the user is updated in place', async () => {
    const { tf, state: before } = await appliedUser({
      email: 'ada.update@example.com',
      role: 'admin',
      phone: '+14155550100',
    });
    tf.write(userConfig({ email: 'ada.update@example.com', fullName: 'Ada King Lovelace', role: 'Grantee' }));
    const plan = await tf.plan();
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('will be updated in-place');
    await tf.apply();
    const after = (await tf.state())['apono_user.ada'];
    expect(after).toMatchObject({
      id: before.id,
      full_name: 'Ada King Lovelace',
      role: 'Grantee',
      phone_number: null,
    });
    const [user] = await suite.usersWithEmails('ada.update@example.com');
    expect(user).toMatchObject({ first_name: 'Ada', last_name: 'King Lovelace', roles: ['Grantee'] });
    expect((await tf.plan()).code).toBe(0);
  });

  it('GIVEN another email WHEN applied THEN the user is replaced', async () => {
    const { tf, state: before } = await appliedUser({ email: 'ada.old@example.com' });
    tf.write(userConfig({ email: 'ada.new@example.com' }));
    const plan = await tf.plan();
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('must be replaced');
    await tf.apply();
    expect((await tf.state())['apono_user.ada'].id).not.toBe(before.id);
    expect(await suite.usersWithEmails('ada.old@example.com')).toEqual([]);
    expect(await suite.usersWithEmails('ada.new@example.com')).toHaveLength(1);
    expect((await tf.plan()).code).toBe(0);
  });

  it('GIVEN a managed user WHEN imported by email THEN every attribute equals the applied state', async () => {
    const { tf, state: applied } = await appliedUser({ email: 'ada.import@example.com', role: 'Grantee' });
    await tf.ok(['state', 'rm', 'apono_user.ada']);
    await tf.ok(['import', '-no-color', 'apono_user.ada', 'ADA.IMPORT@example.com']);
    expect((await tf.state())['apono_user.ada']).toEqual({ ...applied, email: 'ada.import@example.com' });
    expect((await tf.plan()).code).toBe(0);
  });

  it('GIVEN an import block WHEN applied THEN the user is imported by id with the applied attributes', async () => {
    const { tf, state: applied } = await appliedUser({ email: 'ada.block@example.com', role: 'Grantee' });
    await tf.ok(['state', 'rm', 'apono_user.ada']);
    tf.write(
      `import {\n  to = apono_user.ada\n  id = "${String(applied.id)}"\n}\n\n` +
        userConfig({ email: 'ada.block@example.com', role: 'Grantee' }),
    );
    const plan = await tf.plan();
    expect(plan.stdout).toContain('1 to import, 0 to add, 0 to change, 0 to destroy');
    await tf.apply();
    expect((await tf.state())['apono_user.ada']).toEqual(applied);
  });

  it('GIVEN the user was deleted outside Terraform WHEN planned THEN the plan creates it', async () => {
    const { tf, state } = await appliedUser({ email: 'ada.gone@example.com' });
    await suite.api('DELETE', `/api/admin/v3/users/${String(state.id)}`);
    const plan = await tf.plan();
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('apono_user.ada will be created');
    await tf.apply();
    expect(await suite.usersWithEmails('ada.gone@example.com')).toHaveLength(1);
  });

  it('GIVEN -replace WHEN applied THEN the user is re-invited under a new id', async () => {
    const { tf, state: before } = await appliedUser({ email: 'ada.replace@example.com' });
    const plan = await tf.plan('-replace=apono_user.ada');
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('will be replaced, as requested');
    await tf.apply('-replace=apono_user.ada');
    expect((await tf.state())['apono_user.ada'].id).not.toBe(before.id);
    expect(await suite.usersWithEmails('ada.replace@example.com')).toHaveLength(1);
  });

  it('GIVEN a saved plan WHEN the invitation is accepted before it is applied THEN the apply succeeds', async () => {
    const { tf, state } = await appliedUser({
      email: 'ada.saved@example.com',
      fullName: 'Ada King Lovelace',
    });
    tf.write(userConfig({ email: 'ada.saved@example.com' }));
    await tf.ok(['plan', '-out=update.tfplan', '-no-color']);
    await suite.sandbox.control.accept(String(state.id));
    await tf.ok(['apply', '-no-color', 'update.tfplan']);
    expect((await tf.state())['apono_user.ada']).toMatchObject({
      full_name: 'Ada Lovelace',
      status: 'invited',
    });
    await tf.apply('-refresh-only');
    expect((await tf.state())['apono_user.ada'].status).toBe('active');
  });

  it('GIVEN an IdP-owned user WHEN imported THEN it is refused with a clear error', async () => {
    const tf = suite.workspace();
    tf.write(
      `resource "apono_user" "idp" {\n  email     = "${IDP_USER.email}"\n  full_name = "Okta User"\n}\n`,
    );
    const result = await tf.run(['import', '-no-color', 'apono_user.idp', IDP_USER.email]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Cannot import a user owned by an identity provider');
  });

  it('GIVEN an email that already exists WHEN planned THEN the error shows the import command and nothing is written', async () => {
    await appliedUser({ email: 'ada.exists@example.com' });
    const tf = suite.workspace();
    tf.write(
      `resource "apono_user" "twin" {\n  email     = "Ada.Exists@EXAMPLE.com"\n  full_name = "Ada Twin"\n}\n`,
    );
    await suite.sandbox.control.resetStats();
    const result = await tf.plan();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('A user with this email already exists in Apono');
    expect(result.stderr).toContain('terraform import apono_user.<name> Ada.Exists@EXAMPLE.com');
    expect(await suite.writes()).toBe(0);
  });

  it.each([
    ['email', 'email = "not-an-email"', 'Invalid email'],
    ['full_name', 'full_name = ""', 'Invalid full_name'],
    ['role', 'role = "Admin "', 'Invalid role'],
    ['phone_number', 'phone_number = "4155550100"', 'Invalid phone_number'],
  ])(
    'GIVEN a bad %s WHEN planned THEN the error points at the attribute and nothing is written',
    async (_name, line, summary) => {
      const tf = suite.workspace();
      const attrs: Record<string, string> = {
        email: 'email = "grace@example.com"',
        full_name: 'full_name = "Grace Hopper"',
      };
      const [key] = line.split(' =');
      attrs[key!] = line;
      tf.write(`resource "apono_user" "bad" {\n  ${Object.values(attrs).join('\n  ')}\n}\n`);
      await suite.sandbox.control.resetStats();
      const result = await tf.plan();
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`Error: ${summary}`);
      expect(result.stderr).toContain('with apono_user.bad');
      expect(result.stderr).toContain(line);
      expect(await suite.writes()).toBe(0);
    },
  );

  it('GIVEN TF_LOG=trace WHEN planning THEN each API request is logged and the token appears nowhere', async () => {
    const { tf } = await appliedUser({ email: 'ada.trace@example.com' });
    const result = await tf.run(['plan', '-no-color'], { TF_LOG: 'trace' });
    expect(result.code).toBe(0);
    // Terraform prints hclog fields in no fixed order: find the request line, then check its fields.
    const line = result.stderr
      .split('\n')
      .find(
        (candidate) =>
          candidate.includes('apono api request') && candidate.includes('route=/api/admin/v3/users'),
      );
    expect(line).toBeDefined();
    expect(line).toContain('method=GET');
    expect(line).toContain('status=200');
    expect(line).toMatch(/ ms=\d+/);
    expect(result.stdout + result.stderr).not.toContain(SUITE_TOKEN);
    expect((await tf.ok(['show', '-json'])).stdout).not.toContain(SUITE_TOKEN);
  });

  it('GIVEN a managed user WHEN destroyed THEN it is gone from Apono', async () => {
    const { tf } = await appliedUser({ email: 'ada.destroy@example.com' });
    await tf.destroy();
    expect(await suite.usersWithEmails('ada.destroy@example.com')).toEqual([]);
  });

  it('GIVEN keep_on_destroy WHEN the block is removed THEN the user stays in Apono', async () => {
    const tf = suite.workspace();
    tf.write(
      `resource "apono_user" "kept" {\n  email = "kept@example.com"\n  full_name = "Kept User"\n  keep_on_destroy = true\n}\n`,
    );
    await tf.apply();
    tf.write('');
    await tf.apply();
    expect(await suite.usersWithEmails('kept@example.com')).toHaveLength(1);
    expect(await tf.state()).toEqual({});
  });
});
