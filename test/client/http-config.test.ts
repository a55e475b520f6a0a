import { inspect } from 'node:util';
import { AponoClient, ConfigurationError } from '../../provider/client';
import { checkToken, expandRoute, normalizeEndpoint, queryString } from '../../provider/client/http';

describe('normalizeEndpoint accepts', () => {
  it.each([
    ['https://api.apono.io', 'https://api.apono.io'],
    ['https://api.apono.io/', 'https://api.apono.io'],
    ['https://proxy.example.com/apono/', 'https://proxy.example.com/apono'],
    ['https://API.apono.io:8443', 'https://api.apono.io:8443'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['http://localhost:3000/', 'http://localhost:3000'],
    ['http://LOCALHOST:3000', 'http://localhost:3000'],
    ['http://[::1]:9000', 'http://[::1]:9000'],
    ['https://127.0.0.1:8443', 'https://127.0.0.1:8443'],
  ])('%s as %s', (endpoint, normalized) => {
    expect(normalizeEndpoint(endpoint)).toBe(normalized);
  });
});

describe('normalizeEndpoint rejects with ConfigurationError', () => {
  it.each([
    ['plain http to a remote host', 'http://api.apono.io'],
    ['plain http to a private address', 'http://10.0.0.5'],
    ['plain http to a lookalike of localhost', 'http://localhost.evil.com'],
    ['plain http to another loopback address', 'http://127.0.0.2'],
    ['ftp', 'ftp://api.apono.io'],
    ['a bare host', 'api.apono.io'],
    ['garbage', 'not a url'],
    ['an empty string', ''],
    ['blanks', '   '],
    ['credentials in the URL', 'https://user:pass@api.apono.io'],
    ['a query', 'https://api.apono.io?x=1'],
    ['a fragment', 'https://api.apono.io#x'],
  ])('%s (%s)', (_name, endpoint) => {
    expect(() => normalizeEndpoint(endpoint)).toThrow(ConfigurationError);
  });

  it('a missing endpoint', () => {
    expect(() => normalizeEndpoint(undefined as unknown as string)).toThrow(ConfigurationError);
  });
});

describe('checkToken', () => {
  it.each([
    ['empty', ''],
    ['with a trailing newline', 'aup_secret\n'],
    ['with a space', 'aup secret'],
    ['non-ASCII', 'aup_sécret'],
  ])('rejects a token %s without echoing it', (_name, token) => {
    let error: unknown;
    try {
      checkToken(token);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    if (token.trim() !== '') expect((error as Error).message).not.toContain(token.trim());
  });
});

describe('AponoClient settings', () => {
  const valid = { endpoint: 'https://api.apono.io', token: 'aup_secret' };

  it.each([
    ['maxRetries negative', { maxRetries: -1 }],
    ['maxRetries fractional', { maxRetries: 1.5 }],
    ['maxConcurrency zero', { maxConcurrency: 0 }],
    ['requestTimeoutMs zero', { requestTimeoutMs: 0 }],
    ['requestsPerSecond zero', { requestsPerSecond: 0 }],
    ['retryBaseDelayMs NaN', { retryBaseDelayMs: NaN }],
  ])('rejects %s', (_name, override) => {
    expect(() => new AponoClient({ ...valid, ...override })).toThrow(ConfigurationError);
  });

  it('an http endpoint that is not loopback fails in the constructor, before any request', () => {
    expect(() => new AponoClient({ ...valid, endpoint: 'http://api.apono.io' })).toThrow(
      /https is required, except for 127.0.0.1, localhost and \[::1\]/,
    );
  });

  it('an endpoint error does not echo a token pasted into the endpoint', () => {
    let message = '';
    try {
      new AponoClient({ endpoint: 'aup_secret', token: 'aup_secret' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toBe('');
    expect(message).not.toContain('aup_secret');
  });

  it('the client does not show its token when inspected or serialised', () => {
    const client = new AponoClient(valid);
    expect(inspect(client, { depth: 10 })).not.toContain('aup_secret');
    expect(JSON.stringify(client)).not.toContain('aup_secret');
    expect(JSON.stringify(client.users)).not.toContain('aup_secret');
  });
});

describe('expandRoute', () => {
  it.each([
    [
      '/api/admin/v1/groups/{id}/members/{email}',
      { id: 'g1', email: 'a+b@x.io' },
      '/api/admin/v1/groups/g1/members/a%2Bb%40x.io',
    ],
    ['/api/admin/v3/users/{id}', { id: 'u/1?x' }, '/api/admin/v3/users/u%2F1%3Fx'],
    ['/api/admin/v3/users', {}, '/api/admin/v3/users'],
  ])('%s with %j is %s', (route, params, path) => {
    expect(expandRoute(route, params)).toBe(path);
  });

  it.each(['', '.', '..'])('refuses the id %j, which would address another resource', (id) => {
    expect(() => expandRoute('/api/admin/v3/users/{id}', { id })).toThrow(/path parameter id/);
  });
});

describe('queryString', () => {
  it('repeats a parameter given twice (role=a&role=b, not role[]=)', () => {
    expect(
      queryString([
        ['role', 'Admin'],
        ['role', 'Power User'],
        ['limit', '10'],
      ]),
    ).toBe('?role=Admin&role=Power+User&limit=10');
  });

  it('is empty for no parameters', () => {
    expect(queryString([])).toBe('');
  });
});
