/** The documented group endpoints, `/api/admin/v1/groups...`. */
import { badRequest, conflict, forbidden, notFound } from '../errors';
import { isIdpOwned } from '../../provider/domain/sources';
import { type Group, type User } from '../model';
import { decodePageToken, encodePageToken, type CursorPage, type PageFilters } from '../pagination';
import type { Reply, RequestContext } from '../router';
import { takePage, type Positioned } from '../store';
import {
  parseCreateGroup,
  parseEmail,
  parseLimit,
  parseRenameGroup,
  parseReplaceMembers,
} from '../validation';
import { matchesWildcard } from '../wildcard';
import { newId, type SandboxState } from './context';

function requireGroup(state: SandboxState, id: string): Group {
  const group = state.store.groups.get(id);
  if (!group) throw notFound(`group ${JSON.stringify(id)} not found`);
  return group;
}

function requireWritableGroup(state: SandboxState, id: string): Group {
  const group = requireGroup(state, id);
  if (isIdpOwned(group)) {
    throw forbidden(
      `group ${group.name} is managed by the identity provider ${group.source_integration_name ?? group.source_integration_id}; change it there`,
    );
  }
  return group;
}

function requireUniqueName(state: SandboxState, name: string, self?: string): void {
  const existing = state.store.findGroupByName(name);
  if (existing && existing.id !== self) {
    throw conflict(`a group named ${existing.name} already exists`, { existing_group_id: existing.id });
  }
}

/** Resolves member emails to user ids, deduplicated, in the given order; unknown emails are a 400. */
export function resolveMembers(state: SandboxState, emails: string[]): string[] {
  const ids = new Set<string>();
  const unknown: string[] = [];
  for (const email of emails) {
    const user = state.store.findUserByEmail(email);
    if (!user) unknown.push(email);
    else ids.add(user.id);
  }
  if (unknown.length > 0) {
    throw badRequest(`members must be existing users (invited ones count); unknown: ${unknown.join(', ')}`);
  }
  return [...ids];
}

/** GET /api/admin/v1/groups */
export function listGroups(state: SandboxState, { query }: RequestContext): Reply {
  const limit = parseLimit(query.get('limit'));
  const token = query.get('page_token');
  let filters: PageFilters = {};
  const name = query.get('name');
  if (name !== null && name !== '') filters = { name };
  const cursor = token ? decodePageToken(token, 'groups') : { list: 'groups', after: 0, filters };
  const pattern = typeof cursor.filters.name === 'string' ? cursor.filters.name : undefined;
  const page = takePage(state.store.groups.after(cursor.after), limit, (group) =>
    pattern === undefined ? true : matchesWildcard(pattern, group.name),
  );
  const body: CursorPage<Group> = {
    items: page.items,
    pagination: {
      next_page_token: page.nextAfter === null ? null : encodePageToken({ ...cursor, after: page.nextAfter }),
    },
  };
  return { status: 200, body };
}

/** POST /api/admin/v1/groups: answers 200 with the group, as Apono documents. */
export function createGroup(state: SandboxState, { body }: RequestContext): Reply {
  const input = parseCreateGroup(body);
  requireUniqueName(state, input.name);
  const memberIds = resolveMembers(state, input.members_emails);
  const group: Group = {
    id: newId('g', (id) => state.store.hasId(id)),
    name: input.name,
    source_id: null,
    source_integration_id: null,
    source_integration_name: null,
  };
  state.commit({ op: 'group.put', group, member_ids: memberIds });
  return { status: 200, body: group };
}

/** GET /api/admin/v1/groups/{id} */
export function getGroup(state: SandboxState, { params }: RequestContext): Reply {
  return { status: 200, body: requireGroup(state, params.id) };
}

/** DELETE /api/admin/v1/groups/{id} */
export function deleteGroup(state: SandboxState, { params }: RequestContext): Reply {
  const group = requireWritableGroup(state, params.id);
  state.commit({ op: 'group.delete', id: group.id });
  return { status: 204 };
}

/** PUT /api/admin/v1/groups/{id}/name */
export function renameGroup(state: SandboxState, { params, body }: RequestContext): Reply {
  const name = parseRenameGroup(body);
  const group = requireWritableGroup(state, params.id);
  requireUniqueName(state, name, group.id);
  const renamed: Group = { ...group, name };
  state.commit({ op: 'group.put', group: renamed });
  return { status: 200, body: renamed };
}

/** GET /api/admin/v1/groups/{id}/members: `{email}` items in the users' stored spelling. */
export function listMembers(state: SandboxState, { params, query }: RequestContext): Reply {
  const group = requireGroup(state, params.id);
  const limit = parseLimit(query.get('limit'));
  const token = query.get('page_token');
  const list = `members:${group.id}`;
  const cursor = token ? decodePageToken(token, list) : { list, after: 0, filters: {} };
  // Members have no sequence numbers of their own: position in the member list (1-based) serves.
  const ids = state.store.memberIds(group.id);
  const scan: Positioned<User>[] = [];
  for (let i = cursor.after; i < ids.length && scan.length <= limit; i++) {
    const user = state.store.users.get(ids[i]);
    if (user) scan.push({ value: user, seq: i + 1 });
  }
  const page = takePage(scan, limit, () => true);
  const body: CursorPage<{ email: string }> = {
    items: page.items.map((user) => ({ email: user.email })),
    pagination: {
      next_page_token: page.nextAfter === null ? null : encodePageToken({ ...cursor, after: page.nextAfter }),
    },
  };
  return { status: 200, body };
}

/** PUT /api/admin/v1/groups/{id}/members: replaces the whole member list. */
export function replaceMembers(state: SandboxState, { params, body }: RequestContext): Reply {
  const emails = parseReplaceMembers(body);
  const group = requireWritableGroup(state, params.id);
  const memberIds = resolveMembers(state, emails);
  state.commit({ op: 'members.set', group_id: group.id, user_ids: memberIds });
  return { status: 204 };
}

/** PUT /api/admin/v1/groups/{id}/members/{email}: adding an existing member is a no-op. */
export function addMember(state: SandboxState, { params }: RequestContext): Reply {
  const group = requireWritableGroup(state, params.id);
  const [userId] = resolveMembers(state, [parseEmail(params.email)]);
  // No journal line for a no-op: nothing changes.
  if (!state.store.isMember(group.id, userId))
    state.commit({ op: 'members.add', group_id: group.id, user_id: userId });
  return { status: 204 };
}

/** DELETE /api/admin/v1/groups/{id}/members/{email}: removing a non-member is a no-op. */
export function removeMember(state: SandboxState, { params }: RequestContext): Reply {
  const group = requireWritableGroup(state, params.id);
  const user = state.store.findUserByEmail(params.email);
  if (user && state.store.isMember(group.id, user.id)) {
    state.commit({ op: 'members.remove', group_id: group.id, user_id: user.id });
  }
  return { status: 204 };
}
