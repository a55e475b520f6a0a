/** AponoTeam: an Apono group and its members, inviting the members that are new. */
import { Fn, TerraformProvider, Token } from 'cdktf';
import { Construct } from 'constructs';
import { emailKey, emailProblem } from '../provider/domain/emails';
import { groupNameProblem } from '../provider/domain/groups';
import { Group } from './generated/group';
import { User } from './generated/user';
import {
  addUniqueEmailValidation,
  checkValue,
  IdentityValidationError,
  invitationProblems,
  isUnresolvedString,
  requiredProblem,
  UserInvitation,
  userConstructId,
} from './identities';
import { optionalTerraformLiteral, terraformLiteral } from './terraform-literal';

/** Properties of an {@link AponoTeam}. */
export interface AponoTeamProps {
  /** Name of the Apono group, unique in Apono (compared case-insensitively). */
  readonly name: string;
  /**
   * Users to invite; each becomes a member. Their emails must be literal strings (not tokens):
   * the users' construct ids derive from them. The group's `members` reference their `email`
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
 * users it invites (`apono_user`, construct ids derived from their emails, which must therefore be
 * literal) and existing members.
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
    validateTeam(scope.node.path === '' ? id : `${scope.node.path}/${id}`, props);
    super(scope, id);

    // Emails are literal (validated above): the ids never depend on positions.
    this.users = newUsers.map(
      (user) =>
        new User(this, userConstructId(user.email), {
          email: terraformLiteral(user.email),
          fullName: terraformLiteral(user.fullName),
          role: optionalTerraformLiteral(user.role),
          phoneNumber: optionalTerraformLiteral(user.phoneNumber),
          provider: props.provider,
        }),
    );
    const newEmails = this.users.map((user) => user.email);
    this.group = new Group(this, 'Resource', {
      name: terraformLiteral(props.name),
      // A list token cannot be spread: Terraform concatenates it at plan time instead.
      members: Token.isUnresolved(existingMembers)
        ? Token.asList(Fn.concat([newEmails, existingMembers]))
        : [...newEmails, ...existingMembers.map(terraformLiteral)],
      provider: props.provider,
    });
    addUniqueEmailValidation(this, this.users);
  }
}

/**
 * Throws one error that lists every problem of a team: missing required fields (plain JavaScript
 * callers), token emails of new users (construct ids derive from them) and the resolved values.
 */
function validateTeam(constructPath: string, props: AponoTeamProps): void {
  // Read as unknown: plain JavaScript callers may leave out what the types require.
  const name = props.name as unknown;
  const newUsers = props.newUsers ?? [];
  const existingMembers = props.existingMembers ?? [];
  const problems = [...requiredProblem('name', name), ...checkValue('name', props.name, groupNameProblem)];
  newUsers.forEach((user, index) => {
    const where = `newUsers[${index}]`;
    const email = user.email as unknown;
    problems.push(
      ...requiredProblem(`${where}.email`, email),
      ...(typeof email === 'string' && isUnresolvedString(email)
        ? [`${where}.email: must be a literal email, not a token (the user's construct id derives from it)`]
        : []),
      ...requiredProblem(`${where}.fullName`, user.fullName as unknown),
      ...invitationProblems(where, user),
    );
  });
  const seen = new Map<string, string>();
  const checkDuplicate = (where: string, email: unknown): void => {
    if (typeof email !== 'string' || isUnresolvedString(email)) return;
    const first = seen.get(emailKey(email));
    if (first === undefined) seen.set(emailKey(email), where);
    else
      problems.push(
        `${where}: "${email}" is already listed at ${first} (emails are compared case-insensitively)`,
      );
  };
  newUsers.forEach((user, index) => checkDuplicate(`newUsers[${index}].email`, user.email));
  // A whole list token is checked by the provider at plan time.
  if (!Token.isUnresolved(existingMembers)) {
    existingMembers.forEach((email, index) => {
      const where = `existingMembers[${index}]`;
      const invalid = [
        ...requiredProblem(where, email as unknown),
        ...checkValue(where, email, emailProblem),
      ];
      problems.push(...invalid);
      if (invalid.length === 0) checkDuplicate(where, email);
    });
  }
  if (problems.length > 0) {
    const literalName = typeof name === 'string' && !isUnresolvedString(name);
    throw new IdentityValidationError(literalName ? `team "${name}"` : `team ${constructPath}`, problems);
  }
}
