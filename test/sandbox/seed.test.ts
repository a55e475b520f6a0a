import * as path from 'node:path';
import { makeTempDir, removeTempDir, startSandboxProcess, type SandboxHandle } from '../helpers/sandbox';
import { schemaErrors } from './api-schemas';
import { seedMutations } from '../../sandbox/seed';
import { invitation, memberEmails, writeSeedFile, type WirePage, type WireUser } from './fixtures';

const SEED = {
  users: [
    {
      id: 'u_okta_ada',
      email: 'Ada@Example.com',
      email_aliases: ['ada.lovelace@example.com'],
      first_name: 'Ada',
      last_name: 'Lovelace',
      roles: ['Admin'],
      source_integration_id: 'okta-1',
      source_integration_name: 'Okta',
    },
    { id: 'u_local_bob', email: 'bob@example.com', first_name: 'Bob', last_name: 'Builder' },
    { id: 'u_no_role', email: 'nobody@example.com', first_name: 'No', last_name: 'Role', roles: [] },
  ],
  groups: [
    {
      id: 'g_okta_eng',
      name: 'Engineering',
      members: ['ada@example.com'],
      source_id: 'okta-group-7',
      source_integration_id: 'okta-1',
      source_integration_name: 'Okta',
    },
    { id: 'g_local', name: 'Local', members: ['bob@example.com'] },
  ],
};

describe('seed file with identity-provider users', () => {
  let sandbox: SandboxHandle;
  let dir: string;
  beforeAll(async () => {
    dir = makeTempDir();
    sandbox = await startSandboxProcess({ seedFile: writeSeedFile(dir, SEED) });
  });
  afterAll(async () => {
    await sandbox?.stop();
    removeTempDir(dir);
  });

  test('GIVEN a seeded IdP user WHEN read THEN it is active, never invited, and matches the schema', async () => {
    const response = await sandbox.control.request('GET', '/api/admin/v3/users/u_okta_ada');
    expect(schemaErrors('user', response.body)).toEqual([]);
    expect(response.body).toMatchObject({
      email: 'Ada@Example.com',
      email_aliases: ['ada.lovelace@example.com'],
      status: 'active',
      active: true,
      invited_at: null,
      source_integration_id: 'okta-1',
      source_integration_name: 'Okta',
    });
  });

  test('GIVEN a seeded local user without roles WHEN read THEN it is an active Grantee', async () => {
    const response = await sandbox.control.request('GET', '/api/admin/v3/users/u_local_bob');
    expect(response.body).toMatchObject({
      roles: ['Grantee'],
      status: 'active',
      source_integration_id: null,
    });
  });

  test('GIVEN a seeded user with an empty roles list WHEN read THEN she holds no role', async () => {
    const response = await sandbox.control.request('GET', '/api/admin/v3/users/u_no_role');
    expect(response.body).toMatchObject({ roles: [] });
  });

  test('GIVEN an alias of an existing user WHEN invited THEN 409 with that user id', async () => {
    const response = await sandbox.control.request(
      'POST',
      '/api/admin/v3/users',
      invitation('ADA.LOVELACE@example.com'),
    );
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'Conflict', existing_user_id: 'u_okta_ada' });
  });

  test('GIVEN an alias WHEN looked up through the legacy endpoint THEN the user comes back', async () => {
    const response = await sandbox.control.request('GET', '/api/v2/users/ada.lovelace%40example.com');
    expect(response.body).toMatchObject({ id: 'u_okta_ada' });
  });

  test.each([
    ['PATCH', '/api/admin/v3/users/u_okta_ada', { first_name: 'Augusta' }],
    ['DELETE', '/api/admin/v3/users/u_okta_ada', undefined],
    ['PUT', '/api/admin/v1/groups/g_okta_eng/name', { name: 'Eng' }],
    ['DELETE', '/api/admin/v1/groups/g_okta_eng', undefined],
    ['PUT', '/api/admin/v1/groups/g_okta_eng/members', { members_emails: [] }],
    ['PUT', '/api/admin/v1/groups/g_okta_eng/members/bob%40example.com', undefined],
    ['DELETE', '/api/admin/v1/groups/g_okta_eng/members/ada%40example.com', undefined],
  ])(
    'GIVEN an IdP-owned identity WHEN %s %s THEN 403 Forbidden and nothing changes',
    async (method, path, body) => {
      const response = await sandbox.control.request(method, path, body);
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ code: 'Forbidden' });
      const ada = await sandbox.control.request('GET', '/api/admin/v3/users/u_okta_ada');
      expect((ada.body as WireUser).first_name).toBe('Ada');
      const members = await sandbox.control.request('GET', '/api/admin/v1/groups/g_okta_eng/members');
      expect(memberEmails(members.body)).toEqual(['Ada@Example.com']);
    },
  );

  test('GIVEN an IdP user WHEN the invitation is re-sent THEN 409 (they were never invited)', async () => {
    expect((await sandbox.control.request('POST', '/api/admin/v3/users/u_okta_ada/invitation')).status).toBe(
      409,
    );
  });

  test('GIVEN seeded users WHEN filtered by source_integration_name THEN only the IdP users come back', async () => {
    const response = await sandbox.control.request('GET', '/api/admin/v3/users?source_integration_name=Okta');
    expect((response.body as WirePage<WireUser>).items.map((u) => u.id)).toEqual(['u_okta_ada']);
  });

  test('GIVEN seeded users WHEN filtered by source_integration_id THEN only the IdP users come back', async () => {
    const response = await sandbox.control.request('GET', '/api/admin/v3/users?source_integration_id=okta-1');
    expect((response.body as WirePage<WireUser>).items.map((u) => u.id)).toEqual(['u_okta_ada']);
  });

  test('GIVEN a seed file naming an unknown member WHEN the sandbox starts THEN it refuses with a message', async () => {
    const bad = writeSeedFile(
      dir,
      { users: [], groups: [{ name: 'g', members: ['ghost@example.com'] }] },
      'bad.json',
    );
    await expect(startSandboxProcess({ seedFile: bad })).rejects.toThrow(/ghost@example.com/);
  });

  test('GIVEN a seed file that does not exist WHEN the sandbox starts THEN it refuses naming the file', async () => {
    const missing = path.join(dir, 'missing.json');
    await expect(startSandboxProcess({ seedFile: missing })).rejects.toThrow(/missing\.json/);
  });
});

describe('seed file: user attributes', () => {
  const seedWith = (attributes: unknown) => ({
    users: [{ email: 'seeded-attrs@example.com', first_name: 'Seed', last_name: 'User', attributes }],
  });

  test.each<[string, unknown, Record<string, string> | null]>([
    ['a map of strings', { department: 'R&D' }, { department: 'R&D' }],
    ['null', null, null],
  ])(
    'GIVEN attributes as %s WHEN the seed is read THEN the user holds them',
    (_case, attributes, expected) => {
      const [mutation] = seedMutations(seedWith(attributes), new Date(0));
      expect(mutation).toMatchObject({ op: 'user.put', user: { attributes: expected } });
    },
  );

  test.each([
    ['a number value', { level: 3 }],
    ['a list', ['R&D']],
  ])(
    'GIVEN attributes with %s WHEN the seed is read THEN it is refused naming users[0]',
    (_case, attributes) => {
      expect(() => seedMutations(seedWith(attributes), new Date(0))).toThrow(/users\[0\].*attributes/);
    },
  );
});
