import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SandboxHandle, startSandboxProcess } from '../helpers/sandbox';
import { countWrites, IDP_GROUP, sandboxApi, writeIdpSeed } from './fixtures';
import { TerraformWorkspace } from './terraform';

const USERS = `
resource "apono_user" "ada" {
  email     = "ada@example.com"
  full_name = "Ada Lovelace"
}
resource "apono_user" "grace" {
  email     = "grace@example.com"
  full_name = "Grace Hopper"
}
resource "apono_user" "alan" {
  email     = "alan@example.com"
  full_name = "Alan Turing"
}
`;

// A group whose members are not managed by apono_group, with two non-authoritative memberships.
const ONCALL = `
resource "apono_group" "oncall" {
  name = "oncall"
}
resource "apono_group_member" "grace" {
  group_id = apono_group.oncall.id
  email    = apono_user.grace.email
}
resource "apono_group_member" "alan" {
  group_id = apono_group.oncall.id
  email    = apono_user.alan.email
}
`;

function groupConfig(name: string, members: string[] | null): string {
  const list = members === null ? '' : `  members = [${members.join(', ')}]\n`;
  return `${USERS}\nresource "apono_group" "eng" {\n  name = "${name}"\n${list}}\n`;
}

// Each step runs the real terraform binary (several provider launches): allow for a loaded machine.
jest.setTimeout(180_000);

describe('apono_group and apono_group_member with the real terraform CLI', () => {
  let seedDir: string;
  let sandbox: SandboxHandle;
  let tf: TerraformWorkspace;

  async function apiGroups(): Promise<{ id: string; name: string; source_integration_id: string | null }[]> {
    const page = (await sandboxApi(sandbox, 'GET', '/api/admin/v1/groups?limit=1000')) as {
      items: { id: string; name: string; source_integration_id: string | null }[];
    };
    return page.items.filter((group) => group.source_integration_id === null);
  }

  async function apiMembers(groupId: string): Promise<string[]> {
    const page = (await sandboxApi(sandbox, 'GET', `/api/admin/v1/groups/${groupId}/members?limit=1000`)) as {
      items: { email: string }[];
    };
    return page.items.map((member) => member.email).sort();
  }

  beforeAll(async () => {
    seedDir = mkdtempSync(path.join(tmpdir(), 'apono-seed-'));
    sandbox = await startSandboxProcess({ seedFile: writeIdpSeed(seedDir) });
    tf = new TerraformWorkspace(sandbox.url, sandbox.token);
  });

  afterAll(async () => {
    await sandbox?.stop();
    tf?.remove();
    rmSync(seedDir, { recursive: true, force: true });
  });

  it('GIVEN a group with members WHEN applied THEN it is created with its members in one call', async () => {
    tf.write(groupConfig('engineering', ['apono_user.ada.email', 'apono_user.grace.email']));
    await sandbox.control.resetStats();
    await tf.apply();
    const stats = await sandbox.control.stats();
    expect(stats['POST /api/admin/v1/groups']).toBe(1);
    expect(stats['PUT /api/admin/v1/groups/{id}/members']).toBeUndefined();
    expect(stats['PUT /api/admin/v1/groups/{id}/members/{email}']).toBeUndefined();
    const state = (await tf.state())['apono_group.eng'];
    expect(state).toMatchObject({ name: 'engineering', source: 'apono' });
    expect(await apiMembers(String(state.id))).toEqual(['ada@example.com', 'grace@example.com']);
  });

  it('GIVEN the applied group WHEN planned with and without refresh THEN both plans are empty', async () => {
    expect((await tf.plan('-refresh=false')).code).toBe(0);
    expect((await tf.plan()).code).toBe(0);
  });

  it('GIVEN members listed in another case WHEN planned THEN nothing changes', async () => {
    tf.write(groupConfig('engineering', ['"ADA@example.com"', '"Grace@Example.com"']));
    expect((await tf.plan()).code).toBe(0);
  });

  it('GIVEN members written in two spellings of one email WHEN planned THEN the duplicate is an error on members', async () => {
    await sandbox.control.resetStats();
    tf.write(groupConfig('engineering', ['"ada@example.com"', '"ADA@example.com"']));
    const result = await tf.plan();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Duplicate member email');
    expect(result.stderr).toContain('with apono_group.eng');
    // The diagnostic carries the attribute path: Terraform quotes the members line.
    expect(result.stderr).toContain('members = ["ada@example.com", "ADA@example.com"]');
    expect(countWrites(await sandbox.control.stats())).toBe(0);
  });

  it('GIVEN one member added WHEN applied THEN one targeted call adds it', async () => {
    tf.write(
      groupConfig('engineering', ['apono_user.ada.email', 'apono_user.grace.email', 'apono_user.alan.email']),
    );
    await sandbox.control.resetStats();
    await tf.apply();
    const stats = await sandbox.control.stats();
    expect(countWrites(stats)).toBe(1);
    expect(stats['PUT /api/admin/v1/groups/{id}/members/{email}']).toBe(1);
    const state = (await tf.state())['apono_group.eng'];
    expect(await apiMembers(String(state.id))).toEqual([
      'ada@example.com',
      'alan@example.com',
      'grace@example.com',
    ]);
  });

  it('GIVEN a rename and two member changes WHEN applied THEN it is one rename and one replace, in place', async () => {
    const before = (await tf.state())['apono_group.eng'];
    tf.write(groupConfig('platform', ['apono_user.alan.email']));
    const plan = await tf.plan();
    expect(plan.stdout).toContain('will be updated in-place');
    await sandbox.control.resetStats();
    await tf.apply();
    const stats = await sandbox.control.stats();
    expect(stats['PUT /api/admin/v1/groups/{id}/name']).toBe(1);
    expect(stats['PUT /api/admin/v1/groups/{id}/members']).toBe(1);
    expect(countWrites(stats)).toBe(2);
    const after = (await tf.state())['apono_group.eng'];
    expect(after.id).toBe(before.id);
    expect(await apiMembers(String(after.id))).toEqual(['alan@example.com']);
    expect((await tf.plan()).code).toBe(0);
  });

  it('GIVEN members omitted WHEN a member is added outside Terraform THEN no diff is planned', async () => {
    tf.write(groupConfig('platform', null));
    expect((await tf.plan()).code).toBe(0);
    const state = (await tf.state())['apono_group.eng'];
    await sandboxApi(sandbox, 'PUT', `/api/admin/v1/groups/${String(state.id)}/members/ada%40example.com`);
    expect((await tf.plan()).code).toBe(0);
  });

  it('GIVEN an apono_group_member WHEN applied, planned and imported THEN it manages just that membership', async () => {
    tf.write(groupConfig('platform', null) + ONCALL);
    await tf.apply();
    const group = (await tf.state())['apono_group.oncall'];
    expect(await apiMembers(String(group.id))).toEqual(['alan@example.com', 'grace@example.com']);
    expect((await tf.plan()).code).toBe(0);
    const applied = (await tf.state())['apono_group_member.grace'];
    expect(applied).toEqual({
      id: `${String(group.id)}/grace@example.com`,
      group_id: group.id,
      email: 'grace@example.com',
    });
    await tf.ok(['state', 'rm', 'apono_group_member.grace']);
    await tf.ok(['import', '-no-color', 'apono_group_member.grace', `${String(group.id)}/GRACE@example.com`]);
    expect((await tf.state())['apono_group_member.grace']).toEqual(applied);
    expect((await tf.plan()).code).toBe(0);
  });

  it('GIVEN the membership was removed outside Terraform WHEN planned THEN the plan re-creates it', async () => {
    const group = (await tf.state())['apono_group.oncall'];
    await sandboxApi(
      sandbox,
      'DELETE',
      `/api/admin/v1/groups/${String(group.id)}/members/grace%40example.com`,
    );
    const plan = await tf.plan();
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('apono_group_member.grace will be created');
    await tf.apply();
    expect(await apiMembers(String(group.id))).toEqual(['alan@example.com', 'grace@example.com']);
  });

  it('GIVEN a membership email in another case WHEN planned THEN nothing changes', async () => {
    tf.write(groupConfig('platform', null) + ONCALL.replace('apono_user.grace.email', '"GRACE@Example.com"'));
    expect((await tf.plan()).code).toBe(0);
  });

  it('GIVEN a membership with another email WHEN applied THEN the membership is replaced', async () => {
    const group = (await tf.state())['apono_group.oncall'];
    tf.write(
      groupConfig('platform', null) + ONCALL.replace('apono_user.grace.email', 'apono_user.ada.email'),
    );
    const plan = await tf.plan();
    expect(plan.stdout).toContain('apono_group_member.grace must be replaced');
    await tf.apply();
    expect(await apiMembers(String(group.id))).toEqual(['ada@example.com', 'alan@example.com']);
    expect((await tf.plan()).code).toBe(0);
  });

  it('GIVEN a bad membership email WHEN planned THEN the error points at email and nothing is written', async () => {
    await sandbox.control.resetStats();
    tf.write(groupConfig('platform', null) + ONCALL.replace('apono_user.grace.email', '"not-an-email"'));
    const result = await tf.plan();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Error: Invalid email');
    expect(result.stderr).toContain('email    = "not-an-email"');
    expect(countWrites(await sandbox.control.stats())).toBe(0);
  });

  it('GIVEN a managed group WHEN imported by name and by an import block THEN the attributes equal the applied state', async () => {
    tf.write(
      groupConfig('platform', ['apono_user.alan.email', 'apono_user.ada.email', 'apono_user.grace.email']),
    );
    await tf.apply();
    const applied = (await tf.state())['apono_group.eng'];
    await tf.ok(['state', 'rm', 'apono_group.eng']);
    await tf.ok(['import', '-no-color', 'apono_group.eng', 'platform']);
    expect((await tf.state())['apono_group.eng']).toEqual(applied);
    await tf.ok(['state', 'rm', 'apono_group.eng']);
    tf.write(
      `import {\n  to = apono_group.eng\n  id = "${String(applied.id)}"\n}\n` +
        groupConfig('platform', ['apono_user.alan.email', 'apono_user.ada.email', 'apono_user.grace.email']),
    );
    await tf.apply();
    expect((await tf.state())['apono_group.eng']).toEqual(applied);
    expect((await tf.plan()).code).toBe(0);
  });

  it('GIVEN the group was deleted outside Terraform WHEN planned THEN the plan creates it', async () => {
    const group = (await tf.state())['apono_group.eng'];
    await sandboxApi(sandbox, 'DELETE', `/api/admin/v1/groups/${String(group.id)}`);
    const plan = await tf.plan();
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('apono_group.eng will be created');
    await tf.apply();
  });

  it('GIVEN an IdP-owned group WHEN imported THEN it is refused with a clear error', async () => {
    tf.write(
      groupConfig('platform', ['apono_user.alan.email', 'apono_user.ada.email', 'apono_user.grace.email']) +
        `resource "apono_group" "idp" {\n  name = "${IDP_GROUP.name}"\n}\n`,
    );
    const result = await tf.run(['import', '-no-color', 'apono_group.idp', IDP_GROUP.name]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Cannot import a group owned by an identity provider');
  });

  it('GIVEN data sources WHEN read THEN they show Apono and IdP identities', async () => {
    tf.write(
      groupConfig('platform', ['apono_user.alan.email', 'apono_user.ada.email', 'apono_user.grace.email']) +
        `data "apono_user" "idp" {\n  email = "OKTA.USER@example.com"\n}\n` +
        `data "apono_group" "idp" {\n  name = "${IDP_GROUP.name}"\n}\n` +
        `data "apono_users" "grantees" {\n  role = "grantee"\n}\n` +
        `output "idp_source" { value = data.apono_user.idp.source }\n` +
        `output "idp_members" { value = data.apono_group.idp.members }\n` +
        `output "grantees" { value = sort([for u in data.apono_users.grantees.users : u.email]) }\n`,
    );
    await tf.apply();
    const outputs = JSON.parse((await tf.ok(['output', '-json'])).stdout) as Record<
      string,
      { value: unknown }
    >;
    expect(outputs.idp_source.value).toBe('Okta');
    expect(outputs.idp_members.value).toEqual(['okta.user@example.com']);
    expect(outputs.grantees.value).toEqual([
      'ada@example.com',
      'alan@example.com',
      'grace@example.com',
      'okta.user@example.com',
    ]);
  });

  it('GIVEN identities an IdP took over WHEN changed or destroyed THEN the plan refuses, and a removed block forgets them', async () => {
    const claimed = new TerraformWorkspace(sandbox.url, sandbox.token);
    try {
      const config = (name: string) =>
        `resource "apono_user" "claimed" {\n  email     = "claimed@example.com"\n  full_name = "Claimed User"\n}\n` +
        `resource "apono_group" "claimed" {\n  name    = "${name}"\n  members = [apono_user.claimed.email]\n}\n`;
      claimed.write(config('claimed'));
      await claimed.apply();
      const state = await claimed.state();
      const takeOver = { source_integration_id: 'int-okta', source_integration_name: 'Okta' };
      await sandbox.control.request(
        'POST',
        `/_sandbox/users/${String(state['apono_user.claimed'].id)}/idp`,
        takeOver,
      );
      await sandbox.control.request(
        'POST',
        `/_sandbox/groups/${String(state['apono_group.claimed'].id)}/idp`,
        takeOver,
      );

      // Unchanged configuration: the refresh shows the new source, and nothing is planned.
      expect((await claimed.plan()).code).toBe(0);
      await claimed.apply('-refresh-only');
      expect((await claimed.state())['apono_group.claimed'].source).toBe('Okta');

      await sandbox.control.resetStats();
      claimed.write(config('claimed-renamed'));
      const rename = await claimed.plan();
      expect(rename.code).toBe(1);
      expect(rename.stderr).toContain('Cannot update a group owned by an identity provider');
      claimed.write(config('claimed'));
      const destroy = await claimed.run(['destroy', '-auto-approve', '-no-color']);
      expect(destroy.code).toBe(1);
      // The group is destroyed first (the user depends on it); its refusal stops the plan.
      expect(destroy.stderr).toContain('Cannot delete a group owned by an identity provider');
      expect(countWrites(await sandbox.control.stats())).toBe(0);

      claimed.write(
        'removed {\n  from = apono_user.claimed\n  lifecycle {\n    destroy = false\n  }\n}\n' +
          'removed {\n  from = apono_group.claimed\n  lifecycle {\n    destroy = false\n  }\n}\n',
      );
      await claimed.apply();
      expect(await claimed.state()).toEqual({});
      const groups = (await sandboxApi(sandbox, 'GET', '/api/admin/v1/groups?name=claimed')) as {
        items: unknown[];
      };
      expect(groups.items).toHaveLength(1);
    } finally {
      claimed.remove();
    }
  });

  it('GIVEN everything managed WHEN destroyed THEN the sandbox holds no Apono-created identity', async () => {
    await tf.destroy();
    expect(await apiGroups()).toHaveLength(0);
    const users = (await sandboxApi(sandbox, 'GET', '/api/admin/v3/users')) as {
      items: { source_integration_id: string | null }[];
    };
    expect(users.items.filter((user) => user.source_integration_id === null)).toHaveLength(0);
  });
});
