/**
 * What the data sources show, read by the real terraform CLI: user attributes and roles, where a
 * group comes from, and the apono_groups listing with its name pattern, source filter and members.
 */
import { IDP_GROUP } from './fixtures';
import { ApiGroup, ApiUser, useSandboxSuite } from './harness';

jest.setTimeout(180_000);

describe('data sources (real terraform CLI)', () => {
  const suite = useSandboxSuite();

  /** Applies a configuration of data sources and outputs, and returns the outputs' values. */
  async function outputsOf(hcl: string): Promise<Record<string, unknown>> {
    const tf = suite.workspace();
    tf.write(hcl);
    await tf.apply();
    const shown = JSON.parse((await tf.ok(['output', '-json'])).stdout) as Record<string, { value: unknown }>;
    return Object.fromEntries(Object.entries(shown).map(([name, output]) => [name, output.value]));
  }

  async function invite(email: string, roles: string[]): Promise<ApiUser> {
    return (await suite.api('POST', '/api/admin/v3/users', {
      email,
      first_name: 'Data',
      last_name: 'Source',
      roles,
    })) as ApiUser;
  }

  async function createGroup(name: string, members: string[] = []): Promise<ApiGroup> {
    return (await suite.api('POST', '/api/admin/v1/groups', { name, members_emails: members })) as ApiGroup;
  }

  it('GIVEN a user with attributes and several roles WHEN read by apono_user and apono_users THEN both show every attribute and every role', async () => {
    const user = await invite('attrs-ada@example.com', ['Admin', 'Power User']);
    await suite.api('POST', `/_sandbox/users/${user.id}/attributes`, {
      attributes: { department: 'R&D', cost_center: '42' },
    });
    const outputs = await outputsOf(
      `data "apono_user" "ada" {\n  email = "attrs-ada@example.com"\n}\n` +
        `data "apono_users" "all" {}\n` +
        `output "attributes" { value = data.apono_user.ada.attributes }\n` +
        `output "department" { value = data.apono_user.ada.attributes["department"] }\n` +
        `output "roles" { value = data.apono_user.ada.roles }\n` +
        `output "role" { value = data.apono_user.ada.role }\n` +
        `output "listed" { value = [for u in data.apono_users.all.users : { attributes = u.attributes, roles = u.roles } if u.email == "attrs-ada@example.com"] }\n`,
    );
    expect(outputs.attributes).toEqual({ department: 'R&D', cost_center: '42' });
    expect(outputs.department).toBe('R&D');
    expect(outputs.roles).toEqual(['Admin', 'Power User']);
    expect(outputs.role).toBe('Admin');
    expect(outputs.listed).toEqual([
      { attributes: { department: 'R&D', cost_center: '42' }, roles: ['Admin', 'Power User'] },
    ]);
  });

  it('GIVEN a user without attributes WHEN read THEN attributes is an empty map that lookup() can default from', async () => {
    await invite('attrs-none@example.com', ['Grantee']);
    const outputs = await outputsOf(
      `data "apono_user" "none" {\n  email = "attrs-none@example.com"\n}\n` +
        `output "attributes" { value = data.apono_user.none.attributes }\n` +
        `output "department" { value = lookup(data.apono_user.none.attributes, "department", "unknown") }\n`,
    );
    expect(outputs.attributes).toEqual({});
    expect(outputs.department).toBe('unknown');
  });

  it('GIVEN a group an IdP took over and a group created in Apono WHEN read by apono_group THEN the IdP one shows its source fields and the Apono one nulls', async () => {
    const claimed = await createGroup('srcfields-claimed');
    await createGroup('srcfields-apono');
    await suite.api('POST', `/_sandbox/groups/${claimed.id}/idp`, {
      source_integration_id: 'int-okta',
      source_integration_name: 'Okta',
      source_id: '00g-okta-claimed',
    });
    const outputs = await outputsOf(
      `data "apono_group" "claimed" {\n  name = "srcfields-claimed"\n}\n` +
        `data "apono_group" "apono" {\n  name = "srcfields-apono"\n}\n` +
        `output "claimed" { value = { source = data.apono_group.claimed.source, source_id = data.apono_group.claimed.source_id, source_integration_name = data.apono_group.claimed.source_integration_name } }\n` +
        // A null attribute inside an object output is kept as null by `terraform output -json`.
        `output "apono" { value = { source = data.apono_group.apono.source, source_id = data.apono_group.apono.source_id, source_integration_name = data.apono_group.apono.source_integration_name } }\n`,
    );
    expect(outputs.claimed).toEqual({
      source: 'Okta',
      source_id: '00g-okta-claimed',
      source_integration_name: 'Okta',
    });
    expect(outputs.apono).toEqual({ source: 'apono', source_id: null, source_integration_name: null });
  });

  it('GIVEN groups WHEN apono_groups is read with name patterns THEN *x*, x*, *x and an exact name each list the matching groups', async () => {
    for (const name of ['wild-alpha-team', 'wild-beta-team', 'Wild-Gamma', 'tame-wild-delta']) {
      await createGroup(name);
    }
    const patterns = {
      contains: '*alpha*',
      prefix: 'wild-*',
      suffix: '*-team',
      exact: 'wild-beta-team',
    };
    const outputs = await outputsOf(
      Object.entries(patterns)
        .map(
          ([key, pattern]) =>
            `data "apono_groups" "${key}" {\n  name = "${pattern}"\n}\n` +
            `output "${key}" { value = sort([for g in data.apono_groups.${key}.groups : g.name]) }\n`,
        )
        .join(''),
    );
    expect(outputs).toEqual({
      contains: ['wild-alpha-team'],
      // The sandbox compares names case-insensitively.
      prefix: ['Wild-Gamma', 'wild-alpha-team', 'wild-beta-team'],
      suffix: ['wild-alpha-team', 'wild-beta-team'],
      exact: ['wild-beta-team'],
    });
  });

  it('GIVEN Apono and IdP groups WHEN apono_groups is read with a source THEN "apono", the integration name and its id each list only their groups', async () => {
    await createGroup('srcfilter-apono');
    const claimed = await createGroup('srcfilter-claimed');
    await suite.api('POST', `/_sandbox/groups/${claimed.id}/idp`, {
      source_integration_id: 'int-azure',
      source_integration_name: 'Azure AD',
    });
    const sources = { apono: 'apono', by_name: 'azure ad', by_id: 'int-azure' };
    const outputs = await outputsOf(
      Object.entries(sources)
        .map(
          ([key, source]) =>
            `data "apono_groups" "${key}" {\n  name   = "srcfilter-*"\n  source = "${source}"\n}\n` +
            `output "${key}" { value = [for g in data.apono_groups.${key}.groups : g.name] }\n`,
        )
        .join(''),
    );
    expect(outputs).toEqual({
      apono: ['srcfilter-apono'],
      by_name: ['srcfilter-claimed'],
      by_id: ['srcfilter-claimed'],
    });
  });

  it('GIVEN filters no group matches WHEN apono_groups is read THEN the list is empty and the run succeeds', async () => {
    const outputs = await outputsOf(
      `data "apono_groups" "none" {\n  name = "no-such-group-*"\n}\n` +
        `data "apono_groups" "no_source" {\n  name   = "${IDP_GROUP.name}"\n  source = "apono"\n}\n` +
        `output "none" { value = data.apono_groups.none.groups }\n` +
        `output "no_source" { value = data.apono_groups.no_source.groups }\n`,
    );
    expect(outputs).toEqual({ none: [], no_source: [] });
  });

  it('GIVEN include_members WHEN apono_groups is read THEN members are listed only when asked for', async () => {
    await invite('members-ada@example.com', ['Grantee']);
    await createGroup('members-eng', ['members-ada@example.com']);
    const outputs = await outputsOf(
      `data "apono_groups" "with" {\n  name            = "members-eng"\n  include_members = true\n}\n` +
        `data "apono_groups" "without" {\n  name = "members-eng"\n}\n` +
        `output "with" { value = data.apono_groups.with.groups[0].members }\n` +
        `output "without" { value = data.apono_groups.without.groups[0].members == null }\n` +
        `output "source" { value = one(data.apono_groups.with.groups[*].source) }\n`,
    );
    expect(outputs).toEqual({ with: ['members-ada@example.com'], without: true, source: 'apono' });
  });
});
