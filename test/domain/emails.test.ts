import {
  caseDuplicates,
  emailProblem,
  preferSpellings,
  sameEmail,
  sameEmailSet,
} from '../../provider/domain/emails';

describe('emails', () => {
  it.each([
    ['ada@example.com', 'ADA@Example.COM', true],
    ['ada@example.com', 'ada@example.org', false],
    [' ada@example.com', 'ada@example.com', true],
  ])('GIVEN %s and %s WHEN compared THEN same mailbox is %s', (a, b, expected) => {
    expect(sameEmail(a, b)).toBe(expected);
  });

  it.each([
    ['ada@example.com', null],
    ['Ada.Lovelace+tf@sub.example.co.uk', null],
    ['', 'must not be empty'],
    ['ada', 'not a valid email'],
    ['ada@example', 'not a valid email'],
    ['a da@example.com', 'not a valid email'],
    [' ada@example.com', 'whitespace'],
    [`${'a'.repeat(250)}@example.com`, 'at most 254'],
  ])('GIVEN %j WHEN validated THEN the problem mentions %j', (email, problem) => {
    const found = emailProblem(email);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });

  it('GIVEN emails differing only by case WHEN checked for duplicates THEN they are grouped', () => {
    expect(caseDuplicates(['a@x.io', 'b@x.io', 'A@X.io'])).toEqual([['a@x.io', 'A@X.io']]);
  });

  it('GIVEN API spellings WHEN preferring the configured spellings THEN matches keep the configured case', () => {
    expect(preferSpellings(['ada@x.io', 'bob@x.io'], ['ADA@x.io'])).toEqual(['ADA@x.io', 'bob@x.io']);
  });

  it.each([
    [['a@x.io', 'B@x.io'], ['b@X.io', 'A@x.io'], true],
    [['a@x.io'], ['a@x.io', 'b@x.io'], false],
    [[], [], true],
  ])('GIVEN %j and %j WHEN compared as sets THEN equal is %s', (a, b, expected) => {
    expect(sameEmailSet(a, b)).toBe(expected);
  });
});
