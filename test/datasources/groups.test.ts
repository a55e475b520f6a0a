/**
 * The apono_groups data source through the handler the framework builds: the name pattern goes to
 * the API, the source filter is applied here, and members are read only when asked for.
 */
import type { AponoClient } from '../../provider/client';
import { NotFoundError } from '../../provider/client/errors';
import type { Group, GroupFilters } from '../../provider/client/types';
import { groupFilter, groupsDataSource } from '../../provider/datasources/groups';
import { TfObject } from '../../provider/framework/types';
import { apiGroup } from '../helpers/api-objects';
import { contextOf, sessionOf } from '../helpers/sessions';

const ENGINEERING = apiGroup({ id: 'g_eng', name: 'engineering' });
const OKTA_OPS = apiGroup({
  id: 'g_ops',
  name: 'okta-ops',
  source_id: '00g1okta',
  source_integration_id: 'int-okta',
  source_integration_name: 'Okta',
});
/** A group as a spec-minimal answer gives it: no source_* fields at all. */
const MINIMAL = { id: 'g_min', name: 'minimal' } as unknown as Group;

type ClientStub = Partial<{ [K in keyof AponoClient]: Partial<AponoClient[K]> }>;

function read(config: TfObject, client: ClientStub) {
  return groupsDataSource.read(config, sessionOf(contextOf(client)));
}

/** A client whose group listing answers `groups` and records every filter it was asked for. */
function listing(groups: readonly Group[], members: Record<string, string[]> = {}) {
  const asked: GroupFilters[] = [];
  const membersRead: string[] = [];
  const client: ClientStub = {
    groups: {
      listAll: async (filters: GroupFilters = {}) => {
        asked.push(filters);
        return [...groups];
      },
      listMembers: async (id: string) => {
        membersRead.push(id);
        const found = members[id];
        if (found === undefined)
          throw new NotFoundError({ method: 'GET', path: `/api/admin/v1/groups/${id}/members` });
        return [...found];
      },
    },
  };
  return { client, asked, membersRead };
}

describe('apono_groups source filter', () => {
  it.each<[string, boolean, string | null, Group]>([
    ['no filter, an Apono group', true, null, ENGINEERING],
    ['no filter, an IdP group', true, null, OKTA_OPS],
    ['"apono", an Apono group', true, 'apono', ENGINEERING],
    ['"APONO" (any case), an Apono group', true, 'APONO', ENGINEERING],
    ['"apono", an IdP group', false, 'apono', OKTA_OPS],
    ['"apono", a group without source fields', true, 'apono', MINIMAL],
    ['the integration name, an IdP group', true, 'Okta', OKTA_OPS],
    ['the integration name in another case', true, 'okta', OKTA_OPS],
    ['the integration id, an IdP group', true, 'int-okta', OKTA_OPS],
    ['the integration name, an Apono group', false, 'Okta', ENGINEERING],
    ['another integration, an IdP group', false, 'Google', OKTA_OPS],
  ])('GIVEN %s WHEN filtered THEN the group matches: %s', (_case, expected, source, group) => {
    expect(groupFilter({ name: null, source, include_members: null })(group)).toBe(expected);
  });
});

describe('apono_groups read', () => {
  it('GIVEN a name pattern WHEN read THEN the pattern is sent to the API as the name filter', async () => {
    const { client, asked } = listing([ENGINEERING]);
    const result = await read({ name: 'eng*' }, client);
    expect(result.diagnostics).toBeUndefined();
    expect(asked).toEqual([{ name: 'eng*' }]);
  });

  it('GIVEN no name WHEN read THEN the whole listing is read without a name filter', async () => {
    const { client, asked } = listing([ENGINEERING, OKTA_OPS]);
    await read({}, client);
    expect(asked).toHaveLength(1);
    expect(asked[0]?.name).toBeUndefined();
  });

  it('GIVEN groups of both sources WHEN read THEN each shows its source fields, null for Apono groups', async () => {
    const { client } = listing([ENGINEERING, OKTA_OPS]);
    const result = await read({}, client);
    expect(result.state?.groups).toEqual([
      {
        id: 'g_eng',
        name: 'engineering',
        source: 'apono',
        source_id: null,
        source_integration_id: null,
        source_integration_name: null,
        members: null,
      },
      {
        id: 'g_ops',
        name: 'okta-ops',
        source: 'Okta',
        source_id: '00g1okta',
        source_integration_id: 'int-okta',
        source_integration_name: 'Okta',
        members: null,
      },
    ]);
  });

  it('GIVEN a group answered without source fields WHEN read THEN they are null', async () => {
    const { client } = listing([MINIMAL]);
    const result = await read({}, client);
    expect(result.state?.groups).toEqual([
      expect.objectContaining({ source: 'apono', source_id: null, source_integration_name: null }),
    ]);
  });

  it('GIVEN a source filter WHEN read THEN only the groups of that source are listed', async () => {
    const { client } = listing([ENGINEERING, OKTA_OPS]);
    const result = await read({ source: 'okta' }, client);
    expect((result.state?.groups as TfObject[]).map((group) => group.name)).toEqual(['okta-ops']);
  });

  it('GIVEN filters no group matches WHEN read THEN the list is empty, not an error', async () => {
    const { client } = listing([]);
    const result = await read({ name: '*nothing*' }, client);
    expect(result.diagnostics).toBeUndefined();
    expect(result.state?.groups).toEqual([]);
  });

  it('GIVEN include_members omitted WHEN read THEN members are null and no member list is read', async () => {
    const { client, membersRead } = listing([ENGINEERING], { g_eng: ['ada@example.com'] });
    const result = await read({}, client);
    expect((result.state?.groups as TfObject[])[0]?.members).toBeNull();
    expect(membersRead).toEqual([]);
  });

  it('GIVEN include_members = true WHEN read THEN each listed group shows its members', async () => {
    const { client, membersRead } = listing([ENGINEERING, OKTA_OPS], {
      g_eng: ['ada@example.com', 'grace@example.com'],
      g_ops: [],
    });
    const result = await read({ source: 'apono', include_members: true }, client);
    expect(result.state?.groups).toEqual([
      expect.objectContaining({ name: 'engineering', members: ['ada@example.com', 'grace@example.com'] }),
    ]);
    // Only the groups that passed the source filter cost a members request.
    expect(membersRead).toEqual(['g_eng']);
  });

  it('GIVEN a group deleted between the listing and its members WHEN read with members THEN it is left out', async () => {
    const { client } = listing([ENGINEERING, OKTA_OPS], { g_ops: ['okta.user@example.com'] });
    const result = await read({ include_members: true }, client);
    expect((result.state?.groups as TfObject[]).map((group) => group.name)).toEqual(['okta-ops']);
  });

  it('GIVEN an empty name WHEN validated THEN it is an error on name', () => {
    const problems = groupsDataSource.validate({
      name: '',
      source: null,
      include_members: null,
      groups: null,
    });
    expect(problems).toEqual([expect.objectContaining({ severity: 'error', path: ['name'] })]);
  });
});
