import {
  ApiError,
  CancelledError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ResponseValidationError,
  TransportError,
  type TransportReason,
  UnauthorizedError,
  UnsupportedEndpointError,
  codeForStatus,
  errorFromResponse,
  formatSeconds,
  parseApiMessage,
  parseExistingId,
  redactSecret,
} from '../../provider/client/errors';

describe('parseApiMessage', () => {
  it.each([
    ['a {message} body gives the message', '{"message":"email is invalid"}', 'email is invalid'],
    [
      'the documented 401 body gives code and status',
      '{"status":"401","code":"Unauthorized"}',
      'Unauthorized (401)',
    ],
    [
      '{error_code, error_details} gives both',
      '{"error_code":"E42","error_details":"bad role"}',
      'E42: bad role',
    ],
    ['{error_code} alone gives the code', '{"error_code":"E42"}', 'E42'],
    ['{code} without status gives the code', '{"code":"Conflict"}', 'Conflict'],
    ['message wins over code', '{"message":"exists","code":"Conflict"}', 'exists'],
    ['a non-JSON body is shown raw', '<html>Bad Gateway</html>', '<html>Bad Gateway</html>'],
    ['a JSON array is shown raw', '[1,2]', '[1,2]'],
    ['an object without known fields is shown raw', '{"x":1}', '{"x":1}'],
    ['an empty body gives nothing', '', undefined],
    ['a blank body gives nothing', '  \n', undefined],
  ])('%s', (_name, body, expected) => {
    // GIVEN an error body  WHEN it is parsed  THEN Apono's message comes out
    expect(parseApiMessage(body)).toBe(expected);
  });

  it('truncates a long raw body', () => {
    // GIVEN a 5,000-character HTML page
    const body = 'x'.repeat(5000);

    // WHEN it is parsed
    const message = parseApiMessage(body) ?? '';

    // THEN only the start is kept, with a note of what was cut
    expect(message.length).toBeLessThan(400);
    expect(message).toContain('4700 more characters');
  });
});

describe('codeForStatus', () => {
  it.each([
    [400, 'bad_request'],
    [422, 'bad_request'],
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [405, 'bad_request'],
    [409, 'conflict'],
    [429, 'rate_limited'],
    [500, 'server'],
    [502, 'server'],
    [503, 'server'],
    [504, 'server'],
    [302, 'invalid_response'],
  ])('HTTP %i maps to %s', (status, code) => {
    expect(codeForStatus(status)).toBe(code);
  });
});

describe('errorFromResponse', () => {
  const base = { method: 'GET', path: '/api/admin/v3/users/u1', retries: 0, priorAttemptUncertain: false };

  it.each([
    [401, UnauthorizedError],
    [403, ForbiddenError],
    [404, NotFoundError],
    [409, ConflictError],
  ])('HTTP %i becomes its own subclass', (status, type) => {
    expect(errorFromResponse({ ...base, status, body: '' })).toBeInstanceOf(type);
  });

  it.each([400, 429, 500, 503])('HTTP %i becomes a plain ApiError with status and code', (status) => {
    const error = errorFromResponse({ ...base, status, body: '{"message":"nope"}' });
    expect(error.constructor).toBe(ApiError);
    expect(error.status).toBe(status);
    expect(error.code).toBe(codeForStatus(status));
  });

  it('a 409 carries the existing user id from the body', () => {
    // GIVEN the sandbox's 409 body
    const body = '{"message":"exists","code":"Conflict","existing_user_id":"u_7"}';

    // WHEN it becomes an error
    const error = errorFromResponse({ ...base, method: 'POST', status: 409, body });

    // THEN the id is on the ConflictError
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).existingId).toBe('u_7');
  });

  it('the message names method, path, status, Apono message and retries', () => {
    const error = errorFromResponse({ ...base, status: 503, body: '{"message":"try later"}', retries: 5 });
    expect(error.message).toBe('GET /api/admin/v3/users/u1: HTTP 503: try later after 5 retries');
  });
});

describe('parseExistingId', () => {
  it.each([
    ['{"existing_user_id":"u1"}', 'u1'],
    ['{"existing_group_id":"g1"}', 'g1'],
    ['{"existing_user_id":""}', undefined],
    ['{"existing_user_id":7}', undefined],
    ['not json', undefined],
  ])('%s gives %s', (body, id) => {
    expect(parseExistingId(body)).toBe(id);
  });
});

describe('redactSecret', () => {
  it('replaces every occurrence of the secret', () => {
    expect(redactSecret('Bearer aup_x and aup_x', 'aup_x')).toBe('Bearer [redacted] and [redacted]');
  });

  it('leaves the text alone when the secret is empty', () => {
    expect(redactSecret('text', '')).toBe('text');
  });
});

describe('error messages', () => {
  it('ResponseValidationError names the endpoint and the offending field', () => {
    const error = new ResponseValidationError({
      method: 'GET',
      path: '/api/admin/v3/users',
      field: '/items/3/email',
      reason: 'must be string',
    });
    expect(error.message).toBe('GET /api/admin/v3/users: response field /items/3/email must be string');
    expect(error.code).toBe('invalid_response');
  });

  it('ResponseValidationError of the whole body says "response body"', () => {
    const error = new ResponseValidationError({
      method: 'GET',
      path: '/x',
      field: '',
      reason: 'is not valid JSON',
    });
    expect(error.message).toBe('GET /x: response body is not valid JSON');
  });

  it('UnsupportedEndpointError names the request and the missing extension, and no Terraform advice (the provider gives it)', () => {
    const error = new UnsupportedEndpointError({ method: 'POST', path: '/api/admin/v3/users', status: 404 });
    expect(error.code).toBe('unsupported_endpoint');
    expect(error.message).toBe(
      'POST /api/admin/v3/users: this Apono API does not implement the user-write extension (HTTP 404); ' +
        'Apono documents no endpoint that invites, updates or deletes users.',
    );
  });

  it('CancelledError has code cancelled and its name', () => {
    const error = new CancelledError({ method: 'GET', path: '/x' });
    expect(error.code).toBe('cancelled');
    expect(error.name).toBe('CancelledError');
    expect(error).toBeInstanceOf(ApiError);
  });
});

describe('TransportError', () => {
  const base = { method: 'GET', path: '/api/admin/v3/users', baseUrl: 'https://api.apono.iox' };

  it.each<[TransportReason, string | undefined, string, string]>([
    [
      'connection_refused',
      'ECONNREFUSED',
      'Cannot reach https://api.apono.iox: connection refused',
      'network',
    ],
    ['host_not_found', 'ENOTFOUND', 'Cannot resolve the host api.apono.iox (check endpoint)', 'network'],
    [
      'host_unreachable',
      'EHOSTUNREACH',
      'Cannot reach https://api.apono.iox: no route to the host',
      'network',
    ],
    ['tls', 'CERT_HAS_EXPIRED', 'TLS connection to https://api.apono.iox failed', 'network'],
    ['connection_reset', 'ECONNRESET', 'Connection to https://api.apono.iox was reset', 'network'],
    ['timeout', undefined, 'No response from https://api.apono.iox', 'timeout'],
    ['network', 'EWHATEVER', 'Cannot reach https://api.apono.iox', 'network'],
  ])('%s (%s) has the headline %j and code %s', (reason, errno, headline, code) => {
    const error = new TransportError({ ...base, reason, ...(errno === undefined ? {} : { errno }) });
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ reason, headline, code, baseUrl: base.baseUrl });
    expect(error.message).toContain(`GET /api/admin/v3/users: ${headline}: `);
    if (errno !== undefined) expect(error.message).toContain(`(${errno})`);
  });

  it('a timeout ended by the deadline says how long an attempt waited and when it gave up', () => {
    const error = new TransportError({
      ...base,
      reason: 'timeout',
      attemptTimeoutMs: 10_000,
      retries: 2,
      note: 'gave up after 3 attempts in 30 s',
    });
    expect(error.apiMessage).toBe('no response within 10 s; gave up after 3 attempts in 30 s');
    expect(error.retries).toBe(2);
  });

  it('without a note, it counts the retries as other errors do', () => {
    const error = new TransportError({
      ...base,
      reason: 'connection_reset',
      errno: 'ECONNRESET',
      retries: 5,
    });
    expect(error.message).toBe(
      'GET /api/admin/v3/users: Connection to https://api.apono.iox was reset: the connection closed before an answer (ECONNRESET) after 5 retries',
    );
  });
});

describe('a response error ended by the deadline', () => {
  it('carries the note instead of the retry count', () => {
    const error = errorFromResponse({
      method: 'GET',
      path: '/x',
      status: 429,
      body: '{"message":"slow down"}',
      retries: 1,
      priorAttemptUncertain: false,
      note: 'gave up after 2 attempts: waiting 60 s to retry would pass the 30 s operation deadline',
    });
    expect(error.message).toBe(
      'GET /x: HTTP 429: slow down; gave up after 2 attempts: waiting 60 s to retry would pass the 30 s operation deadline',
    );
  });
});

describe('formatSeconds', () => {
  it.each([
    [30_000, '30 s'],
    [1_500, '1.5 s'],
    [999, '1 s'],
    [100, '0.1 s'],
  ])('%i ms is %s', (ms, text) => {
    expect(formatSeconds(ms)).toBe(text);
  });
});
