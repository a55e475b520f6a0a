import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, removeTempDir, startSandboxProcess, type SandboxHandle } from '../helpers/sandbox';
import { inviteUser } from './fixtures';

const modeOf = (file: string): number => fs.statSync(file).mode & 0o777;

describe('data on disk is private (--data)', () => {
  const running: SandboxHandle[] = [];
  const dirs: string[] = [];
  const tempDir = (): string => {
    const dir = makeTempDir();
    dirs.push(dir);
    return dir;
  };
  const start = async (dataDir: string): Promise<SandboxHandle> => {
    const sandbox = await startSandboxProcess({ dataDir });
    running.push(sandbox);
    return sandbox;
  };
  afterAll(async () => {
    await Promise.all(running.map((sandbox) => sandbox.kill()));
    dirs.forEach(removeTempDir);
  });

  test('GIVEN a data directory that does not exist WHEN the sandbox starts and takes a write THEN the directory is 0700 and the journal 0600', async () => {
    const dataDir = path.join(tempDir(), 'fresh');
    const sandbox = await start(dataDir);
    await inviteUser(sandbox, 'private@example.com');
    expect(modeOf(dataDir).toString(8)).toBe('700');
    expect(modeOf(path.join(dataDir, 'journal.jsonl')).toString(8)).toBe('600');
    await sandbox.stop();
  });

  test('GIVEN a 0755 data directory holding a 0644 journal WHEN the sandbox starts THEN both are made private', async () => {
    const dataDir = path.join(tempDir(), 'wide');
    const first = await start(dataDir);
    await inviteUser(first, 'wide@example.com');
    await first.stop();
    fs.chmodSync(dataDir, 0o755);
    fs.chmodSync(path.join(dataDir, 'journal.jsonl'), 0o644);

    const second = await start(dataDir);
    expect(modeOf(dataDir).toString(8)).toBe('700');
    expect(modeOf(path.join(dataDir, 'journal.jsonl')).toString(8)).toBe('600');
    await second.stop();
  });
});

/** Starts a sandbox that is expected to refuse; one that starts anyway is stopped and reported. */
async function startFailure(dataDir: string): Promise<string> {
  let sandbox: SandboxHandle;
  try {
    sandbox = await startSandboxProcess({ dataDir });
  } catch (error) {
    return (error as Error).message;
  }
  await sandbox.kill();
  return 'the sandbox started';
}

describe('a malformed journal line fails the start with the file, the line and how to recover', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(removeTempDir));

  const header = '{"op":"header","format":"apono-sandbox-journal","version":1}';
  const goodLine = '{"op":"user.delete","id":"u_gone"}';
  // Each journal has its damage on line 3 (line 1 is the header, line 2 a good mutation).
  test.each([
    ['a user.put without a user', '{"op":"user.put","user":null}', true],
    ['a group.put whose group has no id', '{"op":"group.put","group":{"name":"x"}}', true],
    ['members.set with a non-array', '{"op":"members.set","group_id":"g","user_ids":"u"}', true],
    ['an unknown op', '{"op":"user.explode","id":"u"}', true],
    ['invalid JSON', '{"op":"user.put", oops', true],
    ['a user.put without a user, as the LAST line', '{"op":"user.put","user":null}', false],
  ])(
    'GIVEN %s on line 3 WHEN the sandbox starts THEN it refuses, naming the file, line 3 and the way out',
    async (_name, damaged, followedByMore) => {
      const dataDir = makeTempDir();
      dirs.push(dataDir);
      const journal = path.join(dataDir, 'journal.jsonl');
      const lines = [header, goodLine, damaged, ...(followedByMore ? [goodLine] : [])];
      fs.writeFileSync(journal, lines.join('\n') + '\n', { mode: 0o600 });

      const failure = await startFailure(dataDir);
      expect(failure).toContain(`${journal} line 3`);
      expect(failure).toMatch(/remove lines 3\.\. .*or restore .* from a backup/);
    },
  );

  test('GIVEN a torn last line (a crash mid-write) WHEN the sandbox starts THEN it starts without that line', async () => {
    const dataDir = makeTempDir();
    dirs.push(dataDir);
    fs.writeFileSync(
      path.join(dataDir, 'journal.jsonl'),
      `${header}\n${goodLine}\n{"op":"user.put","user":{"id":"u_half","ema`,
    );
    const sandbox = await startSandboxProcess({ dataDir });
    const users = await sandbox.control.request('GET', '/api/admin/v3/users');
    await sandbox.stop();
    expect(users.body).toEqual(expect.objectContaining({ items: [] }));
  });
});
