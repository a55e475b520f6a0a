/**
 * What the hand-written constructs share: the shape of a user to invite, the checks of resolved
 * values (the provider's own domain rules, so synth and plan agree), and the keys that stable
 * construct ids are derived from.
 */
import { Token } from 'cdktf';
import { emailKey, emailProblem } from '../provider/domain/emails';
import { fullNameProblem } from '../provider/domain/names';
import { phoneProblem } from '../provider/domain/phones';
import { roleProblem } from '../provider/domain/roles';

/** A user to invite into Apono (an `apono_user`). */
export interface UserInvitation {
  /** Email address of the user, compared case-insensitively. */
  readonly email: string;
  /** Full name: first name = first word, last name = the rest. */
  readonly fullName: string;
  /**
   * Apono role, case-insensitive: Admin, Grantee, Power User, Deployment, Viewer, Space Owner or
   * Space Manager.
   * @default "Grantee" (the provider's default)
   */
  readonly role?: string;
  /**
   * Phone number with "+" and the country code, e.g. "+14155550100".
   * @default - no phone number
   */
  readonly phoneNumber?: string;
}

/**
 * Props or a directory that fail validation. The message has one line per problem, each naming the
 * source (a file, or a construct), the entry and the field: `identities.yaml: users[3].email: ...`.
 */
export class IdentityValidationError extends Error {
  constructor(
    /** The file or construct the problems are in. */
    readonly source: string,
    /** Each problem as `entry.field: what is wrong`. */
    readonly problems: readonly string[],
  ) {
    super(problems.map((problem) => `${source}: ${problem}`).join('\n'));
    this.name = 'IdentityValidationError';
  }
}

/** A problem message that quotes the bad value (the domain rules do not always). */
export function quoteProblem(value: unknown, problem: string): string {
  const quoted = JSON.stringify(value);
  return typeof value === 'string' && problem.includes(quoted) ? problem : `${problem}; got ${quoted}`;
}

/** The problems of one resolved value, as `where: problem` lines; unresolved tokens pass. */
export function checkValue(
  where: string,
  value: string | undefined,
  rule: (value: string) => string | null,
): string[] {
  if (value === undefined || Token.isUnresolved(value)) return [];
  const problem = rule(value);
  return problem === null ? [] : [`${where}: ${quoteProblem(value, problem)}`];
}

/** The problems of a user invitation, each prefixed with `where` (e.g. `users[3]`). */
export function invitationProblems(where: string, user: UserInvitation): string[] {
  return [
    ...checkValue(`${where}.email`, user.email, emailProblem),
    ...checkValue(`${where}.fullName`, user.fullName, fullNameProblem),
    ...checkValue(`${where}.role`, user.role, roleProblem),
    ...checkValue(`${where}.phoneNumber`, user.phoneNumber, phoneProblem),
  ];
}

/** The construct id of a user: its email in lower case, so reordering or re-casing replaces nothing. */
export function userConstructId(email: string): string {
  return idSafe(emailKey(email));
}

/** The key two group names are compared by (case-insensitive, surrounding whitespace ignored). */
export function groupKey(name: string): string {
  return name.trim().toLowerCase();
}

/** The construct id of a group: its name in lower case. */
export function groupConstructId(name: string): string {
  return idSafe(groupKey(name));
}

/** Construct ids may not contain the path separator. */
function idSafe(key: string): string {
  return key.replace(/\//g, '_');
}
