/**
 * The user-write extension's probe, and a sandbox started without the extension: it then answers
 * the probe and every user write 404, as an Apono tenant without the extension does.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { startSandboxProcess, type SandboxHandle } from '../helpers/sandbox';
import { schemaErrors } from './api-schemas';
import { createGroup, invitation } from './fixtures';

const PROBE = '/api/admin/v3/user-writes';
const SANDBOX_BIN = path.resolve(__dirname, '..', '..', 'bin', 'apono-sandbox');

describe('the user-write extension probe (GET /api/admin/v3/user-writes)', () => {
  let sandbox: SandboxHandle | undefined;
  afterAll(async () => {
    await sandbox?.stop();
  });

  test('GIVEN a sandbox with the extension WHEN probed THEN 200 {"version": 1}, valid against its schema', async () => {
    sandbox = await startSandboxProcess();
    const response = await sandbox.control.request('GET', PROBE);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ version: 1 });
    expect(schemaErrors('user-writes', response.body)).toEqual([]);
  });
});

describe('a sandbox started with --no-user-writes', () => {
  let sandbox: SandboxHandle;
  beforeAll(async () => {
    sandbox = await startSandboxProcess({ userWrites: false });
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  test.each([
    ['GET', PROBE, undefined],
    ['POST', '/api/admin/v3/users', invitation('new@example.com')],
    ['PATCH', '/api/admin/v3/users/u_1', { first_name: 'X' }],
    ['DELETE', '/api/admin/v3/users/u_1', undefined],
    ['POST', '/api/admin/v3/users/u_1/invitation', undefined],
  ])(
    'GIVEN no extension WHEN %s %s THEN 404 NotFound, as for a route that does not exist',
    async (method, path, body) => {
      const response = await sandbox.control.request(method, path, body);
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ message: `no such endpoint: ${method} ${path}`, code: 'NotFound' });
    },
  );

  test('GIVEN no extension WHEN an invite is refused THEN no user was made and the listing still answers', async () => {
    await sandbox.control.request('POST', '/api/admin/v3/users', invitation('new@example.com'));
    const list = await sandbox.control.request('GET', '/api/admin/v3/users?limit=10');
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ items: [] });
  });

  test('GIVEN no extension WHEN a group is created THEN group writes still work', async () => {
    expect((await createGroup(sandbox, 'still-works')).name).toBe('still-works');
  });

  test('GIVEN no extension WHEN a user write is refused THEN the stats count it under its route', async () => {
    await sandbox.control.resetStats();
    await sandbox.control.request('DELETE', '/api/admin/v3/users/u_9');
    expect(await sandbox.control.stats()).toEqual({ 'DELETE /api/admin/v3/users/{id}': 1 });
  });
});

describe('the --no-user-writes flag', () => {
  test('GIVEN --help WHEN run THEN the usage documents --no-user-writes', () => {
    const result = spawnSync(process.execPath, [SANDBOX_BIN, '--help'], {
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/--no-user-writes +answer the user-write extension's routes 404/);
  });
});
