/**
 * The real terraform CLI against a tenant that answers only what Apono's OpenAPI description
 * promises (test/helpers/spec-minimal-server.ts): required fields only, nullable fields absent or
 * null, an unknown field on every object, and no user-write extension. Data sources, imports,
 * refreshes and group writes work without a single warning or error.
 */
import {
  SPEC_MINIMAL_USERS,
  type SpecMinimalServer,
  startSpecMinimalServer,
} from '../helpers/spec-minimal-server';
import { flat } from './harness';
import { type TerraformResult, TerraformWorkspace } from './terraform';

const TOKEN = 'aup_specMinimalE2e_93be';

// Each step runs the real terraform binary (several provider launches): allow for a loaded machine.
jest.setTimeout(180_000);

const USERS = SPEC_MINIMAL_USERS;

/** The warning every command prints because the tests run the built provider through dev_overrides. */
const DEV_OVERRIDES_WARNING = 'Warning: Provider development overrides are in effect';

/** The headlines of the warnings and errors terraform printed, but the dev_overrides one. */
function diagnosticHeadlines(result: TerraformResult): string[] {
  return `${result.stdout}\n${result.stderr}`
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^(Warning|Error):/.test(line) && line !== DEV_OVERRIDES_WARNING);
}

/** Fails, listing them, when terraform printed a warning or an error of its own or the provider's. */
function expectNoDiagnostics(result: TerraformResult): void {
  expect(diagnosticHeadlines(result)).toEqual([]);
}

/** Plans (with `args`) and checks that terraform printed nothing and found no changes. */
async function expectCleanPlan(tf: TerraformWorkspace, ...args: string[]): Promise<void> {
  const plan = await tf.plan(...args);
  expectNoDiagnostics(plan);
  expect(plan.code).toBe(0);
}

describe('the real CLI against a tenant that answers spec-minimal objects', () => {
  let server: SpecMinimalServer | undefined;
  const extraServers: SpecMinimalServer[] = [];
  const workspaces: TerraformWorkspace[] = [];

  beforeAll(async () => {
    server = await startSpecMinimalServer({
      token: TOKEN,
      users: USERS,
      groups: [
        { name: 'spec-readers', members: ['ada@example.com', 'grace@example.com'] },
        {
          name: 'spec-imported',
          members: ['alan@example.com'],
          optional: { source_id: null, source_integration_id: null, source_integration_name: null },
        },
      ],
    });
  });

  afterEach(() => {
    for (const workspace of workspaces.splice(0)) workspace.remove();
  });

  afterAll(async () => {
    await Promise.all([server, ...extraServers].map((running) => running?.close()));
  });

  function tenant(): SpecMinimalServer {
    if (server === undefined) throw new Error('the spec-minimal server is not running');
    return server;
  }

  /** A fresh workspace pointed at `target` through APONO_ENDPOINT. */
  function workspace(target: SpecMinimalServer = tenant()): TerraformWorkspace {
    const tf = new TerraformWorkspace(target.url, TOKEN);
    workspaces.push(tf);
    return tf;
  }

  function groupId(name: string): string {
    const group = tenant().groups.find((candidate) => candidate.name === name);
    if (group === undefined) throw new Error(`no group named ${name}`);
    return String(group.id);
  }

  /** Applies `hcl` and checks that apply and a following plan are clean and converged. */
  async function applyCleanly(tf: TerraformWorkspace, hcl: string): Promise<void> {
    tf.write(hcl);
    expectNoDiagnostics(await tf.apply());
    await expectCleanPlan(tf);
  }

  it('GIVEN spec-minimal users and groups WHEN the data sources are read THEN they show them with no diagnostics', async () => {
    // GIVEN every data source over users and groups that omit their optional fields
    const tf = workspace();
    tf.write(`
data "apono_user" "ada" {
  email = "ada@example.com"
}
data "apono_user" "grace_by_id" {
  id = "${String(tenant().users[1]?.id)}"
}
data "apono_users" "all" {}
data "apono_group" "readers" {
  name = "spec-readers"
}
output "ada" { value = data.apono_user.ada }
output "grace" { value = data.apono_user.grace_by_id.email }
output "emails" { value = data.apono_users.all.users[*].email }
output "readers" { value = data.apono_group.readers }
data "apono_user" "alan" {
  email = "alan@example.com"
}
output "attributes" {
  value = {
    ada  = data.apono_user.ada.attributes
    alan = data.apono_user.alan.attributes
    all  = { for u in data.apono_users.all.users : u.email => u.attributes }
  }
}
data "apono_groups" "spec" {
  name            = "spec-*"
  source          = "apono"
  include_members = true
}
output "groups" { value = data.apono_groups.spec.groups }
`);

    // WHEN they are read
    const applied = await tf.apply();
    const outputs = JSON.parse((await tf.ok(['output', '-json'])).stdout) as Record<
      string,
      { value: unknown }
    >;

    // THEN they show the tenant's data, absent fields as null, and nothing else is printed
    expectNoDiagnostics(applied);
    expect(outputs.ada?.value).toMatchObject({
      email: 'ada@example.com',
      source: 'apono',
      source_integration_id: null,
      phone_number: null,
      invited_at: null,
    });
    expect(outputs.grace?.value).toBe('grace@example.com');
    expect(outputs.emails?.value).toEqual(USERS.map((user) => user.email));
    expect(outputs.readers?.value).toMatchObject({
      id: groupId('spec-readers'),
      members: ['ada@example.com', 'grace@example.com'],
      source: 'apono',
      source_id: null,
      source_integration_id: null,
      source_integration_name: null,
    });
    expect(outputs.attributes?.value).toEqual({
      ada: {},
      alan: { department: 'research' },
      all: { 'ada@example.com': {}, 'grace@example.com': {}, 'alan@example.com': { department: 'research' } },
    });
    expect(outputs.groups?.value).toEqual([
      expect.objectContaining({
        name: 'spec-readers',
        source: 'apono',
        source_id: null,
        members: ['ada@example.com', 'grace@example.com'],
      }),
      expect.objectContaining({ name: 'spec-imported', source: 'apono', members: ['alan@example.com'] }),
    ]);
    await expectCleanPlan(tf);
  });

  it('GIVEN a spec-minimal group WHEN imported with an import block THEN plan and refresh show no changes', async () => {
    const tf = workspace();
    tf.write(`
import {
  to = apono_group.imported
  id = "${groupId('spec-imported')}"
}
resource "apono_group" "imported" {
  name    = "spec-imported"
  members = ["alan@example.com"]
}
`);
    const importPlan = await tf.plan();
    expectNoDiagnostics(importPlan);
    expect(importPlan.stdout).toContain('1 to import, 0 to add, 0 to change, 0 to destroy');

    expectNoDiagnostics(await tf.apply());

    await expectCleanPlan(tf, '-refresh-only');
    await expectCleanPlan(tf);
  });

  it('GIVEN a spec-minimal user WHEN imported by email THEN plan and refresh show no changes and nothing is written', async () => {
    const tf = workspace();
    tf.write(`
resource "apono_user" "grace" {
  email     = "grace@example.com"
  full_name = "Grace Hopper"
}
`);
    const writesBefore = tenant().requests.filter((request) => !request.startsWith('GET ')).length;

    expectNoDiagnostics(await tf.ok(['import', '-no-color', 'apono_user.grace', 'Grace@Example.com']));

    await expectCleanPlan(tf, '-refresh-only');
    await expectCleanPlan(tf);
    expect((await tf.state())['apono_user.grace']).toMatchObject({
      email: 'grace@example.com',
      role: 'Viewer',
      status: 'active',
      source: 'apono',
      phone_number: null,
      invited_at: null,
    });
    expect(tenant().requests.filter((request) => !request.startsWith('GET ')).length).toBe(writesBefore);
  });

  it('GIVEN a new apono_user WHEN planned against a tenant without the user-write extension THEN one error says so and nothing is written', async () => {
    const tf = workspace();
    tf.write(`
resource "apono_user" "new" {
  email     = "new.user@example.com"
  full_name = "New User"
}
`);
    const writesBefore = tenant().requests.filter((request) => !request.startsWith('GET ')).length;
    const probesBefore = tenant().requests.filter(
      (request) => request === 'GET /api/admin/v3/user-writes',
    ).length;

    const plan = await tf.plan();

    expect(plan.code).toBe(1);
    expect(diagnosticHeadlines(plan)).toEqual([
      'Error: Cannot invite this user: this Apono tenant lacks the user-write extension',
    ]);
    expect(tenant().requests.filter((request) => request === 'GET /api/admin/v3/user-writes').length).toBe(
      probesBefore + 1,
    );
    expect(tenant().requests.filter((request) => !request.startsWith('GET ')).length).toBe(writesBefore);
  });

  it('GIVEN a group with members WHEN created, renamed, its members changed and destroyed THEN the tenant follows with no diagnostics', async () => {
    const tf = workspace();
    const group = (name: string, members: string[]): string => `
resource "apono_group" "team" {
  name    = "${name}"
  members = [${members.map((member) => `"${member}"`).join(', ')}]
}
`;

    // create with members
    await applyCleanly(tf, group('spec-team', ['ada@example.com', 'grace@example.com']));
    const id = groupId('spec-team');
    expect(tenant().members(id)).toEqual(['ada@example.com', 'grace@example.com']);

    // rename in place
    await applyCleanly(tf, group('spec-team-renamed', ['ada@example.com', 'grace@example.com']));
    expect(groupId('spec-team-renamed')).toBe(id);

    // change the members
    await applyCleanly(tf, group('spec-team-renamed', ['alan@example.com', 'grace@example.com']));
    expect([...tenant().members(id)].sort()).toEqual(['alan@example.com', 'grace@example.com']);

    // destroy
    expectNoDiagnostics(await tf.destroy());
    expect(tenant().groups.some((candidate) => candidate.id === id)).toBe(false);
  });

  it('GIVEN a group without managed members WHEN an apono_group_member is added and removed THEN the membership follows', async () => {
    const tf = workspace();
    const membership = `
resource "apono_group_member" "alan" {
  group_id = apono_group.oncall.id
  email    = "alan@example.com"
}
`;
    const oncall = `
resource "apono_group" "oncall" {
  name = "spec-oncall"
}
`;

    await applyCleanly(tf, oncall + membership);
    const id = groupId('spec-oncall');
    expect(tenant().members(id)).toEqual(['alan@example.com']);

    await applyCleanly(tf, oncall);
    expect(tenant().members(id)).toEqual([]);

    expectNoDiagnostics(await tf.destroy());
    expect(tenant().groups.some((candidate) => candidate.id === id)).toBe(false);
  });

  it('GIVEN a tenant whose group has no name WHEN apono_group is read THEN the error names the route, the field and the reason', async () => {
    // GIVEN a tenant of its own whose only group breaks the spec (name is required)
    const broken = await startSpecMinimalServer({ token: TOKEN, groups: [{ name: 'broken' }] });
    extraServers.push(broken);
    delete broken.groups[0]?.name;
    const tf = workspace(broken);
    tf.write(`
data "apono_group" "broken" {
  name = "broken"
}
`);

    // WHEN it is read
    const result = await tf.plan();

    // THEN the plan fails with a diagnostic that says which request, which field and why
    expect(result.code).toBe(1);
    const text = flat(result.stderr);
    expect(text).toContain('Unexpected response from the Apono API while');
    expect(text).toContain(
      'GET /api/admin/v1/groups answered with a body the provider cannot use: field /items/0/name is required but missing.',
    );
    expect(text).not.toContain('undefined');
  });
});
