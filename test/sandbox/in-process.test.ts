import { startSandbox, type RunningSandbox } from '../../sandbox';
import { makeTempDir, removeTempDir, sandboxRequest } from '../helpers/sandbox';

describe('startSandbox in-process', () => {
  const started: RunningSandbox[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(started.map((sandbox) => sandbox.close()));
    dirs.forEach(removeTempDir);
  });

  test('GIVEN port 0 WHEN started in-process THEN it listens on 127.0.0.1 with an OS-chosen port', async () => {
    const sandbox = await startSandbox({ token: 't' });
    started.push(sandbox);
    expect(sandbox.url).toBe(`http://127.0.0.1:${sandbox.port}`);
    expect(sandbox.port).toBeGreaterThan(0);
    expect((await sandboxRequest(sandbox.url, 't', 'GET', '/_sandbox/health')).status).toBe(200);
  });

  test('GIVEN seed JSON WHEN started in-process THEN the seeded users are served', async () => {
    const sandbox = await startSandbox({
      token: 't',
      seed: { users: [{ id: 'u_1', email: 'a@example.com', first_name: 'A', last_name: 'B' }] },
    });
    started.push(sandbox);
    expect((await sandboxRequest(sandbox.url, 't', 'GET', '/api/admin/v3/users/u_1')).status).toBe(200);
  });

  test('GIVEN a data dir WHEN closed and started again in-process THEN writes survive', async () => {
    const dataDir = makeTempDir();
    dirs.push(dataDir);
    const first = await startSandbox({ token: 't', dataDir });
    const created = await sandboxRequest(first.url, 't', 'POST', '/api/admin/v1/groups', {
      name: 'kept',
      members_emails: [],
    });
    await first.close();
    const second = await startSandbox({ token: 't', dataDir });
    started.push(second);
    const id = (created.body as { id: string }).id;
    expect((await sandboxRequest(second.url, 't', 'GET', `/api/admin/v1/groups/${id}`)).status).toBe(200);
  });

  test('GIVEN an empty token WHEN started THEN it refuses', async () => {
    await expect(startSandbox({ token: '' })).rejects.toThrow(/token/);
  });
});
