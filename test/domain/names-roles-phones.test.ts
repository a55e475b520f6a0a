import { fullNameProblem, joinFullName, splitFullName } from '../../provider/domain/names';
import { canonicalRole, roleProblem } from '../../provider/domain/roles';
import { normalizePhone, phoneProblem, samePhone } from '../../provider/domain/phones';

describe('full names', () => {
  it.each([
    ['Ada Lovelace', 'Ada', 'Lovelace'],
    ['Cher', 'Cher', ''],
    ['Mary Ann Smith', 'Mary', 'Ann Smith'],
    ['Jean  Luc', 'Jean', ' Luc'],
  ])('GIVEN %j WHEN split and joined THEN it round-trips (%j, %j)', (full, first, last) => {
    expect(splitFullName(full)).toEqual({ firstName: first, lastName: last });
    expect(joinFullName(first, last)).toBe(full);
  });

  it.each([
    ['Ada Lovelace', null],
    ['', 'must not be empty'],
    ['   ', 'must not be empty'],
    [' Ada', 'whitespace'],
  ])('GIVEN %j WHEN validated THEN the problem mentions %j', (name, problem) => {
    const found = fullNameProblem(name);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });
});

describe('roles', () => {
  it.each([
    ['admin', 'Admin'],
    ['GRANTEE', 'Grantee'],
    ['power user', 'Power User'],
    ['owner', null],
  ])('GIVEN %j WHEN canonicalised THEN it is %j', (role, expected) => {
    expect(canonicalRole(role)).toBe(expected);
  });

  it('GIVEN an unknown role WHEN validated THEN the error lists the roles', () => {
    expect(roleProblem('Owner')).toContain('Admin, Grantee, Power User');
  });
});

describe('phone numbers', () => {
  it.each([
    ['+14155550100', null],
    ['+1 (415) 555-0100', null],
    ['+44 20 7946 0958', null],
    ['4155550100', 'country code'],
    ['+0123456789', 'country code'],
    ['+1 415 CALL ME', 'country code'],
    ['+123', 'country code'],
  ])('GIVEN %j WHEN validated THEN the problem mentions %j', (phone, problem) => {
    const found = phoneProblem(phone);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });

  it('GIVEN two spellings of one number WHEN compared THEN they are the same number', () => {
    expect(normalizePhone('+1 (415) 555-0100')).toBe('+14155550100');
    expect(samePhone('+1 415 555 0100', '+14155550100')).toBe(true);
  });
});
