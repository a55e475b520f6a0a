import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, removeTempDir, startSandboxProcess, type SandboxHandle } from '../helpers/sandbox';
import { schemaErrors } from './api-schemas';
import {
  createGroup,
  invitation,
  inviteUser,
  memberEmails,
  writeSeedFile,
  type WireGroup,
  type WirePage,
  type WireUser,
} from './fixtures';

/** Everything observable through the API, for before/after comparisons. */
async function dump(
  sandbox: SandboxHandle,
): Promise<{ users: WireUser[]; groups: Array<WireGroup & { members: string[] }> }> {
  const users = (await sandbox.control.request('GET', '/api/admin/v3/users?limit=1000'))
    .body as WirePage<WireUser>;
  const groups = (await sandbox.control.request('GET', '/api/admin/v1/groups?limit=1000'))
    .body as WirePage<WireGroup>;
  const withMembers = await Promise.all(
    groups.items.map(async (group) => ({
      ...group,
      members: memberEmails(
        (await sandbox.control.request('GET', `/api/admin/v1/groups/${group.id}/members?limit=1000`)).body,
      ),
    })),
  );
  return { users: users.items, groups: withMembers };
}

describe('persistence with --data', () => {
  const running: SandboxHandle[] = [];
  const dirs: string[] = [];
  const start = async (options: { dataDir: string; seedFile?: string }): Promise<SandboxHandle> => {
    const sandbox = await startSandboxProcess(options);
    running.push(sandbox);
    return sandbox;
  };
  const tempDir = (): string => {
    const dir = makeTempDir();
    dirs.push(dir);
    return dir;
  };
  afterAll(async () => {
    await Promise.all(running.map((sandbox) => sandbox.kill()));
    dirs.forEach(removeTempDir);
  });

  test('GIVEN users, groups and changes WHEN the sandbox is stopped and started again THEN the state is identical', async () => {
    const dataDir = tempDir();
    const first = await start({ dataDir });
    const ada = await inviteUser(first, 'Ada@Example.com', { phone_number: '+14155550123' });
    const bob = await inviteUser(first, 'bob@example.com');
    await inviteUser(first, 'carol@example.com');
    await first.control.request('PATCH', `/api/admin/v3/users/${ada.id}`, {
      roles: ['Admin'],
      phone_number: null,
    });
    await first.control.accept(ada.id);
    const group = await createGroup(first, 'Team', [
      'ada@example.com',
      'bob@example.com',
      'carol@example.com',
    ]);
    await first.control.request('PUT', `/api/admin/v1/groups/${group.id}/name`, { name: 'Renamed' });
    await first.control.request('DELETE', `/api/admin/v3/users/${bob.id}`);
    await createGroup(first, 'Doomed').then((g) =>
      first.control.request('DELETE', `/api/admin/v1/groups/${g.id}`),
    );
    const before = await dump(first);
    await first.stop();
    expect(first.process.exitCode).toBe(0);

    const second = await start({ dataDir });
    expect(await dump(second)).toEqual(before);
    expect(before.groups).toEqual([
      expect.objectContaining({ name: 'Renamed', members: ['Ada@Example.com', 'carol@example.com'] }),
    ]);
    await second.stop();
  });

  test('GIVEN a restarted sandbox WHEN a deleted email is re-invited and an old name reused THEN the indexes were rebuilt', async () => {
    const dataDir = tempDir();
    const first = await start({ dataDir });
    const user = await inviteUser(first, 'again@example.com');
    await createGroup(first, 'Taken');
    await first.control.request('DELETE', `/api/admin/v3/users/${user.id}`);
    await first.stop();
    const second = await start({ dataDir });
    expect(
      (await second.control.request('POST', '/api/admin/v3/users', invitation('AGAIN@example.com'))).status,
    ).toBe(201);
    expect(
      (await second.control.request('POST', '/api/admin/v1/groups', { name: 'taken', members_emails: [] }))
        .status,
    ).toBe(409);
    await second.stop();
  });

  test('GIVEN a seeded store that was changed WHEN restarted with the same --data and --seed THEN the seed is not applied again', async () => {
    const dataDir = tempDir();
    const seedFile = writeSeedFile(tempDir(), {
      users: [{ id: 'u_seeded', email: 'seeded@example.com', first_name: 'S', last_name: 'Eeded' }],
      groups: [{ name: 'Seeded group' }],
    });
    const first = await start({ dataDir, seedFile });
    await first.control.request('DELETE', '/api/admin/v3/users/u_seeded');
    await first.stop();
    const second = await start({ dataDir, seedFile });
    const state = await dump(second);
    expect(state.users).toEqual([]);
    expect(state.groups.map((g) => g.name)).toEqual(['Seeded group']);
    await second.stop();
  });

  test('GIVEN a store WHEN reset through the control API and restarted THEN it stays empty', async () => {
    const dataDir = tempDir();
    const first = await start({ dataDir });
    await inviteUser(first, 'wiped@example.com');
    await first.control.reset();
    await first.stop();
    const second = await start({ dataDir });
    expect((await dump(second)).users).toEqual([]);
    await second.stop();
  });

  test('GIVEN a journal whose last line was torn by a crash WHEN started THEN the torn line is ignored', async () => {
    const dataDir = tempDir();
    const first = await start({ dataDir });
    const user = await inviteUser(first, 'kept@example.com');
    await first.stop();
    fs.appendFileSync(path.join(dataDir, 'journal.jsonl'), '{"op":"user.put","user":{"id":"u_half","ema');
    const second = await start({ dataDir });
    expect((await dump(second)).users).toEqual([user]);
    await second.stop();
  });

  test('GIVEN a journal corrupted in the middle WHEN started THEN the sandbox refuses to start', async () => {
    const dataDir = tempDir();
    const first = await start({ dataDir });
    await inviteUser(first, 'one@example.com');
    await first.stop();
    fs.appendFileSync(path.join(dataDir, 'journal.jsonl'), 'garbage\n{"op":"reset"}\n');
    await expect(startSandboxProcess({ dataDir })).rejects.toThrow(/corrupt/);
  });

  test('GIVEN a storm of concurrent writes WHEN the sandbox is SIGKILLed mid-storm THEN every acknowledged write survives, complete', async () => {
    const dataDir = tempDir();
    const first = await start({ dataDir });
    for (let i = 0; i < 5; i++) await inviteUser(first, `base${i}@example.com`);
    const baseMembers = Array.from({ length: 5 }, (_, i) => `base${i}@example.com`);

    const acknowledgedUsers: WireUser[] = [];
    const acknowledgedGroups: WireGroup[] = [];
    const acknowledgedPatches = new Map<string, string>();
    let acknowledged = 0;
    let killed: Promise<void> | null = null;
    // Early enough that the SIGKILL lands before the sandbox has answered every creation, even on
    // a quiet machine (at 150 a fast run could answer all 600 before the signal arrived).
    const KILL_AFTER = 40;
    const record = (): void => {
      acknowledged++;
      // Kill while most of the storm is still in flight.
      if (acknowledged === KILL_AFTER) killed = first.kill();
    };
    const attempt = async (write: () => Promise<void>): Promise<void> => {
      try {
        await write();
      } catch {
        // Reset by the SIGKILL: not acknowledged, so the write may or may not have happened.
      }
    };
    const storm = Array.from({ length: 600 }, (_, i) =>
      attempt(async () => {
        if (i % 3 === 2) {
          const response = await first.control.request('POST', '/api/admin/v1/groups', {
            name: `storm-group-${i}`,
            members_emails: baseMembers,
          });
          if (response.status === 200) {
            acknowledgedGroups.push(response.body as WireGroup);
            record();
          }
        } else {
          const response = await first.control.request(
            'POST',
            '/api/admin/v3/users',
            invitation(`storm${i}@example.com`),
          );
          if (response.status !== 201) return;
          acknowledgedUsers.push(response.body as WireUser);
          record();
          const user = response.body as WireUser;
          const patched = await first.control.request('PATCH', `/api/admin/v3/users/${user.id}`, {
            last_name: `L${i}`,
          });
          if (patched.status === 200) {
            acknowledgedPatches.set(user.id, `L${i}`);
            record();
          }
        }
      }),
    );
    await Promise.all(storm);
    await (killed ?? first.kill());
    expect(first.process.signalCode).toBe('SIGKILL');
    expect(acknowledged).toBeGreaterThanOrEqual(KILL_AFTER);
    // The kill really landed mid-storm: some creations never got an answer.
    expect(acknowledgedUsers.length + acknowledgedGroups.length).toBeLessThan(600);

    const second = await start({ dataDir });
    const state = await dump(second);
    const byId = new Map(state.users.map((user) => [user.id, user]));
    for (const user of state.users) expect(schemaErrors('user', user)).toEqual([]);
    for (const user of acknowledgedUsers) {
      expect(byId.get(user.id)).toEqual({
        ...user,
        last_name: acknowledgedPatches.get(user.id) ?? expect.any(String),
      });
    }
    const groupsById = new Map(state.groups.map((group) => [group.id, group]));
    for (const group of acknowledgedGroups) {
      expect(groupsById.get(group.id)).toEqual({ ...group, members: baseMembers });
    }
    for (const group of state.groups) {
      expect(schemaErrors('group', group)).toEqual([]);
      expect(group.members).toEqual(baseMembers);
    }
    await second.stop();
  });
});
