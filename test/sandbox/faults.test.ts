import { performance } from 'node:perf_hooks';
import { startSandboxProcess, type SandboxHandle } from '../helpers/sandbox';
import { createGroup, inviteUser } from './fixtures';

describe('fault injection', () => {
  let sandbox: SandboxHandle;
  beforeAll(async () => {
    sandbox = await startSandboxProcess();
  });
  afterEach(async () => {
    await sandbox.control.setFaults({});
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  const timed = async (path: string): Promise<{ status: number; ms: number }> => {
    const started = performance.now();
    const response = await sandbox.control.request('GET', path);
    return { status: response.status, ms: performance.now() - started };
  };

  test('GIVEN latency_ms 400 WHEN an /api/ request is made THEN it takes at least 400 ms', async () => {
    await sandbox.control.setFaults({ latency_ms: 400 });
    const { status, ms } = await timed('/api/admin/v3/users');
    expect(status).toBe(200);
    expect(ms).toBeGreaterThanOrEqual(390);
  });

  test('GIVEN latency_ms 2000 WHEN a /_sandbox/ request is made THEN it is not delayed', async () => {
    await sandbox.control.setFaults({ latency_ms: 2000 });
    const { status, ms } = await timed('/_sandbox/health');
    expect(status).toBe(200);
    expect(ms).toBeLessThan(1500);
  });

  test('GIVEN error_rate 1 WHEN an /api/ request is made THEN 503 with a message', async () => {
    await sandbox.control.setFaults({ error_rate: 1 });
    const response = await sandbox.control.request('GET', '/api/admin/v1/groups');
    expect(response.status).toBe(503);
    expect(response.body).toEqual({ message: expect.any(String) });
  });

  test('GIVEN error_rate 1 WHEN a write is attempted THEN it is not applied', async () => {
    await sandbox.control.setFaults({ error_rate: 1 });
    const response = await sandbox.control.request('POST', '/api/admin/v1/groups', {
      name: 'never',
      members_emails: [],
    });
    await sandbox.control.setFaults({});
    expect(response.status).toBe(503);
    const list = await sandbox.control.request('GET', '/api/admin/v1/groups?name=never');
    expect((list.body as { items: unknown[] }).items).toEqual([]);
  });

  test('GIVEN error_rate 1 WHEN a /_sandbox/ request is made THEN it is served', async () => {
    await sandbox.control.setFaults({ error_rate: 1 });
    expect((await sandbox.control.request('GET', '/_sandbox/faults')).status).toBe(200);
  });

  test('GIVEN rate_limit_rps 2 WHEN 10 requests arrive at once THEN the excess gets 429 with a whole-second Retry-After', async () => {
    await sandbox.control.setFaults({ rate_limit_rps: 2 });
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => sandbox.control.request('GET', '/api/admin/v3/users')),
    );
    const limited = responses.filter((r) => r.status === 429);
    expect(responses.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
    expect(limited.length).toBeGreaterThanOrEqual(7);
    for (const response of limited) {
      expect(response.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
      expect(response.body).toEqual({ message: expect.any(String) });
    }
  });

  test('GIVEN reset_rate 1 WHEN an /api/ request is made THEN the connection is reset', async () => {
    await sandbox.control.setFaults({ reset_rate: 1 });
    await expect(sandbox.control.request('GET', '/api/admin/v3/users')).rejects.toThrow();
  });

  test('GIVEN faults were set WHEN new settings omit a field THEN that fault is off', async () => {
    await sandbox.control.setFaults({ error_rate: 1, latency_ms: 5 });
    await sandbox.control.setFaults({ latency_ms: 5 });
    const current = await sandbox.control.request('GET', '/_sandbox/faults');
    expect(current.body).toEqual({ latency_ms: 5, error_rate: 0, rate_limit_rps: null, reset_rate: 0 });
  });

  test.each([
    [{ error_rate: 1.5 }],
    [{ reset_rate: -1 }],
    [{ latency_ms: 'slow' }],
    [{ rate_limit_rps: 0 }],
    [{ jitter: 1 }],
  ])('GIVEN invalid fault settings %j WHEN posted THEN 400', async (faults) => {
    expect((await sandbox.control.request('POST', '/_sandbox/faults', faults)).status).toBe(400);
  });
});

describe('request statistics', () => {
  let sandbox: SandboxHandle;
  beforeAll(async () => {
    sandbox = await startSandboxProcess();
  });
  beforeEach(async () => {
    await sandbox.control.setFaults({});
    await sandbox.control.reset();
    await sandbox.control.resetStats();
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  test('GIVEN requests with ids and emails in the path WHEN stats are read THEN they are counted by route template', async () => {
    const user = await inviteUser(sandbox, 'ada@example.com');
    const group = await createGroup(sandbox, 'g');
    await sandbox.control.request('GET', `/api/admin/v3/users/${user.id}`);
    await sandbox.control.request('GET', '/api/admin/v3/users/u_other');
    await sandbox.control.request('PUT', `/api/admin/v1/groups/${group.id}/members/ada%40example.com`);
    await sandbox.control.request('GET', '/api/admin/v3/users');
    expect(await sandbox.control.stats()).toEqual({
      'POST /api/admin/v3/users': 1,
      'POST /api/admin/v1/groups': 1,
      'GET /api/admin/v3/users/{id}': 2,
      'PUT /api/admin/v1/groups/{id}/members/{email}': 1,
      'GET /api/admin/v3/users': 1,
    });
  });

  test('GIVEN requests answered with injected faults WHEN stats are read THEN they are counted too', async () => {
    await sandbox.control.setFaults({ error_rate: 1 });
    await sandbox.control.request('GET', '/api/admin/v1/groups');
    await sandbox.control.request('GET', '/api/admin/v1/groups');
    await sandbox.control.setFaults({});
    expect(await sandbox.control.stats()).toEqual({ 'GET /api/admin/v1/groups': 2 });
  });

  test('GIVEN control requests WHEN stats are read THEN /_sandbox/ routes are not counted and total adds up', async () => {
    await sandbox.control.request('GET', '/api/v2/users');
    await sandbox.control.request('GET', '/_sandbox/health');
    const response = await sandbox.control.request('GET', '/_sandbox/stats');
    const { user_agents: _agents, ...counts } = response.body as Record<string, unknown>;
    expect(counts).toEqual({ requests: { 'GET /api/v2/users': 1 }, total: 1, faults: {} });
  });

  test('GIVEN API requests with two User-Agents WHEN stats are read THEN each User-Agent is counted', async () => {
    // GIVEN two requests from one client and one from another (and a control request, not counted)
    await sandbox.control.resetStats();
    const send = (path: string, agent: string): Promise<Response> =>
      fetch(`${sandbox.url}${path}`, {
        headers: { authorization: `Bearer ${sandbox.token}`, 'user-agent': agent },
      });
    await send('/api/admin/v3/users', 'terraform-provider-apono-ts/0.1.0 terraform/1.11.4');
    await send('/api/admin/v1/groups', 'terraform-provider-apono-ts/0.1.0 terraform/1.11.4');
    await send('/api/v2/users', 'curl/8.5.0');
    await send('/_sandbox/health', 'curl/8.5.0');

    // WHEN the stats are read
    const agents = await sandbox.control.userAgents();

    // THEN the API requests are counted by User-Agent
    expect(agents).toEqual({
      'terraform-provider-apono-ts/0.1.0 terraform/1.11.4': 2,
      'curl/8.5.0': 1,
    });
  });

  test('GIVEN counted requests WHEN stats are reset THEN they start from zero', async () => {
    await sandbox.control.request('GET', '/api/v2/users');
    await sandbox.control.resetStats();
    expect(await sandbox.control.stats()).toEqual({});
  });
});
