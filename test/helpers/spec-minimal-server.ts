/**
 * A small in-memory Apono API that answers exactly as little as Apono's OpenAPI description
 * promises: only the required fields of UserV3, GroupV1 and GroupMemberV1, nullable fields either
 * absent or null (it varies from object to object), and one field the spec does not know on every
 * object. It serves the documented group, member and user reads and group writes, and nothing of
 * the provider's user-write extension: those routes, like every unknown one, answer 404. Group
 * writes really change its state. It binds 127.0.0.1 on an OS-chosen port.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A JSON object as the server stores and serves it. */
export type WireObject = Record<string, unknown>;

/** A user to preload: what the spec requires, plus any optional fields to serve. */
export interface MinimalUserSeed {
  readonly email: string;
  readonly first_name: string;
  readonly last_name: string;
  readonly roles: readonly string[];
  readonly active?: boolean;
  /** Optional UserV3 fields to include (e.g. `{ attributes: null }`); omitted when not given. */
  readonly optional?: WireObject;
}

/** A group to preload, with member emails (which must be preloaded users). */
export interface MinimalGroupSeed {
  readonly name: string;
  readonly members?: readonly string[];
  /** Optional GroupV1 fields to include (e.g. `{ source_id: null }`); omitted when not given. */
  readonly optional?: WireObject;
}

/** Three users as Apono's spec allows them: no optional field, every one null, and attributes. */
export const SPEC_MINIMAL_USERS: readonly MinimalUserSeed[] = [
  { email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace', roles: ['Admin'] },
  {
    email: 'grace@example.com',
    first_name: 'Grace',
    last_name: 'Hopper',
    roles: ['Viewer'],
    optional: { source_integration_id: null, source_integration_name: null, attributes: null },
  },
  {
    email: 'alan@example.com',
    first_name: 'Alan',
    last_name: 'Turing',
    roles: ['Power User'],
    optional: { attributes: { department: 'research' } },
  },
];

export interface SpecMinimalServerOptions {
  readonly token: string;
  readonly users?: readonly MinimalUserSeed[];
  readonly groups?: readonly MinimalGroupSeed[];
}

export interface SpecMinimalServer {
  readonly url: string;
  /** Every request as `METHOD /path` (no query), in order. */
  readonly requests: string[];
  /** The stored users, served as they are. */
  readonly users: WireObject[];
  /** The stored groups, served as they are. */
  readonly groups: WireObject[];
  /** Member emails of a group, in the users' stored spelling. */
  members(groupId: string): string[];
  close(): Promise<void>;
}

/** The unknown field every served object carries, to prove clients tolerate what they do not know. */
export const UNKNOWN_FIELD = 'field_not_in_the_spec';

/** Alternates between omitting a group's optional fields and giving them as null. */
function groupOptionals(sequence: number): WireObject {
  return sequence % 2 === 0
    ? {}
    : { source_id: null, source_integration_id: null, source_integration_name: null };
}

/** `*` as "any text", everything else literal, case-insensitive; no `*` means the exact text. */
function matchesPattern(pattern: string, value: string): boolean {
  const escaped = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`, 'i').test(value);
}

interface Reply {
  readonly status: number;
  readonly body?: unknown;
}

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** One page of `items` after the opaque token (an offset), `limit` long. */
function cursorPage(items: readonly unknown[], query: URLSearchParams, omitNullToken: boolean): WireObject {
  const limit = Number(query.get('limit') ?? '100');
  const offset = Number(query.get('page_token') ?? '0');
  if (!Number.isInteger(limit) || limit < 1 || !Number.isInteger(offset) || offset < 0) {
    throw new HttpProblem(400, 'limit and page_token must be positive integers');
  }
  const next = offset + limit < items.length ? String(offset + limit) : null;
  const pagination: WireObject =
    next === null && omitNullToken ? { [UNKNOWN_FIELD]: 1 } : { next_page_token: next, [UNKNOWN_FIELD]: 1 };
  return { items: items.slice(offset, offset + limit), pagination, [UNKNOWN_FIELD]: 'page' };
}

/** The in-memory tenant and its routes. */
class MinimalTenant {
  readonly users: WireObject[] = [];
  readonly groups: WireObject[] = [];
  /** Group id to member user ids. */
  private readonly memberIds = new Map<string, string[]>();
  private sequence = 0;

  constructor(options: SpecMinimalServerOptions) {
    for (const seed of options.users ?? []) {
      this.users.push({
        id: this.nextId('usr'),
        email: seed.email,
        email_aliases: [],
        first_name: seed.first_name,
        last_name: seed.last_name,
        active: seed.active ?? true,
        roles: [...seed.roles],
        ...seed.optional,
        [UNKNOWN_FIELD]: `user ${this.sequence}`,
      });
    }
    for (const seed of options.groups ?? []) {
      const group = this.addGroup(seed.name, seed.members ?? []);
      Object.assign(group, seed.optional ?? {});
    }
  }

  memberEmails(groupId: string): string[] {
    return (this.memberIds.get(groupId) ?? []).map((id) => String(this.userById(id)?.email));
  }

  route(method: string, segments: readonly string[], query: URLSearchParams, body: unknown): Reply {
    const [api, area, version, collection, id, sub, email] = segments;
    if (api !== 'api') throw new HttpProblem(404, 'no such route');
    if (area === 'admin' && version === 'v1' && collection === 'groups') {
      return this.groupRoute(method, id, sub, email, query, body, segments.length);
    }
    if (area === 'admin' && version === 'v3' && collection === 'users' && method === 'GET') {
      if (segments.length === 4)
        return { status: 200, body: cursorPage(this.filteredUsers(query), query, false) };
      if (segments.length === 5) return { status: 200, body: this.existingUser(String(id)) };
    }
    if (area === 'v2' && version === 'users' && method === 'GET') {
      if (segments.length === 3) return { status: 200, body: this.legacyPage(query) };
      if (segments.length === 4)
        return { status: 200, body: this.legacyUser(this.existingUser(String(collection))) };
    }
    throw new HttpProblem(404, 'no such route');
  }

  private groupRoute(
    method: string,
    id: string | undefined,
    sub: string | undefined,
    email: string | undefined,
    query: URLSearchParams,
    body: unknown,
    length: number,
  ): Reply {
    if (length === 4 && method === 'GET') {
      const name = query.get('name');
      const groups =
        name === null ? this.groups : this.groups.filter((g) => matchesPattern(name, String(g.name)));
      return { status: 200, body: cursorPage(groups, query, true) };
    }
    if (length === 4 && method === 'POST') {
      const input = objectBody(body);
      return { status: 200, body: this.addGroup(groupName(input.name), emailList(input.members_emails)) };
    }
    const group = this.existingGroup(String(id));
    if (length === 5 && method === 'GET') return { status: 200, body: group };
    if (length === 5 && method === 'DELETE') {
      this.groups.splice(this.groups.indexOf(group), 1);
      this.memberIds.delete(String(group.id));
      return { status: 204 };
    }
    if (length === 6 && sub === 'name' && method === 'PUT') {
      group.name = groupName(objectBody(body).name);
      return { status: 200, body: group };
    }
    if (length === 6 && sub === 'members' && method === 'GET') {
      const members = this.memberEmails(String(group.id)).map((member) => ({
        email: member,
        [UNKNOWN_FIELD]: 0,
      }));
      return { status: 200, body: cursorPage(members, query, false) };
    }
    if (length === 6 && sub === 'members' && method === 'PUT') {
      this.memberIds.set(String(group.id), this.userIdsOf(emailList(objectBody(body).members_emails)));
      return { status: 204 };
    }
    if (length === 7 && sub === 'members' && (method === 'PUT' || method === 'DELETE')) {
      const [userId] = this.userIdsOf([String(email)]);
      const current = (this.memberIds.get(String(group.id)) ?? []).filter((member) => member !== userId);
      this.memberIds.set(String(group.id), method === 'PUT' ? [...current, String(userId)] : current);
      return { status: 204 };
    }
    throw new HttpProblem(404, 'no such route');
  }

  private addGroup(name: string, members: readonly string[]): WireObject {
    const memberIds = this.userIdsOf(members);
    const group: WireObject = {
      id: this.nextId('grp'),
      name,
      ...groupOptionals(this.sequence),
      [UNKNOWN_FIELD]: `group ${this.sequence}`,
    };
    this.groups.push(group);
    this.memberIds.set(String(group.id), memberIds);
    return group;
  }

  private filteredUsers(query: URLSearchParams): WireObject[] {
    const roles = query.getAll('role').map((role) => role.toLowerCase());
    const text = (name: string, user: WireObject): boolean => {
      const pattern = query.get(name);
      return pattern === null || matchesPattern(pattern, String(user[name] ?? ''));
    };
    return this.users.filter(
      (user) =>
        text('first_name', user) &&
        text('last_name', user) &&
        text('source_integration_id', user) &&
        text('source_integration_name', user) &&
        (roles.length === 0 || (user.roles as string[]).some((role) => roles.includes(role.toLowerCase()))),
    );
  }

  private legacyPage(query: URLSearchParams): WireObject {
    const limit = Number(query.get('limit') ?? '100');
    const offset = Number(query.get('offset') ?? '0');
    return {
      data: this.users.slice(offset, offset + limit).map((user) => this.legacyUser(user)),
      pagination: { total: this.users.length, limit, offset },
    };
  }

  private legacyUser(user: WireObject): WireObject {
    const { id, email, first_name, last_name, active } = user;
    return { id, email, first_name, last_name, active, [UNKNOWN_FIELD]: 'legacy' };
  }

  private userById(id: string): WireObject | undefined {
    return this.users.find((user) => user.id === id);
  }

  private existingUser(idOrEmail: string): WireObject {
    const user =
      this.userById(idOrEmail) ??
      this.users.find((candidate) => String(candidate.email).toLowerCase() === idOrEmail.toLowerCase());
    if (user === undefined) throw new HttpProblem(404, `user ${idOrEmail} not found`);
    return user;
  }

  private existingGroup(id: string): WireObject {
    const group = this.groups.find((candidate) => candidate.id === id);
    if (group === undefined) throw new HttpProblem(404, `group ${id} not found`);
    return group;
  }

  /** The ids of the users with these emails (case-insensitive); 400 for an email no user has. */
  private userIdsOf(emails: readonly string[]): string[] {
    const ids = emails.map((address) => {
      const user = this.users.find(
        (candidate) => String(candidate.email).toLowerCase() === address.toLowerCase(),
      );
      if (user === undefined) throw new HttpProblem(400, `no user has the email ${address}`);
      return String(user.id);
    });
    return [...new Set(ids)];
  }

  private nextId(prefix: string): string {
    this.sequence += 1;
    return `${prefix}-${this.sequence}`;
  }
}

function objectBody(body: unknown): WireObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpProblem(400, 'the body must be a JSON object');
  }
  return body as WireObject;
}

function groupName(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new HttpProblem(400, 'name must be a non-empty string');
  return value;
}

function emailList(value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new HttpProblem(400, 'members_emails must be an array of strings');
  }
  return value as string[];
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpProblem(400, 'the body is not JSON');
  }
}

/** Starts the server; `close()` it in afterAll. */
export async function startSpecMinimalServer(options: SpecMinimalServerOptions): Promise<SpecMinimalServer> {
  const tenant = new MinimalTenant(options);
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = req.method ?? 'GET';
      requests.push(`${method} ${url.pathname}`);
      let reply: Reply;
      try {
        if (req.headers.authorization !== `Bearer ${options.token}`) {
          // The one error body Apono documents.
          reply = { status: 401, body: { status: '401', code: 'Unauthorized' } };
          res.writeHead(reply.status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(reply.body));
          return;
        }
        const segments = url.pathname
          .split('/')
          .filter((segment) => segment !== '')
          .map(decodeURIComponent);
        reply = tenant.route(
          method,
          segments,
          url.searchParams,
          parseBody(Buffer.concat(chunks).toString('utf8')),
        );
      } catch (error) {
        // A bug of this fake server answers 500 rather than crashing the test worker.
        reply =
          error instanceof HttpProblem
            ? { status: error.status, body: { message: error.message } }
            : { status: 500, body: { message: String(error) } };
      }
      if (reply.body === undefined) {
        res.writeHead(reply.status);
        res.end();
        return;
      }
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    users: tenant.users,
    groups: tenant.groups,
    members: (groupId) => tenant.memberEmails(groupId),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
