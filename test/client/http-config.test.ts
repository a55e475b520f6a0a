import { inspect } from 'node:util';
import { AponoClient, ConfigurationError } from '../../provider/client';
import {
  checkToken,
  expandRoute,
  normalizeEndpoint,
  queryString,
  sanitizeEndpoint,
} from '../../provider/client/http';

describe('normalizeEndpoint accepts', () => {
  it.each([
    ['https://api.apono.io', 'https://api.apono.io'],
    ['https://api.apono.io/', 'https://api.apono.io'],
    ['https://api.apono.io/api', 'https://api.apono.io'],
    ['https://api.apono.io/api/', 'https://api.apono.io'],
    ['  https://api.apono.io/api/  ', 'https://api.apono.io'],
    ['https://tenant.example.com/api/', 'https://tenant.example.com'],
    ['https://API.apono.io:8443', 'https://api.apono.io:8443'],
    ['https://api.apono.io:8443/api', 'https://api.apono.io:8443'],
    ['http://127.0.0.1:8080/api/', 'http://127.0.0.1:8080'],
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
    ['a base path other than /api', 'https://api.apono.io/v1'],
    ['a path under /api', 'https://api.apono.io/api/admin'],
    ['/api twice', 'https://api.apono.io/api/api'],
    ['/api in capitals', 'https://api.apono.io/API'],
    ['two trailing slashes', 'https://api.apono.io//'],
    ['/api and two trailing slashes', 'https://api.apono.io/api//'],
    ['a proxy prefix', 'https://proxy.example.com/apono/'],
  ])('%s (%s)', (_name, endpoint) => {
    expect(() => normalizeEndpoint(endpoint)).toThrow(ConfigurationError);
  });

  it('a base path other than /api, with a message that names the accepted forms', () => {
    expect(() => normalizeEndpoint('https://api.apono.io/v1')).toThrow(
      'endpoint "https://api.apono.io/v1" has the path /v1; use the base URL alone, ' +
        'e.g. https://api.apono.io, optionally followed by /, /api or /api/',
    );
  });

  it('a missing endpoint', () => {
    expect(() => normalizeEndpoint(undefined as unknown as string)).toThrow(ConfigurationError);
  });
});

describe('sanitizeEndpoint', () => {
  it.each([
    ['a plain URL stays as it is', 'https://api.apono.io/v1', 'https://api.apono.io/v1'],
    ['userinfo', 'https://user:s3cret@api.apono.io/', 'https://[redacted]@api.apono.io/'],
    ['a user name alone', 'https://s3cret@api.apono.io', 'https://[redacted]@api.apono.io'],
    ['a query', 'https://api.apono.io/?token=s3cret', 'https://api.apono.io/?[redacted]'],
    ['a fragment', 'https://api.apono.io/#s3cret', 'https://api.apono.io/#[redacted]'],
    ['all three', 'https://u:s3cret@h.io/p?s3cret#s3cret', 'https://[redacted]@h.io/p?[redacted]'],
    ['userinfo in text that is not a URL', 'https://u:s3cret@h.io:99999', 'https://[redacted]@h.io:99999'],
    ['userinfo without a scheme', 'u:s3cret@h.io', '[redacted]@h.io'],
    ['userinfo after a scheme without slashes', 'https:u:s3cret@h.io', '[redacted]@h.io'],
    ['userinfo after extra slashes', 'https:///u:s3cret@h.io', 'https:///[redacted]@h.io'],
    ['an @ in the query', 'https://h.io/?a=s3cret@x', 'https://[redacted]@x'],
    ['the token anywhere', 'https://h.io/aup_tok/x', 'https://h.io/[redacted]/x'],
  ])('redacts %s', (_name, endpoint, shown) => {
    // GIVEN an endpoint  WHEN it is shown  THEN its secrets are not
    expect(sanitizeEndpoint(endpoint, 'aup_tok')).toBe(shown);
  });
});

describe('normalizeEndpoint messages', () => {
  it.each([
    ['userinfo', 'https://user:s3cret@api.apono.io'],
    ['userinfo in a URL that does not parse', 'https://user:s3cret@api.apono.io:99999'],
    ['userinfo with plain http to a remote host', 'http://user:s3cret@api.apono.io'],
    ['a query', 'https://api.apono.io/?token=s3cret'],
    ['a fragment', 'https://api.apono.io/#s3cret'],
    ['a query on an ftp URL', 'ftp://api.apono.io/?token=s3cret'],
  ])('never show a secret in %s', (_name, endpoint) => {
    expect(() => normalizeEndpoint(endpoint)).toThrow(ConfigurationError);
    expect(() => normalizeEndpoint(endpoint)).not.toThrow(/s3cret/);
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
    ['requestTimeoutSeconds zero', { requestTimeoutSeconds: 0 }],
    ['requestTimeoutSeconds past a Node timer', { requestTimeoutSeconds: 1_000_000_000 }],
    ['operationTimeoutSeconds zero', { operationTimeoutSeconds: 0 }],
    ['requestsPerSecond negative', { requestsPerSecond: -1 }],
    ['retryBaseDelayMs NaN', { retryBaseDelayMs: NaN }],
  ])('rejects %s', (_name, override) => {
    expect(() => new AponoClient({ ...valid, ...override })).toThrow(ConfigurationError);
  });

  it('names the setting and its range in the error', () => {
    expect(() => new AponoClient({ ...valid, requestTimeoutSeconds: 1e9 })).toThrow(
      'requestTimeoutSeconds must be a number of seconds from 1 to 300; got 1000000000',
    );
  });

  it('accepts requestsPerSecond 0 as no cap, as the provider does', () => {
    expect(() => new AponoClient({ ...valid, requestsPerSecond: 0 })).not.toThrow();
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
