/**
 * What the hand-written constructs share: the shape of a user to invite, the checks of resolved
 * values (the provider's own domain rules, so synth and plan agree), and the keys that stable
 * construct ids are derived from.
 */
import { TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { emailKey, emailProblem } from '../provider/domain/emails';
import { groupKey } from '../provider/domain/groups';
import { fullNameProblem } from '../provider/domain/names';
import { phoneProblem } from '../provider/domain/phones';
import { roleProblem } from '../provider/domain/roles';
import { User } from './generated/user';

/** A user to invite into Apono (an `apono_user`). */
export interface UserInvitation {
  /** Email address of the user, compared case-insensitively. */
  readonly email: string;
  /** Full name: first name = first word, last name = the rest. */
  readonly fullName: string;
  /**
   * Apono role, case-insensitive: a built-in role (Admin, Grantee, Power User, Deployment, Viewer,
   * Space Owner, Space Manager) or one some user of the tenant holds; `terraform plan` checks it.
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

/**
 * True when a string is (or holds) a token: a string token, or the element a list token encodes
 * (`#{TfToken[...]}`, which `Token.isUnresolved` only recognizes inside an array).
 */
export function isUnresolvedString(value: string): boolean {
  return Token.isUnresolved(value) || Token.isUnresolved([value]);
}

/** The problems of one resolved value, as `where: problem` lines; unresolved tokens pass. */
export function checkValue(
  where: string,
  value: string | undefined,
  rule: (value: string) => string | null,
): string[] {
  // Not a string: requiredProblem reports it (plain JavaScript callers).
  if (typeof value !== 'string' || isUnresolvedString(value)) return [];
  const problem = rule(value);
  return problem === null ? [] : [`${where}: ${quoteProblem(value, problem)}`];
}

/** The problem of a required string field that plain JavaScript callers left out or mistyped. */
export function requiredProblem(where: string, value: unknown): string[] {
  if (value === undefined || value === null) return [`${where}: is required`];
  return typeof value === 'string' ? [] : [`${where}: ${quoteProblem(value, 'must be a string')}`];
}

/** The problems of a user invitation, each prefixed with `where` (e.g. `users[3]`). */
export function invitationProblems(where: string, user: Partial<UserInvitation>): string[] {
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

/** The construct id of a group: its name in lower case. */
export function groupConstructId(name: string): string {
  return idSafe(groupKey(name));
}

/**
 * A key as a construct id, injectively: distinct keys always give distinct ids. constructs turns
 * `/` and newlines into `--` (so `a/b` and `a--b` would collide): those and `%` are
 * percent-encoded, and nothing else changes, so the ids of ordinary emails and names stay the same.
 */
export function idSafe(key: string): string {
  return key.replace(
    /[%/\n]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

/**
 * Adds a synth-time check to `owner`: no other `apono_user` of its stack with the same provider has
 * the (literal) email of one of `users`. Two resources for one mailbox plan fine, but the second
 * invitation fails at apply: an email declared in an IdentityDirectory and again in an AponoTeam
 * (or as a plain `user.User`) is reported when the app is synthesized.
 */
export function addUniqueEmailValidation(owner: Construct, users: readonly User[]): void {
  owner.node.addValidation({
    validate: () => {
      const own = new Set<Construct>(users);
      const providerKey = (user: User): string => user.provider?.alias ?? '';
      const others = new Map<string, User>();
      for (const construct of TerraformStack.of(owner).node.findAll()) {
        if (!(construct instanceof User) || own.has(construct)) continue;
        const email = construct.emailInput;
        if (typeof email !== 'string' || isUnresolvedString(email)) continue;
        others.set(`${providerKey(construct)}\n${emailKey(email)}`, construct);
      }
      return users.flatMap((user) => {
        const email = user.emailInput;
        if (typeof email !== 'string' || isUnresolvedString(email)) return [];
        const other = others.get(`${providerKey(user)}\n${emailKey(email)}`);
        return other === undefined
          ? []
          : [
              `"${email}" is also an apono_user at ${other.node.path}: one mailbox would be invited twice ` +
                '(the second invitation fails at apply); declare the user once and reference its email attribute',
            ];
      });
    },
  });
}
