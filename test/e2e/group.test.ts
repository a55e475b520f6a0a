import { IDP_GROUP } from './fixtures';
import { useSandboxSuite } from './harness';
import { TerraformWorkspace } from './terraform';

/** Three users whose emails start with `prefix`: ada, grace and alan. */
function users(prefix: string): string {
  return ['ada', 'grace', 'alan']
    .map(
      (name) =>
        `resource "apono_user" "${name}" {\n  email     = "${prefix}-${name}@example.com"\n  full_name = "Test ${name}"\n}\n`,
    )
    .join('');
}

/** The users and the group "eng" named `name`, with `members` (HCL expressions) or unmanaged members. */
function groupConfig(prefix: string, name: string, members: string[] | null): string {
  const list = members === null ? '' : `  members = [${members.join(', ')}]\n`;
  return `${users(prefix)}\nresource "apono_group" "eng" {\n  name = "${name}"\n${list}}\n`;
}

/** A group whose members are not managed by apono_group, with two non-authoritative memberships. */
function oncall(prefix: string, graceEmail = 'apono_user.grace.email'): string {
  return `
resource "apono_group" "oncall" {
  name = "${prefix}-oncall"
}
resource "apono_group_member" "grace" {
  group_id = apono_group.oncall.id
  email    = ${graceEmail}
}
resource "apono_group_member" "alan" {
  group_id = apono_group.oncall.id
  email    = apono_user.alan.email
}
`;
}

const ADA = 'apono_user.ada.email';
const GRACE = 'apono_user.grace.email';
const ALAN = 'apono_user.alan.email';

// Each step runs the real terraform binary (several provider launches): allow for a loaded machine.
jest.setTimeout(180_000);

describe('apono_group and apono_group_member with the real terraform CLI', () => {
  const suite = useSandboxSuite();

  /** A workspace where `hcl` is applied. */
  async function applied(hcl: string): Promise<TerraformWorkspace> {
    const tf = suite.workspace();
    tf.write(hcl);
    await tf.apply();
    return tf;
  }

  async function groupId(tf: TerraformWorkspace, address: string): Promise<string> {
    return String((await tf.state())[address].id);
  }

  it('GIVEN a group with members WHEN applied THEN it is created with its members in one call', async () => {
    const tf = suite.workspace();
    tf.write(groupConfig('create', 'create-eng', [ADA, GRACE]));
    await suite.sandbox.control.resetStats();
    await tf.apply();
    const stats = await suite.sandbox.control.stats();
    expect(stats['POST /api/admin/v1/groups']).toBe(1);
    expect(stats['PUT /api/admin/v1/groups/{id}/members']).toBeUndefined();
    expect(stats['PUT /api/admin/v1/groups/{id}/members/{email}']).toBeUndefined();
    const state = (await tf.state())['apono_group.eng'];
    expect(state).toMatchObject({ name: 'create-eng', source: 'apono' });
    expect(await suite.members(String(state.id))).toEqual([
      'create-ada@example.com',
      'create-grace@example.com',
    ]);
  });

  it('GIVEN an applied group WHEN planned with and without refresh THEN both plans are empty', async () => {
    const tf = await applied(groupConfig('plans', 'plans-eng', [ADA, GRACE]));
    expect((await tf.plan('-refresh=false')).code).toBe(0);
    expect((await tf.plan()).code).toBe(0);
  });

  it('GIVEN members listed in another case WHEN planned THEN nothing changes', async () => {
    const tf = await applied(groupConfig('case', 'case-eng', [ADA, GRACE]));
    tf.write(groupConfig('case', 'case-eng', ['"CASE-ada@example.com"', '"Case-Grace@Example.com"']));
    expect((await tf.plan()).code).toBe(0);
  });

  it('GIVEN members written in two spellings of one email WHEN planned THEN the duplicate is an error on members', async () => {
    const tf = suite.workspace();
    tf.write(groupConfig('dup', 'dup-eng', ['"dup-ada@example.com"', '"DUP-ada@example.com"']));
    await suite.sandbox.control.resetStats();
    const result = await tf.plan();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Duplicate member email');
    expect(result.stderr).toContain('with apono_group.eng');
    // The diagnostic carries the attribute path: Terraform quotes the members line.
    expect(result.stderr).toContain('members = ["dup-ada@example.com", "DUP-ada@example.com"]');
    expect(await suite.writes()).toBe(0);
  });

  it('GIVEN one member added WHEN applied THEN one targeted call adds it', async () => {
    const tf = await applied(groupConfig('add', 'add-eng', [ADA, GRACE]));
    tf.write(groupConfig('add', 'add-eng', [ADA, GRACE, ALAN]));
    await suite.sandbox.control.resetStats();
    await tf.apply();
    const stats = await suite.sandbox.control.stats();
    expect(await suite.writes()).toBe(1);
    expect(stats['PUT /api/admin/v1/groups/{id}/members/{email}']).toBe(1);
    expect(await suite.members(await groupId(tf, 'apono_group.eng'))).toEqual([
      'add-ada@example.com',
      'add-alan@example.com',
      'add-grace@example.com',
    ]);
  });

  it('GIVEN a rename and two member changes WHEN applied THEN it is one rename and one replace, in place', async () => {
    const tf = await applied(groupConfig('rename', 'rename-eng', [ADA, GRACE]));
    const before = await groupId(tf, 'apono_group.eng');
    tf.write(groupConfig('rename', 'rename-platform', [ALAN]));
    const plan = await tf.plan();
    expect(plan.stdout).toContain('will be updated in-place');
    await suite.sandbox.control.resetStats();
    await tf.apply();
    const stats = await suite.sandbox.control.stats();
    expect(stats['PUT /api/admin/v1/groups/{id}/name']).toBe(1);
    expect(stats['PUT /api/admin/v1/groups/{id}/members']).toBe(1);
    expect(await suite.writes()).toBe(2);
    expect(await groupId(tf, 'apono_group.eng')).toBe(before);
    expect(await suite.members(before)).toEqual(['rename-alan@example.com']);
    expect((await tf.plan()).code).toBe(0);
  });

  it('GIVEN members omitted WHEN a member is added outside Terraform THEN no diff is planned', async () => {
    const tf = await applied(groupConfig('unmanaged', 'unmanaged-eng', null));
    expect((await tf.plan()).code).toBe(0);
    await suite.api(
      'PUT',
      `/api/admin/v1/groups/${await groupId(tf, 'apono_group.eng')}/members/unmanaged-ada%40example.com`,
    );
    expect((await tf.plan()).code).toBe(0);
  });

  it('GIVEN apono_group_member WHEN applied, planned and imported THEN it manages just that membership', async () => {
    const tf = await applied(groupConfig('member', 'member-eng', null) + oncall('member'));
    const group = await groupId(tf, 'apono_group.oncall');
    expect(await suite.members(group)).toEqual(['member-alan@example.com', 'member-grace@example.com']);
    expect((await tf.plan()).code).toBe(0);
    const state = (await tf.state())['apono_group_member.grace'];
    expect(state).toEqual({
      id: `${group}/member-grace@example.com`,
      group_id: group,
      email: 'member-grace@example.com',
    });
    await tf.ok(['state', 'rm', 'apono_group_member.grace']);
    await tf.ok(['import', '-no-color', 'apono_group_member.grace', `${group}/MEMBER-GRACE@example.com`]);
    expect((await tf.state())['apono_group_member.grace']).toEqual(state);
    expect((await tf.plan()).code).toBe(0);
  });

  it('GIVEN the membership was removed outside Terraform WHEN planned THEN the plan re-creates it', async () => {
    const tf = await applied(groupConfig('gone', 'gone-eng', null) + oncall('gone'));
    const group = await groupId(tf, 'apono_group.oncall');
    await suite.api('DELETE', `/api/admin/v1/groups/${group}/members/gone-grace%40example.com`);
    const plan = await tf.plan();
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('apono_group_member.grace will be created');
    await tf.apply();
    expect(await suite.members(group)).toEqual(['gone-alan@example.com', 'gone-grace@example.com']);
  });

  it('GIVEN a membership email in another case WHEN planned THEN nothing changes', async () => {
    const tf = await applied(groupConfig('mcase', 'mcase-eng', null) + oncall('mcase'));
    tf.write(groupConfig('mcase', 'mcase-eng', null) + oncall('mcase', '"MCASE-Grace@Example.com"'));
    expect((await tf.plan()).code).toBe(0);
  });

  it('GIVEN a membership with another email WHEN applied THEN the membership is replaced', async () => {
    const tf = await applied(groupConfig('swap', 'swap-eng', null) + oncall('swap'));
    const group = await groupId(tf, 'apono_group.oncall');
    tf.write(groupConfig('swap', 'swap-eng', null) + oncall('swap', ADA));
    const plan = await tf.plan();
    expect(plan.stdout).toContain('apono_group_member.grace must be replaced');
    await tf.apply();
    expect(await suite.members(group)).toEqual(['swap-ada@example.com', 'swap-alan@example.com']);
    expect((await tf.plan()).code).toBe(0);
  });

  it('GIVEN a bad membership email WHEN planned THEN the error points at email and nothing is written', async () => {
    const tf = suite.workspace();
    tf.write(groupConfig('bad', 'bad-eng', null) + oncall('bad', '"not-an-email"'));
    await suite.sandbox.control.resetStats();
    const result = await tf.plan();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Error: Invalid email');
    expect(result.stderr).toContain('email    = "not-an-email"');
    expect(await suite.writes()).toBe(0);
  });

  it('GIVEN a managed group WHEN imported by name and by an import block THEN the attributes equal the applied state', async () => {
    const hcl = groupConfig('imp', 'imp-eng', [ALAN, ADA, GRACE]);
    const tf = await applied(hcl);
    const state = (await tf.state())['apono_group.eng'];
    await tf.ok(['state', 'rm', 'apono_group.eng']);
    await tf.ok(['import', '-no-color', 'apono_group.eng', 'imp-eng']);
    expect((await tf.state())['apono_group.eng']).toEqual(state);
    await tf.ok(['state', 'rm', 'apono_group.eng']);
    tf.write(`import {\n  to = apono_group.eng\n  id = "${String(state.id)}"\n}\n${hcl}`);
    await tf.apply();
    expect((await tf.state())['apono_group.eng']).toEqual(state);
    expect((await tf.plan()).code).toBe(0);
  });

  it('GIVEN the group was deleted outside Terraform WHEN planned THEN the plan creates it', async () => {
    const tf = await applied(groupConfig('deleted', 'deleted-eng', [ADA]));
    await suite.api('DELETE', `/api/admin/v1/groups/${await groupId(tf, 'apono_group.eng')}`);
    const plan = await tf.plan();
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('apono_group.eng will be created');
    await tf.apply();
    expect(await suite.group('deleted-eng')).toBeDefined();
  });

  it('GIVEN an IdP-owned group WHEN imported THEN it is refused with a clear error', async () => {
    const tf = suite.workspace();
    tf.write(`resource "apono_group" "idp" {\n  name = "${IDP_GROUP.name}"\n}\n`);
    const result = await tf.run(['import', '-no-color', 'apono_group.idp', IDP_GROUP.name]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Cannot import a group owned by an identity provider');
  });

  it('GIVEN data sources WHEN read THEN they show Apono and IdP identities', async () => {
    const tf = await applied(
      groupConfig('data', 'data-eng', [ALAN, ADA, GRACE]) +
        `data "apono_user" "idp" {\n  email = "OKTA.USER@example.com"\n}\n` +
        `data "apono_group" "idp" {\n  name = "${IDP_GROUP.name}"\n}\n` +
        // Read after the users exist (a data source with a known configuration is read at plan time).
        `data "apono_users" "grantees" {\n  role       = "grantee"\n  depends_on = [apono_group.eng]\n}\n` +
        `output "idp_source" { value = data.apono_user.idp.source }\n` +
        `output "idp_members" { value = data.apono_group.idp.members }\n` +
        `output "grantees" { value = sort([for u in data.apono_users.grantees.users : u.email if startswith(u.email, "data-") || u.source != "apono"]) }\n`,
    );
    const outputs = JSON.parse((await tf.ok(['output', '-json'])).stdout) as Record<
      string,
      { value: unknown }
    >;
    expect(outputs.idp_source?.value).toBe('Okta');
    expect(outputs.idp_members?.value).toEqual(['okta.user@example.com']);
    expect(outputs.grantees?.value).toEqual([
      'data-ada@example.com',
      'data-alan@example.com',
      'data-grace@example.com',
      'okta.user@example.com',
    ]);
  });

  it('GIVEN identities an IdP took over WHEN changed or destroyed THEN the plan refuses, and a removed block forgets them', async () => {
    const config = (name: string) =>
      `resource "apono_user" "claimed" {\n  email     = "claimed@example.com"\n  full_name = "Claimed User"\n}\n` +
      `resource "apono_group" "claimed" {\n  name    = "${name}"\n  members = [apono_user.claimed.email]\n}\n`;
    const tf = await applied(config('claimed'));
    const state = await tf.state();
    const takeOver = { source_integration_id: 'int-okta', source_integration_name: 'Okta' };
    await suite.api('POST', `/_sandbox/users/${String(state['apono_user.claimed'].id)}/idp`, takeOver);
    await suite.api('POST', `/_sandbox/groups/${String(state['apono_group.claimed'].id)}/idp`, takeOver);

    // Unchanged configuration: the refresh shows the new source, and nothing is planned.
    expect((await tf.plan()).code).toBe(0);
    await tf.apply('-refresh-only');
    expect((await tf.state())['apono_group.claimed'].source).toBe('Okta');

    await suite.sandbox.control.resetStats();
    tf.write(config('claimed-renamed'));
    const rename = await tf.plan();
    expect(rename.code).toBe(1);
    expect(rename.stderr).toContain('Cannot update a group owned by an identity provider');
    tf.write(config('claimed'));
    const destroy = await tf.run(['destroy', '-auto-approve', '-no-color']);
    expect(destroy.code).toBe(1);
    expect(destroy.stderr).toContain('owned by an identity provider');
    expect(await suite.writes()).toBe(0);

    tf.write(
      'removed {\n  from = apono_user.claimed\n  lifecycle {\n    destroy = false\n  }\n}\n' +
        'removed {\n  from = apono_group.claimed\n  lifecycle {\n    destroy = false\n  }\n}\n',
    );
    await tf.apply();
    expect(await tf.state()).toEqual({});
    expect(await suite.group('claimed')).toBeDefined();
  });

  it('GIVEN groups and memberships WHEN destroyed THEN they are gone from Apono', async () => {
    const tf = await applied(groupConfig('destroy', 'destroy-eng', [ADA, GRACE]) + oncall('destroy'));
    await tf.destroy();
    expect(await suite.group('destroy-eng')).toBeUndefined();
    expect(await suite.group('destroy-oncall')).toBeUndefined();
    expect(await suite.usersWithEmails('destroy-ada@example.com', 'destroy-grace@example.com')).toEqual([]);
  });
});
