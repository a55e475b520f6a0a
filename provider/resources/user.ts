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
import {
  APONO_ROLES,
  canonicalRole,
  DEFAULT_ROLE,
  managedRole,
  replaceRole,
  resolveRole,
  roleProblem,
  rolesInUse,
  sameRole,
  unknownRoleProblem,
} from '../domain/roles';
import { addressesOf, APONO_SOURCE, identitySource, isIdpOwned, userStatus } from '../domain/sources';
import {
  Attributes,
  computedNullableString,
  computedString,
  computedStringList,
  optionalBool,
  optionalComputedNullableString,
  optionalString,
  Planned,
  requiredString,
} from '../framework/attributes';
import { asWarning, errorDiagnostic, warningDiagnostic } from '../framework/diagnostics';
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
  /** The role Terraform manages; null for a user who holds no role. */
  readonly role: string | null;
  readonly phone_number: string | null;
  readonly keep_on_destroy: boolean | null;
}

/** apono_user as the state holds it. */
export interface UserModel extends UserArgs {
  readonly id: string;
  readonly status: string;
  readonly source: string;
  readonly invited_at: string | null;
  readonly roles: string[];
}

const attributes: Attributes<UserArgs, UserModel> = {
  id: computedString({
    description: 'The Apono user id (import accepts it as well as the email).',
  }),
  email: requiredString({
    description:
      'Email address of the user. Compared case-insensitively: a case-only change plans nothing; any other change ' +
      'replaces the user (`-/+`: she is deleted and invited again, and the replacement adds her back to every Apono ' +
      'group the old user was in). An email that already exists in Apono (any case, or as an alias) fails the plan ' +
      'with the `import` block to add instead; an alias of the managed user plans no change.',
    requiresReplace: true,
    equivalent: sameEmail,
    rules: [emailProblem],
  }),
  full_name: requiredString({
    description:
      'Full name, as in Apono\'s "Invite User" form: stored as first name = the first word, last name = the rest. ' +
      'Runs of spaces count as one (`"Mary  Kenneth Keller"` plans no change against `Mary` / `Kenneth Keller`); ' +
      'tabs, line breaks and control characters are refused. Updates in place.',
    equivalent: sameFullName,
    rules: [fullNameProblem],
  }),
  role: optionalComputedNullableString({
    description:
      `The Apono role Terraform manages for the user, case-insensitive: a built-in role (${APONO_ROLES.map((role) => `\`${role}\``).join(', ')}) ` +
      'or one some user of the tenant already holds (sent as the tenant spells it); any other role fails the plan, ' +
      'listing the roles it accepts, and nothing is sent. ' +
      `When omitted, the user is invited as \`${DEFAULT_ROLE}\` and her roles are not managed afterwards (an imported ` +
      'Admin, or a role changed in Apono, plans no change). For a user with several roles (see `roles`), `role` is ' +
      'the one Terraform manages: her first role after an import, then the configured one. Changing it replaces only ' +
      'that role, in its place, keeping the others (`["Viewer", "Deployment"]` with `Viewer` changed to `Admin` ' +
      'becomes `["Admin", "Deployment"]`); choosing a role she already holds changes nothing in Apono. ' +
      'Updates in place. Null for a user who holds no role.',
    defaultOnCreate: DEFAULT_ROLE,
    equivalent: sameRole,
    rules: [roleProblem],
  }),
  phone_number: optionalString({
    description:
      'Phone number with `+` and the country code, e.g. `"+14155550100"` (spaces and dashes allowed, and ' +
      'ignored when compared). Updates in place.',
    equivalent: samePhone,
    rules: [phoneProblem],
  }),
  keep_on_destroy: optionalBool({
    description:
      'When `true`, destroying this resource (or deleting its block) only removes it from the Terraform state; ' +
      'the user stays in Apono. Defaults to `false`. It lives only in the state (Apono has no such field), so ' +
      'right after an import a configuration that sets it plans a one-attribute update that sends nothing. ' +
      'With a replacement that keeps the email (`-replace`, taint) the old user is kept, so the new invitation ' +
      'fails with "already exists".',
    stateOnly: true,
  }),
  status: computedString({
    description: 'Invitation status: `invited`, `active` or `disabled`. It never causes a diff.',
  }),
  source: computedString({
    description: `Where the identity comes from: \`"${APONO_SOURCE}"\` for users created in Apono, else the identity provider (IdP) integration.`,
    onCreate: APONO_SOURCE,
  }),
  invited_at: computedNullableString({
    description: 'When the invitation was sent (RFC 3339), when Apono says.',
  }),
  roles: computedStringList({
    description:
      "All of the user's Apono roles, as Apono spells and orders them (`role` is the one Terraform manages).",
    changesWith: ['role'],
  }),
};

/**
 * A user as the state holds it. `address` is the email the configuration or state uses: when it is
 * one of the user's addresses (an alias), it stays, so an alias plans no change. `managed` is the
 * role Terraform manages: it stays the user's `role` while she holds it.
 */
export function userModel(user: User, address: string | null, managed: string | null = null): UserModel {
  const matching =
    address === null ? undefined : addressesOf(user).find((email) => sameEmail(email, address));
  return {
    id: user.id,
    email: matching ?? user.email,
    full_name: joinFullName(user.first_name, user.last_name),
    role: managedRole(user.roles, managed),
    phone_number: user.phone_number ?? null,
    keep_on_destroy: null,
    status: userStatus(user),
    source: identitySource(user),
    invited_at: user.invited_at ?? null,
    roles: [...user.roles],
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

/**
 * How Apono spells a role given in any case: a built-in role's spelling, else the tenant's (read
 * from the user listing only then); null when no user of the tenant holds it.
 */
async function tenantSpelling(ctx: AponoContext, role: string): Promise<string | null> {
  return canonicalRole(role) ?? resolveRole(role, rolesInUse(await ctx.directory.allUsers()));
}

/**
 * A configured role that Apono does not know, as an error on `role`. Only a changed role that is
 * not built in needs the tenant's user listing; a role the user already has is known.
 */
async function unknownRole(
  planned: Planned<UserModel>,
  prior: UserModel | null,
  ctx: AponoContext,
): Promise<Diagnostic | null> {
  const role = planned.role;
  if (typeof role !== 'string' || canonicalRole(role) !== null) return null;
  if (prior !== null && prior.role !== null && sameRole(role, prior.role)) return null;
  const tenantRoles = rolesInUse(await ctx.directory.allUsers());
  if (resolveRole(role, tenantRoles) !== null) return null;
  return errorDiagnostic('Unknown Apono role', `role ${unknownRoleProblem(role, tenantRoles)}.`, ['role']);
}

/** True when two role lists hold the same roles in the same order, spelled the same. */
function sameRoleList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((role, index) => role === b[index]);
}

async function invite(args: UserArgs, ctx: AponoContext): Promise<Outcome<UserModel>> {
  const { firstName, lastName } = splitFullName(args.full_name);
  const role = args.role ?? DEFAULT_ROLE;
  let invited: User;
  const warnings: Diagnostic[] = [];
  try {
    invited = await ctx.client.users.invite({
      email: args.email,
      firstName,
      lastName,
      role: (await tenantSpelling(ctx, role)) ?? role,
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
  return { state: userModel(user, args.email, role), warnings };
}

async function update(prior: UserModel, args: UserArgs, ctx: AponoContext): Promise<Outcome<UserModel>> {
  const patch: { firstName?: string; lastName?: string; roles?: string[]; phoneNumber?: string | null } = {};
  if (!sameFullName(args.full_name, prior.full_name)) Object.assign(patch, splitFullName(args.full_name));
  const role = args.role ?? prior.role;
  if (role !== null && (prior.role === null || !sameRole(role, prior.role))) {
    // Only the managed role changes: read her roles fresh, another admin may have changed them.
    // (A state written before `roles` existed holds null there.)
    const current = (await ctx.directory.userById(prior.id))?.roles ?? prior.roles ?? [];
    const roles = replaceRole(current, prior.role, (await tenantSpelling(ctx, role)) ?? role);
    if (!sameRoleList(roles, current)) patch.roles = roles;
  }
  const phoneChanged =
    args.phone_number === null || prior.phone_number === null
      ? args.phone_number !== prior.phone_number
      : !samePhone(args.phone_number, prior.phone_number);
  if (phoneChanged) patch.phoneNumber = args.phone_number === null ? null : normalizePhone(args.phone_number);
  try {
    if (Object.keys(patch).length > 0) await ctx.client.users.update(prior.id, patch);
    const { value: user } = await readUntil(
      () => ctx.client.users.get(prior.id),
      (u) =>
        sameFullName(joinFullName(u.first_name, u.last_name), args.full_name) &&
        (role === null || u.roles.some((held) => sameRole(held, role))),
    );
    ctx.directory.recordUser(user);
    return { state: userModel(user, args.email, role) };
  } catch (error) {
    ctx.directory.invalidateUsers();
    throw error;
  }
}

/**
 * True when an update changes nothing but `role`, to a role she already holds: Terraform then
 * manages that role from now on and nothing is sent (see `update`). Pure.
 */
export function onlyTakesOverAHeldRole(
  prior: UserModel,
  planned: { readonly role?: unknown },
  changed: readonly string[],
): boolean {
  const role = planned.role;
  return (
    changed.length === 1 &&
    changed[0] === 'role' &&
    typeof role === 'string' &&
    (prior.roles ?? []).some((held) => sameRole(held, role))
  );
}

/** The apono_user resource. */
export const userResource = defineResource<UserArgs, UserModel, AponoContext>({
  typeName: 'apono_user',
  description:
    "An Apono user invited and managed by Terraform. Creating it sends Apono's invitation email. " +
    "Inviting, updating and deleting users needs the provider's user-write extension of the Apono API, " +
    "which Apono's public API does not serve: on a tenant without it, the plan of any of these fails " +
    '(imports, `keep_on_destroy` and `removed` blocks still work). ' +
    'Users synced from an identity provider (IdP) cannot be managed: read them with the `apono_user` data source.',
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
    const roleError = await unknownRole(planned, prior, ctx);
    if (roleError !== null) return void draft.report(roleError);
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

  updateSends: (prior, planned, changed) => !onlyTakesOverAHeldRole(prior, planned, changed),

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
    return user === null ? null : userModel(user, state.email, state.role);
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
