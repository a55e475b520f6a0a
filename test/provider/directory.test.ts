import type { AponoClient } from '../../provider/client';
import { NotFoundError } from '../../provider/client/errors';
import type { Group, User } from '../../provider/client/types';
import { Directory } from '../../provider/tenant/directory';
import { apiGroup, apiUser } from '../helpers/api-objects';

function user(id: string, email: string, aliases: string[] = []): User {
  return apiUser({ id, email, email_aliases: aliases });
}

function group(id: string, name: string): Group {
  return apiGroup({ id, name });
}

/** A client over fixed data that counts its calls. */
function countingClient(users: User[], groups: Group[]) {
  const calls: Record<string, number> = {};
  const count = (name: string) => (calls[name] = (calls[name] ?? 0) + 1);
  const client = {
    users: {
      listAll: async () => (count('users.listAll'), [...users]),
      firstPage: async (size = 1000) => (
        count('users.firstPage'),
        { users: users.slice(0, size), complete: users.length <= size }
      ),
      get: async (id: string) => {
        count('users.get');
        const found = users.find((candidate) => candidate.id === id);
        if (!found)
          throw new NotFoundError({ method: 'GET', path: `/api/admin/v3/users/${id}`, status: 404 });
        return found;
      },
    },
    groups: {
      listAll: async () => (count('groups.listAll'), [...groups]),
      get: async () => {
        count('groups.get');
        throw new NotFoundError({ method: 'GET', path: '/api/admin/v1/groups/x', status: 404 });
      },
      listMembers: async (id: string) => (
        count('groups.listMembers'),
        id === 'g2' ? ['c@x.io'] : ['a@x.io', 'b@x.io']
      ),
    },
  } as unknown as AponoClient;
  return { client, calls };
}

describe('Directory', () => {
  it('GIVEN many concurrent reads WHEN served THEN one listing answers all of them', async () => {
    const { client, calls } = countingClient([user('u1', 'a@x.io'), user('u2', 'b@x.io')], []);
    const directory = new Directory(client);
    const found = await Promise.all([
      directory.userById('u1'),
      directory.userById('u2'),
      directory.userByEmail('B@X.IO'),
    ]);
    expect(found.map((found) => found?.id)).toEqual(['u1', 'u2', 'u2']);
    expect(calls).toEqual({ 'users.listAll': 1 });
  });

  it('GIVEN an alias WHEN looked up THEN the user it belongs to is found', async () => {
    const { client } = countingClient([user('u1', 'a@x.io', ['Old.Name@x.io'])], []);
    expect((await new Directory(client).userByEmail('old.name@X.io'))?.id).toBe('u1');
  });

  it('GIVEN an id missing from the listing WHEN read THEN one GET confirms it is gone', async () => {
    const { client, calls } = countingClient([], []);
    expect(await new Directory(client).userById('u9')).toBeNull();
    expect(calls).toEqual({ 'users.listAll': 1, 'users.get': 1 });
  });

  it('GIVEN a loaded listing WHEN users are recorded and forgotten THEN reads see it without another listing', async () => {
    const { client, calls } = countingClient([user('u1', 'a@x.io')], []);
    const directory = new Directory(client);
    await directory.allUsers();
    directory.recordUser(user('u2', 'new@x.io'));
    directory.forgetUser('u1');
    expect((await directory.userByEmail('NEW@x.io'))?.id).toBe('u2');
    expect(await directory.userByEmail('a@x.io')).toBeNull();
    expect(calls['users.listAll']).toBe(1);
  });

  it('GIVEN an invalidated listing WHEN read again THEN it is listed again', async () => {
    const { client, calls } = countingClient([user('u1', 'a@x.io')], []);
    const directory = new Directory(client);
    await directory.allUsers();
    directory.invalidateUsers();
    await directory.allUsers();
    expect(calls['users.listAll']).toBe(2);
  });

  it('GIVEN a renamed group WHEN recorded THEN it is found by its new name only', async () => {
    const { client } = countingClient([], [group('g1', 'eng')]);
    const directory = new Directory(client);
    await directory.groupByName('eng');
    directory.recordGroup(group('g1', 'Platform'));
    expect((await directory.groupByName('platform'))?.id).toBe('g1');
    expect(await directory.groupByName('eng')).toBeNull();
  });

  it('GIVEN cached members WHEN one is forgotten THEN the cache drops it case-insensitively', async () => {
    const { client, calls } = countingClient([], []);
    const directory = new Directory(client);
    await directory.membersOf('g1');
    directory.forgetMember('g1', 'A@X.IO');
    expect(await directory.membersOf('g1')).toEqual(['b@x.io']);
    expect(calls['groups.listMembers']).toBe(1);
  });

  it('GIVEN a listing that fails WHEN read again THEN it is retried', async () => {
    let fail = true;
    const client = {
      users: {
        listAll: async () => {
          if (fail) throw new Error('boom');
          return [user('u1', 'a@x.io')];
        },
      },
    } as unknown as AponoClient;
    const directory = new Directory(client);
    await expect(directory.allUsers()).rejects.toThrow('boom');
    fail = false;
    expect(await directory.allUsers()).toHaveLength(1);
  });

  it('GIVEN a tenant whose users fit one page WHEN access is verified THEN that page serves every later lookup', async () => {
    const { client, calls } = countingClient([user('u1', 'a@x.io'), user('u2', 'b@x.io')], []);
    const directory = new Directory(client);
    await directory.verifyAccess();
    expect((await directory.userByEmail('b@x.io'))?.id).toBe('u2');
    expect(await directory.allUsers()).toHaveLength(2);
    expect(calls).toEqual({ 'users.firstPage': 1 });
  });

  it('GIVEN a tenant larger than one page WHEN access is verified THEN the full listing is read when needed', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => user(`u${i}`, `user${i}@x.io`));
    const { client, calls } = countingClient(many, []);
    const directory = new Directory(client);
    await directory.verifyAccess();
    expect(await directory.allUsers()).toHaveLength(1001);
    expect(calls).toEqual({ 'users.firstPage': 1, 'users.listAll': 1 });
  });

  it('GIVEN groups WHEN the groups of an email are asked THEN those that list it are found case-insensitively', async () => {
    const { client } = countingClient([], [group('g1', 'eng'), group('g2', 'ops')]);
    const groups = await new Directory(client).groupsOf('A@X.io');
    expect(groups.map((found) => found.name)).toEqual(['eng']);
  });

  it('GIVEN cached members of two groups WHEN a deleted user is forgotten everywhere THEN both caches drop her', async () => {
    const { client, calls } = countingClient([], []);
    const directory = new Directory(client);
    await directory.membersOf('g1');
    await directory.membersOf('g2');
    directory.forgetMemberEverywhere('A@x.io');
    expect(await directory.membersOf('g1')).toEqual(['b@x.io']);
    expect(await directory.membersOf('g2')).toEqual(['c@x.io']);
    expect(calls['groups.listMembers']).toBe(2);
  });

  it('GIVEN a group deleted after the listing WHEN the groups of an email are asked THEN it is skipped', async () => {
    const client = {
      groups: {
        listAll: async () => [group('g1', 'eng'), group('g9', 'gone')],
        listMembers: async (id: string) => {
          if (id === 'g9')
            throw new NotFoundError({ method: 'GET', path: '/api/admin/v1/groups/g9/members', status: 404 });
          return ['a@x.io'];
        },
      },
    } as unknown as AponoClient;
    expect((await new Directory(client).groupsOf('a@x.io')).map((found) => found.id)).toEqual(['g1']);
  });
});

describe('Directory: the user-write extension, probed once per process', () => {
  /** A client whose only call is the probe, answering `outcome` and counting calls. */
  function probing(outcome: () => Promise<{ version: number } | null>) {
    let probes = 0;
    const client = {
      users: {
        writeExtension: async () => {
          probes += 1;
          return outcome();
        },
      },
    } as unknown as AponoClient;
    return { directory: new Directory(client), probes: () => probes };
  }

  it.each([
    ['the extension answers', { version: 1 }, true],
    ['the probe is answered 404', null, false],
  ])(
    'GIVEN %s WHEN asked by many resources at once THEN one probe answers them all',
    async (_name, found, supported) => {
      const { directory, probes } = probing(async () => found);
      const answers = await Promise.all([1, 2, 3].map(() => directory.supportsUserWrites()));
      expect(answers).toEqual([supported, supported, supported]);
      expect(await directory.supportsUserWrites()).toBe(supported);
      expect(probes()).toBe(1);
    },
  );

  it('GIVEN the probe fails WHEN asked again THEN the failure is remembered, not probed again', async () => {
    const { directory, probes } = probing(async () => {
      throw new Error('503 after every retry');
    });
    await expect(directory.supportsUserWrites()).rejects.toThrow('503 after every retry');
    await expect(directory.supportsUserWrites()).rejects.toThrow('503 after every retry');
    expect(probes()).toBe(1);
  });

  it('GIVEN a directory WHEN access is verified and users are read THEN nothing is probed', async () => {
    const { client, calls } = countingClient([user('u1', 'a@x.io')], []);
    const directory = new Directory(client);
    await directory.verifyAccess();
    await directory.userByEmail('a@x.io');
    expect(Object.keys(calls)).toEqual(['users.firstPage']);
  });
});
