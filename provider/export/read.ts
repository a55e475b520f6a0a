/**
 * Reads a tenant for an export with the fewest requests: the paginated user and group listings
 * (1,000 a page) and one member listing per group created in Apono (IdP groups are only read by
 * name, so their members are not listed). No per-user requests.
 */
import type { Group, GroupFilters, User, UserFilters } from '../client/types';
import { LIST_ALL_PAGE_SIZE } from '../client/users';
import { isIdpOwned } from '../domain/sources';
import type { TenantSnapshot } from './model';

/** The listings an export reads (AponoClient's, which tests replace). */
export interface TenantListings {
  readonly users: { list(filters: UserFilters): AsyncIterable<User> };
  readonly groups: {
    listAll(filters?: GroupFilters): Promise<Group[]>;
    listMembers(id: string): Promise<string[]>;
  };
}

/** Member listings in flight at once (the client caps concurrency too). */
const MEMBER_READERS = 8;
/** A progress line every so many groups whose members were read. */
const GROUPS_PER_PROGRESS_LINE = 100;

/**
 * Reads every user and group, and the members of the groups created in Apono. `progress` gets a
 * line after each full page of users and every 100 groups, only when the tenant is big (more than
 * one page of users, or more than 100 groups to read members of).
 */
export async function readTenant(
  client: TenantListings,
  progress: (line: string) => void = () => undefined,
): Promise<TenantSnapshot> {
  const users: User[] = [];
  for await (const user of client.users.list({ pageSize: LIST_ALL_PAGE_SIZE })) {
    // The first user of a page after the first: the tenant is big, say how far the listing got.
    if (users.length > 0 && users.length % LIST_ALL_PAGE_SIZE === 0) progress(`read ${users.length} users`);
    users.push(user);
  }
  if (users.length > LIST_ALL_PAGE_SIZE) progress(`read ${users.length} users`);
  const groups = await client.groups.listAll();
  const aponoGroups = groups.filter((group) => !isIdpOwned(group));
  const members = new Map<string, readonly string[]>();
  let next = 0;
  let done = 0;
  const reader = async (): Promise<void> => {
    while (next < aponoGroups.length) {
      const group = aponoGroups[next++]!;
      members.set(group.id, await client.groups.listMembers(group.id));
      done += 1;
      if (
        aponoGroups.length > GROUPS_PER_PROGRESS_LINE &&
        (done % GROUPS_PER_PROGRESS_LINE === 0 || done === aponoGroups.length)
      ) {
        progress(`read the members of ${done}/${aponoGroups.length} groups`);
      }
    }
  };
  await Promise.all(Array.from({ length: MEMBER_READERS }, reader));
  return {
    users,
    groups: groups.map((group: Group) => ({ group, members: members.get(group.id) ?? null })),
  };
}
