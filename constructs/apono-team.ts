/** AponoTeam: an Apono group and its members, inviting the members that are new. */
import { Fn, TerraformProvider, Token } from 'cdktf';
import { Construct } from 'constructs';
import { emailKey, emailProblem } from '../provider/domain/emails';
import { Group } from './generated/group';
import { User } from './generated/user';
import {
  checkValue,
  IdentityValidationError,
  invitationProblems,
  UserInvitation,
  userConstructId,
} from './identities';

/** Properties of an {@link AponoTeam}. */
export interface AponoTeamProps {
  /** Name of the Apono group, unique in Apono (compared case-insensitively). */
  readonly name: string;
  /**
   * Users to invite; each becomes a member. The group's `members` reference their `email`
   * attributes, so Terraform invites them before it changes the membership.
   * @default - no new users
   */
  readonly newUsers?: readonly UserInvitation[];
  /**
   * Emails of members that already exist: users in Apono or in your IdP, or the `email` attribute
   * of an `apono_user` defined elsewhere in the app (a token is fine).
   * @default - no existing members
   */
  readonly existingMembers?: readonly string[];
  /**
   * The Apono provider of the group and users.
   * @default - the stack's default `apono` provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * An Apono group (`apono_group`, construct id `Resource`) whose authoritative `members` are the
 * users it invites (`apono_user`, construct ids derived from their emails) and existing members.
 */
export class AponoTeam extends Construct {
  /** The group (the L1 `apono_group`). */
  readonly group: Group;
  /** The invited users, in the order of `newUsers`. */
  readonly users: readonly User[];

  constructor(scope: Construct, id: string, props: AponoTeamProps) {
    const newUsers = props.newUsers ?? [];
    const existingMembers = props.existingMembers ?? [];
    // Before super(): a team that fails validation leaves nothing in the construct tree.
    validateTeam(props.name, newUsers, existingMembers);
    super(scope, id);

    this.users = newUsers.map(
      (user, index) =>
        new User(this, Token.isUnresolved(user.email) ? `User${index}` : userConstructId(user.email), {
          email: user.email,
          fullName: user.fullName,
          role: user.role,
          phoneNumber: user.phoneNumber,
          provider: props.provider,
        }),
    );
    const newEmails = this.users.map((user) => user.email);
    this.group = new Group(this, 'Resource', {
      name: props.name,
      // A list token cannot be spread: Terraform concatenates it at plan time instead.
      members: Token.isUnresolved(existingMembers)
        ? Token.asList(Fn.concat([newEmails, existingMembers]))
        : [...newEmails, ...existingMembers],
      provider: props.provider,
    });
  }
}

/** Throws one error that lists every problem of the resolved values of a team. */
function validateTeam(
  name: string,
  newUsers: readonly UserInvitation[],
  existingMembers: readonly string[],
): void {
  const problems = [
    ...checkValue('name', name, (value) => (value.trim() === '' ? 'must not be empty' : null)),
    ...newUsers.flatMap((user, index) => invitationProblems(`newUsers[${index}]`, user)),
  ];
  const seen = new Map<string, string>();
  const checkDuplicate = (where: string, email: string): void => {
    if (Token.isUnresolved(email)) return;
    const first = seen.get(emailKey(email));
    if (first === undefined) seen.set(emailKey(email), where);
    else
      problems.push(
        `${where}: "${email}" is already listed at ${first} (emails are compared case-insensitively)`,
      );
  };
  newUsers.forEach((user, index) => checkDuplicate(`newUsers[${index}].email`, user.email));
  if (!Token.isUnresolved(existingMembers)) {
    existingMembers.forEach((email, index) => {
      const where = `existingMembers[${index}]`;
      const invalid = checkValue(where, email, emailProblem);
      problems.push(...invalid);
      if (invalid.length === 0) checkDuplicate(where, email);
    });
  }
  if (problems.length > 0) {
    throw new IdentityValidationError(Token.isUnresolved(name) ? 'team' : `team "${name}"`, problems);
  }
}
