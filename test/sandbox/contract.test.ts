/**
 * The sandbox against the API contract: every answer of every API route it serves (the routes Apono
 * documents and the user-write extension), successes and errors alike, is checked against the JSON
 * Schemas of schema/api/ that the contract below names for its route and status, and a 204 must be
 * empty. Every request in this file goes through `call()`, which does that check, so setup requests
 * are checked too. What the schemas require is described in schema/README.md (documented vs assumed).
 */
import * as fs from 'node:fs';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import type { ControlState } from '../../sandbox/handlers/control';
import { buildRoutes } from '../../sandbox/routes';
import { matchRoute, type Route } from '../../sandbox/router';
import { sandboxRequest, type SandboxResponse } from '../helpers/sandbox';
import { SCHEMA_DIR, schemaErrors, type ApiSchemaName } from './api-schemas';

/** What a route answers when it succeeds: a status and a body schema, or no body. */
interface Success {
  readonly status: number;
  readonly body: ApiSchemaName | 'empty';
}

/** Every API route the sandbox serves, with its success answer; `extension`: not in Apono's spec. */
const CONTRACT = {
  'GET /api/admin/v1/groups': { status: 200, body: 'groups-page' },
  'POST /api/admin/v1/groups': { status: 200, body: 'group' },
  'GET /api/admin/v1/groups/{id}': { status: 200, body: 'group' },
  'DELETE /api/admin/v1/groups/{id}': { status: 204, body: 'empty' },
  'PUT /api/admin/v1/groups/{id}/name': { status: 200, body: 'group' },
  'GET /api/admin/v1/groups/{id}/members': { status: 200, body: 'members-page' },
  'PUT /api/admin/v1/groups/{id}/members': { status: 204, body: 'empty' },
  'PUT /api/admin/v1/groups/{id}/members/{email}': { status: 204, body: 'empty' },
  'DELETE /api/admin/v1/groups/{id}/members/{email}': { status: 204, body: 'empty' },
  'GET /api/admin/v3/users': { status: 200, body: 'users-page' },
  'GET /api/admin/v3/users/{id}': { status: 200, body: 'user' },
  'GET /api/v2/users': { status: 200, body: 'legacy-users-page' },
  'GET /api/v2/users/{id}': { status: 200, body: 'legacy-user' },
  // The user-write extension (schema/README.md).
  'POST /api/admin/v3/users': { status: 201, body: 'user' },
  'PATCH /api/admin/v3/users/{id}': { status: 200, body: 'user' },
  'DELETE /api/admin/v3/users/{id}': { status: 204, body: 'empty' },
  'POST /api/admin/v3/users/{id}/invitation': { status: 204, body: 'empty' },
  'GET /api/admin/v3/user-writes': { status: 200, body: 'user-writes' },
} as const satisfies Record<string, Success>;

type RouteKey = keyof typeof CONTRACT;
const ROUTE_KEYS = Object.keys(CONTRACT) as RouteKey[];

/** The body schema of each error status, whatever the route. */
const ERROR_BODIES: Readonly<Record<number, ApiSchemaName>> = {
  400: 'error',
  401: 'unauthorized',
  403: 'error',
  404: 'error',
  405: 'error',
  409: 'conflict',
  429: 'error',
  503: 'error',
};

/** The API routes of the sandbox's route table (the /_sandbox/ control API is not part of the API). */
function sandboxApiRoutes(): Route[] {
  // The handlers are bound lazily, so the table can be built without a running sandbox.
  return buildRoutes({} as ControlState).filter((route) => route.template.startsWith('/api/'));
}

const TOKEN = 'aup_contract_token';
let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({
    token: TOKEN,
    seed: {
      users: [
        {
          id: 'u_idp',
          email: 'contract.idp@example.com',
          first_name: 'Idp',
          last_name: 'User',
          email_aliases: ['contract.idp.alias@example.com'],
          source_integration_id: 'int-okta',
          source_integration_name: 'Okta',
          attributes: { department: 'R&D', location: 'Tel Aviv' },
        },
      ],
      groups: [
        {
          id: 'g_idp',
          name: 'contract-idp-group',
          members: ['contract.idp@example.com'],
          source_integration_id: 'int-okta',
          source_integration_name: 'Okta',
        },
      ],
    },
  });
});

afterEach(async () => {
  await sandboxRequest(sandbox.url, TOKEN, 'POST', '/_sandbox/faults', {});
});

afterAll(async () => {
  await sandbox?.close();
});

/** The route of the contract a request goes to; fails the test for a path no route serves. */
function routeOf(method: string, requestPath: string): RouteKey {
  const match = matchRoute(sandboxApiRoutes(), method, new URL(requestPath, sandbox.url).pathname);
  if (match.kind !== 'found') throw new Error(`no API route serves ${method} ${requestPath}`);
  return `${method} ${match.route.template}` as RouteKey;
}

/** The problems of an answer against the contract of its route; empty when it conforms. */
function contractProblems(route: RouteKey, response: SandboxResponse): string[] {
  const success: Success = CONTRACT[route];
  if (response.status >= 200 && response.status < 300) {
    if (response.status !== success.status) return [`status ${response.status}, not ${success.status}`];
    if (success.body === 'empty') {
      return response.body === undefined ? [] : [`a ${success.status} with a body`];
    }
    return schemaErrors(success.body, response.body).map((problem) => `${success.body}: ${problem}`);
  }
  const schema = ERROR_BODIES[response.status];
  if (schema === undefined) return [`status ${response.status} is in no contract`];
  return schemaErrors(schema, response.body).map((problem) => `${schema}: ${problem}`);
}

/** Sends an API request and checks its answer against the contract of its route. */
async function call(
  method: string,
  requestPath: string,
  body?: unknown,
  token = TOKEN,
): Promise<SandboxResponse> {
  const route = routeOf(method, requestPath);
  const response = await sandboxRequest(sandbox.url, token, method, requestPath, body);
  expect({ route, status: response.status, problems: contractProblems(route, response) }).toEqual({
    route,
    status: response.status,
    problems: [],
  });
  return response;
}

/** Sends a request that must answer `status`, and checks it against the contract. */
async function expectStatus(
  status: number,
  method: string,
  requestPath: string,
  body?: unknown,
): Promise<SandboxResponse> {
  const response = await call(method, requestPath, body);
  expect({ request: `${method} ${requestPath}`, status: response.status }).toEqual({
    request: `${method} ${requestPath}`,
    status,
  });
  return response;
}

/** A unique suffix, so every test uses identities of its own. */
let counter = 0;
function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}-${Date.now().toString(36)}`;
}

async function invite(email: string): Promise<{ id: string; email: string }> {
  const response = await expectStatus(201, 'POST', '/api/admin/v3/users', {
    email,
    first_name: 'Contract',
    last_name: 'Tester',
    roles: ['Grantee'],
  });
  return response.body as { id: string; email: string };
}

async function createGroup(name: string, members: string[] = []): Promise<{ id: string; name: string }> {
  const response = await expectStatus(200, 'POST', '/api/admin/v1/groups', {
    name,
    members_emails: members,
  });
  return response.body as { id: string; name: string };
}

/** Walks a cursor-paginated list page by page (each page checked by call()); returns the items. */
async function walkCursorPages(firstPath: string): Promise<{ items: unknown[]; pages: number }> {
  const items: unknown[] = [];
  let pages = 0;
  let next: string | null = firstPath;
  while (next !== null) {
    const page = (await expectStatus(200, 'GET', next)).body as {
      items: unknown[];
      pagination: { next_page_token?: string | null };
    };
    pages += 1;
    items.push(...page.items);
    const token = page.pagination.next_page_token;
    const base = firstPath.split('?')[0];
    next =
      token === null || token === undefined || token === '' ? null : `${base}?limit=2&page_token=${token}`;
  }
  return { items, pages };
}

const enc = encodeURIComponent;

describe('the contract itself', () => {
  it('GIVEN the sandbox route table WHEN compared with the contract THEN every API route has an entry, and no entry lacks a route', () => {
    const served = sandboxApiRoutes()
      .map((route) => `${route.method} ${route.template}`)
      .sort();
    expect(served).toEqual([...ROUTE_KEYS].sort());
  });

  it('GIVEN the schemas in schema/api WHEN compared with the contract THEN each one describes some answer', () => {
    const used = new Set<string>([
      ...Object.values(CONTRACT).map((success: Success) => success.body),
      ...Object.values(ERROR_BODIES),
    ]);
    const files = fs
      .readdirSync(SCHEMA_DIR)
      .filter((file) => file.endsWith('.schema.json'))
      .map((file) => file.replace(/\.schema\.json$/, ''));
    expect(files.filter((name) => !used.has(name))).toEqual([]);
  });
});

describe('every route answers its success as the contract says', () => {
  it('GET /api/admin/v3/users: every page of the list', async () => {
    for (let i = 0; i < 4; i++) await invite(`${unique('contract-list')}@example.com`);
    const { items, pages } = await walkCursorPages('/api/admin/v3/users?limit=2');
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(items.length).toBeGreaterThanOrEqual(5);
  });

  it('GET /api/admin/v1/groups: every page of the list', async () => {
    for (let i = 0; i < 4; i++) await createGroup(unique('contract-list'));
    const { items, pages } = await walkCursorPages('/api/admin/v1/groups?limit=2');
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(items.length).toBeGreaterThanOrEqual(5);
  });

  it('GET /api/admin/v1/groups/{id}/members: every page of the list', async () => {
    const emails: string[] = [];
    for (let i = 0; i < 3; i++) emails.push((await invite(`${unique('contract-member')}@example.com`)).email);
    const group = await createGroup(unique('contract-members'), emails);
    const { items, pages } = await walkCursorPages(`/api/admin/v1/groups/${enc(group.id)}/members?limit=2`);
    expect(pages).toBe(2);
    expect(items).toHaveLength(3);
  });

  it('GET /api/admin/v1/groups/{id}/members: an IdP group', async () => {
    const page = (await expectStatus(200, 'GET', '/api/admin/v1/groups/g_idp/members')).body;
    expect(page).toMatchObject({ items: [{ email: 'contract.idp@example.com' }] });
  });

  it('GET /api/v2/users: every page of the legacy list', async () => {
    for (let i = 0; i < 2; i++) await invite(`${unique('contract-legacy')}@example.com`);
    let offset = 0;
    let total = Number.POSITIVE_INFINITY;
    let pages = 0;
    while (offset < total) {
      const page = (await expectStatus(200, 'GET', `/api/v2/users?limit=2&offset=${offset}`)).body as {
        data: unknown[];
        pagination: { total: number };
      };
      total = page.pagination.total;
      offset += 2;
      pages += 1;
    }
    expect(pages).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ['a user invited in Apono', 'invited'],
    ['an IdP user with attributes and an alias', 'idp'],
  ])('GET /api/admin/v3/users/{id}: %s', async (_name, which) => {
    const id = which === 'idp' ? 'u_idp' : (await invite(`${unique('contract-get')}@example.com`)).id;
    const user = (await expectStatus(200, 'GET', `/api/admin/v3/users/${enc(id)}`)).body;
    expect(user).toMatchObject({ id });
  });

  it.each([
    ['a group created in Apono', 'apono'],
    ['an IdP group', 'idp'],
  ])('GET /api/admin/v1/groups/{id}: %s', async (_name, which) => {
    const id = which === 'idp' ? 'g_idp' : (await createGroup(unique('contract-get'))).id;
    const group = (await expectStatus(200, 'GET', `/api/admin/v1/groups/${enc(id)}`)).body;
    expect(group).toMatchObject({ id });
  });

  it.each([
    ['its id', 'id'],
    ['its email', 'email'],
  ])('GET /api/v2/users/{id}: a user by %s', async (_name, key) => {
    const user = await invite(`${unique('contract-legacy-get')}@example.com`);
    const ref = key === 'id' ? user.id : user.email;
    const legacy = (await expectStatus(200, 'GET', `/api/v2/users/${enc(ref)}`)).body;
    expect(legacy).toMatchObject({ id: user.id });
  });

  it('POST /api/admin/v1/groups: a group with members', async () => {
    const member = await invite(`${unique('contract-create')}@example.com`);
    const group = await createGroup(unique('contract-create'), [member.email]);
    expect(group.id).not.toBe('');
  });

  it('PUT /api/admin/v1/groups/{id}/name: a rename', async () => {
    const group = await createGroup(unique('contract-rename'));
    const renamed = await expectStatus(200, 'PUT', `/api/admin/v1/groups/${enc(group.id)}/name`, {
      name: unique('contract-renamed'),
    });
    expect(renamed.body).toMatchObject({ id: group.id });
  });

  it('PUT /api/admin/v1/groups/{id}/members: the whole list replaced', async () => {
    const member = await invite(`${unique('contract-put')}@example.com`);
    const group = await createGroup(unique('contract-put'));
    await expectStatus(204, 'PUT', `/api/admin/v1/groups/${enc(group.id)}/members`, {
      members_emails: [member.email],
    });
  });

  it.each([
    ['a new member', false],
    ['an existing member (a no-op)', true],
  ])('PUT /api/admin/v1/groups/{id}/members/{email}: %s', async (_name, already) => {
    const member = await invite(`${unique('contract-add')}@example.com`);
    const group = await createGroup(unique('contract-add'), already ? [member.email] : []);
    await expectStatus(204, 'PUT', `/api/admin/v1/groups/${enc(group.id)}/members/${enc(member.email)}`);
  });

  it.each([
    ['a member', true],
    ['a non-member (a no-op)', false],
  ])('DELETE /api/admin/v1/groups/{id}/members/{email}: %s', async (_name, member) => {
    const user = await invite(`${unique('contract-remove')}@example.com`);
    const group = await createGroup(unique('contract-remove'), member ? [user.email] : []);
    await expectStatus(204, 'DELETE', `/api/admin/v1/groups/${enc(group.id)}/members/${enc(user.email)}`);
  });

  it('DELETE /api/admin/v1/groups/{id}: a group created in Apono', async () => {
    const group = await createGroup(unique('contract-delete'));
    await expectStatus(204, 'DELETE', `/api/admin/v1/groups/${enc(group.id)}`);
  });

  it('POST /api/admin/v3/users: an invitation with a phone number', async () => {
    const response = await expectStatus(201, 'POST', '/api/admin/v3/users', {
      email: `${unique('contract-invite')}@example.com`,
      first_name: 'Ada',
      last_name: 'Lovelace',
      roles: ['Admin'],
      phone_number: '+442079460958',
    });
    expect(response.body).toMatchObject({ status: 'invited' });
  });

  it('PATCH /api/admin/v3/users/{id}: a change of name, role and phone number', async () => {
    const user = await invite(`${unique('contract-patch')}@example.com`);
    await expectStatus(200, 'PATCH', `/api/admin/v3/users/${enc(user.id)}`, {
      first_name: 'Grace',
      roles: ['Viewer'],
      phone_number: null,
    });
  });

  it('POST /api/admin/v3/users/{id}/invitation: a pending invitation re-sent', async () => {
    const user = await invite(`${unique('contract-resend')}@example.com`);
    await expectStatus(204, 'POST', `/api/admin/v3/users/${enc(user.id)}/invitation`);
  });

  it('GET /api/admin/v3/user-writes: the extension announces its version', async () => {
    const response = await expectStatus(200, 'GET', '/api/admin/v3/user-writes');
    expect(response.body).toEqual({ version: 1 });
  });

  it('DELETE /api/admin/v3/users/{id}: a user invited in Apono', async () => {
    const user = await invite(`${unique('contract-delete')}@example.com`);
    await expectStatus(204, 'DELETE', `/api/admin/v3/users/${enc(user.id)}`);
  });
});

/** A concrete request for each route: ids that need not exist, because auth is checked first. */
const SAMPLE_REQUESTS: Readonly<Record<RouteKey, string>> = {
  'GET /api/admin/v1/groups': '/api/admin/v1/groups',
  'POST /api/admin/v1/groups': '/api/admin/v1/groups',
  'GET /api/admin/v1/groups/{id}': '/api/admin/v1/groups/g_x',
  'DELETE /api/admin/v1/groups/{id}': '/api/admin/v1/groups/g_x',
  'PUT /api/admin/v1/groups/{id}/name': '/api/admin/v1/groups/g_x/name',
  'GET /api/admin/v1/groups/{id}/members': '/api/admin/v1/groups/g_x/members',
  'PUT /api/admin/v1/groups/{id}/members': '/api/admin/v1/groups/g_x/members',
  'PUT /api/admin/v1/groups/{id}/members/{email}': '/api/admin/v1/groups/g_x/members/a%40example.com',
  'DELETE /api/admin/v1/groups/{id}/members/{email}': '/api/admin/v1/groups/g_x/members/a%40example.com',
  'GET /api/admin/v3/users': '/api/admin/v3/users',
  'GET /api/admin/v3/users/{id}': '/api/admin/v3/users/u_x',
  'GET /api/v2/users': '/api/v2/users',
  'GET /api/v2/users/{id}': '/api/v2/users/u_x',
  'POST /api/admin/v3/users': '/api/admin/v3/users',
  'PATCH /api/admin/v3/users/{id}': '/api/admin/v3/users/u_x',
  'DELETE /api/admin/v3/users/{id}': '/api/admin/v3/users/u_x',
  'POST /api/admin/v3/users/{id}/invitation': '/api/admin/v3/users/u_x/invitation',
  'GET /api/admin/v3/user-writes': '/api/admin/v3/user-writes',
};

describe('every error answers as the contract says', () => {
  it.each(ROUTE_KEYS)('401: %s with a wrong token', async (route) => {
    const method = route.split(' ')[0];
    const response = await call(method, SAMPLE_REQUESTS[route], undefined, 'aup_wrong');
    expect(response.status).toBe(401);
  });

  it.each([
    ['GET /api/admin/v1/groups with a bad limit', 'GET', '/api/admin/v1/groups?limit=0'],
    ['GET /api/admin/v3/users with a bad page token', 'GET', '/api/admin/v3/users?page_token=%21'],
    ['GET /api/v2/users with a bad offset', 'GET', '/api/v2/users?offset=-1'],
    [
      'GET /api/admin/v1/groups/{id}/members with a bad limit',
      'GET',
      '/api/admin/v1/groups/g_idp/members?limit=x',
    ],
  ])('400: %s', async (_name, method, requestPath) => {
    await expectStatus(400, method, requestPath);
  });

  it.each([
    ['POST /api/admin/v1/groups without a name', { members_emails: [] }],
    [
      'POST /api/admin/v1/groups with an unknown member email (assumed)',
      { name: 'x', members_emails: ['nobody@example.com'] },
    ],
  ])('400: %s', async (_name, body) => {
    await expectStatus(400, 'POST', '/api/admin/v1/groups', body);
  });

  it('400: PUT /api/admin/v1/groups/{id}/members with an unknown member email (assumed)', async () => {
    const group = await createGroup(unique('contract-unknown-member'));
    await expectStatus(400, 'PUT', `/api/admin/v1/groups/${enc(group.id)}/members`, {
      members_emails: ['nobody@example.com'],
    });
  });

  it('400: PUT /api/admin/v1/groups/{id}/members/{email} with an unknown member email (assumed)', async () => {
    const group = await createGroup(unique('contract-unknown-member'));
    await expectStatus(
      400,
      'PUT',
      `/api/admin/v1/groups/${enc(group.id)}/members/${enc('nobody@example.com')}`,
    );
  });

  it('400: PUT /api/admin/v1/groups/{id}/name with an empty name', async () => {
    const group = await createGroup(unique('contract-empty-name'));
    await expectStatus(400, 'PUT', `/api/admin/v1/groups/${enc(group.id)}/name`, { name: '' });
  });

  it.each([
    [
      'POST /api/admin/v3/users with an invalid email',
      'POST',
      '/api/admin/v3/users',
      { email: 'nope', first_name: 'A', last_name: 'B', roles: ['Grantee'] },
    ],
  ])('400: %s', async (_name, method, requestPath, body) => {
    await expectStatus(400, method, requestPath, body);
  });

  it('400: PATCH /api/admin/v3/users/{id} with an invalid phone number', async () => {
    const user = await invite(`${unique('contract-bad-phone')}@example.com`);
    await expectStatus(400, 'PATCH', `/api/admin/v3/users/${enc(user.id)}`, { phone_number: '12' });
  });

  it.each([
    ['PUT /api/admin/v1/groups/{id}/name', 'PUT', '/api/admin/v1/groups/g_idp/name', { name: 'renamed' }],
    ['DELETE /api/admin/v1/groups/{id}', 'DELETE', '/api/admin/v1/groups/g_idp', undefined],
    [
      'PUT /api/admin/v1/groups/{id}/members',
      'PUT',
      '/api/admin/v1/groups/g_idp/members',
      { members_emails: [] },
    ],
    [
      'PUT /api/admin/v1/groups/{id}/members/{email}',
      'PUT',
      '/api/admin/v1/groups/g_idp/members/contract.idp%40example.com',
      undefined,
    ],
    [
      'DELETE /api/admin/v1/groups/{id}/members/{email}',
      'DELETE',
      '/api/admin/v1/groups/g_idp/members/contract.idp%40example.com',
      undefined,
    ],
    ['PATCH /api/admin/v3/users/{id}', 'PATCH', '/api/admin/v3/users/u_idp', { first_name: 'X' }],
    ['DELETE /api/admin/v3/users/{id}', 'DELETE', '/api/admin/v3/users/u_idp', undefined],
  ])('403 (assumed): %s on an IdP-owned identity', async (_name, method, requestPath, body) => {
    await expectStatus(403, method, requestPath, body);
  });

  it.each([
    'GET /api/admin/v1/groups/{id}',
    'DELETE /api/admin/v1/groups/{id}',
    'PUT /api/admin/v1/groups/{id}/name',
    'GET /api/admin/v1/groups/{id}/members',
    'PUT /api/admin/v1/groups/{id}/members',
    'PUT /api/admin/v1/groups/{id}/members/{email}',
    'DELETE /api/admin/v1/groups/{id}/members/{email}',
    'GET /api/admin/v3/users/{id}',
    'GET /api/v2/users/{id}',
    'PATCH /api/admin/v3/users/{id}',
    'DELETE /api/admin/v3/users/{id}',
    'POST /api/admin/v3/users/{id}/invitation',
  ] as const)('404: %s for an id that does not exist', async (route) => {
    const method = route.split(' ')[0];
    const bodies: Partial<Record<RouteKey, unknown>> = {
      'PUT /api/admin/v1/groups/{id}/name': { name: 'renamed' },
      'PUT /api/admin/v1/groups/{id}/members': { members_emails: [] },
      'PATCH /api/admin/v3/users/{id}': { first_name: 'X' },
    };
    await expectStatus(404, method, SAMPLE_REQUESTS[route], bodies[route]);
  });

  it('405: a method a path does not allow', async () => {
    const response = await sandboxRequest(sandbox.url, TOKEN, 'PATCH', '/api/admin/v1/groups');
    expect(response.status).toBe(405);
    expect(schemaErrors('error', response.body)).toEqual([]);
  });

  it('409 (assumed): POST /api/admin/v1/groups with a name taken in another case', async () => {
    const name = unique('contract-dup');
    const existing = await createGroup(name);
    const response = await expectStatus(409, 'POST', '/api/admin/v1/groups', {
      name: name.toUpperCase(),
      members_emails: [],
    });
    expect(response.body).toMatchObject({ existing_group_id: existing.id });
  });

  it('409 (assumed): PUT /api/admin/v1/groups/{id}/name to a name taken by another group', async () => {
    const taken = await createGroup(unique('contract-dup-rename'));
    const group = await createGroup(unique('contract-dup-rename'));
    const response = await expectStatus(409, 'PUT', `/api/admin/v1/groups/${enc(group.id)}/name`, {
      name: taken.name,
    });
    expect(response.body).toMatchObject({ existing_group_id: taken.id });
  });

  it('409: POST /api/admin/v3/users with an email that exists as an alias', async () => {
    const response = await expectStatus(409, 'POST', '/api/admin/v3/users', {
      email: 'CONTRACT.IDP.ALIAS@example.com',
      first_name: 'A',
      last_name: 'B',
      roles: ['Grantee'],
    });
    expect(response.body).toMatchObject({ existing_user_id: 'u_idp' });
  });

  it('409: POST /api/admin/v3/users/{id}/invitation for a user who is not invited', async () => {
    await expectStatus(409, 'POST', '/api/admin/v3/users/u_idp/invitation');
  });

  it('429: a request over the rate limit, with Retry-After', async () => {
    await sandboxRequest(sandbox.url, TOKEN, 'POST', '/_sandbox/faults', { rate_limit_rps: 0.01 });
    let limited: SandboxResponse | undefined;
    for (let i = 0; i < 5 && limited === undefined; i++) {
      const response = await call('GET', '/api/admin/v1/groups');
      if (response.status === 429) limited = response;
    }
    expect(limited?.status).toBe(429);
    expect(limited?.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
  });

  it('503: a request that meets an injected server error', async () => {
    await sandboxRequest(sandbox.url, TOKEN, 'POST', '/_sandbox/faults', { error_rate: 1 });
    await expectStatus(503, 'GET', '/api/admin/v3/users');
  });
});
