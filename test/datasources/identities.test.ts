/**
 * What the apono_user, apono_users and apono_group data sources show of an identity: attributes,
 * every role as Apono spells it, and where a group comes from, with fields a spec-minimal answer
 * leaves out.
 */
import type { Group, User } from '../../provider/client/types';
import { groupDataSource } from '../../provider/datasources/group';
import { userAttributes, userEntry } from '../../provider/datasources/user-fields';
import { userDataSource } from '../../provider/datasources/user';
import { usersDataSource } from '../../provider/datasources/users';
import { TfObject } from '../../provider/framework/types';
import { apiGroup, apiUser } from '../helpers/api-objects';
import { contextOf, sessionOf } from '../helpers/sessions';

/** A user as a spec-minimal answer gives it: only the fields UserV3 requires. */
function minimalUser(overrides: Partial<User> = {}): User {
  const {
    source_integration_id,
    source_integration_name,
    attributes,
    status,
    phone_number,
    invited_at,
    ...required
  } = apiUser(overrides);
  void [source_integration_id, source_integration_name, attributes, status, phone_number, invited_at];
  return required as User;
}

describe('user attributes as the data sources show them', () => {
  it.each<[string, Record<string, string>, unknown]>([
    ['null', {}, null],
    ['absent', {}, undefined],
    ['an empty map', {}, {}],
    ['strings', { department: 'R&D', cost_center: '42' }, { department: 'R&D', cost_center: '42' }],
  ])('GIVEN attributes %s WHEN shown THEN the map is %j', (_case, expected, attributes) => {
    expect(userAttributes(attributes as User['attributes'])).toEqual(expected);
  });
});

describe('apono_user and apono_users data sources', () => {
  const ada = apiUser({
    roles: ['Admin', 'Power User', 'Security Auditor'],
    attributes: { department: 'R&D', manager: 'grace@example.com' },
  });

  it('GIVEN a user with several roles WHEN shown THEN roles lists all of them as Apono spells them and role is the first', () => {
    expect(userEntry(ada)).toMatchObject({
      role: 'Admin',
      roles: ['Admin', 'Power User', 'Security Auditor'],
    });
  });

  it('GIVEN a user with attributes WHEN read by email THEN the state holds them as a map of strings', async () => {
    const result = await userDataSource.read(
      { id: null, email: 'ada@example.com' },
      sessionOf(contextOf({ users: { listAll: async () => [ada] } })),
    );
    expect(result.diagnostics).toBeUndefined();
    expect(result.state?.attributes).toEqual({ department: 'R&D', manager: 'grace@example.com' });
  });

  it('GIVEN a spec-minimal user WHEN read by email THEN attributes is an empty map and the sources are null', async () => {
    const result = await userDataSource.read(
      { id: null, email: 'ada@example.com' },
      sessionOf(contextOf({ users: { listAll: async () => [minimalUser()] } })),
    );
    expect(result.diagnostics).toBeUndefined();
    expect(result.state).toMatchObject({ attributes: {}, source: 'apono', source_integration_id: null });
  });

  it('GIVEN users with and without attributes WHEN listed THEN each entry holds its own map', async () => {
    const grace = apiUser({ id: 'u_2', email: 'grace@example.com', attributes: null });
    const result = await usersDataSource.read(
      {},
      sessionOf(contextOf({ users: { listAll: async () => [ada, grace] } })),
    );
    expect((result.state?.users as TfObject[]).map((user) => user.attributes)).toEqual([
      { department: 'R&D', manager: 'grace@example.com' },
      {},
    ]);
  });
});

describe('apono_group data source', () => {
  const read = (group: Group) =>
    groupDataSource.read(
      { id: null, name: group.name },
      sessionOf(
        contextOf({ groups: { listAll: async () => [group], listMembers: async () => ['ada@example.com'] } }),
      ),
    );

  it('GIVEN a group synced from an IdP WHEN read THEN source_id and source_integration_name are shown', async () => {
    const result = await read(
      apiGroup({
        name: 'okta-ops',
        source_id: '00g1okta',
        source_integration_id: 'int-okta',
        source_integration_name: 'Okta',
      }),
    );
    expect(result.state).toMatchObject({
      source: 'Okta',
      source_id: '00g1okta',
      source_integration_id: 'int-okta',
      source_integration_name: 'Okta',
    });
  });

  it('GIVEN a group created in Apono WHEN read THEN the source fields are null', async () => {
    const result = await read(apiGroup({ name: 'engineering' }));
    expect(result.state).toMatchObject({
      source: 'apono',
      source_id: null,
      source_integration_id: null,
      source_integration_name: null,
    });
  });

  it('GIVEN a spec-minimal group (id and name only) WHEN read THEN the source fields are null', async () => {
    const result = await read({ id: 'g_min', name: 'minimal' } as unknown as Group);
    expect(result.diagnostics).toBeUndefined();
    expect(result.state).toMatchObject({ source: 'apono', source_id: null, source_integration_name: null });
  });
});
