/** UsersApi: the v3 user endpoints, the provider's user-write extension and the legacy listing. */

import { sameEmail } from '../domain/emails';
import { ApiError, ConflictError, NotFoundError, UnsupportedEndpointError } from './errors';
import type { HttpCore } from './http';
import { type CursorPage, type OffsetPage, collect, paginateCursor, paginateOffset } from './pagination';
import type {
  InviteUserInput,
  LegacyUser,
  UpdateUserInput,
  User,
  UserFilters,
  UserWriteExtension,
} from './types';

const USERS = '/api/admin/v3/users';
const USER = '/api/admin/v3/users/{id}';
const INVITATION = '/api/admin/v3/users/{id}/invitation';
const LEGACY_USERS = '/api/v2/users';
/** The extension's read-only probe: 200 `{version}` where it is served, 404 where it is not. */
export const USER_WRITES_PROBE = '/api/admin/v3/user-writes';

/** Page size of listAll: the fewer round-trips the better for large tenants. */
export const LIST_ALL_PAGE_SIZE = 1000;
const LEGACY_PAGE_SIZE = 100;

/** True when `user` answers to `email`, as its primary address or as an alias. */
export function userHasEmail(user: User, email: string): boolean {
  return sameEmail(user.email, email) || user.email_aliases.some((alias) => sameEmail(alias, email));
}

/** True when `user` is what `input` would have created (used to recognise our own retried invite). */
export function inviteMatches(user: User, input: InviteUserInput): boolean {
  return (
    sameEmail(user.email, input.email) &&
    user.first_name === input.firstName &&
    user.last_name === input.lastName &&
    user.roles.length === 1 &&
    user.roles[0]?.toLowerCase() === input.role.toLowerCase()
  );
}

/** The query of the first users page: filters go only there; later pages carry them in the token. */
export function userFilterQuery(filters: UserFilters): Array<[string, string]> {
  const query: Array<[string, string]> = [];
  if (filters.firstName !== undefined) query.push(['first_name', filters.firstName]);
  if (filters.lastName !== undefined) query.push(['last_name', filters.lastName]);
  for (const role of filters.roles ?? []) query.push(['role', role]);
  if (filters.sourceIntegrationId !== undefined)
    query.push(['source_integration_id', filters.sourceIntegrationId]);
  if (filters.sourceIntegrationName !== undefined) {
    query.push(['source_integration_name', filters.sourceIntegrationName]);
  }
  return query;
}

/** The wire body of a PATCH: only the fields given; `phone_number: null` clears the number. */
export function updateUserBody(input: UpdateUserInput): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (input.firstName !== undefined) body.first_name = input.firstName;
  if (input.lastName !== undefined) body.last_name = input.lastName;
  if (input.roles !== undefined) body.roles = [...input.roles];
  if (input.phoneNumber !== undefined) body.phone_number = input.phoneNumber;
  return body;
}

/** Users: read (documented API) and invite/update/delete (the provider's extension). */
export class UsersApi {
  constructor(private readonly http: HttpCore) {}

  /** Iterates over users matching `filters`, one page at a time. */
  list(filters: UserFilters = {}): AsyncIterable<User> {
    const limit = String(filters.pageSize ?? 100);
    const first = userFilterQuery(filters);
    return paginateCursor<User>(
      (pageToken) =>
        this.http.requestJson<CursorPage<User>>(
          {
            method: 'GET',
            route: USERS,
            query:
              pageToken === undefined
                ? [...first, ['limit', limit]]
                : [
                    ['limit', limit],
                    ['page_token', pageToken],
                  ],
          },
          'users-page',
        ),
      { method: 'GET', path: USERS },
    );
  }

  /** All users matching `filters`, fetched 1000 a page. */
  listAll(filters: UserFilters = {}): Promise<User[]> {
    return collect(this.list({ ...filters, pageSize: filters.pageSize ?? LIST_ALL_PAGE_SIZE }));
  }

  /** The first page of all users (`pageSize` of them), and whether it is the whole list. */
  async firstPage(pageSize: number = LIST_ALL_PAGE_SIZE): Promise<{ users: User[]; complete: boolean }> {
    const page = await this.http.requestJson<CursorPage<User>>(
      { method: 'GET', route: USERS, query: [['limit', String(pageSize)]] },
      'users-page',
    );
    const next = page.pagination.next_page_token;
    return { users: [...page.items], complete: next === undefined || next === null || next === '' };
  }

  /** One user by id; NotFoundError when it does not exist. */
  get(id: string): Promise<User> {
    return this.http.requestJson<User>({ method: 'GET', route: USER, params: { id } }, 'user');
  }

  /**
   * The user whose email or alias is `email` (case-insensitive), or null. v3 has no email filter and
   * the legacy `GET /api/v2/users/{email}` returns neither aliases nor the extension fields, so this
   * scans the full list: one request per 1000 users.
   */
  async findByEmail(email: string): Promise<User | null> {
    for await (const user of this.list({ pageSize: LIST_ALL_PAGE_SIZE })) {
      if (userHasEmail(user, email)) return user;
    }
    return null;
  }

  /**
   * Invites a user (201, status `invited`). If the POST had to be retried after an attempt that may
   * have been applied and then answers 409, the existing user is returned when it is exactly what was
   * asked for: the 409 is our own earlier attempt, not a real conflict. A 409 on a first attempt, or
   * for a different user, is a ConflictError.
   */
  async invite(input: InviteUserInput): Promise<User> {
    const body = {
      email: input.email,
      first_name: input.firstName,
      last_name: input.lastName,
      roles: [input.role],
      ...(input.phoneNumber !== undefined ? { phone_number: input.phoneNumber } : {}),
    };
    try {
      return await this.http.requestJson<User>({ method: 'POST', route: USERS, body }, 'user');
    } catch (error) {
      if (error instanceof ConflictError && error.priorAttemptUncertain) {
        const existing = await this.findExisting(error.existingId, input.email);
        if (existing && inviteMatches(existing, input)) return existing;
      }
      throw await this.writeFailure(error, undefined);
    }
  }

  /** Changes the given fields of a user (ForbiddenError for IdP-owned users). */
  async update(id: string, input: UpdateUserInput): Promise<User> {
    try {
      return await this.http.requestJson<User>(
        { method: 'PATCH', route: USER, params: { id }, body: updateUserBody(input) },
        'user',
      );
    } catch (error) {
      throw await this.writeFailure(error, id);
    }
  }

  /** Deletes a user (ForbiddenError for IdP-owned users, NotFoundError when already gone). */
  async delete(id: string): Promise<void> {
    try {
      await this.http.request({ method: 'DELETE', route: USER, params: { id } });
    } catch (error) {
      throw await this.writeFailure(error, id);
    }
  }

  /** Sends the invitation email again (ConflictError when the user is no longer `invited`). */
  async resendInvitation(id: string): Promise<void> {
    try {
      await this.http.request({ method: 'POST', route: INVITATION, params: { id } });
    } catch (error) {
      throw await this.writeFailure(error, id);
    }
  }

  /**
   * Whether the API serves the user-write extension, with one read-only request: its version, or
   * null when the probe answers 404 or 405 (Apono's public API). Any other failure is thrown.
   */
  async writeExtension(): Promise<UserWriteExtension | null> {
    try {
      return await this.http.requestJson<UserWriteExtension>(
        { method: 'GET', route: USER_WRITES_PROBE },
        'user-writes',
      );
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 405)) return null;
      throw error;
    }
  }

  /** Iterates over the legacy `/api/v2/users` listing (offset pages, fewer fields). */
  listLegacy(pageSize: number = LEGACY_PAGE_SIZE): AsyncIterable<LegacyUser> {
    return paginateOffset<LegacyUser>(
      (offset, limit) =>
        this.http.requestJson<OffsetPage<LegacyUser>>(
          {
            method: 'GET',
            route: LEGACY_USERS,
            query: [
              ['limit', String(limit)],
              ['offset', String(offset)],
            ],
          },
          'legacy-users-page',
        ),
      pageSize,
    );
  }

  private async findExisting(existingId: string | undefined, email: string): Promise<User | null> {
    if (existingId === undefined) return this.findByEmail(email);
    try {
      return await this.get(existingId);
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  /**
   * Turns a failed write into UnsupportedEndpointError when the API lacks the extension: 405, a
   * 404 on the collection POST, or a 404 on a user the read endpoint can see (so it is the route,
   * not the user, that is missing). Any other error is returned unchanged.
   */
  private async writeFailure(error: unknown, id: string | undefined): Promise<unknown> {
    if (!(error instanceof ApiError) || (error.status !== 404 && error.status !== 405)) return error;
    const unsupported = new UnsupportedEndpointError({
      method: error.method,
      path: error.path,
      status: error.status,
      apiMessage: error.apiMessage,
      retries: error.retries,
    });
    if (error.status === 405 || id === undefined) return unsupported;
    try {
      await this.get(id);
      return unsupported;
    } catch {
      return error;
    }
  }
}
