import type { Group, User } from '../../provider/client/types';
import { readTenant, type TenantListings } from '../../provider/export/read';
import { aponoGroup, aponoUser, idpGroup } from './snapshot';

/** Listings over fixed users and groups that record which member lists were read. */
function listings(
  users: readonly User[],
  groups: readonly Group[],
): TenantListings & { membersRead: string[] } {
  const membersRead: string[] = [];
  return {
    membersRead,
    users: {
      async *list() {
        yield* users;
      },
    },
    groups: {
      listAll: () => Promise.resolve([...groups]),
      listMembers: (id) => {
        membersRead.push(id);
        return Promise.resolve([`member-of-${id}@example.com`]);
      },
    },
  };
}

const usersNumbered = (count: number): User[] =>
  Array.from({ length: count }, (_, i) => aponoUser({ email: `u${i}@example.com` }));

describe('readTenant', () => {
  it('GIVEN Apono and IdP groups THEN only the Apono groups have their members listed', async () => {
    const source = listings([], [aponoGroup('eng', 'g1'), idpGroup('okta-eng'), aponoGroup('ops', 'g2')]);

    const snapshot = await readTenant(source);

    expect(source.membersRead.sort()).toEqual(['g1', 'g2']);
    expect(snapshot.groups.map(({ group, members }) => [group.name, members])).toEqual([
      ['eng', ['member-of-g1@example.com']],
      ['okta-eng', null],
      ['ops', ['member-of-g2@example.com']],
    ]);
  });

  it.each([
    [999, []],
    [1000, []],
    [2500, ['read 1000 users', 'read 2000 users', 'read 2500 users']],
    [2000, ['read 1000 users', 'read 2000 users']],
  ])('GIVEN %i users THEN the progress lines are %j', async (count, expected) => {
    const lines: string[] = [];

    await readTenant(listings(usersNumbered(count), []), (line) => lines.push(line));

    expect(lines).toEqual(expected);
  });

  it('GIVEN 250 Apono groups THEN a progress line follows every 100 groups and the last one', async () => {
    const lines: string[] = [];
    const groups = Array.from({ length: 250 }, (_, i) => aponoGroup(`g${i}`, `id${i}`));

    await readTenant(listings([], groups), (line) => lines.push(line));

    expect(lines).toEqual([
      'read the members of 100/250 groups',
      'read the members of 200/250 groups',
      'read the members of 250/250 groups',
    ]);
  });
});
