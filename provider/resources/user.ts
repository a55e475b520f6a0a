import { ApiError, ConflictError, NotFoundError } from '../client/errors';
import type { User } from '../client/types';
import { AponoContext } from '../context';
import { emailProblem, sameEmail } from '../domain/emails';
import { fullNameProblem, joinFullName, splitFullName } from '../domain/names';
import { phoneProblem, normalizePhone, samePhone } from '../domain/phones';
import { canonicalRole, DEFAULT_ROLE, roleProblem } from '../domain/roles';
import { attributeError, errorDiagnostic, hasErrors, knownBool, knownString } from '../framework/attributes';
import {
  AttributePath,
  BlockSchema,
  Diagnostic,
  PlanRequest,
  PlanResult,
  PrivateData,
  ResourceDefinition,
  StateResult,
  TfObject,
  UNKNOWN,
} from '../framework/types';
import { applyChange } from '../framework/lifecycle';
import { diagnosticFromError, planReportingApiErrors } from './api-diagnostics';
import { readUntil } from './convergence';

/** `source` of identities created in Apono rather than synced from an identity provider. */
export const APONO_SOURCE = 'apono';

const schema: BlockSchema = {
  version: 0,
  description:
    "An Apono user invited and managed by Terraform. Creating it sends Apono's invitation email. " +
    'Users synced from an identity provider (IdP) cannot be managed: read them with the apono_user data source.',
  attributes: {
    id: { type: 'string', computed: true, description: 'The Apono user id.' },
    email: {
      type: 'string',
      required: true,
      description:
        'Email address of the user. Compared case-insensitively: a case-only change plans nothing; any other change replaces the user.',
    },
    full_name: {
      type: 'string',
      required: true,
      description:
        'Full name, as in Apono\'s "Invite User" form (stored as first name = first word, last name = the rest).',
    },
    role: {
      type: 'string',
      optional: true,
      computed: true,
      description: `Apono role, case-insensitive: Admin, Grantee, Power User, Deployment, Viewer, Space Owner or Space Manager. Defaults to ${DEFAULT_ROLE}.`,
    },
    phone_number: {
      type: 'string',
      optional: true,
      description:
        'Phone number with "+" and the country code, e.g. "+14155550100" (spaces and dashes allowed).',
    },
    keep_on_destroy: {
      type: 'bool',
      optional: true,
      description:
        'When true, destroying this resource (or deleting its block) only removes it from the Terraform state; the user stays in Apono. Defaults to false.',
    },
    status: {
      type: 'string',
      computed: true,
      description: 'Invitation status: invited, active or disabled. Read-only; it never causes a diff.',
    },
    source: {
      type: 'string',
      computed: true,
      description: `Where the identity comes from: "${APONO_SOURCE}" for users created in Apono, else the identity provider integration.`,
    },
    invited_at: { type: 'string', computed: true, description: 'When the invitation was sent (RFC 3339).' },
  },
};

/** Static checks of an apono_user configuration (unknown values are never rejected). */
export function validateUserConfig(config: TfObject): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const check = (name: string, problem: (value: string) => string | null, label: string) => {
    const value = knownString(config, name);
    const found = value === null ? null : problem(value);
    if (found !== null) diagnostics.push(attributeError([name], `Invalid ${label}`, `${label} ${found}.`));
  };
  check('email', emailProblem, 'email');
  check('full_name', fullNameProblem, 'full_name');
  check('role', roleProblem, 'role');
  check('phone_number', phoneProblem, 'phone_number');
  return diagnostics;
}

/** Where an identity comes from, for the `source` attribute. */
export function identitySource(identity: {
  source_integration_id?: string | null;
  source_integration_name?: string | null;
}): string {
  if (!identity.source_integration_id) return APONO_SOURCE;
  return identity.source_integration_name || identity.source_integration_id;
}

/** True when an identity is synced from an IdP (and so read-only through the API). */
export function isIdpOwned(identity: { source_integration_id?: string | null }): boolean {
  return Boolean(identity.source_integration_id);
}

/** The status shown for a user: the API's extension field, else derived from `active`. */
export function userStatus(user: User): string {
  return user.status ?? (user.active ? 'active' : 'disabled');
}

/**
 * The state of a user as the API shows it, keeping the spellings of `preferred` (config or prior
 * state) wherever the API's value is the same after normalisation (email case, role case, phone format).
 */
export function userState(user: User, preferred: TfObject | null): TfObject {
  const email = knownString(preferred, 'email');
  const role = knownString(preferred, 'role');
  const phone = knownString(preferred, 'phone_number');
  const apiRole = user.roles[0] ?? DEFAULT_ROLE;
  const apiPhone = user.phone_number ?? null;
  return {
    id: user.id,
    email:
      email !== null && addressesOf(user).some((address) => sameEmail(address, email)) ? email : user.email,
    full_name: joinFullName(user.first_name, user.last_name),
    role: role !== null && canonicalRole(role) === canonicalRole(apiRole) ? role : apiRole,
    phone_number: apiPhone !== null && phone !== null && samePhone(phone, apiPhone) ? phone : apiPhone,
    keep_on_destroy: knownBool(preferred, 'keep_on_destroy'),
    status: userStatus(user),
    source: identitySource(user),
    invited_at: user.invited_at ?? null,
  };
}

/** The role a configuration asks for: its own spelling, or the default when omitted. */
function desiredRole(config: TfObject | null): string | typeof UNKNOWN {
  const value = config?.role;
  if (value === UNKNOWN) return UNKNOWN;
  return typeof value === 'string' ? value : DEFAULT_ROLE;
}

function importHint(email: string): string {
  return (
    `A user with the email "${email}" already exists in Apono (emails are compared case-insensitively, aliases included). ` +
    `To manage it with Terraform, import it instead of creating it:\n\n` +
    `  terraform import apono_user.<name> ${email}\n\n` +
    `or add an import block:\n\n  import {\n    to = apono_user.<name>\n    id = "${email}"\n  }`
  );
}

function idpRefusal(email: string, source: string, action: string): Diagnostic {
  return errorDiagnostic(
    `Cannot ${action} a user owned by an identity provider`,
    `The user "${email}" is synced from "${source}". Apono identities that come from an IdP are managed there; ` +
      'read them with the apono_user data source. To stop tracking this user without deleting it, use a `removed` block ' +
      'with `lifecycle { destroy = false }`.',
  );
}

async function plan(request: PlanRequest, ctx: AponoContext): Promise<PlanResult> {
  const { prior, proposed, config } = request;
  if (proposed === null) {
    // Destroy. Refuse early (nothing changes remotely) when Apono would refuse.
    if (
      prior !== null &&
      knownBool(prior, 'keep_on_destroy') !== true &&
      knownString(prior, 'source') !== APONO_SOURCE
    ) {
      return {
        planned: null,
        diagnostics: [idpRefusal(String(prior.email), String(prior.source), 'delete')],
      };
    }
    return { planned: null };
  }
  const diagnostics = config === null ? [] : validateUserConfig(config);
  if (hasErrors(diagnostics)) return { planned: null, diagnostics };
  const role = desiredRole(config);

  if (prior === null) {
    const email = knownString(config, 'email');
    if (email !== null) {
      const existing = await ctx.directory.userByEmail(email);
      // On the create half of a replacement (-replace, taint) the user being replaced still exists.
      if (existing !== null && existing.id !== replacedId(request.priorPrivate)) {
        return {
          planned: null,
          diagnostics: [
            attributeError(['email'], 'A user with this email already exists in Apono', importHint(email)),
          ],
        };
      }
    }
    return {
      planned: { ...proposed, role, id: UNKNOWN, status: UNKNOWN, source: APONO_SOURCE, invited_at: UNKNOWN },
    };
  }

  const planned: TfObject = { ...proposed, role };
  const requiresReplace: AttributePath[] = [];
  const email = knownString(config, 'email');
  const priorEmail = knownString(prior, 'email');
  if (
    email !== null &&
    priorEmail !== null &&
    (await sameMailbox(ctx, String(prior.id), email, priorEmail))
  ) {
    planned.email = priorEmail;
  } else if (config?.email !== undefined && config.email !== prior.email) requiresReplace.push(['email']);

  const priorRole = knownString(prior, 'role');
  if (typeof role === 'string' && priorRole !== null && canonicalRole(role) === canonicalRole(priorRole)) {
    planned.role = priorRole;
  }
  const phone = knownString(config, 'phone_number');
  const priorPhone = knownString(prior, 'phone_number');
  if (phone !== null && priorPhone !== null && samePhone(phone, priorPhone))
    planned.phone_number = priorPhone;

  // Remembered so that the create half of a replacement knows which existing user is being replaced.
  const plannedPrivate = { replaces_id: prior.id };
  if (requiresReplace.length > 0) {
    Object.assign(planned, { id: UNKNOWN, status: UNKNOWN, source: APONO_SOURCE, invited_at: UNKNOWN });
    return { planned, requiresReplace, plannedPrivate };
  }
  // Computed read-only attributes keep their prior values: status never causes a diff.
  Object.assign(planned, {
    id: prior.id,
    status: prior.status,
    source: prior.source,
    invited_at: prior.invited_at,
  });
  const changed = ['full_name', 'role', 'phone_number'].some((name) => planned[name] !== prior[name]);
  if (changed && knownString(prior, 'source') !== APONO_SOURCE) {
    return { planned: null, diagnostics: [idpRefusal(String(prior.email), String(prior.source), 'update')] };
  }
  return { planned, plannedPrivate };
}

/** The id of the object a replacement replaces, from the private data of its plan. */
export function replacedId(priorPrivate: PrivateData | null | undefined): string | null {
  const id = priorPrivate?.replaces_id;
  return typeof id === 'string' ? id : null;
}

/**
 * True when `email` reaches the same user as the state's email: the same address in another case,
 * or one of the user's aliases (looked up in the shared listing only when the addresses differ).
 */
async function sameMailbox(
  ctx: AponoContext,
  id: string,
  email: string,
  stateEmail: string,
): Promise<boolean> {
  if (sameEmail(email, stateEmail)) return true;
  const user = await ctx.directory.userById(id);
  return user !== null && addressesOf(user).some((address) => sameEmail(address, email));
}

/** Every address a user answers to: the email and its aliases. */
export function addressesOf(user: User): string[] {
  return [user.email, ...(user.email_aliases ?? [])];
}

async function readBack(ctx: AponoContext, written: User, expected: (user: User) => boolean): Promise<User> {
  const { value } = await readUntil(() => ctx.client.users.get(written.id), expected);
  return value;
}

async function create(planned: TfObject, ctx: AponoContext): Promise<StateResult> {
  const email = String(planned.email);
  const { firstName, lastName } = splitFullName(String(planned.full_name));
  const role = canonicalRole(String(planned.role)) ?? DEFAULT_ROLE;
  const phone = knownString(planned, 'phone_number');
  let invited: User;
  try {
    invited = await ctx.client.users.invite({
      email,
      firstName,
      lastName,
      role,
      ...(phone === null ? {} : { phoneNumber: normalizePhone(phone) }),
    });
  } catch (error) {
    // The invite may or may not have happened: the shared listing can no longer be trusted.
    ctx.directory.invalidateUsers();
    const recovered = isUncertain(error) ? await findInvited(ctx, email) : null;
    if (recovered !== null) {
      ctx.directory.recordUser(recovered);
      const warning = diagnosticFromError(error, 'inviting a user');
      return {
        state: userState(recovered, planned),
        diagnostics: [
          { ...warning, severity: 'warning', summary: `${warning.summary}; the invitation went through` },
        ],
      };
    }
    if (error instanceof ConflictError) {
      return {
        state: null,
        diagnostics: [
          attributeError(['email'], 'A user with this email already exists in Apono', importHint(email)),
        ],
      };
    }
    return { state: null, diagnostics: [diagnosticFromError(error, 'inviting a user')] };
  }
  // The user exists from here on: whatever happens, the state must record it (nothing lost on failure).
  let user = invited;
  const diagnostics: Diagnostic[] = [];
  try {
    user = await readBack(ctx, invited, (u) => sameEmail(u.email, email));
  } catch (error) {
    diagnostics.push({ ...diagnosticFromError(error, 'reading back the invited user'), severity: 'warning' });
  }
  ctx.directory.recordUser(user);
  return { state: userState(user, planned), diagnostics };
}

/** True when a failed write may still have been applied (lost answer, timeout, exhausted retries). */
export function isUncertain(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    (error.priorAttemptUncertain || error.code === 'timeout' || error.code === 'network')
  );
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

async function update(prior: TfObject, planned: TfObject, ctx: AponoContext): Promise<StateResult> {
  const id = String(prior.id);
  const patch: { firstName?: string; lastName?: string; roles?: string[]; phoneNumber?: string | null } = {};
  if (planned.full_name !== prior.full_name) Object.assign(patch, splitFullName(String(planned.full_name)));
  if (planned.role !== prior.role) {
    const role = canonicalRole(String(planned.role)) ?? DEFAULT_ROLE;
    if (role !== canonicalRole(String(prior.role))) patch.roles = [role];
  }
  if (planned.phone_number !== prior.phone_number) {
    const phone = knownString(planned, 'phone_number');
    patch.phoneNumber = phone === null ? null : normalizePhone(phone);
  }
  try {
    if (Object.keys(patch).length > 0) await ctx.client.users.update(id, patch);
    const expectedName = String(planned.full_name);
    const { value: user } = await readUntil(
      () => ctx.client.users.get(id),
      (u) => joinFullName(u.first_name, u.last_name) === expectedName,
    );
    ctx.directory.recordUser(user);
    // Status and invitation time are not written by an update; if they moved since the plan (an
    // invitation accepted meanwhile), the next refresh shows it. Returning them now would contradict
    // the plan ("Provider produced inconsistent result").
    const { status, invited_at, source } = planned;
    return { state: { ...userState(user, planned), status, invited_at, source } };
  } catch (error) {
    ctx.directory.invalidateUsers();
    return { state: prior, diagnostics: [diagnosticFromError(error, 'updating a user')] };
  }
}

async function destroy(prior: TfObject, ctx: AponoContext): Promise<StateResult> {
  if (knownBool(prior, 'keep_on_destroy') === true) {
    ctx.log.info('keep_on_destroy is set: removing the user from state only', { user_id: prior.id });
    return { state: null };
  }
  try {
    await ctx.client.users.delete(String(prior.id));
  } catch (error) {
    if (!(error instanceof NotFoundError)) {
      ctx.directory.invalidateUsers();
      return { state: prior, diagnostics: [diagnosticFromError(error, 'deleting a user')] };
    }
  }
  ctx.directory.forgetUser(String(prior.id));
  return { state: null };
}

/** The apono_user resource. */
export const userResource: ResourceDefinition<AponoContext> = {
  typeName: 'apono_user',
  schema,
  validate: validateUserConfig,
  plan: planReportingApiErrors('planning a user', plan),
  apply: applyChange({ create, update, destroy }),
  async read(state, ctx) {
    try {
      const user = await ctx.directory.userById(String(state.id));
      return { state: user === null ? null : userState(user, state) };
    } catch (error) {
      return { state, diagnostics: [diagnosticFromError(error, 'reading a user')] };
    }
  },
  async importState(id, ctx) {
    try {
      const user = id.includes('@') ? await ctx.directory.userByEmail(id) : await ctx.directory.userById(id);
      if (user === null) {
        return {
          state: null,
          diagnostics: [
            errorDiagnostic(
              'Cannot import a user that does not exist',
              `No Apono user has the ${id.includes('@') ? 'email' : 'id'} "${id}".`,
            ),
          ],
        };
      }
      if (isIdpOwned(user))
        return { state: null, diagnostics: [idpRefusal(user.email, identitySource(user), 'import')] };
      // Imported by an alias: keep it, so a configuration that uses the alias plans no change.
      const viaAlias = id.includes('@') && !sameEmail(id, user.email);
      return { state: userState(user, viaAlias ? { email: id } : null) };
    } catch (error) {
      return { state: null, diagnostics: [diagnosticFromError(error, 'importing a user')] };
    }
  },
};
