import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseByteSize } from '../../sandbox/byte-size';
import {
  JOURNAL_FILE,
  Journal,
  damagedLineMessage,
  parseJournal,
  shouldCompact,
} from '../../sandbox/journal';
import { mutationProblem } from '../../sandbox/journal-entries';
import type { Group, Mutation, User } from '../../sandbox/model';
import { Store } from '../../sandbox/store';
import { makeTempDir, removeTempDir } from '../helpers/sandbox';

function user(id: string, lastName = 'Doe'): User {
  return {
    id,
    email: `${id}@example.com`,
    email_aliases: [],
    first_name: 'Jo',
    last_name: lastName,
    active: true,
    roles: ['Grantee'],
    source_integration_id: null,
    source_integration_name: null,
    attributes: null,
    status: 'invited',
    phone_number: null,
    invited_at: '2026-11-30T00:00:00Z',
  };
}

/** An Apono-created group as a journal line holds it. */
const GROUP: Group = {
  id: 'g',
  name: 'x',
  source_id: null,
  source_integration_id: null,
  source_integration_name: null,
};

/** The state a journal file replays to, as the snapshot mutations (comparable across stores). */
function replayFile(file: string): Mutation[] {
  const store = new Store();
  for (const mutation of parseJournal(fs.readFileSync(file, 'utf8'), file).mutations) store.apply(mutation);
  return [...store.snapshot()];
}

/** Rewrites one user with a 64 KiB attribute until the journal starts compacting (its log says so). */
function growUntilCompacting(journal: Journal, logs: string[]): void {
  for (let i = 0; logs.length === 0; i++) {
    journal.commit({
      op: 'user.put',
      user: { ...user('big'), attributes: { blob: `${i}`.padEnd(64 * 1024, 'x') } },
    });
  }
}

describe('journal entry shapes', () => {
  test.each([
    ['a user.put without a user', { op: 'user.put', user: null }, /"user" must be an object/],
    [
      'a user.put whose user lacks an email',
      { op: 'user.put', user: { ...user('u1'), email: 7 } },
      /user\.email/,
    ],
    [
      'a user.put with non-string attributes',
      { op: 'user.put', user: { ...user('u1'), attributes: { a: 1 } } },
      /user\.attributes/,
    ],
    ['a group.put without an id', { op: 'group.put', group: { name: 'x' } }, /group\.id/],
    [
      'a group.put with members that are not a list',
      {
        op: 'group.put',
        group: GROUP,
        member_ids: 'u',
      },
      /member_ids/,
    ],
    ['a user.delete without an id', { op: 'user.delete' }, /"id" must be a string/],
    ['members.add without a user', { op: 'members.add', group_id: 'g' }, /"user_id"/],
    ['members.set with a string', { op: 'members.set', group_id: 'g', user_ids: 'u' }, /"user_ids"/],
    ['an unknown op', { op: 'user.explode' }, /unknown op "user\.explode"/],
    ['no op at all', { id: 'x' }, /unknown op/],
    ['an array', [1], /must be a JSON object/],
  ])('GIVEN %s THEN the problem names what is wrong', (_name, entry, problem) => {
    expect(mutationProblem(entry)).toMatch(problem);
  });

  test.each(Object.keys(user('u1')))(
    'GIVEN a user.put whose user lacks %s THEN the problem names that field',
    (field) => {
      const broken: Record<string, unknown> = { ...user('u1') };
      delete broken[field];
      expect(mutationProblem({ op: 'user.put', user: broken })).toContain(`"user.${field}"`);
    },
  );

  test.each<[string, Mutation]>([
    ['user.put', { op: 'user.put', user: user('u1') }],
    ['user.delete', { op: 'user.delete', id: 'u1' }],
    [
      'group.put with members',
      {
        op: 'group.put',
        group: GROUP,
        member_ids: ['u1'],
      },
    ],
    ['group.delete', { op: 'group.delete', id: 'g' }],
    ['members.add', { op: 'members.add', group_id: 'g', user_id: 'u1' }],
    ['members.remove', { op: 'members.remove', group_id: 'g', user_id: 'u1' }],
    ['members.set', { op: 'members.set', group_id: 'g', user_ids: [] }],
    ['reset', { op: 'reset' }],
  ])('GIVEN a valid %s THEN there is no problem', (_name, mutation) => {
    expect(mutationProblem(mutation)).toBeNull();
  });
});

describe('journal parsing errors', () => {
  const good = '{"op":"user.delete","id":"a"}';

  test('GIVEN a well-formed JSON line that is not a valid write, last in the file THEN it is an error, not a torn write', () => {
    expect(() => parseJournal(`${good}\n{"op":"user.put","user":null}\n`, '/data/journal.jsonl')).toThrow(
      '/data/journal.jsonl line 2 is corrupt: "user" must be an object',
    );
  });

  test('GIVEN an unparsable line in the middle THEN the error names the file, the line and the way out', () => {
    expect(() => parseJournal(`${good}\n${good}\n{oops\n${good}\n`, '/data/journal.jsonl')).toThrow(
      damagedLineMessage('/data/journal.jsonl', 3, 'not valid JSON').split(':')[0],
    );
  });

  test('GIVEN a damaged line 7 THEN the message says to remove lines 7.. or restore from a backup', () => {
    expect(damagedLineMessage('/d/journal.jsonl', 7, 'why')).toMatch(
      /^\/d\/journal\.jsonl line 7 is corrupt: why\. .*remove lines 7\.\. .*or restore \/d\/journal\.jsonl from a backup/,
    );
  });
});

describe('when to compact', () => {
  test.each([
    [1000, 400, 999, true, 'past the threshold and twice the compacted size'],
    [1000, 400, 1000, false, 'at the threshold, not past it'],
    [1000, 600, 10, false, 'below twice the compacted size'],
    [1201, 600, 10, true, 'past twice the compacted size'],
    [5000, 100, 32 << 20, false, 'below the threshold'],
  ])('GIVEN size %d, compacted %d, threshold %d THEN %s (%s)', (size, compacted, threshold, expected) => {
    expect(shouldCompact(size, compacted, threshold)).toBe(expected);
  });
});

describe('--compact-threshold sizes', () => {
  test.each([
    ['4096', 4096],
    ['64K', 64 * 1024],
    ['32m', 32 * 1024 * 1024],
    ['1G', 1024 ** 3],
    ['0', 0],
    ['', null],
    ['12 MB', null],
    ['-1', null],
    ['1.5M', null],
    ['99999999999999999G', null],
  ])('GIVEN %j THEN the size is %s', (text, expected) => {
    expect(parseByteSize(text)).toBe(expected);
  });
});

describe('online compaction (in process)', () => {
  const dirs: string[] = [];
  const journals: Journal[] = [];
  afterAll(() => {
    journals.forEach((journal) => journal.close());
    dirs.forEach(removeTempDir);
  });
  const openJournal = (store: Store, compactThresholdBytes: number, log?: (m: string) => void): string => {
    const dir = makeTempDir();
    dirs.push(dir);
    const journal = Journal.open(dir, store, { compactThresholdBytes, log });
    journals.push(journal);
    return dir;
  };

  test('GIVEN writes that arrive while a compaction runs WHEN it finishes THEN the new journal replays to the store, including them', async () => {
    const store = new Store();
    for (let i = 0; i < 3000; i++) store.apply({ op: 'user.put', user: user(`seed${i}`) });
    const logs: string[] = [];
    const dir = openJournal(store, 1, (message) => logs.push(message));
    const journal = journals[journals.length - 1];
    const file = path.join(dir, JOURNAL_FILE);
    const inodeBefore = fs.statSync(file).ino;

    growUntilCompacting(journal, logs);
    // The compaction is now in the background; keep writing between its chunks.
    let during = 0;
    const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    for (; during < 50; during++) {
      journal.commit({ op: 'user.put', user: user(`late${during}`) });
      await tick();
    }
    await journal.idle();

    const finished =
      /^compacted the journal: \d+ -> \d+ bytes in \d+ ms \((\d+) writes arrived meanwhile\)$/.exec(
        logs[logs.length - 1],
      );
    expect(Number(finished?.[1])).toBeGreaterThan(0);
    expect(fs.statSync(file).ino).not.toBe(inodeBefore);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(`${file}.tmp`)).toBe(false);
    expect(replayFile(file)).toEqual([...store.snapshot()]);
    expect(store.users.get('late49')).toBeDefined();
  });

  test('GIVEN a compaction in progress WHEN the journal is closed THEN the temp file is removed and the old journal holds every write', async () => {
    const store = new Store();
    for (let i = 0; i < 3000; i++) store.apply({ op: 'user.put', user: user(`seed${i}`) });
    const logs: string[] = [];
    const dir = openJournal(store, 1, (message) => logs.push(message));
    const journal = journals[journals.length - 1];
    const file = path.join(dir, JOURNAL_FILE);
    growUntilCompacting(journal, logs);
    journal.commit({ op: 'user.put', user: user('last') });

    journal.close();
    await journal.idle();

    expect(fs.existsSync(`${file}.tmp`)).toBe(false);
    expect(logs).toHaveLength(1);
    expect(replayFile(file)).toEqual([...store.snapshot()]);
  });

  test('GIVEN a journal below its threshold WHEN written to THEN it is not compacted', () => {
    const store = new Store();
    const logs: string[] = [];
    const dir = openJournal(store, 1 << 20, (message) => logs.push(message));
    const journal = journals[journals.length - 1];
    const inode = fs.statSync(path.join(dir, JOURNAL_FILE)).ino;
    for (let i = 0; i < 100; i++) journal.commit({ op: 'user.put', user: user(`u${i}`) });
    expect(logs).toEqual([]);
    expect(fs.statSync(path.join(dir, JOURNAL_FILE)).ino).toBe(inode);
  });
});
