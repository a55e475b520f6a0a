import {
  firstNameProblem,
  fullNameProblem,
  joinFullName,
  lastNameProblem,
  sameFullName,
  splitFullName,
} from '../../provider/domain/names';
import {
  canonicalRole,
  managedRole,
  replaceRole,
  resolveRole,
  roleProblem,
  rolesInUse,
  unknownRoleProblem,
} from '../../provider/domain/roles';
import { isE164, normalizePhone, phoneProblem, samePhone } from '../../provider/domain/phones';
import {
  FIRST_NAME_CASES,
  FULL_NAME_CASES,
  LAST_NAME_CASES,
  PHONE_CASES,
  ROLE_CASES,
  type RuleCase,
  splitCases,
} from './identity-cases';

/** Runs a table of cases through a `xxxProblem` rule. */
function expectProblems(rule: (value: string) => string | null, value: string, problem: RuleCase[1]): void {
  const found = rule(value);
  if (problem === null) expect(found).toBeNull();
  else expect(found).toContain(problem);
}

describe('full names', () => {
  it.each([
    ['Ada Lovelace', 'Ada', 'Lovelace'],
    ['Cher', 'Cher', ''],
    ['Mary Ann Smith', 'Mary', 'Ann Smith'],
  ])('GIVEN %j WHEN split and joined THEN it round-trips (%j, %j)', (full, first, last) => {
    expect(splitFullName(full)).toEqual({ firstName: first, lastName: last });
    expect(joinFullName(first, last)).toBe(full);
  });

  it.each([
    ['Mary  Kenneth Keller', 'Mary', 'Kenneth Keller'],
    ['Grace   Brewster  Hopper', 'Grace', 'Brewster Hopper'],
    ['Jean  Luc', 'Jean', 'Luc'],
  ])(
    'GIVEN %j with runs of spaces WHEN split THEN each run counts as one space (%j, %j)',
    (full, first, last) => {
      expect(splitFullName(full)).toEqual({ firstName: first, lastName: last });
    },
  );

  it.each([
    ['Mary  Kenneth Keller', 'Mary Kenneth Keller', true],
    ['Grace   Brewster  Hopper', 'Grace Brewster Hopper', true],
    ['Ada Lovelace', 'Ada Lovelace', true],
    ['Ada Lovelace', 'ada lovelace', false],
    ['Ada Lovelace', 'AdaLovelace', false],
    ['Ada\u00A0Lovelace', 'Ada Lovelace', false],
    ['Ada Lovelace', 'Ada Byron', false],
  ])('GIVEN %j and %j WHEN compared THEN the same name is %s', (a, b, expected) => {
    expect(sameFullName(a, b)).toBe(expected);
    expect(sameFullName(b, a)).toBe(expected);
  });

  it.each(splitCases(FULL_NAME_CASES).accepted)(
    'GIVEN the valid full name %j WHEN split and joined THEN it is the same name',
    (full) => {
      const { firstName, lastName } = splitFullName(full);
      expect(sameFullName(joinFullName(firstName, lastName), full)).toBe(true);
    },
  );

  it.each(FULL_NAME_CASES)(
    'GIVEN the full name %j WHEN validated THEN the problem mentions %j',
    (name, problem) => {
      expectProblems(fullNameProblem, name, problem);
    },
  );

  it.each(FIRST_NAME_CASES)(
    'GIVEN the first name %j WHEN validated THEN the problem mentions %j',
    (name, problem) => {
      expectProblems(firstNameProblem, name, problem);
    },
  );

  it.each(LAST_NAME_CASES)(
    'GIVEN the last name %j WHEN validated THEN the problem mentions %j',
    (name, problem) => {
      expectProblems(lastNameProblem, name, problem);
    },
  );

  it.each(splitCases(FULL_NAME_CASES).accepted)(
    'GIVEN the valid full name %j WHEN split THEN both parts pass the first and last name rules',
    (full) => {
      const { firstName, lastName } = splitFullName(full);
      expect([firstNameProblem(firstName), lastNameProblem(lastName)]).toEqual([null, null]);
    },
  );
});

describe('roles', () => {
  it.each([
    ['admin', 'Admin'],
    ['GRANTEE', 'Grantee'],
    ['power user', 'Power User'],
    ['owner', null],
    ['Security Auditor', null],
    [' Admin ', null],
  ])('GIVEN %j WHEN canonicalised THEN it is %j', (role, expected) => {
    expect(canonicalRole(role)).toBe(expected);
  });

  it.each(ROLE_CASES)('GIVEN the role %j WHEN validated THEN the problem mentions %j', (role, problem) => {
    expectProblems(roleProblem, role, problem);
  });

  it('GIVEN users with overlapping roles WHEN the roles in use are listed THEN each comes once, as first spelled, in order', () => {
    const users = [
      { roles: ['Viewer', 'Security Auditor'] },
      { roles: [] },
      { roles: ['security auditor', 'Admin'] },
    ];
    expect(rolesInUse(users)).toEqual(['Viewer', 'Security Auditor', 'Admin']);
  });

  it.each<[string, string[], string | null]>([
    ['admin', ['Security Auditor'], 'Admin'],
    ['viewer', ['VIEWER'], 'Viewer'],
    ['POWER USER', [], 'Power User'],
    ['security auditor', ['Security Auditor'], 'Security Auditor'],
    ['Security Auditor', ['Viewer'], null],
    ['Owner', [], null],
  ])('GIVEN %j and the tenant roles %j WHEN resolved THEN Apono knows it as %j', (role, tenant, expected) => {
    expect(resolveRole(role, tenant)).toBe(expected);
  });

  it("GIVEN an unknown role WHEN explained THEN the built-in roles and the tenant's others are listed", () => {
    const problem = unknownRoleProblem('Overlord', ['Admin', 'Security Auditor', 'Release Captain']);
    expect(problem).toContain('"Overlord"');
    expect(problem).toContain('Admin, Grantee, Power User, Deployment, Viewer, Space Owner, Space Manager');
    expect(problem).toContain('(Security Auditor, Release Captain)');
  });

  it('GIVEN a tenant with only built-in roles WHEN an unknown role is explained THEN it says there are no others', () => {
    expect(unknownRoleProblem('Overlord', ['Admin'])).toContain('none besides the built-in ones');
  });

  it.each<[string[], string | null, string | null]>([
    [['Viewer', 'Deployment'], 'Deployment', 'Deployment'],
    [['Viewer', 'Deployment'], 'deployment', 'Deployment'],
    [['Viewer', 'Deployment'], null, 'Viewer'],
    [['Viewer', 'Deployment'], 'Admin', 'Viewer'],
    [[], 'Admin', null],
    [[], null, null],
  ])('GIVEN the roles %j and the managed role %j WHEN read THEN role is %j', (roles, managed, expected) => {
    expect(managedRole(roles, managed)).toBe(expected);
  });

  it.each<[string[], string | null, string, string[]]>([
    [['Viewer', 'Deployment'], 'Viewer', 'Admin', ['Admin', 'Deployment']],
    [['Deployment', 'Viewer'], 'viewer', 'Admin', ['Deployment', 'Admin']],
    [['Viewer'], 'Viewer', 'Security Auditor', ['Security Auditor']],
    [['Deployment'], 'Viewer', 'Admin', ['Deployment', 'Admin']],
    [[], null, 'Admin', ['Admin']],
    [['Viewer', 'Deployment'], 'Viewer', 'deployment', ['Viewer', 'Deployment']],
  ])(
    'GIVEN the roles %j WHEN the managed role %j becomes %j THEN she holds %j',
    (roles, from, to, expected) => {
      expect(replaceRole(roles, from, to)).toEqual(expected);
    },
  );
});

describe('phone numbers', () => {
  it.each(PHONE_CASES)('GIVEN %j WHEN validated THEN the problem mentions %j', (phone, problem) => {
    expectProblems(phoneProblem, phone, problem);
  });

  it.each([
    ['+14155550123', true],
    ['+1234567', true],
    ['+4420', false],
    ['+0123456789', false],
    ['14155550123', false],
    ['+1234567890123456', false],
    ['+1 415 555 0123', false],
    ['+1٤١٥5550123', false],
  ])('GIVEN %j WHEN checked as E.164 THEN it is %s', (phone, expected) => {
    expect(isE164(phone)).toBe(expected);
  });

  it('GIVEN two spellings of one number WHEN compared THEN they are the same number', () => {
    expect(normalizePhone('+1 (415) 555-0100')).toBe('+14155550100');
    expect(samePhone('+1 415 555 0100', '+14155550100')).toBe(true);
  });
});
