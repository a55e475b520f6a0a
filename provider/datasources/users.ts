/** The apono_users data source: users, IdP-synced ones included, optionally filtered. */
import type { User } from '../client/types';
import { roleProblem, sameRole } from '../domain/roles';
import { isFromSource, userStatus } from '../domain/sources';
import { Attributes, computedObjectList, optionalString } from '../framework/attributes';
import { Arguments, defineDataSource } from '../framework/data-source';
import { AponoContext } from '../tenant/context';
import { USER_ENTRY_FIELDS, UserEntry, userEntry } from './user-fields';

/** The filters of the apono_users data source. */
export interface UserFilter {
  readonly role: string | null;
  readonly status: string | null;
  readonly source: string | null;
  readonly email_domain: string | null;
}

/** What the apono_users data source shows. */
export interface UserList extends UserFilter {
  readonly users: UserEntry[];
}

const STATUSES = ['invited', 'active', 'disabled'];

function statusProblem(status: string): string | null {
  return STATUSES.includes(status) ? null : `must be one of ${STATUSES.join(', ')}; got "${status}"`;
}

const attributes: Attributes<UserFilter, UserList> = {
  role: optionalString({
    description: 'Only users who hold this role, among others (case-insensitive).',
    rules: [roleProblem],
  }),
  status: optionalString({
    description: 'Only users with this status: `invited`, `active` or `disabled`.',
    rules: [statusProblem],
  }),
  source: optionalString({
    description:
      'Only users from this source: `"apono"` for users created in Apono, or the name or id of an identity ' +
      'provider integration (case-insensitive, no wildcards).',
  }),
  email_domain: optionalString({
    description: 'Only users whose email ends with `@<email_domain>` (case-insensitive).',
  }),
  users: computedObjectList<UserEntry>(USER_ENTRY_FIELDS, {
    description:
      "The matching users, in the API's order, each with the attributes the `apono_user` data source shows " +
      '(`id`, `email`, names, `role` and every role, `status`, `source`, `attributes`, ...), which describes them.',
  }),
};

/** The filter of apono_users as a predicate (pure). */
export function userFilter(filter: Arguments<UserFilter>): (user: User) => boolean {
  const { role, status, source, email_domain: domain } = filter;
  return (user) =>
    (role === null || user.roles.some((candidate) => sameRole(candidate, role))) &&
    (status === null || userStatus(user) === status) &&
    (source === null || isFromSource(user, source)) &&
    (domain === null || user.email.toLowerCase().endsWith(`@${domain.toLowerCase()}`));
}

/** The apono_users data source. */
export const usersDataSource = defineDataSource<UserFilter, UserList, AponoContext>({
  typeName: 'apono_users',
  description: 'Lists Apono users, IdP-synced ones included, optionally filtered.',
  noun: 'list of users',
  attributes,
  async read(config, ctx) {
    const users = (await ctx.directory.allUsers()).filter(userFilter(config));
    return { ...config, users: users.map(userEntry) };
  },
});
