import * as http from 'node:http';
import { performance } from 'node:perf_hooks';
import { makeTempDir, removeTempDir, startSandboxProcess, type SandboxHandle } from '../helpers/sandbox';
import { createGroup, invitation, inviteUser, memberEmails, type WirePage, type WireUser } from './fixtures';

/** Ids of the identities a write in a table acts on. */
interface Ids {
  user: string;
  group: string;
}

/** What a raw HTTP exchange ended in: an answer's status, or the client-side error code. */
type Outcome = { status: number } | { error: string };

/**
 * Sends one authenticated request with node:http (no retries, no pooling) and reports whether an
 * answer arrived, so a dropped answer shows as the socket error a client really sees.
 */
function exchange(sandbox: SandboxHandle, method: string, path: string, body?: unknown): Promise<Outcome> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve) => {
    const request = http.request(
      `${sandbox.url}${path}`,
      {
        method,
        agent: false,
        headers: {
          authorization: `Bearer ${sandbox.token}`,
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0 }));
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    request.end(payload);
  });
}

/**
 * One sandbox process for a describe block, emptied before each test (no faults, no identities, no
 * counts) and stopped after the block. Returns a handle that is valid inside the tests.
 */
function useEmptySandboxPerTest(): SandboxHandle {
  let started: SandboxHandle | undefined;
  beforeAll(async () => {
    started = await startSandboxProcess();
  });
  beforeEach(async () => {
    await started!.control.setFaults({});
    await started!.control.reset();
    await started!.control.resetStats();
  });
  afterAll(async () => {
    await started?.stop();
  });
  return new Proxy({} as SandboxHandle, {
    get: (_target, key) => Reflect.get(started!, key),
  });
}

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
    expect(current.body).toEqual({
      latency_ms: 5,
      error_rate: 0,
      rate_limit_rps: null,
      reset_rate: 0,
      lost_answer_rate: 0,
      lost_answer_next: 0,
    });
  });

  test.each([
    [{ error_rate: 1.5 }],
    [{ reset_rate: -1 }],
    [{ lost_answer_rate: 1.01 }],
    [{ lost_answer_rate: '0.5' }],
    [{ lost_answer_next: 1.5 }],
    [{ lost_answer_next: -1 }],
    [{ latency_ms: 'slow' }],
    [{ rate_limit_rps: 0 }],
    [{ jitter: 1 }],
  ])('GIVEN invalid fault settings %j WHEN posted THEN 400', async (faults) => {
    expect((await sandbox.control.request('POST', '/_sandbox/faults', faults)).status).toBe(400);
  });
});

describe('lost answers (lost_answer_rate)', () => {
  const sandbox = useEmptySandboxPerTest();

  const groupNamed = async (name: string): Promise<unknown[]> =>
    (
      (await sandbox.control.request('GET', `/api/admin/v1/groups?name=${name}&limit=1000`))
        .body as WirePage<unknown>
    ).items;

  test('GIVEN lost_answer_rate 1 WHEN a group is created THEN the client gets a connection reset, yet the group exists once', async () => {
    // GIVEN every successful write loses its answer
    await sandbox.control.setFaults({ lost_answer_rate: 1 });

    // WHEN a group is created
    const outcome = await exchange(sandbox, 'POST', '/api/admin/v1/groups', {
      name: 'lost',
      members_emails: [],
    });

    // THEN no answer arrives, but the write was applied, and the fault is counted
    await sandbox.control.setFaults({});
    expect(outcome).toEqual({ error: 'ECONNRESET' });
    expect(await groupNamed('lost')).toEqual([expect.objectContaining({ name: 'lost' })]);
    expect(await sandbox.control.faultsServed()).toEqual({ lost_answer: 1 });
  });

  test.each([
    ['PATCH a user', 'PATCH', (ids: Ids) => `/api/admin/v3/users/${ids.user}`, { first_name: 'Augusta' }],
    [
      'PUT a member',
      'PUT',
      (ids: Ids) => `/api/admin/v1/groups/${ids.group}/members/ada%40example.com`,
      undefined,
    ],
    ['PUT a name', 'PUT', (ids: Ids) => `/api/admin/v1/groups/${ids.group}/name`, { name: 'renamed' }],
    ['DELETE a group', 'DELETE', (ids: Ids) => `/api/admin/v1/groups/${ids.group}`, undefined],
  ])(
    'GIVEN lost_answer_rate 1 WHEN the write %s is made THEN its answer is lost and the tenant changed',
    async (_name, method, path, body) => {
      // GIVEN Ada, a group, and every successful write losing its answer
      const user = await inviteUser(sandbox, 'ada@example.com');
      const group = await createGroup(sandbox, 'eng');
      const before = await snapshot();
      await sandbox.control.setFaults({ lost_answer_rate: 1 });

      // WHEN the write is made
      const outcome = await exchange(sandbox, method, path({ user: user.id, group: group.id }), body);

      // THEN the client sees a reset, and the tenant is not what it was
      await sandbox.control.setFaults({});
      expect(outcome).toEqual({ error: 'ECONNRESET' });
      expect(await snapshot()).not.toEqual(before);
    },
  );

  /** Everything a write in the table above can change. */
  const snapshot = async (): Promise<unknown> => {
    const users = (await sandbox.control.request('GET', '/api/admin/v3/users')).body as WirePage<WireUser>;
    const groups = (await sandbox.control.request('GET', '/api/admin/v1/groups')).body as WirePage<{
      id: string;
    }>;
    const members = await Promise.all(
      groups.items.map(async (group) =>
        memberEmails((await sandbox.control.request('GET', `/api/admin/v1/groups/${group.id}/members`)).body),
      ),
    );
    return { users: users.items, groups: groups.items, members };
  };

  test('GIVEN lost_answer_rate 1 WHEN users and groups are read THEN the reads are answered', async () => {
    await createGroup(sandbox, 'readable');
    await sandbox.control.setFaults({ lost_answer_rate: 1 });
    const outcomes = [
      await exchange(sandbox, 'GET', '/api/admin/v3/users'),
      await exchange(sandbox, 'GET', '/api/admin/v1/groups'),
      await exchange(sandbox, 'GET', '/api/v2/users'),
    ];
    expect(outcomes).toEqual([{ status: 200 }, { status: 200 }, { status: 200 }]);
    expect(await sandbox.control.faultsServed()).toEqual({});
  });

  test('GIVEN lost_answer_rate 1 WHEN a write is refused THEN the refusal is delivered', async () => {
    // GIVEN a group named "taken"
    await createGroup(sandbox, 'taken');
    await sandbox.control.setFaults({ lost_answer_rate: 1 });

    // WHEN it is created again (as a retry after a lost answer would)
    const outcome = await exchange(sandbox, 'POST', '/api/admin/v1/groups', {
      name: 'taken',
      members_emails: [],
    });

    // THEN the 409 arrives: nothing was applied, so there is no answer to lose
    expect(outcome).toEqual({ status: 409 });
  });

  test('GIVEN lost_answer_next 2 WHEN a read and three writes are made THEN the first two writes lose their answer and the count is used up', async () => {
    // GIVEN the next two successful writes lose their answer
    await sandbox.control.setFaults({ lost_answer_next: 2 });

    // WHEN a read and three group creates are made, one after the other
    const outcomes: Outcome[] = [await exchange(sandbox, 'GET', '/api/admin/v1/groups')];
    for (const name of ['next-0', 'next-1', 'next-2']) {
      outcomes.push(await exchange(sandbox, 'POST', '/api/admin/v1/groups', { name, members_emails: [] }));
    }

    // THEN the read and the third write are answered, all three groups exist, and none is left to lose
    expect(outcomes).toEqual([
      { status: 200 },
      { error: 'ECONNRESET' },
      { error: 'ECONNRESET' },
      { status: 200 },
    ]);
    expect(await groupNamed('next-*')).toHaveLength(3);
    expect((await sandbox.control.request('GET', '/_sandbox/faults')).body).toMatchObject({
      lost_answer_next: 0,
    });
  });

  test('GIVEN lost_answer_rate 0.5 WHEN 200 groups are created THEN about half the answers are lost and every group exists', async () => {
    await sandbox.control.setFaults({ lost_answer_rate: 0.5 });
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        exchange(sandbox, 'POST', '/api/admin/v1/groups', { name: `half-${i}`, members_emails: [] }),
      ),
    );
    await sandbox.control.setFaults({});
    const lost = outcomes.filter((outcome) => 'error' in outcome).length;
    expect(lost).toBeGreaterThan(50);
    expect(lost).toBeLessThan(150);
    expect(outcomes.filter((outcome) => 'status' in outcome && outcome.status === 200)).toHaveLength(
      200 - lost,
    );
    expect(await sandbox.control.faultsServed()).toEqual({ lost_answer: lost });
    expect(await groupNamed('half-*')).toHaveLength(200);
  });
});

describe('lost answers with --data', () => {
  const dataDir = makeTempDir();
  const running: SandboxHandle[] = [];
  afterAll(async () => {
    await Promise.all(running.map((sandbox) => sandbox.kill()));
    removeTempDir(dataDir);
  });

  test('GIVEN a persistent sandbox WHEN an invite loses its answer and the sandbox is killed THEN the user is there after a restart', async () => {
    // GIVEN a sandbox keeping its journal, losing every successful write's answer
    const first = await startSandboxProcess({ dataDir });
    running.push(first);
    await first.control.setFaults({ lost_answer_rate: 1 });

    // WHEN Ada is invited (no answer) and the process is SIGKILLed
    const outcome = await exchange(first, 'POST', '/api/admin/v3/users', invitation('ada@example.com'));
    await first.kill();

    // THEN the invite was durable before the answer was dropped
    const second = await startSandboxProcess({ dataDir });
    running.push(second);
    const users = (await second.control.request('GET', '/api/admin/v3/users')).body as WirePage<WireUser>;
    expect(outcome).toEqual({ error: 'ECONNRESET' });
    expect(users.items.map((user) => user.email)).toEqual(['ada@example.com']);
  });
});

describe('request statistics', () => {
  const sandbox = useEmptySandboxPerTest();

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
