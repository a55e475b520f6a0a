import {
  caseDuplicates,
  emailProblem,
  preferSpellings,
  sameEmail,
  sameEmailSet,
} from '../../provider/domain/emails';
import { EMAIL_CASES } from './identity-cases';

describe('emails', () => {
  it.each([
    ['ada@example.com', 'ADA@Example.COM', true],
    ['ada@example.com', 'ada@example.org', false],
    [' ada@example.com', 'ada@example.com', true],
  ])('GIVEN %s and %s WHEN compared THEN same mailbox is %s', (a, b, expected) => {
    expect(sameEmail(a, b)).toBe(expected);
  });

  it.each(EMAIL_CASES)('GIVEN %j WHEN validated THEN the problem mentions %j', (email, problem) => {
    const found = emailProblem(email);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });

  it('GIVEN an invalid address WHEN validated THEN the problem quotes it', () => {
    expect(emailProblem('ada@example.com.')).toBe(
      '"ada@example.com." is not a valid email address: the domain must not end with a dot',
    );
  });

  it('GIVEN an address with an invisible character WHEN validated THEN the problem quotes it with the character escaped', () => {
    expect(emailProblem('ada\u200B@example.com')).toBe(
      '"ada\\u200B@example.com" must not contain control or invisible format characters (found U+200B at character 4)',
    );
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
