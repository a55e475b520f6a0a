/** GroupsApi: the documented `/api/admin/v1/groups` endpoints. */

import { ConflictError, NotFoundError } from './errors';
import type { HttpCore } from './http';
import { type CursorPage, collect, paginateCursor } from './pagination';
import type { CreateGroupInput, Group, GroupFilters, GroupMember } from './types';
import { LIST_ALL_PAGE_SIZE } from './users';

const GROUPS = '/api/admin/v1/groups';
const GROUP = '/api/admin/v1/groups/{id}';
const GROUP_NAME = '/api/admin/v1/groups/{id}/name';
const MEMBERS = '/api/admin/v1/groups/{id}/members';
const MEMBER = '/api/admin/v1/groups/{id}/members/{email}';

/** Groups and their members (members are keyed by email). */
export class GroupsApi {
  constructor(private readonly http: HttpCore) {}

  /** Iterates over groups, optionally filtered by name (wildcards `*x*`, `x*`, `*x`). */
  list(filters: GroupFilters = {}): AsyncIterable<Group> {
    const limit = String(filters.pageSize ?? 100);
    const first: Array<[string, string]> = filters.name !== undefined ? [['name', filters.name]] : [];
    return paginateCursor<Group>(
      (pageToken) =>
        this.http.requestJson<CursorPage<Group>>(
          {
            method: 'GET',
            route: GROUPS,
            query:
              pageToken === undefined
                ? [...first, ['limit', limit]]
                : [
                    ['limit', limit],
                    ['page_token', pageToken],
                  ],
          },
          'groups-page',
        ),
      { method: 'GET', path: GROUPS },
    );
  }

  /** All groups matching `filters`, fetched 1000 a page. */
  listAll(filters: GroupFilters = {}): Promise<Group[]> {
    return collect(this.list({ ...filters, pageSize: filters.pageSize ?? LIST_ALL_PAGE_SIZE }));
  }

  /** One group by id; NotFoundError when it does not exist. */
  get(id: string): Promise<Group> {
    return this.http.requestJson<Group>({ method: 'GET', route: GROUP, params: { id } }, 'group');
  }

  /**
   * Creates a group with its members. If the POST had to be retried after an attempt that may have
   * been applied and then answers 409 for a group of exactly this name, that group is ours: its
   * members are set to what was asked and it is returned. Otherwise a 409 is a ConflictError.
   */
  async create(input: CreateGroupInput): Promise<Group> {
    try {
      return await this.http.requestJson<Group>(
        {
          method: 'POST',
          route: GROUPS,
          body: { name: input.name, members_emails: [...input.membersEmails] },
        },
        'group',
      );
    } catch (error) {
      if (!(error instanceof ConflictError && error.priorAttemptUncertain)) throw error;
      const existing = await this.findExisting(error.existingId, input.name);
      if (!existing || existing.name !== input.name) throw error;
      await this.replaceMembers(existing.id, input.membersEmails);
      return existing;
    }
  }

  /** Renames a group and returns it. */
  rename(id: string, name: string): Promise<Group> {
    return this.http.requestJson<Group>(
      { method: 'PUT', route: GROUP_NAME, params: { id }, body: { name } },
      'group',
    );
  }

  /** Deletes a group. */
  async delete(id: string): Promise<void> {
    await this.http.request({ method: 'DELETE', route: GROUP, params: { id } });
  }

  /** Every member email of a group (stored spelling), all pages (1000 a page unless `pageSize`). */
  async listMembers(id: string, options: { readonly pageSize?: number } = {}): Promise<string[]> {
    const limit = String(options.pageSize ?? LIST_ALL_PAGE_SIZE);
    const members = paginateCursor<GroupMember>(
      (pageToken) =>
        this.http.requestJson<CursorPage<GroupMember>>(
          {
            method: 'GET',
            route: MEMBERS,
            params: { id },
            query:
              pageToken === undefined
                ? [['limit', limit]]
                : [
                    ['limit', limit],
                    ['page_token', pageToken],
                  ],
          },
          'members-page',
        ),
      { method: 'GET', path: MEMBERS.replace('{id}', encodeURIComponent(id)) },
    );
    return (await collect(members)).map((member) => member.email);
  }

  /** Makes the member list exactly `emails`, in one request. */
  async replaceMembers(id: string, emails: readonly string[]): Promise<void> {
    await this.http.request({
      method: 'PUT',
      route: MEMBERS,
      params: { id },
      body: { members_emails: [...emails] },
    });
  }

  /** Adds one member (a no-op when already a member). */
  async addMember(id: string, email: string): Promise<void> {
    await this.http.request({ method: 'PUT', route: MEMBER, params: { id, email } });
  }

  /** Removes one member (a no-op when not a member). */
  async removeMember(id: string, email: string): Promise<void> {
    await this.http.request({ method: 'DELETE', route: MEMBER, params: { id, email } });
  }

  private async findExisting(existingId: string | undefined, name: string): Promise<Group | null> {
    if (existingId === undefined) {
      const candidates = await this.listAll({ name });
      return candidates.find((group) => group.name === name) ?? null;
    }
    try {
      return await this.get(existingId);
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }
}
