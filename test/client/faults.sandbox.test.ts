/**
 * The client under the sandbox's injected faults (429 with Retry-After, 503s, connection resets,
 * answers lost after a write was applied, latency): nothing is lost or duplicated, a retried write
 * resolves its own 409, and stop() cancels.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AponoClient, CancelledError, ConflictError } from '../../provider/client';
import { type SandboxHandle, startSandboxProcess } from '../helpers/sandbox';
import { requestCount, sandboxClient, seedInvite, seedUsers } from './sandbox-support';

let sandbox: SandboxHandle;
const clients: AponoClient[] = [];

function client(settings: Parameters<typeof sandboxClient>[1] = {}, url?: string): AponoClient {
  const made = sandboxClient(url ? { ...sandbox, url } : sandbox, settings);
  clients.push(made);
  return made;
}

beforeAll(async () => {
  sandbox = await startSandboxProcess();
});

afterEach(async () => {
  await sandbox.control.setFaults({});
});

afterAll(async () => {
  clients.forEach((c) => c.stop());
  await sandbox?.stop();
});

async function usersByEmail(): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const user of await client().users.listAll()) {
    const key = user.email.toLowerCase();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

describe('writes under faults are neither lost nor duplicated', () => {
  beforeEach(async () => {
    await sandbox.control.reset();
    await sandbox.control.resetStats();
  });

  it.each([
    ['503s (error_rate 0.3)', { error_rate: 0.3 }],
    ['connection resets (reset_rate 0.3)', { reset_rate: 0.3 }],
    ['503s and resets together', { error_rate: 0.2, reset_rate: 0.2 }],
    ['lost answers (lost_answer_rate 0.3)', { lost_answer_rate: 0.3 }],
  ])('30 invites under %s make exactly 30 users', async (_name, faults) => {
    // GIVEN a flaky API
    await sandbox.control.setFaults(faults);

    // WHEN 30 users are invited concurrently
    const invited = await Promise.all(
      Array.from({ length: 30 }, (_, i) => client({ maxRetries: 15 }).users.invite(seedInvite(i))),
    );
    await sandbox.control.setFaults({});

    // THEN each exists exactly once, and retries did happen
    const counts = await usersByEmail();
    expect(counts.size).toBe(30);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    expect(new Set(invited.map((user) => user.id)).size).toBe(30);
    expect(await requestCount(sandbox, 'POST /api/admin/v3/users')).toBeGreaterThan(30);
  });

  it('30 invites under a 10 requests/second limit wait out Retry-After and make exactly 30 users', async () => {
    // GIVEN a rate limit answering 429 with Retry-After: 1, which the client honours in full
    await sandbox.control.setFaults({ rate_limit_rps: 10 });
    const patient = client({ maxRetries: 10, maxRetryAfterMs: 60_000, maxConcurrency: 30 });

    // WHEN 30 users are invited at once
    const started = Date.now();
    await Promise.all(Array.from({ length: 30 }, (_, i) => patient.users.invite(seedInvite(i))));
    const elapsed = Date.now() - started;
    await sandbox.control.setFaults({});

    // THEN they all exist once, some were refused first, and the refused ones waited about a second
    const counts = await usersByEmail();
    expect(counts.size).toBe(30);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    expect(await requestCount(sandbox, 'POST /api/admin/v3/users')).toBeGreaterThan(30);
    expect(elapsed).toBeGreaterThanOrEqual(900);
  });

  it('a group with 200 members created under 503s, resets and lost answers has exactly its members', async () => {
    await seedUsers(client({ maxConcurrency: 16 }), 0, 200);
    await sandbox.control.setFaults({ error_rate: 0.3, reset_rate: 0.2, lost_answer_rate: 0.2 });
    const flaky = client({ maxRetries: 15 });
    const emails = Array.from({ length: 200 }, (_, i) => seedInvite(i).email);

    const group = await flaky.groups.create({ name: 'flaky', membersEmails: emails.slice(0, 100) });
    await Promise.all(emails.slice(100).map((email) => flaky.groups.addMember(group.id, email)));
    const members = await flaky.groups.listMembers(group.id, { pageSize: 30 });
    await sandbox.control.setFaults({});

    expect(members.slice().sort()).toEqual(emails.slice().sort());
    expect((await client().groups.listAll({ name: 'flaky' })).length).toBe(1);
    expect((await sandbox.control.faultsServed()).lost_answer ?? 0).toBeGreaterThan(0);
  });

  it('reads under 503s and resets return every user exactly once', async () => {
    await seedUsers(client({ maxConcurrency: 16 }), 0, 250);
    await sandbox.control.setFaults({ error_rate: 0.3, reset_rate: 0.2 });
    const users = await client({ maxRetries: 15 }).users.listAll({ pageSize: 20 });
    expect(new Set(users.map((user) => user.id)).size).toBe(250);
    expect(users).toHaveLength(250);
  });
});

/**
 * A proxy in front of the sandbox that answers `status` itself, without forwarding, to the first
 * matching request, and forwards everything else. (A write applied and then unanswered needs no
 * proxy: the sandbox's `lost_answer_next` fault does it.)
 */
async function startOnceProxy(
  match: (method: string, path: string) => boolean,
  status: number,
): Promise<{ url: string; close: () => Promise<void> }> {
  let used = false;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (!used && match(req.method ?? '', req.url ?? '')) {
        used = true;
        res.writeHead(status, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ message: 'injected by the test proxy' }));
      }
      const headers: Record<string, string> = {};
      for (const name of ['authorization', 'content-type', 'accept', 'user-agent']) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      fetch(`${sandbox.url}${req.url ?? '/'}`, { method: req.method, headers, body })
        .then(async (answer) => {
          const text = await answer.text();
          res.writeHead(answer.status, { 'content-type': 'application/json' });
          res.end(text);
        })
        .catch(() => req.socket.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('a retried write that meets its own earlier attempt', () => {
  const ada = { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', role: 'Grantee' };
  const isInvite = (method: string, path: string): boolean =>
    method === 'POST' && path === '/api/admin/v3/users';

  beforeEach(async () => {
    await sandbox.control.reset();
    await sandbox.control.resetStats();
  });

  it('an invite applied but unanswered, retried into a 409, returns the user created by the first attempt', async () => {
    // GIVEN the sandbox applies the next write and drops its answer
    await sandbox.control.setFaults({ lost_answer_next: 1 });

    // WHEN Ada is invited
    const user = await client().users.invite(ada);

    // THEN the user from the first attempt comes back, and exists once
    expect(user).toMatchObject({
      email: ada.email,
      first_name: 'Ada',
      last_name: 'Lovelace',
      roles: ['Grantee'],
    });
    expect(await sandbox.control.faultsServed()).toEqual({ lost_answer: 1 });
    expect(await requestCount(sandbox, 'POST /api/admin/v3/users')).toBe(2);
    expect((await usersByEmail()).get(ada.email)).toBe(1);
  });

  it('a retried invite whose 409 names a different user is still a ConflictError', async () => {
    // GIVEN Ada exists already as an Admin, and a proxy that fails the next invite with a 503
    const existing = await client().users.invite({ ...ada, role: 'Admin' });
    const proxy = await startOnceProxy(isInvite, 503);
    try {
      // WHEN Ada is invited as a Grantee (503, retry, 409)
      const error = await client({}, proxy.url)
        .users.invite(ada)
        .catch((e: unknown) => e);

      // THEN it is a real conflict
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as ConflictError).existingId).toBe(existing.id);
    } finally {
      await proxy.close();
    }
  });

  it('an invite retried only after a 429 (a refusal) treats its 409 as a real conflict', async () => {
    // GIVEN Ada exists exactly as asked, and a proxy that answers the next invite with 429
    await client().users.invite(ada);
    const proxy = await startOnceProxy(isInvite, 429);
    try {
      // WHEN she is invited again
      const error = await client({}, proxy.url)
        .users.invite(ada)
        .catch((e: unknown) => e);

      // THEN nothing of ours can have been applied: the 409 is a conflict
      expect(error).toBeInstanceOf(ConflictError);
    } finally {
      await proxy.close();
    }
  });

  it('a group create applied but unanswered, retried into a 409, returns the group with the asked members', async () => {
    // GIVEN three users, and the sandbox applying the next write and dropping its answer
    await seedUsers(client(), 0, 3);
    const emails = [0, 1, 2].map((i) => seedInvite(i).email);
    await sandbox.control.resetStats();
    await sandbox.control.setFaults({ lost_answer_next: 1 });

    // WHEN the group is created
    const group = await client().groups.create({ name: 'eng', membersEmails: emails });

    // THEN it exists once, with exactly the asked members
    expect(group.name).toBe('eng');
    expect(await sandbox.control.faultsServed()).toEqual({ lost_answer: 1 });
    expect(await client().groups.listAll()).toHaveLength(1);
    expect((await client().groups.listMembers(group.id)).sort()).toEqual(emails.sort());
    expect(await requestCount(sandbox, 'POST /api/admin/v1/groups')).toBe(2);
  });
});

describe('stop()', () => {
  it('cancels an in-flight request with CancelledError', async () => {
    // GIVEN an API that takes 10 s to answer, and a read in flight
    await sandbox.control.setFaults({ latency_ms: 10_000 });
    await sandbox.control.resetStats();
    const slow = client();
    const pending = slow.users.get('u_1').catch((e: unknown) => e);
    await waitUntil(async () => (await requestCount(sandbox, 'GET /api/admin/v3/users/{id}')) === 1);

    // WHEN the client is stopped
    const started = Date.now();
    slow.stop();

    // THEN the read rejects at once
    const error = await pending;
    expect(error).toBeInstanceOf(CancelledError);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

async function waitUntil(condition: () => Promise<boolean>, deadlineMs = 5000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met before the deadline');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
