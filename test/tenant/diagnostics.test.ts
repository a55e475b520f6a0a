import {
  AponoClient,
  ApiError,
  ResponseValidationError,
  TransportError,
  UnsupportedEndpointError,
  type AponoClientSettings,
} from '../../provider/client';
import { describeAccessError, describeApiError } from '../../provider/tenant/diagnostics';
import { type FakeApi, type FakeReply, closedPort, startFakeApi } from '../client/fake-api';

const TOKEN = 'aup_diagnosticSecret_51b0';

describe('describeApiError for transport failures', () => {
  const base = { method: 'GET', path: '/api/admin/v3/users', baseUrl: 'https://api.apono.iox' };

  it.each([
    [
      'connection_refused',
      'ECONNREFUSED',
      'Cannot reach https://api.apono.iox: connection refused',
      'endpoint',
    ],
    ['host_not_found', 'ENOTFOUND', 'Cannot resolve the host api.apono.iox (check endpoint)', 'host name'],
    ['tls', 'CERT_HAS_EXPIRED', 'TLS connection to https://api.apono.iox failed', 'certificate'],
    ['connection_reset', 'ECONNRESET', 'Connection to https://api.apono.iox was reset', 'proxy'],
    ['timeout', undefined, 'No response from https://api.apono.iox', 'operation_timeout'],
  ] as const)(
    '%s: the summary says what happened where, the detail has method, path and advice',
    (reason, errno, summary, advice) => {
      // GIVEN a transport error of this kind
      const error = new TransportError({ ...base, reason, ...(errno === undefined ? {} : { errno }) });

      // WHEN it becomes a diagnostic
      const diagnostic = describeApiError(error, 'reading a user', ['email']);

      // THEN the summary is actionable and the detail names the request
      expect(diagnostic).toMatchObject({ severity: 'error', summary, path: ['email'] });
      expect(diagnostic.detail).toContain('GET /api/admin/v3/users failed while reading a user');
      expect(diagnostic.detail).toContain(advice);
    },
  );
});

describe('describeApiError for a response that fails validation', () => {
  it('GIVEN a group without a name WHEN it becomes a diagnostic THEN it names the route, the field and the reason', () => {
    // GIVEN the error the client raises for a listing whose first group has no name
    const error = new ResponseValidationError({
      method: 'GET',
      path: '/api/admin/v1/groups',
      field: '/items/0/name',
      reason: 'is required but missing',
    });

    // WHEN it becomes a diagnostic
    const diagnostic = describeApiError(error, 'reading a group', ['name']);

    // THEN the summary says what went wrong and the detail names route, field and reason
    expect(diagnostic).toMatchObject({
      severity: 'error',
      summary: 'Unexpected response from the Apono API while reading a group',
      path: ['name'],
    });
    expect(diagnostic.detail).toContain(
      'GET /api/admin/v1/groups answered with a body the provider cannot use: field /items/0/name is required but missing.',
    );
    expect(diagnostic.detail).not.toContain('undefined');
  });

  it('GIVEN a body that is not JSON WHEN it becomes a diagnostic THEN it says so without a field', () => {
    const error = new ResponseValidationError({
      method: 'GET',
      path: '/api/admin/v3/users/u_1',
      field: '',
      reason: 'is not valid JSON',
    });
    expect(describeApiError(error, 'reading a user').detail).toContain(
      'GET /api/admin/v3/users/u_1 answered with a body the provider cannot use: the body is not valid JSON.',
    );
  });
});

describe('describeAccessError for a response that fails validation', () => {
  it('GIVEN a users page with a user without roles WHEN access is checked THEN the diagnostic names route, field and reason on endpoint', () => {
    const error = new ResponseValidationError({
      method: 'GET',
      path: '/api/admin/v3/users',
      field: '/items/0/roles',
      reason: 'is required but missing',
    });
    const diagnostic = describeAccessError(error, 'https://api.apono.io', { token: true, endpoint: true });
    expect(diagnostic).toMatchObject({
      summary: 'Unexpected response from the Apono API while checking access to Apono',
      path: ['endpoint'],
    });
    expect(diagnostic.detail).toContain(
      'GET /api/admin/v3/users answered with a body the provider cannot use: field /items/0/roles is required but missing.',
    );
  });
});

describe('describeApiError for an API error without a message', () => {
  it('GIVEN a 500 with an empty body WHEN it becomes a diagnostic THEN the detail says no message was given', () => {
    const error = new ApiError({ method: 'GET', path: '/api/admin/v1/groups', status: 500, code: 'server' });
    const diagnostic = describeApiError(error, 'reading a group');
    expect(diagnostic.detail).toBe('GET /api/admin/v1/groups answered 500 with no message');
  });
});

describe('diagnostics of real client failures never show the token', () => {
  const servers: FakeApi[] = [];
  const clients: AponoClient[] = [];

  afterAll(async () => {
    clients.forEach((client) => client.stop());
    await Promise.all(servers.map((server) => server.close()));
  });

  async function diagnosticFor(reply: FakeReply, settings: Partial<AponoClientSettings>): Promise<string> {
    const server = await startFakeApi(() => reply);
    servers.push(server);
    const client = new AponoClient({ endpoint: server.url, token: TOKEN, retryBaseDelayMs: 5, ...settings });
    clients.push(client);
    const error = await client.users.get('u_1').then(
      () => new Error('expected a failure'),
      (caught: unknown) => caught,
    );
    return JSON.stringify(describeApiError(error, 'reading a user'));
  }

  it.each<[string, FakeReply, Partial<AponoClientSettings>]>([
    ['a timeout ended by the deadline', 'hang', { requestTimeoutSeconds: 1, operationTimeoutSeconds: 1 }],
    ['a reset', 'reset', { maxRetries: 0 }],
    ['a 401', { status: 401, body: { message: 'bad token' } }, {}],
    [
      'a 503 past the deadline',
      { status: 503, headers: { 'retry-after': '30' } },
      { operationTimeoutSeconds: 1 },
    ],
  ])('%s', async (_name, reply, settings) => {
    const rendered = await diagnosticFor(reply, settings);
    expect(rendered).not.toBe('');
    expect(rendered).not.toContain(TOKEN);
  });

  it('a refused connection', async () => {
    const client = new AponoClient({ endpoint: `http://127.0.0.1:${await closedPort()}`, token: TOKEN });
    clients.push(client);
    const error: unknown = await client.users.get('u_1').catch((caught: unknown) => caught);
    const diagnostic = describeApiError(error, 'reading a user');
    expect(diagnostic.summary).toMatch(/^Cannot reach http:\/\/127\.0\.0\.1:\d+: connection refused$/);
    expect(JSON.stringify(diagnostic)).not.toContain(TOKEN);
  });
});

describe('describeApiError for a user write the API does not implement (404/405 at apply)', () => {
  const unsupported = (method: string, path: string) =>
    describeApiError(new UnsupportedEndpointError({ method, path, status: 404 }), 'doing it');

  it.each<[string, string, string, string[], string[]]>([
    [
      'an invite',
      'POST',
      '/api/admin/v3/users',
      [
        'POST /api/admin/v3/users answered 404',
        'Users > Invite User',
        'terraform import apono_user.<name> <email>',
      ],
      [],
    ],
    [
      'an update',
      'PATCH',
      '/api/admin/v3/users/u_1',
      ['PATCH /api/admin/v3/users/u_1 answered 404', "in Apono's UI", 'ignore_changes'],
      ['import'],
    ],
    [
      'a delete',
      'DELETE',
      '/api/admin/v3/users/u_1',
      [
        'DELETE /api/admin/v3/users/u_1 answered 404',
        'keep_on_destroy = true',
        '`removed` block',
        'destroy = false',
      ],
      ['import'],
    ],
  ])('GIVEN %s refused WHEN described THEN the advice fits it', (_name, method, path, says, never) => {
    const diagnostic = unsupported(method, path);
    expect(diagnostic.summary).toBe('This Apono tenant lacks the user-write extension');
    for (const text of says) expect(diagnostic.detail).toContain(text);
    for (const text of never) expect(diagnostic.detail).not.toContain(text);
  });
});
