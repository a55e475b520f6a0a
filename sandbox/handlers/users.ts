/** The v3 user endpoints, the user-write extension (and its probe), and the legacy v2 user endpoints. */
import { conflict, forbidden, notFound } from '../errors';
import { isIdpOwned } from '../../provider/domain/sources';
import { rfc3339, toLegacyUser, type User } from '../model';
import { decodePageToken, encodePageToken, type CursorPage, type PageFilters } from '../pagination';
import type { Reply, RequestContext } from '../router';
import { takePage } from '../store';
import { parseInviteUser, parseLimit, parseOffset, parseUpdateUser } from '../validation';
import { matchesWildcard } from '../wildcard';
import { newId, type SandboxState } from './context';

const USER_FILTERS = ['first_name', 'last_name', 'source_integration_id', 'source_integration_name'] as const;

/** The filters of a first users-list request, as carried by its page tokens. */
export function userFiltersFromQuery(query: URLSearchParams): PageFilters {
  const filters: PageFilters = {};
  for (const name of USER_FILTERS) {
    const value = query.get(name);
    if (value !== null && value !== '') filters[name] = value;
  }
  const roles = query.getAll('role').filter((role) => role !== '');
  if (roles.length > 0) filters.role = roles;
  return filters;
}

function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** A predicate for the users-list filters: names by wildcard, any of the roles, exact sources. */
export function userMatcher(filters: PageFilters): (user: User) => boolean {
  const firstName = asList(filters.first_name)[0];
  const lastName = asList(filters.last_name)[0];
  const roles = asList(filters.role).map((role) => role.toLowerCase());
  const sourceId = asList(filters.source_integration_id)[0];
  const sourceName = asList(filters.source_integration_name)[0]?.toLowerCase();
  return (user) =>
    (firstName === undefined || matchesWildcard(firstName, user.first_name)) &&
    (lastName === undefined || matchesWildcard(lastName, user.last_name)) &&
    (roles.length === 0 || user.roles.some((role) => roles.includes(role.toLowerCase()))) &&
    (sourceId === undefined || user.source_integration_id === sourceId) &&
    (sourceName === undefined || user.source_integration_name?.toLowerCase() === sourceName);
}

function requireUser(state: SandboxState, id: string): User {
  const user = state.store.users.get(id);
  if (!user) throw notFound(`user ${JSON.stringify(id)} not found`);
  return user;
}

function requireWritableUser(state: SandboxState, id: string): User {
  const user = requireUser(state, id);
  if (isIdpOwned(user)) {
    throw forbidden(
      `user ${user.email} is managed by the identity provider ${user.source_integration_name ?? user.source_integration_id}; change it there`,
    );
  }
  return user;
}

/** GET /api/admin/v3/users */
export function listUsers(state: SandboxState, { query }: RequestContext): Reply {
  const limit = parseLimit(query.get('limit'));
  const token = query.get('page_token');
  const cursor = token
    ? decodePageToken(token, 'users')
    : { list: 'users', after: 0, filters: userFiltersFromQuery(query) };
  const page = takePage(state.store.users.after(cursor.after), limit, userMatcher(cursor.filters));
  const body: CursorPage<User> = {
    items: page.items,
    pagination: {
      next_page_token: page.nextAfter === null ? null : encodePageToken({ ...cursor, after: page.nextAfter }),
    },
  };
  return { status: 200, body };
}

/** GET /api/admin/v3/users/{id} */
export function getUser(state: SandboxState, { params }: RequestContext): Reply {
  return { status: 200, body: requireUser(state, params.id) };
}

/** POST /api/admin/v3/users: invites a user (status `invited`). */
export function inviteUser(state: SandboxState, { body }: RequestContext): Reply {
  const input = parseInviteUser(body);
  const existing = state.store.findUserByEmail(input.email);
  if (existing) {
    throw conflict(`a user with email ${input.email} already exists (${existing.email})`, {
      existing_user_id: existing.id,
    });
  }
  const user: User = {
    id: newId('u', (id) => state.store.hasId(id)),
    email: input.email,
    email_aliases: [],
    first_name: input.first_name,
    last_name: input.last_name,
    active: true,
    roles: input.roles,
    source_integration_id: null,
    source_integration_name: null,
    attributes: null,
    status: 'invited',
    phone_number: input.phone_number,
    invited_at: rfc3339(state.now()),
  };
  state.commit({ op: 'user.put', user });
  return { status: 201, body: user };
}

/** PATCH /api/admin/v3/users/{id} */
export function updateUser(state: SandboxState, { params, body }: RequestContext): Reply {
  const update = parseUpdateUser(body);
  const user = requireWritableUser(state, params.id);
  const updated: User = { ...user, ...update };
  state.commit({ op: 'user.put', user: updated });
  return { status: 200, body: updated };
}

/** DELETE /api/admin/v3/users/{id}: also drops the user from every group. */
export function deleteUser(state: SandboxState, { params }: RequestContext): Reply {
  const user = requireWritableUser(state, params.id);
  state.commit({ op: 'user.delete', id: user.id });
  return { status: 204 };
}

/** POST /api/admin/v3/users/{id}/invitation: re-sends a pending invitation. */
export function resendInvitation(state: SandboxState, { params }: RequestContext): Reply {
  const user = requireUser(state, params.id);
  if (user.status !== 'invited') {
    throw conflict(`user ${user.email} is ${user.status}, not invited; there is no invitation to re-send`);
  }
  // Nothing is stored: the real service would only send the email again.
  return { status: 204 };
}

/** The version of the user-write extension this sandbox implements. */
export const USER_WRITES_VERSION = 1;

/** GET /api/admin/v3/user-writes: the extension's probe, read-only; a tenant without it answers 404. */
export function describeUserWrites(): Reply {
  return { status: 200, body: { version: USER_WRITES_VERSION } };
}

/** GET /api/v2/users: the legacy list, offset-paginated, fewer fields. */
export function listLegacyUsers(state: SandboxState, { query }: RequestContext): Reply {
  const limit = parseLimit(query.get('limit'));
  const offset = parseOffset(query.get('offset'));
  const users = state.store.users;
  return {
    status: 200,
    body: {
      data: users.slice(offset, limit).map(toLegacyUser),
      pagination: { total: users.size, limit, offset },
    },
  };
}

/** GET /api/v2/users/{id}: accepts an id or an email (any case, or an alias). */
export function getLegacyUser(state: SandboxState, { params }: RequestContext): Reply {
  const user = state.store.users.get(params.id) ?? state.store.findUserByEmail(params.id);
  if (!user) throw notFound(`user ${JSON.stringify(params.id)} not found`);
  return { status: 200, body: toLegacyUser(user) };
}
