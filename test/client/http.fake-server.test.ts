/**
 * HttpCore and the APIs against scripted servers: headers, retries, Retry-After, limits,
 * cancellation, unsupported endpoints, response validation, and the token kept out of errors.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inspect } from 'node:util';
import {
  AponoClient,
  ApiError,
  CancelledError,
  ConflictError,
  NotFoundError,
  ResponseValidationError,
  TransportError,
  UnauthorizedError,
  UnsupportedEndpointError,
  type AponoClientSettings,
  type RequestEvent,
} from '../../provider/client';
import {
  type FakeApi,
  type FakeReply,
  type SeenRequest,
  closedPort,
  fakeUser,
  startFakeApi,
} from './fake-api';

const TOKEN = 'aup_TOPSECRET_7f3a9c';
const packageVersion = (
  JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as { version: string }
).version;
const FAST: Partial<AponoClientSettings> = { retryBaseDelayMs: 5, retryMaxDelayMs: 20, maxRetryAfterMs: 20 };

const servers: FakeApi[] = [];
const clients: AponoClient[] = [];

async function fake(handler: (request: SeenRequest) => FakeReply): Promise<FakeApi> {
  const server = await startFakeApi(handler);
  servers.push(server);
  return server;
}

function clientFor(url: string, settings: Partial<AponoClientSettings> = {}): AponoClient {
  const client = new AponoClient({ endpoint: url, token: TOKEN, ...FAST, ...settings });
  clients.push(client);
  return client;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`, { cause: error });
  }
  throw new Error('expected the call to fail');
}

afterAll(async () => {
  clients.forEach((client) => client.stop());
  await Promise.all(servers.map((server) => server.close()));
});

const emptyPage = { items: [], pagination: { next_page_token: null } };

describe('requests', () => {
  it('carry the bearer token, the User-Agent with the package version and Accept JSON', async () => {
    // GIVEN a server that records requests
    const server = await fake(() => ({ status: 200, body: emptyPage }));

    // WHEN the client lists users
    await clientFor(server.url).users.listAll();

    // THEN the headers are set
    const { headers } = server.requests[0];
    expect(headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(headers['user-agent']).toBe(`terraform-provider-apono-ts/${packageVersion}`);
    expect(headers.accept).toBe('application/json');
  });

  it('carry the User-Agent the settings give', async () => {
    // GIVEN a server that records requests, and a client told its User-Agent
    const server = await fake(() => ({ status: 200, body: emptyPage }));
    const client = clientFor(server.url, { userAgent: 'terraform-provider-apono-ts/9.9.9 terraform/1.11.4' });

    // WHEN the client lists users
    await client.users.listAll();

    // THEN that User-Agent is sent
    expect(server.requests[0].headers['user-agent']).toBe(
      'terraform-provider-apono-ts/9.9.9 terraform/1.11.4',
    );
  });

  it.each(['', '1.0\r\nX-Injected: yes'])(
    'refuse a User-Agent setting %j before any request is sent',
    (userAgent) => {
      expect(() => new AponoClient({ endpoint: 'https://api.apono.io', token: TOKEN, userAgent })).toThrow(
        /userAgent/,
      );
    },
  );

  it('send a JSON body with its content type', async () => {
    const server = await fake(() => ({ status: 201, body: fakeUser() }));
    await clientFor(server.url).users.invite({
      email: 'ada@example.com',
      firstName: 'Ada',
      lastName: 'L',
      role: 'Grantee',
    });
    expect(server.requests[0].headers['content-type']).toBe('application/json');
    expect(JSON.parse(server.requests[0].body)).toEqual({
      email: 'ada@example.com',
      first_name: 'Ada',
      last_name: 'L',
      roles: ['Grantee'],
    });
  });

  it('go to http://localhost too (loopback may use plain http)', async () => {
    const server = await fake(() => ({ status: 200, body: emptyPage }));
    const localhost = server.url.replace('127.0.0.1', 'localhost');
    await expect(clientFor(localhost).groups.listAll()).resolves.toEqual([]);
  });

  it('send repeated role filters and the page size, filters on the first page only', async () => {
    // GIVEN a server with two pages
    const server = await fake((request) =>
      request.query.get('page_token') === null
        ? { status: 200, body: { items: [fakeUser()], pagination: { next_page_token: 'p2' } } }
        : { status: 200, body: { items: [fakeUser({ id: 'u_2' })], pagination: { next_page_token: null } } },
    );

    // WHEN users are listed with filters
    await clientFor(server.url).users.listAll({ roles: ['Admin', 'Power User'], firstName: 'A*' });

    // THEN the first request has the filters, the second only the token
    expect(server.requests.map((r) => [...r.query.entries()])).toEqual([
      [
        ['first_name', 'A*'],
        ['role', 'Admin'],
        ['role', 'Power User'],
        ['limit', '1000'],
      ],
      [
        ['limit', '1000'],
        ['page_token', 'p2'],
      ],
    ]);
  });

  it('URL-encode @ and + in member emails', async () => {
    const server = await fake(() => ({ status: 204 }));
    await clientFor(server.url).groups.addMember('g 1', 'a+b@x.io');
    expect(server.requests[0].path).toBe('/api/admin/v1/groups/g%201/members/a%2Bb%40x.io');
  });

  it('report one onRequest event per logical request, with the route template and retries', async () => {
    // GIVEN a server that fails twice with 503, then answers
    let calls = 0;
    const server = await fake(() => (++calls <= 2 ? { status: 503 } : { status: 200, body: fakeUser() }));
    const events: RequestEvent[] = [];

    // WHEN one user is read
    await clientFor(server.url, { onRequest: (event) => events.push(event) }).users.get('u_1');

    // THEN exactly one event describes it
    expect(events).toEqual([
      { method: 'GET', route: '/api/admin/v3/users/{id}', status: 200, retries: 2, ms: expect.any(Number) },
    ]);
  });

  it('an onRequest hook that throws does not fail the request', async () => {
    const server = await fake(() => ({ status: 200, body: fakeUser() }));
    const client = clientFor(server.url, {
      onRequest: () => {
        throw new Error('logger broke');
      },
    });
    await expect(client.users.get('u_1')).resolves.toMatchObject({ id: 'u_1' });
  });
});

describe('retries', () => {
  it.each([429, 502, 503, 504])('retry HTTP %i until success', async (status) => {
    let calls = 0;
    const server = await fake(() => (++calls <= 3 ? { status } : { status: 200, body: fakeUser() }));
    await expect(clientFor(server.url).users.get('u_1')).resolves.toMatchObject({ id: 'u_1' });
    expect(server.requests).toHaveLength(4);
  });

  it.each([400, 401, 403, 404, 409, 500])('do not retry HTTP %i', async (status) => {
    const server = await fake(() => ({ status, body: { message: 'no' } }));
    await failure(clientFor(server.url).users.get('u_1'));
    expect(server.requests).toHaveLength(1);
  });

  it('retry connection resets until success', async () => {
    let calls = 0;
    const server = await fake(() => (++calls <= 2 ? 'reset' : { status: 200, body: fakeUser() }));
    await expect(clientFor(server.url).users.get('u_1')).resolves.toMatchObject({ id: 'u_1' });
    expect(server.requests).toHaveLength(3);
  });

  it('stop after maxRetries with a server error naming the retries', async () => {
    // GIVEN a server that always answers 503
    const server = await fake(() => ({ status: 503, body: { message: 'down for maintenance' } }));

    // WHEN a read exhausts 3 retries
    const error = await failure(clientFor(server.url, { maxRetries: 3 }).users.get('u_1'));

    // THEN 4 attempts were made and the error says so
    expect(server.requests).toHaveLength(4);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'server',
      status: 503,
      retries: 3,
      apiMessage: 'down for maintenance',
    });
    expect(error.message).toBe('GET /api/admin/v3/users/u_1: HTTP 503: down for maintenance after 3 retries');
  });

  it('a 429 that persists ends as rate_limited', async () => {
    const server = await fake(() => ({ status: 429, body: { message: 'slow down' } }));
    const error = await failure(clientFor(server.url, { maxRetries: 2 }).users.get('u_1'));
    expect(error).toMatchObject({ code: 'rate_limited', status: 429, retries: 2 });
  });

  it('honour Retry-After in seconds', async () => {
    // GIVEN a server asking to wait 1 s once
    let calls = 0;
    const server = await fake(() =>
      ++calls === 1 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200, body: fakeUser() },
    );
    const client = clientFor(server.url, { maxRetryAfterMs: 60_000 });

    // WHEN a read is made
    const started = Date.now();
    await client.users.get('u_1');

    // THEN it waited about a second, not the 5 ms backoff
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('cap Retry-After at maxRetryAfterMs', async () => {
    let calls = 0;
    const server = await fake(() =>
      ++calls === 1 ? { status: 503, headers: { 'retry-after': '3600' } } : { status: 200, body: fakeUser() },
    );
    const started = Date.now();
    await clientFor(server.url, { maxRetryAfterMs: 30 }).users.get('u_1');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('do not retry a refused connection: nothing listens there', async () => {
    const port = await closedPort();
    const error = await failure(clientFor(`http://127.0.0.1:${port}`).users.get('u_1'));
    expect(error).toMatchObject({ code: 'network', retries: 0, status: undefined });
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('time out a request that gets no answer, retrying it up to maxRetries', async () => {
    // GIVEN a server that never answers
    const server = await fake(() => 'hang');

    // WHEN a read runs with a 1 s timeout and 1 retry, well within the operation deadline
    const error = await failure(
      clientFor(server.url, {
        requestTimeoutSeconds: 1,
        maxRetries: 1,
        operationTimeoutSeconds: 60,
      }).users.get('u_1'),
    );

    // THEN two attempts timed out
    expect(error).toMatchObject({ code: 'timeout', retries: 1 });
    expect(error.message).toContain('no response within 1 s after 1 retry');
    expect(server.requests).toHaveLength(2);
  });
});

describe('the operation deadline', () => {
  it('ends the retries of a server that never answers, and the error says so', async () => {
    // GIVEN a server that never answers, 1 s per attempt and 2 s per operation
    const server = await fake(() => 'hang');
    const client = clientFor(server.url, {
      requestTimeoutSeconds: 1,
      operationTimeoutSeconds: 2,
      maxRetries: 20,
    });

    // WHEN a read is made
    const error = await failure(client.users.get('u_1'));

    // THEN the second attempt ran into the deadline and no third was made
    expect(server.requests).toHaveLength(2);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: 'timeout', reason: 'timeout', retries: 1, baseUrl: server.url });
    expect(error.message).toBe(
      `GET /api/admin/v3/users/u_1: No response from ${server.url}: no response within 1 s; gave up after 2 attempts in 2 s`,
    );
  });

  it('cuts the attempt short when the deadline is closer than the request timeout', async () => {
    // GIVEN a 10 s request timeout inside a 1 s operation
    const server = await fake(() => 'hang');
    const client = clientFor(server.url, { requestTimeoutSeconds: 10, operationTimeoutSeconds: 1 });

    // WHEN a read is made
    const error = await failure(client.users.get('u_1'));

    // THEN one attempt was made, and it was given the 1 s left
    expect(server.requests).toHaveLength(1);
    expect(error.message).toContain('no response within 1 s; gave up after 1 attempt in 1 s');
  });

  it('does not wait out a Retry-After that ends past the deadline: the last error is raised', async () => {
    // GIVEN a server asking to come back in 5 s, and a 1 s operation
    const server = await fake(() => ({
      status: 503,
      body: { message: 'busy' },
      headers: { 'retry-after': '5' },
    }));
    const client = clientFor(server.url, { operationTimeoutSeconds: 1, maxRetryAfterMs: 60_000 });

    // WHEN a read is made
    const error = await failure(client.users.get('u_1'));

    // THEN the 503 is raised after one attempt, saying why no retry was made
    expect(server.requests).toHaveLength(1);
    expect(error).toMatchObject({ code: 'server', status: 503, apiMessage: 'busy', retries: 0 });
    expect(error.message).toBe(
      'GET /api/admin/v3/users/u_1: HTTP 503: busy; gave up after 1 attempt: waiting 5 s to retry would pass the 1 s operation deadline',
    );
  });

  it('keeps a write whose attempt timed out uncertain when the deadline ends the retries', async () => {
    // GIVEN a server that never answers an invite
    const server = await fake(() => 'hang');
    const client = clientFor(server.url, { requestTimeoutSeconds: 1, operationTimeoutSeconds: 2 });

    // WHEN an invite is sent
    const error = await failure(
      client.users.invite({ email: 'ada@example.com', firstName: 'Ada', lastName: 'L', role: 'Admin' }),
    );

    // THEN the error is a timeout, and the earlier timed-out attempt is flagged as possibly applied
    expect(error).toMatchObject({ code: 'timeout', priorAttemptUncertain: true });
    expect(server.requests).toHaveLength(2);
  });

  it('does not count the wait for a concurrency slot before the first attempt', async () => {
    // GIVEN one slot, held by a first read that never gets an answer (1 s operation)
    let calls = 0;
    const server = await fake(() => (++calls === 1 ? 'hang' : { status: 200, body: fakeUser() }));
    const client = clientFor(server.url, {
      maxConcurrency: 1,
      maxRetries: 0,
      requestTimeoutSeconds: 1,
      operationTimeoutSeconds: 1,
    });
    const first = failure(client.users.get('u_1'));

    // WHEN a second read waits for that slot for about its whole operation budget
    const second = client.users.get('u_2');

    // THEN the first times out and the second still gets its attempt and its answer
    expect(await first).toMatchObject({ code: 'timeout' });
    await expect(second).resolves.toMatchObject({ id: 'u_1' });
    expect(server.requests.map((request) => request.path)).toEqual([
      '/api/admin/v3/users/u_1',
      '/api/admin/v3/users/u_2',
    ]);
  });
});

describe('transport errors say what happened and where', () => {
  it('a refused connection names the endpoint and the reason', async () => {
    const port = await closedPort();
    const error = await failure(clientFor(`http://127.0.0.1:${port}`).users.get('u_1'));
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({
      reason: 'connection_refused',
      baseUrl: `http://127.0.0.1:${port}`,
      headline: `Cannot reach http://127.0.0.1:${port}: connection refused`,
    });
  });

  it('a reset that persists is connection_reset, after the retries', async () => {
    const server = await fake(() => 'reset');
    const error = await failure(clientFor(server.url, { maxRetries: 1 }).users.get('u_1'));
    expect(error).toMatchObject({ reason: 'connection_reset', code: 'network', retries: 1 });
    expect((error as TransportError).headline).toBe(`Connection to ${server.url} was reset`);
  });

  it('https to a plain-http server is a TLS failure', async () => {
    const server = await fake(() => ({ status: 200, body: fakeUser() }));
    const error = await failure(clientFor(server.url.replace('http:', 'https:')).users.get('u_1'));
    expect(error).toMatchObject({ reason: 'tls', code: 'network' });
    expect((error as TransportError).headline).toBe(
      `TLS connection to ${server.url.replace('http:', 'https:')} failed`,
    );
  });
});

describe('limits', () => {
  it('maxConcurrency caps the requests in flight', async () => {
    // GIVEN a slow-ish server
    const server = await fake(() => ({ status: 200, body: fakeUser() }));
    const client = clientFor(server.url, { maxConcurrency: 3 });

    // WHEN 20 reads are started together
    await Promise.all(Array.from({ length: 20 }, (_, i) => client.users.get(`u_${i}`)));

    // THEN the server never saw more than 3 at once
    expect(server.requests).toHaveLength(20);
    expect(server.maxInFlight()).toBeLessThanOrEqual(3);
  });

  it('requestsPerSecond spaces requests beyond the burst', async () => {
    // GIVEN a 10 requests/second cap (burst 10)
    const server = await fake(() => ({ status: 200, body: fakeUser() }));
    const client = clientFor(server.url, { requestsPerSecond: 10, maxConcurrency: 20 });

    // WHEN 15 reads are started together
    const started = Date.now();
    await Promise.all(Array.from({ length: 15 }, (_, i) => client.users.get(`u_${i}`)));

    // THEN the last 5 waited for tokens (100 ms apart)
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
  });
});

describe('stop()', () => {
  it('cancels a request waiting out a Retry-After', async () => {
    // GIVEN a server asking for a 30 s pause, within a 2-minute operation deadline
    const server = await fake(() => ({ status: 503, headers: { 'retry-after': '30' } }));
    const client = clientFor(server.url, { maxRetryAfterMs: 60_000, operationTimeoutSeconds: 120 });
    const pending = failure(client.users.get('u_1'));
    await waitFor(() => server.requests.length === 1);

    // WHEN the client is stopped
    const started = Date.now();
    client.stop();

    // THEN the call rejects at once with CancelledError
    const error = await pending;
    expect(error).toBeInstanceOf(CancelledError);
    expect(error).toMatchObject({ code: 'cancelled', method: 'GET', path: '/api/admin/v3/users/u_1' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('makes later calls reject with CancelledError without a request', async () => {
    const server = await fake(() => ({ status: 200, body: fakeUser() }));
    const client = clientFor(server.url);
    client.stop();
    await expect(client.users.get('u_1')).rejects.toBeInstanceOf(CancelledError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('errors by status', () => {
  it.each([
    [401, { status: '401', code: 'Unauthorized' }, UnauthorizedError, 'Unauthorized (401)'],
    [404, { message: 'user "u_1" not found', code: 'NotFound' }, NotFoundError, 'user "u_1" not found'],
    [409, { message: 'exists', existing_user_id: 'u_9' }, ConflictError, 'exists'],
    [400, { error_code: 'E1', error_details: 'bad' }, ApiError, 'E1: bad'],
  ])('HTTP %i becomes %p with the API message', async (status, body, type, apiMessage) => {
    const server = await fake(() => ({ status, body }));
    const error = await failure(clientFor(server.url).users.get('u_1'));
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ status, apiMessage, method: 'GET', path: '/api/admin/v3/users/u_1' });
  });

  it('a redirect is not followed', async () => {
    const server = await fake(() => ({ status: 302, headers: { location: 'http://example.com/' } }));
    const error = await failure(clientFor(server.url).users.get('u_1'));
    expect(error).toMatchObject({ code: 'invalid_response', status: 302 });
    expect(server.requests).toHaveLength(1);
  });
});

describe('the user-write extension on an API without it', () => {
  // GIVEN an Apono-like API that reads users but 404s (or 405s) every user write
  let server: FakeApi;
  let client: AponoClient;
  beforeAll(async () => {
    server = await fake((request) => {
      if (request.method === 'GET' && request.path === '/api/admin/v3/users/u_1')
        return { status: 200, body: fakeUser() };
      if (request.method === 'GET') return { status: 404, body: { message: 'not found' } };
      if (request.method === 'DELETE') return { status: 405, body: { message: 'method not allowed' } };
      return { status: 404, body: { message: 'route not found' } };
    });
    client = clientFor(server.url);
  });

  it.each<[string, (c: AponoClient) => Promise<unknown>]>([
    [
      'invite (404 on the collection)',
      (c) => c.users.invite({ email: 'a@b.io', firstName: 'A', lastName: 'B', role: 'Admin' }),
    ],
    ['update of a user the read API sees (404)', (c) => c.users.update('u_1', { firstName: 'X' })],
    ['resendInvitation of a user the read API sees (404)', (c) => c.users.resendInvitation('u_1')],
    ['delete (405)', (c) => c.users.delete('u_1')],
  ])('%s fails with UnsupportedEndpointError naming the missing extension', async (_name, call) => {
    const error = await failure(call(client));
    expect(error).toBeInstanceOf(UnsupportedEndpointError);
    expect(error.message).toContain('does not implement the user-write extension');
    expect(error.message).not.toContain('route not found</');
  });

  it('the probe answered 404 reports the extension as missing (null)', async () => {
    expect(await client.users.writeExtension()).toBeNull();
  });

  it('update of a user that does not exist stays NotFoundError', async () => {
    expect(await failure(client.users.update('u_404', { firstName: 'X' }))).toBeInstanceOf(NotFoundError);
  });

  it('a GET 404 is NotFoundError, never UnsupportedEndpointError', async () => {
    const error = await failure(client.users.get('u_404'));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).not.toBeInstanceOf(UnsupportedEndpointError);
  });
});

describe('the user-write extension probe', () => {
  it.each<[string, FakeReply, { version: number } | null]>([
    ['200 {"version": 1}', { status: 200, body: { version: 1 } }, { version: 1 }],
    ['200 with a later version and more fields', { status: 200, body: { version: 2, x: 1 } }, { version: 2 }],
    ['405', { status: 405, body: { message: 'method not allowed' } }, null],
  ])(
    'GIVEN the probe answers %s WHEN probed THEN it is one GET, read as the extension or null',
    async (_name, reply, expected) => {
      const server = await fake(() => reply);
      const found = await clientFor(server.url).users.writeExtension();
      expect(found === null ? null : { version: found.version }).toEqual(expected);
      expect(server.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
        'GET /api/admin/v3/user-writes',
      ]);
    },
  );

  it('GIVEN the probe answers 200 without a version WHEN probed THEN the response is invalid, naming the field', async () => {
    const server = await fake(() => ({ status: 200, body: { enabled: true } }));
    const error = await failure(clientFor(server.url).users.writeExtension());
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.message).toContain('GET /api/admin/v3/user-writes');
  });

  it('GIVEN the probe answers 403 WHEN probed THEN it is an error, not a missing extension', async () => {
    const server = await fake(() => ({ status: 403, body: { message: 'no' } }));
    expect(await failure(clientFor(server.url).users.writeExtension())).toBeInstanceOf(ApiError);
  });
});

describe('response validation', () => {
  it('names the endpoint and the offending field of a bad page', async () => {
    // GIVEN a users page whose 4th item has a numeric email
    const items = [
      fakeUser(),
      fakeUser({ id: 'u_2' }),
      fakeUser({ id: 'u_3' }),
      fakeUser({ id: 'u_4', email: 42 }),
    ];
    const server = await fake(() => ({
      status: 200,
      body: { items, pagination: { next_page_token: null } },
    }));

    // WHEN the users are listed
    const error = await failure(clientFor(server.url).users.listAll());

    // THEN the error points at the field
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.message).toBe('GET /api/admin/v3/users: response field /items/3/email must be string');
    expect(error).toMatchObject({ code: 'invalid_response', field: '/items/3/email' });
  });

  it('rejects a 2xx body that is not JSON', async () => {
    const server = await fake(() => ({ status: 200, body: '<html>maintenance</html>' }));
    const error = await failure(clientFor(server.url).groups.get('g_1'));
    expect(error.message).toBe('GET /api/admin/v1/groups/g_1: response body is not valid JSON');
  });

  it('rejects a group without its name, naming the missing field', async () => {
    const server = await fake(() => ({ status: 200, body: { id: 'g_1' } }));
    const error = await failure(clientFor(server.url).groups.get('g_1'));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.message).toBe('GET /api/admin/v1/groups/g_1: response field /name is required but missing');
  });

  it('a server that repeats a page token ends the listing with an error', async () => {
    const server = await fake(() => ({
      status: 200,
      body: { items: [fakeUser()], pagination: { next_page_token: 'same' } },
    }));
    const error = await failure(clientFor(server.url).users.listAll());
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(server.requests).toHaveLength(2);
  });
});

describe('the token never appears in an error', () => {
  const cases: Array<[string, (request: SeenRequest) => FakeReply, Partial<AponoClientSettings>]> = [
    ['401', () => ({ status: 401, body: { status: '401', code: 'Unauthorized' } }), {}],
    ['404', () => ({ status: 404, body: { message: 'not found' } }), {}],
    ['409', () => ({ status: 409, body: { message: 'exists', existing_user_id: 'u_1' } }), {}],
    ['500', () => ({ status: 500, body: { message: 'boom' } }), {}],
    ['503 after retries', () => ({ status: 503, body: { message: 'down' } }), { maxRetries: 2 }],
    ['a reset after retries', () => 'reset', { maxRetries: 2 }],
    ['a timeout', () => 'hang', { requestTimeoutSeconds: 1, maxRetries: 1 }],
    [
      'a timeout ended by the operation deadline',
      () => 'hang',
      { requestTimeoutSeconds: 1, operationTimeoutSeconds: 1 },
    ],
    [
      'a Retry-After past the operation deadline',
      () => ({ status: 503, headers: { 'retry-after': '30' } }),
      { operationTimeoutSeconds: 1, maxRetryAfterMs: 60_000 },
    ],
    ['a validation failure', () => ({ status: 200, body: { id: 5 } }), {}],
    [
      'a body that echoes the Authorization header',
      (request) => ({
        status: 400,
        body: { message: `bad header ${String(request.headers.authorization)}` },
      }),
      {},
    ],
  ];

  it.each(cases)('%s', async (_name, handler, settings) => {
    // GIVEN a server failing in this way
    const server = await fake(handler);

    // WHEN a call fails
    const error = await failure(clientFor(server.url, settings).users.get('u_1'));

    // THEN no rendering of the error contains the token
    expect(error).toBeInstanceOf(ApiError);
    expectNoToken(error);
  });

  it('a server echoing the token gets it redacted in the API message', async () => {
    const server = await fake((request) => ({
      status: 400,
      body: { message: `got ${String(request.headers.authorization)}` },
    }));
    const error = await failure(clientFor(server.url).users.get('u_1'));
    expect(error).toMatchObject({ apiMessage: 'got Bearer [redacted]' });
  });

  it('a refused connection', async () => {
    const port = await closedPort();
    expectNoToken(await failure(clientFor(`http://127.0.0.1:${port}`).users.get('u_1')));
  });

  it('a TLS failure', async () => {
    const server = await fake(() => ({ status: 200, body: fakeUser() }));
    expectNoToken(await failure(clientFor(server.url.replace('http:', 'https:')).users.get('u_1')));
  });

  it('a cancelled request', async () => {
    const server = await fake(() => 'hang');
    const client = clientFor(server.url);
    const pending = failure(client.users.get('u_1'));
    await waitFor(() => server.requests.length === 1);
    client.stop();
    expectNoToken(await pending);
  });
});

function expectNoToken(error: Error): void {
  const renderings = [
    error.message,
    String(error),
    error.stack ?? '',
    JSON.stringify(error),
    inspect(error, { depth: null, showHidden: true }),
  ];
  for (const rendering of renderings) expect(rendering).not.toContain(TOKEN);
  expect(Object.keys(error)).not.toContain('cause');
}

async function waitFor(condition: () => boolean, deadlineMs = 5000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met before the deadline');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
