import { NotFoundError } from '../client/errors';
import { AponoContext } from '../context';
import { emailKey, emailProblem, sameEmail } from '../domain/emails';
import { attributeError, errorDiagnostic, knownString } from '../framework/attributes';
import {
  AttributePath,
  BlockSchema,
  Diagnostic,
  PlanRequest,
  PlanResult,
  ResourceDefinition,
  StateResult,
  TfObject,
  UNKNOWN,
} from '../framework/types';
import { applyChange } from '../framework/lifecycle';
import { diagnosticFromError } from './api-diagnostics';
import { readUntil } from './convergence';
import { aliasDiagnostics } from './group';
import { identitySource, isIdpOwned } from './user';

const schema: BlockSchema = {
  version: 0,
  description:
    'One membership of a user in an Apono group, non-authoritative: other members are left alone. ' +
    'Do not combine it with `members` on the same apono_group.',
  attributes: {
    id: { type: 'string', computed: true, description: 'The membership id: "<group_id>/<email>".' },
    group_id: {
      type: 'string',
      required: true,
      description: 'The Apono group id. Changing it replaces the membership.',
    },
    email: {
      type: 'string',
      required: true,
      description:
        'Email of the member (an existing or invited user), compared case-insensitively. Changing it replaces the membership.',
    },
  },
};

/** Static checks of an apono_group_member configuration. */
export function validateGroupMemberConfig(config: TfObject): Diagnostic[] {
  const email = knownString(config, 'email');
  const problem = email === null ? null : emailProblem(email);
  const diagnostics =
    problem === null ? [] : [attributeError(['email'], 'Invalid email', `email ${problem}.`)];
  const groupId = knownString(config, 'group_id');
  if (groupId !== null && groupId.trim() === '')
    diagnostics.push(attributeError(['group_id'], 'Invalid group_id', 'group_id must not be empty.'));
  return diagnostics;
}

/** Splits an import id "<group_id>/<email>" at its first slash. */
export function parseMembershipId(id: string): { groupId: string; email: string } | null {
  const slash = id.indexOf('/');
  if (slash <= 0 || slash === id.length - 1) return null;
  return { groupId: id.slice(0, slash), email: id.slice(slash + 1) };
}

function membershipState(groupId: string, email: string): TfObject {
  return { id: `${groupId}/${email}`, group_id: groupId, email };
}

async function plan(request: PlanRequest, ctx: AponoContext): Promise<PlanResult> {
  const { prior, proposed, config } = request;
  if (proposed === null) return { planned: null };
  const diagnostics = config === null ? [] : validateGroupMemberConfig(config);
  if (diagnostics.length > 0) return { planned: null, diagnostics };
  const email = knownString(config, 'email');
  const aliasProblems = email === null ? [] : await aliasDiagnostics(ctx, [email], ['email']);
  if (aliasProblems.length > 0) return { planned: null, diagnostics: aliasProblems };
  if (prior === null) return { planned: { ...proposed, id: UNKNOWN } };
  const planned: TfObject = { ...proposed, id: prior.id };
  const requiresReplace: AttributePath[] = [];
  const priorEmail = knownString(prior, 'email');
  if (email !== null && priorEmail !== null && sameEmail(email, priorEmail)) planned.email = priorEmail;
  else if (proposed.email !== prior.email) requiresReplace.push(['email']);
  if (proposed.group_id !== prior.group_id) requiresReplace.push(['group_id']);
  if (requiresReplace.length > 0) planned.id = UNKNOWN;
  return { planned, requiresReplace };
}

async function create(planned: TfObject, ctx: AponoContext): Promise<StateResult> {
  const groupId = String(planned.group_id);
  const email = String(planned.email);
  try {
    const group = await ctx.directory.groupById(groupId);
    if (group === null)
      return {
        state: null,
        diagnostics: [
          attributeError(['group_id'], 'Group not found', `No Apono group has the id "${groupId}".`),
        ],
      };
    if (isIdpOwned(group)) {
      return {
        state: null,
        diagnostics: [
          errorDiagnostic(
            'Cannot change the members of a group owned by an identity provider',
            `The group "${group.name}" is synced from "${identitySource(group)}".`,
          ),
        ],
      };
    }
    await ctx.client.groups.addMember(groupId, email);
  } catch (error) {
    ctx.directory.invalidateGroup(groupId);
    return { state: null, diagnostics: [diagnosticFromError(error, 'adding a group member')] };
  }
  // The membership exists from here on: the state records it even if the read-back fails.
  try {
    const { value: members } = await readUntil(
      () => ctx.client.groups.listMembers(groupId),
      (current) => current.some((member) => sameEmail(member, email)),
    );
    ctx.directory.recordMembers(groupId, members);
    return { state: membershipState(groupId, email) };
  } catch (error) {
    ctx.directory.invalidateGroup(groupId);
    const warning: Diagnostic = {
      ...diagnosticFromError(error, 'reading back the membership'),
      severity: 'warning',
    };
    return { state: membershipState(groupId, email), diagnostics: [warning] };
  }
}

async function destroy(prior: TfObject, ctx: AponoContext): Promise<StateResult> {
  const groupId = String(prior.group_id);
  try {
    await ctx.client.groups.removeMember(groupId, String(prior.email));
  } catch (error) {
    if (!(error instanceof NotFoundError)) {
      ctx.directory.invalidateGroup(groupId);
      return { state: prior, diagnostics: [diagnosticFromError(error, 'removing a group member')] };
    }
  }
  ctx.directory.forgetMember(groupId, String(prior.email));
  return { state: null };
}

/** Reads one membership: the state when the email is a member, null when it (or the group) is gone. */
async function readMembership(groupId: string, email: string, ctx: AponoContext): Promise<TfObject | null> {
  try {
    const members = await ctx.directory.membersOf(groupId);
    return members.some((member) => emailKey(member) === emailKey(email))
      ? membershipState(groupId, email)
      : null;
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

/** The apono_group_member resource. */
export const groupMemberResource: ResourceDefinition<AponoContext> = {
  typeName: 'apono_group_member',
  schema,
  validate: validateGroupMemberConfig,
  plan,
  // Both attributes force replacement, so an update is only ever a case-only email change: nothing to send.
  apply: applyChange({ create, update: async (_prior, planned) => ({ state: planned }), destroy }),
  async read(state, ctx) {
    try {
      return { state: await readMembership(String(state.group_id), String(state.email), ctx) };
    } catch (error) {
      return { state, diagnostics: [diagnosticFromError(error, 'reading a group member')] };
    }
  },
  async importState(id, ctx) {
    const parsed = parseMembershipId(id);
    if (parsed === null) {
      return {
        state: null,
        diagnostics: [errorDiagnostic('Invalid import id', `Expected "<group_id>/<email>", got "${id}".`)],
      };
    }
    try {
      const group = await ctx.directory.groupById(parsed.groupId);
      if (group !== null && isIdpOwned(group)) {
        return {
          state: null,
          diagnostics: [
            errorDiagnostic(
              'Cannot import a membership of a group owned by an identity provider',
              `The group "${group.name}" is synced from "${identitySource(group)}"; its members are managed there.`,
            ),
          ],
        };
      }
      const members = await ctx.directory.membersOf(parsed.groupId);
      const member = members.find((candidate) => sameEmail(candidate, parsed.email));
      if (member === undefined) {
        return {
          state: null,
          diagnostics: [
            errorDiagnostic(
              'Cannot import a membership that does not exist',
              `"${parsed.email}" is not a member of the group "${parsed.groupId}".`,
            ),
          ],
        };
      }
      return { state: membershipState(parsed.groupId, member) };
    } catch (error) {
      return { state: null, diagnostics: [diagnosticFromError(error, 'importing a group member')] };
    }
  },
};
