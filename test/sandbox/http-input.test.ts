import { SandboxHttpError } from '../../sandbox/errors';
import { isJsonContentType, parseJsonBody, parseRequestTarget } from '../../sandbox/http-input';

/** The status a call fails with, or 'ok'. */
function outcome(call: () => unknown): number | 'ok' {
  try {
    call();
    return 'ok';
  } catch (error) {
    if (error instanceof SandboxHttpError) return error.status;
    throw error;
  }
}

describe('parseRequestTarget', () => {
  it.each([
    ['/api/admin/v3/users?limit=2', '/api/admin/v3/users', 'limit=2'],
    ['/api/admin/v1/groups/g1/x/..', '/api/admin/v1/groups/g1/x/..', ''],
    ['/api/v2/users/a%40b.co', '/api/v2/users/a%40b.co', ''],
    ['http://127.0.0.1:8080/api/v2/users?offset=1', '/api/v2/users', 'offset=1'],
    ['HTTP://[::1]:8080', '/', ''],
    ['http://127.0.0.1?limit=1', '/', 'limit=1'],
  ])('GIVEN the target %s WHEN parsed THEN the raw path is %s and the query %s', (target, path, query) => {
    const parsed = parseRequestTarget(target);
    expect({ path: parsed.path, query: parsed.query.toString() }).toEqual({ path, query });
  });

  it.each([['http://[::1'], ['*'], ['api/v2/users'], ['ftp://host/api'], ['/api/v2/users#top']])(
    'GIVEN the target %s WHEN parsed THEN 400',
    (target) => {
      expect(outcome(() => parseRequestTarget(target))).toBe(400);
    },
  );
});

describe('isJsonContentType', () => {
  it.each([
    ['application/json', true],
    ['Application/JSON; charset=UTF-8', true],
    ['application/json;charset="utf-8"', true],
    ['application/json; indent=2', true],
    ['application/json; charset=iso-8859-1', false],
    ['application/jsonp', false],
    ['text/plain', false],
    ['text/json', false],
    [undefined, false],
  ])('GIVEN Content-Type %s THEN JSON is %s', (header, expected) => {
    expect(isJsonContentType(header)).toBe(expected);
  });
});

describe('parseJsonBody', () => {
  it.each([
    ['an empty body without Content-Type', Buffer.alloc(0), undefined, 'ok'],
    ['JSON as text/plain', Buffer.from('{}'), 'text/plain', 415],
    ['JSON without Content-Type', Buffer.from('{}'), undefined, 415],
    ['Latin-1 bytes as JSON', Buffer.from('{"a":"\xe9"}', 'latin1'), 'application/json', 400],
    ['a truncated UTF-8 sequence', Buffer.from([0x22, 0xe2, 0x82, 0x22]), 'application/json', 400],
    ['text that is not JSON', Buffer.from('{'), 'application/json', 400],
    ['UTF-8 JSON', Buffer.from('{"a":"é"}'), 'application/json', 'ok'],
  ])('GIVEN %s WHEN parsed THEN %s', (_name, raw, contentType, expected) => {
    expect(outcome(() => parseJsonBody(raw, contentType))).toBe(expected);
  });

  it('GIVEN UTF-8 JSON WHEN parsed THEN its text is decoded exactly', () => {
    expect(parseJsonBody(Buffer.from('{"name":"café ☕"}'), 'application/json')).toEqual({ name: 'café ☕' });
  });
});
