/**
 * The sandbox stands for the Apono API: what the provider lets through at plan must be what the
 * sandbox's request validation accepts, and what the provider refuses the sandbox refuses too. One
 * table per field runs through the provider's rule and through the sandbox's request parsing.
 */
import { emailProblem } from '../../provider/domain/emails';
import { groupNameProblem } from '../../provider/domain/groups';
import { fullNameProblem, splitFullName } from '../../provider/domain/names';
import { normalizePhone, phoneProblem } from '../../provider/domain/phones';
import { roleProblem } from '../../provider/domain/roles';
import { SandboxHttpError } from '../../sandbox/errors';
import {
  parseCreateGroup,
  parseEmail,
  parseInviteUser,
  parseRenameGroup,
  parseReplaceMembers,
  parseUpdateUser,
} from '../../sandbox/validation';
import {
  EMAIL_CASES,
  FIRST_NAME_CASES,
  FULL_NAME_CASES,
  GROUP_NAME_CASES,
  LAST_NAME_CASES,
  PHONE_CASES,
  ROLE_CASES,
  splitCases,
} from './identity-cases';

/** The message of the 400 the sandbox answers for `parse`, or null when it accepts the input. */
function sandboxRefusal(parse: () => unknown): string | null {
  try {
    parse();
    return null;
  } catch (error) {
    if (!(error instanceof SandboxHttpError) || error.status !== 400) throw error;
    return String(error.body.message);
  }
}

const invitation = (fields: Record<string, unknown>): Record<string, unknown> => ({
  email: 'ada@example.com',
  first_name: 'Ada',
  last_name: 'Lovelace',
  roles: ['Grantee'],
  ...fields,
});

describe('emails: the sandbox accepts exactly what the provider accepts', () => {
  it.each(EMAIL_CASES)('GIVEN %j THEN the provider and the sandbox agree', (email, problem) => {
    const accepted = problem === null;
    expect(emailProblem(email) === null).toBe(accepted);
    expect(sandboxRefusal(() => parseInviteUser(invitation({ email }))) === null).toBe(accepted);
    expect(sandboxRefusal(() => parseReplaceMembers({ members_emails: [email] })) === null).toBe(accepted);
    expect(sandboxRefusal(() => parseCreateGroup({ name: 'g', members_emails: [email] })) === null).toBe(
      accepted,
    );
    expect(sandboxRefusal(() => parseEmail(email)) === null).toBe(accepted);
  });

  it.each([
    [() => parseInviteUser(invitation({ email: 'ada@example.com.' })), 'email '],
    [() => parseReplaceMembers({ members_emails: ['ada@example.com', 'a..b@x.io'] }), 'members_emails[1] '],
  ])(
    'GIVEN an invalid email WHEN the sandbox parses it THEN the 400 message names the field (%#)',
    (parse, field) => {
      expect(sandboxRefusal(parse)).toMatch(
        new RegExp(`^${field.replace(/[[\]]/g, '\\$&')}.*is not a valid email`),
      );
    },
  );
});

describe('group names: the sandbox accepts exactly what the provider accepts', () => {
  it.each(GROUP_NAME_CASES)('GIVEN %j THEN the provider and the sandbox agree', (name, problem) => {
    const accepted = problem === null;
    expect(groupNameProblem(name) === null).toBe(accepted);
    expect(sandboxRefusal(() => parseCreateGroup({ name })) === null).toBe(accepted);
    expect(sandboxRefusal(() => parseRenameGroup({ name })) === null).toBe(accepted);
  });

  it('GIVEN a group name with a line break WHEN the sandbox parses it THEN the 400 message names the field', () => {
    expect(sandboxRefusal(() => parseCreateGroup({ name: 'eng\nops' }))).toMatch(/^name must not contain/);
  });
});

describe('first and last names: the sandbox applies the provider rules', () => {
  it.each(FIRST_NAME_CASES)(
    'GIVEN the first name %j THEN the sandbox accepts it when the rule does',
    (name, problem) => {
      const refusal = sandboxRefusal(() => parseInviteUser(invitation({ first_name: name })));
      if (problem === null) expect(refusal).toBeNull();
      else expect(refusal).toMatch(new RegExp(`^first_name .*${escapeRegExp(problem)}`));
      expect(sandboxRefusal(() => parseUpdateUser({ first_name: name })) === null).toBe(problem === null);
    },
  );

  it.each(LAST_NAME_CASES)(
    'GIVEN the last name %j THEN the sandbox accepts it when the rule does',
    (name, problem) => {
      const refusal = sandboxRefusal(() => parseInviteUser(invitation({ last_name: name })));
      if (problem === null) expect(refusal).toBeNull();
      else expect(refusal).toMatch(new RegExp(`^last_name .*${escapeRegExp(problem)}`));
      expect(sandboxRefusal(() => parseUpdateUser({ last_name: name })) === null).toBe(problem === null);
    },
  );

  it.each(splitCases(FULL_NAME_CASES).accepted)(
    'GIVEN the valid full name %j WHEN split and sent THEN the sandbox accepts the parts',
    (fullName) => {
      const { firstName, lastName } = splitFullName(fullName);
      expect(fullNameProblem(fullName)).toBeNull();
      expect(
        sandboxRefusal(() => parseInviteUser(invitation({ first_name: firstName, last_name: lastName }))),
      ).toBeNull();
    },
  );

  it.each(FULL_NAME_CASES.filter(([, problem]) => problem?.includes('U+') ?? false))(
    'GIVEN the full name %j with a refused character WHEN split and sent THEN the sandbox refuses it too',
    (fullName) => {
      const { firstName, lastName } = splitFullName(fullName);
      expect(fullNameProblem(fullName)).not.toBeNull();
      expect(
        sandboxRefusal(() => parseInviteUser(invitation({ first_name: firstName, last_name: lastName }))),
      ).not.toBeNull();
    },
  );
});

describe('roles and phone numbers: what the provider sends the sandbox accepts', () => {
  it.each(ROLE_CASES)(
    'GIVEN the role %j THEN the sandbox accepts it exactly when the provider does',
    (role, problem) => {
      expect(roleProblem(role) === null).toBe(problem === null);
      const refusal = sandboxRefusal(() => parseInviteUser(invitation({ roles: [role] })));
      if (problem === null) expect(refusal).toBeNull();
      else expect(refusal).toMatch(new RegExp(`^roles\\[0\\] .*${escapeRegExp(problem)}`));
      expect(sandboxRefusal(() => parseUpdateUser({ roles: [role] })) === null).toBe(problem === null);
    },
  );

  it.each(PHONE_CASES)(
    'GIVEN the phone number %j THEN the sandbox accepts its E.164 form when the provider accepts it',
    (phone, problem) => {
      const accepted = problem === null;
      expect(phoneProblem(phone) === null).toBe(accepted);
      const sent = normalizePhone(phone);
      expect(sandboxRefusal(() => parseInviteUser(invitation({ phone_number: sent }))) === null).toBe(
        accepted,
      );
    },
  );
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
