/** UsersApi against a real sandbox process: every operation and pagination at the boundaries. */
import {
  AponoClient,
  UnauthorizedError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ApiError,
  type User,
} from '../../provider/client';
import { type SandboxHandle, startSandboxProcess } from '../helpers/sandbox';
import { pagesFor, requestCount, sandboxClient, seedUsers } from './sandbox-support';

let sandbox: SandboxHandle;
let client: AponoClient;

beforeAll(async () => {
  sandbox = await startSandboxProcess();
  client = sandboxClient(sandbox, { maxConcurrency: 16 });
});

afterAll(async () => {
  client?.stop();
  await sandbox?.stop();
});

describe('users: one at a time', () => {
  beforeEach(() => sandbox.control.reset());

  const ada = {
    email: 'Ada.Lovelace+apono@Example.com',
    firstName: 'Ada',
    lastName: 'Lovelace',
    role: 'Grantee',
  };

  it('invite creates an invited user and returns it', async () => {
    const user = await client.users.invite({ ...ada, phoneNumber: '+14155550100' });
    expect(user).toMatchObject({
      email: ada.email,
      first_name: 'Ada',
      last_name: 'Lovelace',
      roles: ['Grantee'],
      status: 'invited',
      active: true,
      phone_number: '+14155550100',
    });
  });

  it('get returns the user by id', async () => {
    const invited = await client.users.invite(ada);
    expect(await client.users.get(invited.id)).toEqual(invited);
  });

  it('get of an unknown id is NotFoundError', async () => {
    await expect(client.users.get('u_missing')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('invite of an email that exists (other case) is a ConflictError with the existing id', async () => {
    // GIVEN Ada exists
    const existing = await client.users.invite(ada);

    // WHEN she is invited again in upper case, in one attempt
    const error = await client.users
      .invite({ ...ada, email: ada.email.toUpperCase() })
      .catch((e: unknown) => e);

    // THEN the conflict names her id
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).existingId).toBe(existing.id);
  });

  it('invite with a malformed role is a bad_request with the API message', async () => {
    const error = await client.users.invite({ ...ada, role: ' Root' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'bad_request', status: 400 });
    expect((error as ApiError).apiMessage).toMatch(/role/i);
  });

  it('findByEmail matches case-insensitively', async () => {
    const invited = await client.users.invite(ada);
    expect(await client.users.findByEmail('ada.lovelace+APONO@example.COM')).toEqual(invited);
  });

  it('findByEmail returns null for an unknown email', async () => {
    await client.users.invite(ada);
    expect(await client.users.findByEmail('nobody@example.com')).toBeNull();
  });

  it('update changes only the given fields', async () => {
    const invited = await client.users.invite({ ...ada, phoneNumber: '+14155550100' });
    const updated = await client.users.update(invited.id, { lastName: 'King', roles: ['Admin', 'Viewer'] });
    expect(updated).toMatchObject({
      first_name: 'Ada',
      last_name: 'King',
      roles: ['Admin', 'Viewer'],
      phone_number: '+14155550100',
    });
  });

  it('update with phoneNumber null clears the number', async () => {
    const invited = await client.users.invite({ ...ada, phoneNumber: '+14155550100' });
    expect((await client.users.update(invited.id, { phoneNumber: null })).phone_number).toBeNull();
  });

  it('update of an unknown user is NotFoundError (not unsupported)', async () => {
    await expect(client.users.update('u_missing', { firstName: 'X' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('delete removes the user', async () => {
    const invited = await client.users.invite(ada);
    await client.users.delete(invited.id);
    await expect(client.users.get(invited.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('delete of an unknown user is NotFoundError', async () => {
    await expect(client.users.delete('u_missing')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('resendInvitation succeeds for an invited user', async () => {
    const invited = await client.users.invite(ada);
    await expect(client.users.resendInvitation(invited.id)).resolves.toBeUndefined();
  });

  it('resendInvitation of a user who accepted is a ConflictError', async () => {
    const invited = await client.users.invite(ada);
    await sandbox.control.accept(invited.id);
    await expect(client.users.resendInvitation(invited.id)).rejects.toBeInstanceOf(ConflictError);
  });

  it('a wrong token is UnauthorizedError with the documented message', async () => {
    const wrong = new AponoClient({ endpoint: sandbox.url, token: 'aup_wrong' });
    const error = await wrong.users.get('u_1').catch((e: unknown) => e);
    wrong.stop();
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error).toMatchObject({ code: 'unauthorized', status: 401, apiMessage: 'Unauthorized (401)' });
  });

  it('list filters by role and first name (wildcard)', async () => {
    await client.users.invite(ada);
    await client.users.invite({ email: 'bob@example.com', firstName: 'Bob', lastName: 'B', role: 'Admin' });
    await client.users.invite({ email: 'adam@example.com', firstName: 'Adam', lastName: 'A', role: 'Admin' });
    const admins = await client.users.listAll({ roles: ['Admin'], firstName: 'Ad*' });
    expect(admins.map((user) => user.email)).toEqual(['adam@example.com']);
  });
});

describe('users: IdP-owned', () => {
  it('findByEmail also matches an alias', async () => {
    const idpUsers = await startSeededSandbox();
    const idpClient = sandboxClient(idpUsers.sandbox);
    try {
      expect((await idpClient.users.findByEmail('IDP.Alias@example.com'))?.id).toBe(idpUsers.user.id);
    } finally {
      idpClient.stop();
      await idpUsers.sandbox.stop();
    }
  });

  it('update and delete of an IdP user are ForbiddenError', async () => {
    // GIVEN a sandbox seeded with an IdP-owned user
    const idpUsers = await startSeededSandbox();
    const idpClient = sandboxClient(idpUsers.sandbox);
    try {
      const user = idpUsers.user;
      // WHEN it is changed THEN the API refuses
      await expect(idpClient.users.update(user.id, { firstName: 'X' })).rejects.toBeInstanceOf(
        ForbiddenError,
      );
      await expect(idpClient.users.delete(user.id)).rejects.toBeInstanceOf(ForbiddenError);
    } finally {
      idpClient.stop();
      await idpUsers.sandbox.stop();
    }
  });
});

describe('users: pagination at the boundaries', () => {
  const sizes = [0, 1, 99, 100, 101, 1001];
  let seeded = 0;

  beforeAll(() => sandbox.control.reset());

  // Sizes ascend, so each step only adds the difference.
  describe.each(sizes)('with %i users', (size) => {
    let all: User[];

    beforeAll(async () => {
      await seedUsers(client, seeded, size);
      seeded = size;
    });

    it('listAll returns each user exactly once, 1000 a page', async () => {
      await sandbox.control.resetStats();
      all = await client.users.listAll();
      expect(all).toHaveLength(size);
      expect(new Set(all.map((user) => user.email)).size).toBe(size);
      expect(await requestCount(sandbox, 'GET /api/admin/v3/users')).toBe(pagesFor(size, 1000));
    });

    it('list with the default page size returns the same users in the same order, 100 a page', async () => {
      await sandbox.control.resetStats();
      const paged: User[] = [];
      for await (const user of client.users.list()) paged.push(user);
      expect(paged.map((user) => user.id)).toEqual(all.map((user) => user.id));
      expect(await requestCount(sandbox, 'GET /api/admin/v3/users')).toBe(pagesFor(size, 100));
    });

    it('listLegacy (offset pages of 100) returns the same users', async () => {
      const legacy = [];
      for await (const user of client.users.listLegacy()) legacy.push(user);
      expect(legacy.map((user) => user.id)).toEqual(all.map((user) => user.id));
    });
  });

  it('list applies filters across pages (a token carries them)', async () => {
    // GIVEN 1001 users, of which First1, First10..First19, First100..First199, First1000 match First1*
    const matching = await client.users.listAll({ firstName: 'First1*', pageSize: 7 });
    expect(matching).toHaveLength(1 + 10 + 100 + 1);
  });
});

async function startSeededSandbox(): Promise<{ sandbox: SandboxHandle; user: User }> {
  const fs = await import('node:fs');
  const path = await import('node:path');
  const { makeTempDir } = await import('../helpers/sandbox');
  const dir = makeTempDir();
  const seedFile = path.join(dir, 'seed.json');
  fs.writeFileSync(
    seedFile,
    JSON.stringify({
      users: [
        {
          email: 'idp@example.com',
          first_name: 'Idp',
          last_name: 'User',
          roles: ['Grantee'],
          source_integration_id: 'okta-1',
          source_integration_name: 'Okta',
          email_aliases: ['idp.alias@example.com'],
        },
      ],
    }),
  );
  const seededSandbox = await startSandboxProcess({ seedFile });
  const probe = sandboxClient(seededSandbox);
  const user = await probe.users.findByEmail('idp@example.com');
  probe.stop();
  if (!user) throw new Error('seed did not create the IdP user');
  return { sandbox: seededSandbox, user };
}
