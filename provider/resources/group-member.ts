/**
 * apono_group_member: one membership, non-authoritative (other members are left alone). Both
 * attributes replace the membership when they change; the framework plans that from the
 * declarations. This file states what needs Apono: the group's existence and owner, aliases.
 */
import { NotFoundError } from '../client/errors';
import { emailKey, emailProblem, sameEmail } from '../domain/emails';
import { identitySource, isIdpOwned } from '../domain/sources';
import { Attributes, computedString, requiredString } from '../framework/attributes';
import { asWarning, errorDiagnostic, Problem } from '../framework/diagnostics';
import { defineResource } from '../framework/resource';
import { AponoContext } from '../tenant/context';
import { readUntil } from '../tenant/convergence';
import { describeApiError } from '../tenant/diagnostics';
import { aliasProblems } from '../tenant/members';

/** apono_group_member as the configuration writes it. */
export interface MembershipArgs {
  readonly group_id: string;
  readonly email: string;
}

/** apono_group_member as the state holds it. */
export interface MembershipModel extends MembershipArgs {
  readonly id: string;
}

function nonEmpty(value: string): string | null {
  return value.trim() === '' ? 'must not be empty' : null;
}

const attributes: Attributes<MembershipArgs, MembershipModel> = {
  id: computedString({
    description: 'The membership id, `<group_id>/<email>`: what `terraform import` takes.',
  }),
  group_id: requiredString({
    description: 'The Apono group id, e.g. `apono_group.x.id`. Changing it replaces the membership.',
    requiresReplace: true,
    rules: [nonEmpty],
  }),
  email: requiredString({
    description:
      'Email of the member (an existing or invited user), compared case-insensitively; an alias is refused with ' +
      'the primary email to use. Changing it replaces the membership.',
    requiresReplace: true,
    equivalent: sameEmail,
    rules: [emailProblem],
  }),
};

/** Splits an import id "<group_id>/<email>" at its first slash. */
export function parseMembershipId(id: string): { groupId: string; email: string } | null {
  const slash = id.indexOf('/');
  if (slash <= 0 || slash === id.length - 1) return null;
  return { groupId: id.slice(0, slash), email: id.slice(slash + 1) };
}

function membershipModel(groupId: string, email: string): MembershipModel {
  return { id: `${groupId}/${email}`, group_id: groupId, email };
}

function idpGroupProblem(name: string, source: string, action: string): Problem {
  return new Problem(
    errorDiagnostic(
      `Cannot ${action} a group owned by an identity provider`,
      `The group "${name}" is synced from "${source}"; its members are managed there.`,
    ),
  );
}

/** The membership when the email is a member of the group, null when it (or the group) is gone. */
async function readMembership(
  ctx: AponoContext,
  groupId: string,
  email: string,
): Promise<MembershipModel | null> {
  try {
    const members = await ctx.directory.membersOf(groupId);
    const member = members.find((candidate) => sameEmail(candidate, email));
    return member === undefined ? null : membershipModel(groupId, member);
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

/** The apono_group_member resource. */
export const groupMemberResource = defineResource<MembershipArgs, MembershipModel, AponoContext>({
  typeName: 'apono_group_member',
  description:
    'One membership of a user in an Apono group, non-authoritative: other members are left alone. ' +
    'Do not combine it with `members` on the same `apono_group`.',
  noun: 'group membership',
  attributes,
  actions: {
    create: 'adding a group member',
    delete: 'removing a group member',
    read: 'reading a group member',
  },
  identity: {
    attribute: 'email',
    key: (config) =>
      typeof config.group_id === 'string' && typeof config.email === 'string'
        ? `${config.group_id}/${emailKey(config.email)}`
        : null,
  },

  async modifyPlan(draft, ctx) {
    const email = draft.config.email;
    if (typeof email !== 'string') return;
    for (const problem of await aliasProblems(ctx, [email], ['email'])) draft.report(problem);
  },

  async create(args, ctx) {
    const group = await ctx.directory.groupById(args.group_id);
    if (group === null) {
      throw new Problem(
        errorDiagnostic('Group not found', `No Apono group has the id "${args.group_id}".`, ['group_id']),
      );
    }
    if (isIdpOwned(group)) throw idpGroupProblem(group.name, identitySource(group), 'change the members of');
    try {
      await ctx.client.groups.addMember(args.group_id, args.email);
    } catch (error) {
      ctx.directory.invalidateGroup(args.group_id);
      throw error;
    }
    // The membership exists from here on: the state records it even if the read-back fails.
    try {
      const { value: members } = await readUntil(
        () => ctx.client.groups.listMembers(args.group_id),
        (current) => current.some((member) => sameEmail(member, args.email)),
      );
      ctx.directory.recordMembers(args.group_id, members);
      return { state: membershipModel(args.group_id, args.email) };
    } catch (error) {
      ctx.directory.invalidateGroup(args.group_id);
      return {
        state: membershipModel(args.group_id, args.email),
        warnings: [asWarning(describeApiError(error, 'reading back the membership'))],
      };
    }
  },

  read: (state, ctx) => readMembership(ctx, state.group_id, state.email),

  // Both attributes replace the membership, so an update is never planned: nothing to send.
  update: async (prior) => ({ state: prior }),

  async delete(prior, ctx) {
    try {
      await ctx.client.groups.removeMember(prior.group_id, prior.email);
    } catch (error) {
      if (!(error instanceof NotFoundError)) {
        ctx.directory.invalidateGroup(prior.group_id);
        throw error;
      }
    }
    ctx.directory.forgetMember(prior.group_id, prior.email);
  },

  async importState(id, ctx) {
    const parsed = parseMembershipId(id);
    if (parsed === null) {
      throw new Problem(errorDiagnostic('Invalid import id', `Expected "<group_id>/<email>", got "${id}".`));
    }
    const group = await ctx.directory.groupById(parsed.groupId);
    if (group !== null && isIdpOwned(group)) {
      throw idpGroupProblem(group.name, identitySource(group), 'import a membership of');
    }
    const membership = await readMembership(ctx, parsed.groupId, parsed.email);
    if (membership === null) {
      throw new Problem(
        errorDiagnostic(
          'Cannot import a membership that does not exist',
          `"${parsed.email}" is not a member of the group "${parsed.groupId}".`,
        ),
      );
    }
    return membership;
  },
});
