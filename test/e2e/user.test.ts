import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SandboxHandle, startSandboxProcess } from '../helpers/sandbox';
import { countWrites, IDP_USER, sandboxApi, writeIdpSeed } from './fixtures';
import { TerraformWorkspace } from './terraform';

interface ApiUser {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  roles: string[];
  source_integration_id: string | null;
}

// A token that cannot appear by accident, to prove it never reaches logs, output or state.
const TOKEN = 'aup_e2eSecretToken_4f1c9a';

function userConfig(attrs: { email: string; fullName: string; role?: string; phone?: string }): string {
  return `resource "apono_user" "ada" {
  email     = "${attrs.email}"
  full_name = "${attrs.fullName}"
${attrs.role === undefined ? '' : `  role      = "${attrs.role}"\n`}${attrs.phone === undefined ? '' : `  phone_number = "${attrs.phone}"\n`}}
`;
}

// Each step runs the real terraform binary (several provider launches): allow for a loaded machine.
jest.setTimeout(180_000);

describe('apono_user with the real terraform CLI', () => {
  let seedDir: string;
  let sandbox: SandboxHandle;
  let tf: TerraformWorkspace;

  async function apiUsers(): Promise<ApiUser[]> {
    const page = (await sandboxApi(sandbox, 'GET', '/api/admin/v3/users?limit=1000')) as { items: ApiUser[] };
    return page.items.filter((user) => user.source_integration_id === null);
  }

  beforeAll(async () => {
    seedDir = mkdtempSync(path.join(tmpdir(), 'apono-seed-'));
    sandbox = await startSandboxProcess({ seedFile: writeIdpSeed(seedDir), token: TOKEN });
    tf = new TerraformWorkspace(sandbox.url, sandbox.token);
  });

  afterAll(async () => {
    await sandbox?.stop();
    tf?.remove();
    rmSync(seedDir, { recursive: true, force: true });
  });

  it('GIVEN a new user WHEN applied THEN the user is invited and the state holds what the API shows', async () => {
    tf.write(
      userConfig({
        email: 'Ada@Example.com',
        fullName: 'Ada Lovelace',
        role: 'admin',
        phone: '+1 415 555 0100',
      }),
    );
    await tf.apply();
    const state = (await tf.state())['apono_user.ada'];
    expect(state).toMatchObject({
      email: 'Ada@Example.com',
      full_name: 'Ada Lovelace',
      role: 'admin',
      phone_number: '+1 415 555 0100',
      status: 'invited',
      source: 'apono',
    });
    expect(state.invited_at).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
    const users = await apiUsers();
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({
      id: state.id,
      first_name: 'Ada',
      last_name: 'Lovelace',
      roles: ['Admin'],
    });
  });

  it('GIVEN the applied user WHEN planned with and without refresh THEN both plans are empty', async () => {
    expect((await tf.plan('-refresh=false')).code).toBe(0);
    expect((await tf.plan()).code).toBe(0);
  });

  it('GIVEN the invitation was accepted WHEN planned THEN the status change causes no diff', async () => {
    const [user] = await apiUsers();
    await sandbox.control.accept(user.id);
    expect((await tf.plan()).code).toBe(0);
    await tf.apply('-refresh-only');
    expect((await tf.state())['apono_user.ada'].status).toBe('active');
  });

  it('GIVEN a case-only email change WHEN planned THEN nothing changes', async () => {
    tf.write(
      userConfig({
        email: 'ADA@example.COM',
        fullName: 'Ada Lovelace',
        role: 'admin',
        phone: '+1 415 555 0100',
      }),
    );
    const plan = await tf.plan();
    expect(plan.stdout).toContain('No changes');
    expect(plan.code).toBe(0);
  });

  it('GIVEN a new name and role WHEN applied THEN the user is updated in place', async () => {
    const before = (await tf.state())['apono_user.ada'];
    tf.write(userConfig({ email: 'Ada@Example.com', fullName: 'Ada King Lovelace', role: 'Grantee' }));
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
    const [user] = await apiUsers();
    expect(user).toMatchObject({ first_name: 'Ada', last_name: 'King Lovelace', roles: ['Grantee'] });
    expect((await tf.plan()).code).toBe(0);
  });

  it('GIVEN another email WHEN applied THEN the user is replaced', async () => {
    const before = (await tf.state())['apono_user.ada'];
    tf.write(
      userConfig({ email: 'ada.lovelace@example.com', fullName: 'Ada King Lovelace', role: 'Grantee' }),
    );
    const plan = await tf.plan();
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('must be replaced');
    await tf.apply();
    const after = (await tf.state())['apono_user.ada'];
    expect(after.id).not.toBe(before.id);
    expect((await apiUsers()).map((user) => user.email)).toEqual(['ada.lovelace@example.com']);
    expect((await tf.plan()).code).toBe(0);
  });

  it('GIVEN a managed user WHEN imported by email THEN every attribute equals the applied state', async () => {
    const applied = (await tf.state())['apono_user.ada'];
    await tf.ok(['state', 'rm', 'apono_user.ada']);
    await tf.ok(['import', '-no-color', 'apono_user.ada', 'ADA.LOVELACE@example.com']);
    const imported = (await tf.state())['apono_user.ada'];
    expect(imported).toEqual({ ...applied, email: 'ada.lovelace@example.com' });
    expect((await tf.plan()).code).toBe(0);
  });

  it('GIVEN an import block WHEN applied THEN the user is imported by id with the applied attributes', async () => {
    const applied = (await tf.state())['apono_user.ada'];
    await tf.ok(['state', 'rm', 'apono_user.ada']);
    tf.write(
      `import {\n  to = apono_user.ada\n  id = "${String(applied.id)}"\n}\n\n` +
        userConfig({ email: 'ada.lovelace@example.com', fullName: 'Ada King Lovelace', role: 'Grantee' }),
    );
    const plan = await tf.plan();
    expect(plan.stdout).toContain('1 to import, 0 to add, 0 to change, 0 to destroy');
    await tf.apply();
    expect((await tf.state())['apono_user.ada']).toEqual(applied);
  });

  it('GIVEN the user was deleted outside Terraform WHEN planned THEN the plan creates it', async () => {
    const [user] = await apiUsers();
    await sandboxApi(sandbox, 'DELETE', `/api/admin/v3/users/${user.id}`);
    const plan = await tf.plan();
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('apono_user.ada will be created');
    await tf.apply();
    expect(await apiUsers()).toHaveLength(1);
  });

  it('GIVEN -replace WHEN applied THEN the user is re-invited under a new id', async () => {
    const before = (await tf.state())['apono_user.ada'];
    const plan = await tf.plan('-replace=apono_user.ada');
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('will be replaced, as requested');
    await tf.apply('-replace=apono_user.ada');
    expect((await tf.state())['apono_user.ada'].id).not.toBe(before.id);
    expect(await apiUsers()).toHaveLength(1);
  });

  it('GIVEN a saved plan WHEN the invitation is accepted before it is applied THEN the apply succeeds', async () => {
    tf.write(userConfig({ email: 'ada.lovelace@example.com', fullName: 'Ada Lovelace', role: 'Grantee' }));
    await tf.ok(['plan', '-out=update.tfplan', '-no-color']);
    const [user] = await apiUsers();
    await sandbox.control.accept(user.id);
    await tf.ok(['apply', '-no-color', 'update.tfplan']);
    expect((await tf.state())['apono_user.ada']).toMatchObject({
      full_name: 'Ada Lovelace',
      status: 'invited',
    });
    await tf.apply('-refresh-only');
    expect((await tf.state())['apono_user.ada'].status).toBe('active');
    tf.write(
      userConfig({ email: 'ada.lovelace@example.com', fullName: 'Ada King Lovelace', role: 'Grantee' }),
    );
    await tf.apply();
  });

  it('GIVEN an IdP-owned user WHEN imported THEN it is refused with a clear error', async () => {
    tf.write(
      userConfig({ email: 'ada.lovelace@example.com', fullName: 'Ada King Lovelace', role: 'Grantee' }) +
        `resource "apono_user" "idp" {\n  email     = "${IDP_USER.email}"\n  full_name = "Okta User"\n}\n`,
    );
    const result = await tf.run(['import', '-no-color', 'apono_user.idp', IDP_USER.email]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Cannot import a user owned by an identity provider');
  });

  it('GIVEN an email that already exists WHEN planned THEN the error shows the import command and nothing is written', async () => {
    await sandbox.control.resetStats();
    tf.write(
      userConfig({ email: 'ada.lovelace@example.com', fullName: 'Ada King Lovelace', role: 'Grantee' }) +
        `resource "apono_user" "twin" {\n  email     = "Ada.Lovelace@EXAMPLE.com"\n  full_name = "Ada Twin"\n}\n`,
    );
    const result = await tf.plan();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('A user with this email already exists in Apono');
    expect(result.stderr).toContain('terraform import apono_user.<name> Ada.Lovelace@EXAMPLE.com');
    expect(countWrites(await sandbox.control.stats())).toBe(0);
  });

  it.each([
    ['email', 'email = "not-an-email"', 'Invalid email'],
    ['full_name', 'full_name = ""', 'Invalid full_name'],
    ['role', 'role = "Owner"', 'Invalid role'],
    ['phone_number', 'phone_number = "4155550100"', 'Invalid phone_number'],
  ])(
    'GIVEN a bad %s WHEN planned THEN the error points at the attribute and nothing is written',
    async (_name, line, summary) => {
      await sandbox.control.resetStats();
      const attrs: Record<string, string> = {
        email: 'email = "grace@example.com"',
        full_name: 'full_name = "Grace Hopper"',
      };
      const [key] = line.split(' =');
      attrs[key] = line;
      tf.write(`resource "apono_user" "bad" {\n  ${Object.values(attrs).join('\n  ')}\n}\n`);
      const result = await tf.plan();
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`Error: ${summary}`);
      expect(result.stderr).toContain('with apono_user.bad');
      expect(result.stderr).toContain(line);
      expect(countWrites(await sandbox.control.stats())).toBe(0);
    },
  );

  it('GIVEN TF_LOG=trace WHEN planning THEN each API request is logged and the token appears nowhere', async () => {
    tf.write(
      userConfig({ email: 'ada.lovelace@example.com', fullName: 'Ada King Lovelace', role: 'Grantee' }),
    );
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
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
    const state = await tf.ok(['show', '-json']);
    expect(state.stdout).not.toContain(TOKEN);
  });

  it('GIVEN managed users WHEN destroyed THEN the sandbox holds no Apono-created user', async () => {
    tf.write(
      userConfig({ email: 'ada.lovelace@example.com', fullName: 'Ada King Lovelace', role: 'Grantee' }),
    );
    await tf.destroy();
    expect(await apiUsers()).toHaveLength(0);
  });

  it('GIVEN keep_on_destroy WHEN the block is removed THEN the user stays in Apono', async () => {
    tf.write(
      `resource "apono_user" "kept" {\n  email = "kept@example.com"\n  full_name = "Kept User"\n  keep_on_destroy = true\n}\n`,
    );
    await tf.apply();
    tf.write('');
    await tf.apply();
    expect((await apiUsers()).map((user) => user.email)).toEqual(['kept@example.com']);
  });
});
