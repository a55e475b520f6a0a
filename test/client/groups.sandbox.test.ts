/** GroupsApi against a real sandbox process: every operation and pagination at the boundaries. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  type AponoClient,
  ApiError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  type Group,
} from '../../provider/client';
import { type SandboxHandle, makeTempDir, removeTempDir, startSandboxProcess } from '../helpers/sandbox';
import { pagesFor, requestCount, sandboxClient, seedInvite, seedUsers } from './sandbox-support';

const USERS = 1001;
const IDP_GROUP = 'okta-engineering';

let sandbox: SandboxHandle;
let client: AponoClient;
let seedDir: string;

const email = (i: number): string => seedInvite(i).email;

beforeAll(async () => {
  // An IdP-owned group from a seed file; the 1,001 users come through the API.
  seedDir = makeTempDir();
  const seedFile = path.join(seedDir, 'seed.json');
  fs.writeFileSync(
    seedFile,
    JSON.stringify({
      groups: [
        {
          name: IDP_GROUP,
          source_id: 'src-1',
          source_integration_id: 'okta-1',
          source_integration_name: 'Okta',
        },
      ],
    }),
  );
  sandbox = await startSandboxProcess({ seedFile });
  client = sandboxClient(sandbox, { maxConcurrency: 16 });
  await seedUsers(client, 0, USERS);
});

afterAll(async () => {
  client?.stop();
  await sandbox?.stop();
  if (seedDir) removeTempDir(seedDir);
});

async function deleteCreatedGroups(): Promise<void> {
  const groups = await client.groups.listAll();
  await Promise.all(
    groups.filter((g) => g.source_integration_id === null).map((g) => client.groups.delete(g.id)),
  );
}

describe('groups: one at a time', () => {
  beforeEach(deleteCreatedGroups);

  it('create returns the group, with its members set', async () => {
    const group = await client.groups.create({ name: 'eng', membersEmails: [email(1), email(2)] });
    expect(group).toMatchObject({ name: 'eng', source_id: null, source_integration_id: null });
    expect((await client.groups.listMembers(group.id)).sort()).toEqual([email(1), email(2)].sort());
  });

  it('get returns the group by id', async () => {
    const group = await client.groups.create({ name: 'eng', membersEmails: [] });
    expect(await client.groups.get(group.id)).toEqual(group);
  });

  it('get of an unknown id is NotFoundError', async () => {
    await expect(client.groups.get('g_missing')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('create with a taken name (other case) is a ConflictError with the existing id', async () => {
    const group = await client.groups.create({ name: 'eng', membersEmails: [] });
    const error = await client.groups.create({ name: 'ENG', membersEmails: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).existingId).toBe(group.id);
  });

  it('create naming an unknown member is a bad_request', async () => {
    const error = await client.groups
      .create({ name: 'eng', membersEmails: ['ghost@example.com'] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'bad_request', status: 400 });
  });

  it('rename returns the renamed group', async () => {
    const group = await client.groups.create({ name: 'eng', membersEmails: [] });
    expect(await client.groups.rename(group.id, 'platform')).toMatchObject({
      id: group.id,
      name: 'platform',
    });
  });

  it('delete removes the group', async () => {
    const group = await client.groups.create({ name: 'eng', membersEmails: [] });
    await client.groups.delete(group.id);
    await expect(client.groups.get(group.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('list filters by name with wildcards', async () => {
    await Promise.all(
      ['eng-a', 'eng-b', 'ops'].map((name) => client.groups.create({ name, membersEmails: [] })),
    );
    expect((await client.groups.listAll({ name: 'eng*' })).map((g) => g.name).sort()).toEqual([
      'eng-a',
      'eng-b',
    ]);
  });

  it('addMember with + and @ in the email adds it once; adding again is a no-op', async () => {
    // GIVEN a user whose email needs URL-encoding
    const plus = await client.users.invite({
      email: 'a+b@example.com',
      firstName: 'A',
      lastName: 'B',
      role: 'Viewer',
    });
    const group = await client.groups.create({ name: 'eng', membersEmails: [] });

    // WHEN they are added twice
    await client.groups.addMember(group.id, plus.email);
    await client.groups.addMember(group.id, plus.email);

    // THEN they are a member once
    expect(await client.groups.listMembers(group.id)).toEqual(['a+b@example.com']);
    await client.users.delete(plus.id);
  });

  it('removeMember removes one member and ignores a non-member', async () => {
    const group = await client.groups.create({ name: 'eng', membersEmails: [email(1), email(2)] });
    await client.groups.removeMember(group.id, email(1));
    await client.groups.removeMember(group.id, email(3));
    expect(await client.groups.listMembers(group.id)).toEqual([email(2)]);
  });

  it('replaceMembers makes the list exactly what was given', async () => {
    const group = await client.groups.create({ name: 'eng', membersEmails: [email(1), email(2)] });
    await client.groups.replaceMembers(group.id, [email(2), email(3)]);
    expect((await client.groups.listMembers(group.id)).sort()).toEqual([email(2), email(3)].sort());
  });

  it('listMembers returns the stored spelling of an email given in another case', async () => {
    const group = await client.groups.create({ name: 'eng', membersEmails: [email(5).toUpperCase()] });
    expect(await client.groups.listMembers(group.id)).toEqual([email(5)]);
  });

  it.each<[string, (c: AponoClient, id: string) => Promise<unknown>]>([
    ['rename', (c, id) => c.groups.rename(id, 'mine')],
    ['delete', (c, id) => c.groups.delete(id)],
    ['addMember', (c, id) => c.groups.addMember(id, email(1))],
    ['replaceMembers', (c, id) => c.groups.replaceMembers(id, [])],
  ])('%s of an IdP-owned group is ForbiddenError', async (_name, call) => {
    const [idpGroup] = await client.groups.listAll({ name: IDP_GROUP });
    await expect(call(client, idpGroup.id)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('groups: pagination at the boundaries', () => {
  const sizes = [0, 1, 99, 100, 101, 1001];
  let created = 0;

  beforeAll(async () => {
    await deleteCreatedGroups();
  });

  describe.each(sizes)('with %i created groups (plus the IdP group)', (size) => {
    let all: Group[];

    beforeAll(async () => {
      const names = Array.from({ length: size - created }, (_, i) => `group-${created + i}`);
      await Promise.all(names.map((name) => client.groups.create({ name, membersEmails: [] })));
      created = size;
    });

    it('listAll returns each group exactly once', async () => {
      await sandbox.control.resetStats();
      all = await client.groups.listAll();
      expect(all).toHaveLength(size + 1);
      expect(new Set(all.map((g) => g.id)).size).toBe(size + 1);
      expect(await requestCount(sandbox, 'GET /api/admin/v1/groups')).toBe(pagesFor(size + 1, 1000));
    });

    it('list filtered to exactly the created groups, 100 a page, returns each once in order', async () => {
      // The filter leaves the IdP group out, so the page boundaries fall exactly at `size`.
      await sandbox.control.resetStats();
      const paged: Group[] = [];
      for await (const group of client.groups.list({ name: 'group-*' })) paged.push(group);
      expect(paged.map((g) => g.id)).toEqual(all.filter((g) => g.name.startsWith('group-')).map((g) => g.id));
      expect(paged).toHaveLength(size);
      expect(await requestCount(sandbox, 'GET /api/admin/v1/groups')).toBe(pagesFor(size, 100));
    });
  });
});

describe('members: pagination at the boundaries', () => {
  let group: Group;

  beforeAll(async () => {
    await deleteCreatedGroups();
    group = await client.groups.create({ name: 'big', membersEmails: [] });
  });

  it.each([0, 1, 99, 100, 101, 1001])(
    '%i members are listed exactly once at page sizes 100 and 1000',
    async (size) => {
      // GIVEN a group with `size` members, set in one request
      const emails = Array.from({ length: size }, (_, i) => email(i));
      await client.groups.replaceMembers(group.id, emails);
      await sandbox.control.resetStats();

      // WHEN its members are listed 1000 a page, then 100 a page
      const byThousand = await client.groups.listMembers(group.id);
      const thousandPages = await requestCount(sandbox, 'GET /api/admin/v1/groups/{id}/members');
      const byHundred = await client.groups.listMembers(group.id, { pageSize: 100 });

      // THEN both are the full set, and the big pages took the fewest round-trips
      expect(byThousand.slice().sort()).toEqual(emails.slice().sort());
      expect(byHundred).toEqual(byThousand);
      expect(thousandPages).toBe(pagesFor(size, 1000));
    },
  );
});
