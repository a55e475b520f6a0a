import { parseJournal } from '../../sandbox/journal';
import { decodePageToken, encodePageToken } from '../../sandbox/pagination';
import { OrderedCollection, takePage } from '../../sandbox/store';
import {
  Faults,
  NO_FAULTS,
  SandboxRateLimiter,
  isAppliedWrite,
  parseFaultSettings,
} from '../../sandbox/faults';
import { parseInviteUser, parseLimit, parseUpdateUser } from '../../sandbox/validation';
import { matchesWildcard } from '../../sandbox/wildcard';
import { SandboxHttpError } from '../../sandbox/errors';
import { matchRoute, type Route } from '../../sandbox/router';

describe('wildcard matching', () => {
  test.each([
    ['*dev*', 'Backend-Developers', true],
    ['*dev*', 'ops', false],
    ['back*', 'Backend', true],
    ['back*', 'frontback', false],
    ['*end', 'Backend', true],
    ['*end', 'endless', false],
    ['ops', 'OPS', true],
    ['ops', 'devops', false],
    ['*', 'anything', true],
    ['a*a', 'a', false],
    ['a*a', 'aa', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'aXcYb', false],
  ])('GIVEN pattern %j WHEN matched against %j THEN the answer is %s', (pattern, value, expected) => {
    expect(matchesWildcard(pattern, value)).toBe(expected);
  });
});

describe('page tokens', () => {
  test('GIVEN a cursor WHEN encoded and decoded THEN it comes back unchanged', () => {
    const cursor = { list: 'users', after: 42, filters: { first_name: 'A*', role: ['Admin', 'Viewer'] } };
    expect(decodePageToken(encodePageToken(cursor), 'users')).toEqual(cursor);
  });

  test('GIVEN a token WHEN it is URL-safe THEN it needs no escaping', () => {
    const token = encodePageToken({ list: 'users', after: 7, filters: { last_name: '*?&/+=' } });
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  test.each([
    ['garbage!'],
    ['bm90IGpzb24'],
    [Buffer.from('{"l":"users","a":-1,"f":{}}').toString('base64url')],
  ])('GIVEN the malformed token %j WHEN decoded THEN it is a 400', (token) => {
    expect(() => decodePageToken(token, 'users')).toThrow(SandboxHttpError);
  });

  test('GIVEN a groups token WHEN decoded for users THEN it is rejected', () => {
    const token = encodePageToken({ list: 'groups', after: 1, filters: {} });
    expect(() => decodePageToken(token, 'users')).toThrow(/another list/);
  });
});

describe('validation', () => {
  test.each([
    [null, 100],
    ['', 100],
    ['1', 1],
    ['1000', 1000],
    ['5000', 1000],
  ])('GIVEN limit %j THEN the page size is %i', (raw, limit) => {
    expect(parseLimit(raw)).toBe(limit);
  });

  test.each([['0'], ['-1'], ['ten'], ['1.5']])('GIVEN limit %j THEN it is a 400', (raw) => {
    expect(() => parseLimit(raw)).toThrow(SandboxHttpError);
  });

  test('GIVEN an invitation without a phone number THEN the phone number is null', () => {
    const input = parseInviteUser({ email: 'a@b.co', first_name: 'A', last_name: 'B', roles: ['Admin'] });
    expect(input.phone_number).toBeNull();
  });

  test('GIVEN an update with an unknown field THEN it is a 400 naming the field', () => {
    expect(() => parseUpdateUser({ email: 'x@y.co' })).toThrow(/unknown field\(s\): email/);
  });

  test.each([
    [['admin'], ['admin']],
    [
      ['Security Auditor', 'Viewer'],
      ['Security Auditor', 'Viewer'],
    ],
    [[], []],
  ])('GIVEN the roles %j in an update THEN they are kept as given (roles are open)', (roles, expected) => {
    expect(parseUpdateUser({ roles }).roles).toEqual(expected);
  });

  test('GIVEN an invitation without roles THEN it is a 400 (an invitation names a role)', () => {
    expect(() => parseInviteUser({ email: 'a@b.co', first_name: 'A', last_name: 'B', roles: [] })).toThrow(
      /non-empty/,
    );
  });
});

describe('ordered collection', () => {
  test('GIVEN deletes between pages WHEN scanning after a position THEN nothing is skipped or repeated', () => {
    const collection = new OrderedCollection<{ id: string }>();
    for (let i = 0; i < 10; i++) collection.put({ id: `x${i}` });
    const first = takePage(collection.after(0), 4, () => true);
    collection.delete('x1');
    collection.delete('x5');
    collection.put({ id: 'x10' });
    const second = takePage(collection.after(first.nextAfter ?? 0), 100, () => true);
    expect(first.items.map((v) => v.id)).toEqual(['x0', 'x1', 'x2', 'x3']);
    expect(second.items.map((v) => v.id)).toEqual(['x4', 'x6', 'x7', 'x8', 'x9', 'x10']);
    expect(second.nextAfter).toBeNull();
  });

  test('GIVEN an existing id WHEN put again THEN it keeps its position', () => {
    const collection = new OrderedCollection<{ id: string; v: number }>();
    collection.put({ id: 'a', v: 1 });
    collection.put({ id: 'b', v: 1 });
    collection.put({ id: 'a', v: 2 });
    expect([...collection.values()]).toEqual([
      { id: 'a', v: 2 },
      { id: 'b', v: 1 },
    ]);
  });

  test('GIVEN deleted entries WHEN sliced by offset THEN offsets count live entries only', () => {
    const collection = new OrderedCollection<{ id: string }>();
    for (let i = 0; i < 5; i++) collection.put({ id: `x${i}` });
    collection.delete('x0');
    expect(collection.slice(1, 2).map((v) => v.id)).toEqual(['x2', 'x3']);
  });
});

describe('journal parsing', () => {
  const line = (id: string): string => JSON.stringify({ op: 'user.delete', id });

  test('GIVEN an unterminated unparsable final line THEN it is ignored as a torn write', () => {
    const parsed = parseJournal(`${line('a')}\n${line('b')}\n{"op":"user.put","us`);
    expect(parsed.mutations).toHaveLength(2);
    expect(parsed.tornTail).toBe(true);
  });

  test('GIVEN a corrupt line before the end THEN parsing refuses', () => {
    expect(() => parseJournal(`${line('a')}\n{oops\n${line('b')}\n`)).toThrow(/line 2 is corrupt/);
  });

  test('GIVEN an empty file THEN there is nothing to replay', () => {
    expect(parseJournal('')).toEqual({ mutations: [], tornTail: false });
  });
});

describe('rate limiting', () => {
  test('GIVEN 2 requests per second WHEN a third arrives at once THEN it waits at least one whole second', () => {
    const bucket = new SandboxRateLimiter(2, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([0, 0, 1]);
  });

  test('GIVEN an exhausted bucket WHEN half a second passes at 2 rps THEN a request passes again', () => {
    const bucket = new SandboxRateLimiter(2, 0);
    bucket.take(0);
    bucket.take(0);
    expect(bucket.take(500)).toBe(0);
  });

  test('GIVEN fault settings with a field missing THEN that fault is off', () => {
    expect(parseFaultSettings({ error_rate: 0.5 })).toEqual({
      latency_ms: 0,
      error_rate: 0.5,
      rate_limit_rps: null,
      reset_rate: 0,
      lost_answer_rate: 0,
      lost_answer_next: 0,
    });
  });

  test('GIVEN an error rate above 1 THEN the settings are a 400', () => {
    expect(() => parseFaultSettings({ error_rate: 2 })).toThrow(SandboxHttpError);
  });
});

describe('lost answers', () => {
  test.each([
    ['POST', 201, true],
    ['PUT', 204, true],
    ['PATCH', 200, true],
    ['DELETE', 204, true],
    ['GET', 200, false],
    ['HEAD', 200, false],
    ['POST', 409, false],
    ['DELETE', 404, false],
    ['PUT', 500, false],
  ])('GIVEN %s answered %i THEN an answer may be lost: %s', (method, status, expected) => {
    expect(isAppliedWrite(method, status)).toBe(expected);
  });

  test.each([
    [0.3, 0.29, true],
    [0.3, 0.3, false],
    [0, 0, false],
  ])(
    'GIVEN lost_answer_rate %d and a random draw of %d WHEN a write succeeds THEN its answer is lost: %s',
    (rate, draw, expected) => {
      const faults = new Faults(() => draw);
      faults.replace({ ...NO_FAULTS, lost_answer_rate: rate });
      expect(faults.losesAnswer('POST', 200)).toBe(expected);
    },
  );
});

describe('routing', () => {
  const noop = (): { status: number } => ({ status: 204 });
  const routes: Route[] = [
    { method: 'GET', template: '/api/admin/v1/groups/{id}/members/{email}', handler: noop },
    { method: 'PUT', template: '/api/admin/v1/groups/{id}/members/{email}', handler: noop },
  ];

  test('GIVEN a percent-encoded email segment THEN the parameter is decoded', () => {
    const match = matchRoute(routes, 'PUT', '/api/admin/v1/groups/g1/members/a%2Bb%40x.co');
    expect(match).toMatchObject({ kind: 'found', params: { id: 'g1', email: 'a+b@x.co' } });
  });

  test('GIVEN a known path with another method THEN the match says which methods are allowed', () => {
    expect(matchRoute(routes, 'POST', '/api/admin/v1/groups/g1/members/a@x.co')).toEqual({
      kind: 'wrong-method',
      template: '/api/admin/v1/groups/{id}/members/{email}',
      allowed: ['GET', 'PUT'],
    });
  });
});
