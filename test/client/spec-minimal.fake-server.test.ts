/**
 * The API client against a server that answers with spec-minimal objects (only the fields Apono's
 * OpenAPI description requires, nullable ones absent or null, one unknown field each): every
 * documented route it uses reads and writes without a validation error.
 */
import { AponoClient, UnsupportedEndpointError } from '../../provider/client';
import { collect } from '../../provider/client/pagination';
import {
  SPEC_MINIMAL_USERS,
  type SpecMinimalServer,
  startSpecMinimalServer,
} from '../helpers/spec-minimal-server';

const TOKEN = 'aup_specMinimalClient_7d21';

describe('AponoClient against spec-minimal answers', () => {
  let server: SpecMinimalServer;
  let client: AponoClient;

  beforeAll(async () => {
    server = await startSpecMinimalServer({
      token: TOKEN,
      users: SPEC_MINIMAL_USERS,
      groups: [{ name: 'seeded', members: ['ada@example.com'] }],
    });
    client = new AponoClient({ endpoint: server.url, token: TOKEN, maxRetries: 0 });
  });

  afterAll(async () => {
    client?.stop();
    await server?.close();
  });

  it('GIVEN users without their optional fields WHEN listed in pages of 2 THEN all three come back', async () => {
    const users = await client.users.listAll({ pageSize: 2 });
    expect(users.map((user) => user.email)).toEqual([
      'ada@example.com',
      'grace@example.com',
      'alan@example.com',
    ]);
    expect(users[0]?.attributes).toBeUndefined();
  });

  it('GIVEN a user without optional fields WHEN read by id THEN it comes back', async () => {
    const [ada] = await client.users.listAll();
    expect((await client.users.get(String(ada?.id))).email).toBe('ada@example.com');
  });

  it('GIVEN users WHEN read through the legacy listing in pages of 2 THEN all three come back', async () => {
    const legacy = await collect(client.users.listLegacy(2));
    expect(legacy.map((user) => user.email)).toEqual([
      'ada@example.com',
      'grace@example.com',
      'alan@example.com',
    ]);
  });

  it('GIVEN a group with only id and name WHEN listed, filtered and read THEN it comes back', async () => {
    const [seeded] = await client.groups.listAll({ name: 'SEED*' });
    expect(seeded?.name).toBe('seeded');
    expect((await client.groups.get(String(seeded?.id))).name).toBe('seeded');
    expect(await client.groups.listMembers(String(seeded?.id), { pageSize: 1 })).toEqual(['ada@example.com']);
  });

  it('GIVEN a new group WHEN created, renamed, its members changed and deleted THEN the server holds each state', async () => {
    const created = await client.groups.create({ name: 'writers', membersEmails: ['ada@example.com'] });
    expect(server.members(created.id)).toEqual(['ada@example.com']);

    expect((await client.groups.rename(created.id, 'authors')).name).toBe('authors');
    await client.groups.addMember(created.id, 'grace@example.com');
    await client.groups.removeMember(created.id, 'ada@example.com');
    expect(server.members(created.id)).toEqual(['grace@example.com']);
    await client.groups.replaceMembers(created.id, ['alan@example.com', 'ada@example.com']);
    expect(await client.groups.listMembers(created.id)).toEqual(['alan@example.com', 'ada@example.com']);

    await client.groups.delete(created.id);
    expect(server.groups.map((group) => group.name)).not.toContain('authors');
  });

  it.each([
    ['GET', '/api/admin/v3/user-writes'],
    ['POST', '/api/admin/v3/users'],
    ['PATCH', '/api/admin/v3/users/usr-1'],
    ['DELETE', '/api/admin/v3/users/usr-1'],
    ['POST', '/api/admin/v3/users/usr-1/invitation'],
  ])('GIVEN the user-write extension is not served WHEN %s %s THEN 404', async (method, path) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{}' }),
    });
    expect(response.status).toBe(404);
  });

  it('GIVEN a tenant without the user-write extension WHEN a user is invited THEN the client says the endpoint is unsupported', async () => {
    const invite = client.users.invite({
      email: 'new@example.com',
      firstName: 'New',
      lastName: 'User',
      role: 'Viewer',
    });
    await expect(invite).rejects.toBeInstanceOf(UnsupportedEndpointError);
  });
});
