import { startSandboxProcess, type SandboxHandle } from '../helpers/sandbox';
import { inviteUser } from './fixtures';

describe('authentication and routing', () => {
  let sandbox: SandboxHandle;
  beforeAll(async () => {
    sandbox = await startSandboxProcess({ token: 'right-token' });
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  test.each([
    ['GET', '/api/admin/v3/users'],
    ['POST', '/api/admin/v1/groups'],
    ['GET', '/api/v2/users'],
    ['GET', '/_sandbox/stats'],
    ['POST', '/_sandbox/reset'],
    ['GET', '/no/such/route'],
  ])('GIVEN no token WHEN %s %s THEN 401 with the documented body', async (method, path) => {
    const response = await fetch(`${sandbox.url}${path}`, { method });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ status: '401', code: 'Unauthorized' });
  });

  test('GIVEN a wrong token WHEN listing users THEN 401', async () => {
    const response = await fetch(`${sandbox.url}/api/admin/v3/users`, {
      headers: { authorization: 'Bearer wrong-token' },
    });
    expect(response.status).toBe(401);
  });

  test('GIVEN the token without the Bearer scheme WHEN listing users THEN 401', async () => {
    const response = await fetch(`${sandbox.url}/api/admin/v3/users`, {
      headers: { authorization: 'right-token' },
    });
    expect(response.status).toBe(401);
  });

  test.each([
    ['GET', '/api/admin/v3/users/u_missing'],
    ['PATCH', '/api/admin/v3/users/u_missing'],
    ['DELETE', '/api/admin/v3/users/u_missing'],
    ['POST', '/api/admin/v3/users/u_missing/invitation'],
    ['GET', '/api/v2/users/nobody@example.com'],
    ['GET', '/api/admin/v1/groups/g_missing'],
    ['DELETE', '/api/admin/v1/groups/g_missing'],
    ['PUT', '/api/admin/v1/groups/g_missing/name'],
    ['GET', '/api/admin/v1/groups/g_missing/members'],
    ['PUT', '/api/admin/v1/groups/g_missing/members/a@b.co'],
    ['POST', '/_sandbox/users/u_missing/accept'],
  ])('GIVEN an unknown id WHEN %s %s THEN 404 NotFound', async (method, path) => {
    const body =
      method === 'PATCH'
        ? { first_name: 'X' }
        : method === 'PUT' && path.endsWith('name')
          ? { name: 'x' }
          : undefined;
    const response = await sandbox.control.request(method, path, body);
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'NotFound' });
  });

  test.each([['/api/admin/v4/users'], ['/api/admin/v1/groups/g1/owners'], ['/ui'], ['/_sandbox/nothing']])(
    'GIVEN an unknown route %s WHEN requested with the token THEN 404',
    async (path) => {
      expect((await sandbox.control.request('GET', path)).status).toBe(404);
    },
  );

  test.each([
    ['DELETE', '/api/admin/v3/users', 'GET, POST'],
    ['PUT', '/api/admin/v3/users/u1', 'GET, PATCH, DELETE'],
    ['POST', '/api/admin/v1/groups/g1', 'GET, DELETE'],
    ['GET', '/api/admin/v1/groups/g1/name', 'PUT'],
    ['POST', '/api/v2/users', 'GET'],
  ])('GIVEN a known path WHEN called with %s THEN 405 with an Allow header', async (method, path, allow) => {
    const response = await sandbox.control.request(method, path);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe(allow);
  });

  test('GIVEN a trailing slash WHEN getting a user THEN it names the same resource', async () => {
    const user = await inviteUser(sandbox, 'slash@example.com');
    expect((await sandbox.control.request('GET', `/api/admin/v3/users/${user.id}/`)).status).toBe(200);
  });

  test('GIVEN malformed JSON WHEN inviting THEN 400 with a message', async () => {
    const response = await fetch(`${sandbox.url}/api/admin/v3/users`, {
      method: 'POST',
      headers: { authorization: 'Bearer right-token', 'content-type': 'application/json' },
      body: '{"email": ',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: 'the request body is not valid JSON' });
  });

  test('GIVEN a path with bad percent-encoding WHEN requested with the token THEN 400', async () => {
    expect((await sandbox.control.request('GET', '/api/admin/v3/users/%E0%A4%A')).status).toBe(400);
  });

  test('GIVEN a path with bad percent-encoding WHEN requested without the token THEN 401', async () => {
    expect((await fetch(`${sandbox.url}/api/admin/v3/users/%E0%A4%A`)).status).toBe(401);
  });
});
