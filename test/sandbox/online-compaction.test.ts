import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, removeTempDir, startSandboxProcess, type SandboxHandle } from '../helpers/sandbox';
import { invitation, type WirePage, type WireUser } from './fixtures';

/** At least this many kill-and-restart rounds... */
const MIN_ROUNDS = 6;
/** ...and more, up to this many, until this many kills have landed before a compaction's rename. */
const MAX_ROUNDS = 20;
const KILLS_BEFORE_RENAME = 3;
const WORKERS = 16;
/** Tiny, so the journal is compacted every few hundred writes. */
const COMPACT_THRESHOLD = '16K';

/** What the clients were told: the latest acknowledged state of each user they wrote. */
interface Acknowledged {
  /** User id -> the user as last acknowledged (invite answer, then patch). */
  users: Map<string, WireUser>;
  /** Users whose deletion was acknowledged. */
  deleted: Set<string>;
  /** Users with a write sent after their last acknowledged one and never answered (it may or may not have landed). */
  uncertain: Set<string>;
}

async function allUsers(sandbox: SandboxHandle): Promise<WireUser[]> {
  const users: WireUser[] = [];
  let token: string | null = null;
  do {
    const query: string = token === null ? '' : `&page_token=${encodeURIComponent(token)}`;
    const page = (await sandbox.control.request('GET', `/api/admin/v3/users?limit=1000${query}`))
      .body as WirePage<WireUser>;
    users.push(...page.items);
    token = page.pagination.next_page_token;
  } while (token !== null);
  return users;
}

/**
 * One writer: invites a user, renames it, and deletes every third one, recording each answer it
 * got; stops at the first failed request (the kill).
 */
async function writer(sandbox: SandboxHandle, prefix: string, acked: Acknowledged): Promise<void> {
  for (let n = 0; ; n++) {
    let id: string | null = null;
    try {
      const invited = await sandbox.control.request(
        'POST',
        '/api/admin/v3/users',
        invitation(`${prefix}-${n}@example.com`),
      );
      if (invited.status !== 201) throw new Error(`invite answered ${invited.status}`);
      const user = invited.body as WireUser;
      id = user.id;
      acked.users.set(id, user);
      const patched = await sandbox.control.request('PATCH', `/api/admin/v3/users/${id}`, {
        last_name: `Renamed${n}`,
      });
      if (patched.status !== 200) throw new Error(`patch answered ${patched.status}`);
      acked.users.set(id, patched.body as WireUser);
      if (n % 3 === 0) {
        const deleted = await sandbox.control.request('DELETE', `/api/admin/v3/users/${id}`);
        if (deleted.status !== 204) throw new Error(`delete answered ${deleted.status}`);
        acked.users.delete(id);
        acked.deleted.add(id);
      }
    } catch {
      // The connection died with the sandbox: the write in flight was not acknowledged.
      if (id !== null) acked.uncertain.add(id);
      return;
    }
  }
}

/**
 * Asserts the restarted state holds every acknowledged write; a user with an unanswered write may be
 * in either state, and what the restart shows becomes its acknowledged state from then on.
 */
function expectAcknowledgedState(users: WireUser[], acked: Acknowledged): void {
  const byId = new Map(users.map((user) => [user.id, user]));
  for (const [id, user] of acked.users) {
    if (!acked.uncertain.has(id)) {
      expect(byId.get(id)).toEqual(user);
      continue;
    }
    const now = byId.get(id);
    if (now === undefined) {
      acked.users.delete(id);
      acked.deleted.add(id);
    } else {
      expect(now.email).toBe(user.email);
      acked.users.set(id, now);
    }
  }
  for (const id of acked.deleted) expect(byId.has(id)).toBe(false);
  acked.uncertain.clear();
}

describe('--compact-threshold', () => {
  const BIN = path.resolve(__dirname, '..', '..', 'bin', 'apono-sandbox');

  test.each(['12MB', '-1', 'lots'])(
    'GIVEN --compact-threshold %j WHEN the sandbox starts THEN it exits 2 naming the flag',
    (value) => {
      const result = spawnSync(process.execPath, [BIN, '--token', 't', `--compact-threshold=${value}`], {
        encoding: 'utf8',
        timeout: 10_000,
      });
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(`--compact-threshold must be a size in bytes`);
    },
  );
});

describe('online compaction under SIGKILL', () => {
  const running: SandboxHandle[] = [];
  let dataDir = '';
  afterAll(async () => {
    await Promise.all(running.map((sandbox) => sandbox.kill()));
    if (dataDir !== '') removeTempDir(dataDir);
  });

  test('GIVEN a sandbox hammered with writes WHEN it is SIGKILLed while compacting its journal, round after round THEN every acknowledged write survives each restart', async () => {
    dataDir = makeTempDir();
    const journal = path.join(dataDir, 'journal.jsonl');
    const acked: Acknowledged = { users: new Map(), deleted: new Set(), uncertain: new Set() };
    let killedBeforeRename = 0;
    let compactionsSeen = 0;

    let round = 0;
    for (; round < MIN_ROUNDS || (killedBeforeRename < KILLS_BEFORE_RENAME && round < MAX_ROUNDS); round++) {
      const sandbox = await startSandboxProcess({
        dataDir,
        args: ['--compact-threshold', COMPACT_THRESHOLD],
      });
      running.push(sandbox);

      // GIVEN the state so far survived the previous kill
      expectAcknowledgedState(await allUsers(sandbox), acked);

      // WHEN it is hammered and killed at a random moment after a compaction starts
      let compactions = 0;
      const killed = new Promise<void>((resolve) => {
        const onLog = (chunk: Buffer | string): void => {
          compactions += (chunk.toString().match(/compacting the journal/g) ?? []).length;
          // Let the first compaction of the round finish, so some kills also land in later ones.
          if (compactions < 2) return;
          sandbox.process.stderr?.off('data', onLog);
          setTimeout(() => void sandbox.kill().then(resolve), Math.floor(Math.random() * 4));
        };
        sandbox.process.stderr?.on('data', onLog);
      });
      const writers = Array.from({ length: WORKERS }, (_, w) => writer(sandbox, `r${round}w${w}`, acked));
      await killed;
      await Promise.all(writers);
      compactionsSeen += compactions;
      expect(sandbox.process.signalCode).toBe('SIGKILL');
      if (fs.existsSync(`${journal}.tmp`)) killedBeforeRename++;
    }

    // THEN the last restart holds every acknowledged write, from a journal that replays cleanly
    const final = await startSandboxProcess({ dataDir, args: ['--compact-threshold', COMPACT_THRESHOLD] });
    running.push(final);
    expectAcknowledgedState(await allUsers(final), acked);
    await final.stop();
    expect(acked.users.size + acked.deleted.size).toBeGreaterThan(round * WORKERS);
    expect(compactionsSeen).toBeGreaterThanOrEqual(2 * round);
    // The kills really landed inside compactions (a temp file left behind), not only between them;
    // each lands there about half the time, so 20 rounds make missing 3 vanishingly unlikely.
    expect(killedBeforeRename).toBeGreaterThanOrEqual(KILLS_BEFORE_RENAME);
  }, 240_000);
});
