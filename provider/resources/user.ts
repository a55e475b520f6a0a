/**
 * apono_user: a user invited into Apono and managed by Terraform. The framework plans it from the
 * attribute declarations; this file states what needs Apono: aliases, identity-provider ownership,
 * the user-write extension, the invitation and what a replacement does to the user's groups.
 */
import { ConflictError, NotFoundError } from '../client/errors';
import type { Group, User } from '../client/types';
import { emailKey, emailProblem, sameEmail } from '../domain/emails';
import { fullNameProblem, joinFullName, sameFullName, splitFullName } from '../domain/names';
import { normalizePhone, phoneProblem, samePhone } from '../domain/phones';
import { canonicalRole, DEFAULT_ROLE, roleProblem, sameRole } from '../domain/roles';
import { addressesOf, APONO_SOURCE, identitySource, isIdpOwned, userStatus } from '../domain/sources';
import {
  Attributes,
  computedNullableString,
  computedString,
  optionalBool,
  optionalComputedString,
  optionalString,
  requiredString,
} from '../framework/attributes';
import { asWarning, warningDiagnostic } from '../framework/diagnostics';
import { AlreadyExistsError, defineResource, Outcome, Refusal } from '../framework/resource';
import { Diagnostic } from '../framework/types';
import { AponoContext } from '../tenant/context';
import { readUntil } from '../tenant/convergence';
import { describeApiError, userWritesMissing } from '../tenant/diagnostics';
import { isUncertain } from '../tenant/writes';

/** apono_user as the configuration writes it. */
export interface UserArgs {
  readonly email: string;
  readonly full_name: string;
  readonly role: string;
  readonly phone_number: string | null;
  readonly keep_on_destroy: boolean | null;
}

/** apono_user as the state holds it. */
export interface UserModel extends UserArgs {
  readonly id: string;
  readonly status: string;
  readonly source: string;
  readonly invited_at: string | null;
}

const attributes: Attributes<UserArgs, UserModel> = {
  id: computedString({ description: 'The Apono user id.' }),
  email: requiredString({
    description:
      'Email address of the user. Compared case-insensitively: a case-only change plans nothing; any other change replaces the user (the replacement keeps her group memberships).',
    requiresReplace: true,
    equivalent: sameEmail,
    rules: [emailProblem],
  }),
  full_name: requiredString({
    description:
      'Full name, as in Apono\'s "Invite User" form (stored as first name = first word, last name = the rest; runs of spaces count as one).',
    equivalent: sameFullName,
    rules: [fullNameProblem],
  }),
  role: optionalComputedString({
    description:
      `Apono role, case-insensitive: Admin, Grantee, Power User, Deployment, Viewer, Space Owner or Space Manager. ` +
      `When omitted, the user is invited as ${DEFAULT_ROLE} and her role is not managed afterwards (an imported ` +
      'Admin, or a role changed in Apono, plans no change).',
    defaultOnCreate: DEFAULT_ROLE,
    equivalent: sameRole,
    rules: [roleProblem],
  }),
  phone_number: optionalString({
    description:
      'Phone number with "+" and the country code, e.g. "+14155550100" (spaces and dashes allowed).',
    equivalent: samePhone,
    rules: [phoneProblem],
  }),
  keep_on_destroy: optionalBool({
    description:
      'When true, destroying this resource (or deleting its block) only removes it from the Terraform state; the user stays in Apono. Defaults to false.',
    stateOnly: true,
  }),
  status: computedString({
    description: 'Invitation status: invited, active or disabled. Read-only; it never causes a diff.',
  }),
  source: computedString({
    description: `Where the identity comes from: "${APONO_SOURCE}" for users created in Apono, else the identity provider integration.`,
    onCreate: APONO_SOURCE,
  }),
  invited_at: computedNullableString({ description: 'When the invitation was sent (RFC 3339).' }),
};

/**
 * A user as the state holds it. `address` is the email the configuration or state uses: when it is
 * one of the user's addresses (an alias), it stays, so an alias plans no change.
 */
export function userModel(user: User, address: string | null): UserModel {
  const matching =
    address === null ? undefined : addressesOf(user).find((email) => sameEmail(email, address));
  return {
    id: user.id,
    email: matching ?? user.email,
    full_name: joinFullName(user.first_name, user.last_name),
    role: user.roles[0] ?? DEFAULT_ROLE,
    phone_number: user.phone_number ?? null,
    keep_on_destroy: null,
    status: userStatus(user),
    source: identitySource(user),
    invited_at: user.invited_at ?? null,
  };
}

/** Users synced from an identity provider are managed there (Apono answers 403 to writes). */
function ownership(user: UserModel): Refusal | null {
  if (user.source === APONO_SOURCE) return null;
  return {
    why: 'owned by an identity provider',
    detail:
      `The user "${user.email}" is synced from "${user.source}"; Apono identities that come from an IdP are ` +
      'managed there. Read it with the apono_user data source.',
  };
}

/** The names of groups, for messages. */
function groupNames(groups: readonly Group[]): string {
  return groups.map((group) => `"${group.name}"`).join(', ');
}

/** After an uncertain invite: the user it may have created, read fresh from the API. */
async function findInvited(ctx: AponoContext, email: string): Promise<User | null> {
  try {
    const user = await ctx.client.users.findByEmail(email);
    return user !== null && sameEmail(user.email, email) ? user : null;
  } catch {
    return null;
  }
}

/**
 * Adds a user who replaces a deleted one back to the deleted user's groups (Apono drops a deleted
 * user from every group). A group that is gone meanwhile is skipped with a warning.
 */
async function restoreMemberships(
  ctx: AponoContext,
  email: string,
  groups: readonly Group[],
): Promise<Diagnostic[]> {
  const restored: Group[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const group of groups) {
    try {
      await ctx.client.groups.addMember(group.id, email);
      ctx.directory.recordMember(group.id, email);
      restored.push(group);
    } catch (error) {
      ctx.directory.invalidateMembers(group.id);
      diagnostics.push(
        asWarning(describeApiError(error, `adding "${email}" back to the group "${group.name}"`)),
      );
    }
  }
  if (restored.length > 0) {
    diagnostics.push(
      warningDiagnostic(
        'Group memberships restored after the replacement',
        `"${email}" replaces a deleted user and was added back to: ${groupNames(restored)}.`,
      ),
    );
  }
  return diagnostics;
}

async function invite(args: UserArgs, ctx: AponoContext): Promise<Outcome<UserModel>> {
  const { firstName, lastName } = splitFullName(args.full_name);
  let invited: User;
  const warnings: Diagnostic[] = [];
  try {
    invited = await ctx.client.users.invite({
      email: args.email,
      firstName,
      lastName,
      role: canonicalRole(args.role) ?? args.role,
      ...(args.phone_number === null ? {} : { phoneNumber: normalizePhone(args.phone_number) }),
    });
  } catch (error) {
    // The invite may or may not have happened: the shared listing can no longer be trusted.
    ctx.directory.invalidateUsers();
    const recovered = isUncertain(error) ? await findInvited(ctx, args.email) : null;
    if (recovered === null) {
      if (error instanceof ConflictError) throw new AlreadyExistsError(error.existingId);
      throw error;
    }
    invited = recovered;
    warnings.push(asWarning(describeApiError(error, 'inviting a user'), '; the invitation went through'));
  }
  // The user exists from here on: whatever happens, the state must record it (nothing lost on failure).
  let user = invited;
  try {
    ({ value: user } = await readUntil(
      () => ctx.client.users.get(invited.id),
      (u) => sameEmail(u.email, args.email),
    ));
  } catch (error) {
    warnings.push(asWarning(describeApiError(error, 'reading back the invited user')));
  }
  ctx.directory.recordUser(user);
  const carried = ctx.carriedMemberships.get(emailKey(args.email));
  if (carried !== undefined) {
    ctx.carriedMemberships.delete(emailKey(args.email));
    warnings.push(...(await restoreMemberships(ctx, user.email, carried)));
  }
  return { state: userModel(user, args.email), warnings };
}

async function update(prior: UserModel, args: UserArgs, ctx: AponoContext): Promise<Outcome<UserModel>> {
  const patch: { firstName?: string; lastName?: string; roles?: string[]; phoneNumber?: string | null } = {};
  if (!sameFullName(args.full_name, prior.full_name)) Object.assign(patch, splitFullName(args.full_name));
  if (!sameRole(args.role, prior.role)) patch.roles = [canonicalRole(args.role) ?? args.role];
  const phoneChanged =
    args.phone_number === null || prior.phone_number === null
      ? args.phone_number !== prior.phone_number
      : !samePhone(args.phone_number, prior.phone_number);
  if (phoneChanged) patch.phoneNumber = args.phone_number === null ? null : normalizePhone(args.phone_number);
  try {
    if (Object.keys(patch).length > 0) await ctx.client.users.update(prior.id, patch);
    const { value: user } = await readUntil(
      () => ctx.client.users.get(prior.id),
      (u) => sameFullName(joinFullName(u.first_name, u.last_name), args.full_name),
    );
    ctx.directory.recordUser(user);
    return { state: userModel(user, args.email) };
  } catch (error) {
    ctx.directory.invalidateUsers();
    throw error;
  }
}

/** The apono_user resource. */
export const userResource = defineResource<UserArgs, UserModel, AponoContext>({
  typeName: 'apono_user',
  description:
    "An Apono user invited and managed by Terraform. Creating it sends Apono's invitation email. " +
    "Inviting, updating and deleting users needs the provider's user-write extension of the Apono API, " +
    "which Apono's public API does not serve: on a tenant without it, the plan of any of these fails " +
    '(imports, keep_on_destroy and `removed` blocks still work). ' +
    'Users synced from an identity provider (IdP) cannot be managed: read them with the apono_user data source.',
  noun: 'user',
  attributes,
  actions: { create: 'inviting a user' },
  identity: {
    attribute: 'email',
    comparison: 'emails are compared case-insensitively, aliases included',
    key: (config) => (typeof config.email === 'string' ? emailKey(config.email) : null),
    async find(email, ctx) {
      const user = await ctx.directory.userByEmail(email);
      return user === null ? null : userModel(user, email);
    },
    refusal: ownership,
  },

  async modifyPlan(draft, ctx) {
    const { prior, config, planned } = draft;
    // An alias of the managed user reaches the same mailbox: no replacement.
    const email = config.email;
    if (prior !== null && typeof email === 'string' && !sameEmail(email, prior.email)) {
      const user = await ctx.directory.userById(prior.id);
      if (user !== null && addressesOf(user).some((address) => sameEmail(address, email))) {
        planned.email = prior.email;
      }
    }
    // A replacement deletes the user, and Apono drops a deleted user from every group: tell the
    // reviewer which groups her successor gets back (the destroy carries them to the create).
    const replaced = draft.replacing();
    const user = replaced === null ? null : await ctx.directory.userById(replaced);
    if (user === null || isIdpOwned(user)) return;
    const groups = (await ctx.directory.groupsOf(user.email)).filter((group) => !isIdpOwned(group));
    if (groups.length === 0) return;
    const successor = typeof planned.email === 'string' ? planned.email : null;
    draft.report(
      warningDiagnostic(
        'Replacing a user deletes and re-invites them',
        `"${user.email}" will be deleted and invited again as a new Apono user. Apono removes a deleted user from ` +
          'every group; ' +
          (successor !== null && draft.key() !== null
            ? `after the new invitation the provider adds "${successor}" back to: ${groupNames(groups)} ` +
              '(not with create_before_destroy, which destroys the old user after the new one is created).'
            : `the new email is not known until apply, so the provider cannot restore her groups: ${groupNames(groups)}.`),
      ),
    );
  },

  forgetsOnDestroy: (prior) => prior.keep_on_destroy === true,

  async checkPlannedWrite(write, ctx) {
    try {
      return (await ctx.directory.supportsUserWrites()) ? [] : [userWritesMissing(write, ctx.endpoint)];
    } catch (error) {
      return [describeApiError(error, 'checking for the user-write extension')];
    }
  },

  create: invite,

  async read(state, ctx) {
    const user = await ctx.directory.userById(state.id);
    return user === null ? null : userModel(user, state.email);
  },

  update,

  async delete(prior, ctx, replacement) {
    if (prior.keep_on_destroy === true) {
      ctx.log.info('keep_on_destroy is set: removing the user from state only', { user_id: prior.id });
      return;
    }
    const diagnostics: Diagnostic[] = [];
    if (replacement !== null && replacement.successorKey !== null) {
      // Destroy-then-create: the successor's create, next in this run, restores these groups.
      const groups = (await ctx.directory.groupsOf(prior.email)).filter((group) => !isIdpOwned(group));
      if (groups.length > 0) {
        ctx.carriedMemberships.set(replacement.successorKey, groups);
        diagnostics.push(
          warningDiagnostic(
            'Group memberships carried over to the replacement',
            `"${prior.email}" was in ${groupNames(groups)}; the user that replaces her is added back to them ` +
              'after her invitation. Should that create fail, add her to these groups again by hand.',
          ),
        );
      }
    }
    try {
      await ctx.client.users.delete(prior.id);
    } catch (error) {
      if (!(error instanceof NotFoundError)) {
        ctx.directory.invalidateUsers();
        throw error;
      }
    }
    ctx.directory.forgetUser(prior.id);
    ctx.directory.forgetMemberEverywhere(prior.email);
    return diagnostics;
  },

  async importState(id, ctx) {
    const byEmail = id.includes('@');
    const user = byEmail ? await ctx.directory.userByEmail(id) : await ctx.directory.userById(id);
    // Imported by an alias: it stays, so a configuration that uses the alias plans no change.
    return user === null ? null : userModel(user, byEmail ? id : null);
  },
});
