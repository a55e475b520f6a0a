/**
 * apono_group: a group created in Apono, with its members when `members` is set. The framework plans
 * it from the attribute declarations; this file states what needs Apono: aliases among members,
 * unique names, identity-provider ownership, and the fewest safe member writes.
 */
import { ConflictError, NotFoundError } from '../client/errors';
import type { Group } from '../client/types';
import { caseDuplicates, emailKey, emailProblem, sameEmailSet } from '../domain/emails';
import { groupKey, groupNameProblem } from '../domain/groups';
import { diffMembers, MemberWritePlan, planMemberWrites } from '../domain/members';
import { APONO_SOURCE, identitySource } from '../domain/sources';
import {
  Attributes,
  CollectionProblem,
  computedString,
  optionalComputedNullableStringSet,
  requiredString,
} from '../framework/attributes';
import { asWarning, errorDiagnostic, warningDiagnostic } from '../framework/diagnostics';
import { MoveSource, SourceState, sourceString, sourceStrings } from '../framework/move';
import { AlreadyExistsError, defineResource, Outcome, Refusal } from '../framework/resource';
import { Diagnostic } from '../framework/types';
import { AponoContext } from '../tenant/context';
import { readUntil } from '../tenant/convergence';
import { describeApiError } from '../tenant/diagnostics';
import { aliasProblems } from '../tenant/members';
import { isUncertain } from '../tenant/writes';

/** apono_group as the configuration writes it. */
export interface GroupArgs {
  readonly name: string;
  /** null: members are not managed, and not read (a group created or imported without `members`). */
  readonly members: string[] | null;
}

/** apono_group as the state holds it. */
export interface GroupModel extends GroupArgs {
  readonly id: string;
  readonly source: string;
}

/** Two spellings of one email in `members`. */
function duplicateMembers(members: readonly string[]): CollectionProblem[] {
  return caseDuplicates(members).map((spellings) => ({
    summary: 'Duplicate member email',
    detail: `members lists ${spellings.map((s) => `"${s}"`).join(' and ')}, which differ only by case; emails are compared case-insensitively, so list each member once.`,
  }));
}

const attributes: Attributes<GroupArgs, GroupModel> = {
  id: computedString({ description: 'The Apono group id (import accepts it as well as the name).' }),
  name: requiredString({
    description:
      'Group name, unique in Apono (case-insensitive: two resources with one name fail the plan). Not empty, ' +
      'at most 256 characters, no surrounding whitespace or line breaks. Renaming updates the group in place.',
    rules: [groupNameProblem],
  }),
  members: optionalComputedNullableStringSet({
    description:
      'Emails of the members. When set, the list is authoritative: members not listed are removed. Compared ' +
      'case-insensitively; two spellings of one email are an error; invited users count as members; an alias is ' +
      'refused with the primary email to use. A change of one member is one targeted request, of two or more one ' +
      'request that replaces the list. When omitted, members are not managed and not read (`null` in the state); ' +
      'removing `members` from a configuration plans it to `null` once, with a warning, and removes nobody; setting ' +
      'it on a group that had none plans the whole list, with a warning naming who would be added or removed. ' +
      'Use `apono_group_member` for single memberships.',
    defaultOnCreate: null,
    canonical: emailKey,
    rules: [emailProblem],
    invalidSummary: 'Invalid member email',
    collectionRule: duplicateMembers,
  }),
  source: computedString({
    description: `Where the group comes from: \`"${APONO_SOURCE}"\` for groups created in Apono, else the identity provider (IdP) integration.`,
    onCreate: APONO_SOURCE,
  }),
};

/** A group as the state holds it (members null: not managed). */
export function groupModel(group: Group, members: readonly string[] | null): GroupModel {
  return {
    id: group.id,
    name: group.name,
    members: members === null ? null : [...members],
    source: identitySource(group),
  };
}

function ownership(group: GroupModel): Refusal | null {
  if (group.source === APONO_SOURCE) return null;
  return {
    why: 'owned by an identity provider',
    detail: `The group "${group.name}" is synced from "${group.source}"; change it in the identity provider. Read it with the apono_group data source.`,
  };
}

async function readMembersUntil(
  ctx: AponoContext,
  groupId: string,
  desired: readonly string[],
): Promise<string[]> {
  const { value } = await readUntil(
    () => ctx.client.groups.listMembers(groupId),
    (members) => sameEmailSet(members, desired),
  );
  return value;
}

/** The warning of a plan that starts managing the members of a group whose members were not managed. */
export function membersTakenOver(
  group: string,
  current: readonly string[],
  desired: readonly string[],
): Diagnostic {
  const { add, remove } = diffMembers(current, desired);
  const list = (emails: readonly string[]): string => emails.map((email) => `"${email}"`).join(', ');
  const changes = [
    ...(remove.length > 0 ? [`removes ${remove.length} member(s) not listed: ${list(remove)}`] : []),
    ...(add.length > 0 ? [`adds ${list(add)}`] : []),
  ];
  return warningDiagnostic(
    'Group members become managed',
    `The members of "${group}" were not managed by Terraform until now, so the plan shows the whole list as new. ` +
      `Applying makes the list authoritative: it ${changes.length > 0 ? changes.join(' and ') : 'changes nothing in Apono (the group has exactly these members)'}.`,
    ['members'],
  );
}

/**
 * The configured members that the state does not list already. Listed ones are what the API lists,
 * primary emails, so only these can be aliases: a plan that only removes members (and the plan
 * Terraform makes again at apply) reads no user listing.
 */
export function newMembers(listed: readonly string[] | null, configured: readonly string[]): string[] {
  if (listed === null) return [...configured];
  const known = new Set(listed.map(emailKey));
  return configured.filter((email) => !known.has(emailKey(email)));
}

/** The warning of a plan whose configuration stops setting `members` on a group that had them. */
export function membersReleased(group: string): Diagnostic {
  return warningDiagnostic(
    'Group members are no longer managed',
    `members is not set for "${group}" any more, so the plan shows it going to null: Terraform stops managing and reading ` +
      'the members of this group. Applying removes nobody and sends nothing to Apono.',
    ['members'],
  );
}

/** After an uncertain create: the group it may have created, read fresh from the API. */
async function findCreated(ctx: AponoContext, name: string): Promise<Group | null> {
  try {
    const groups = await ctx.client.groups.listAll({ name });
    return groups.find((group) => group.name === name) ?? null;
  } catch {
    return null;
  }
}

async function create(args: GroupArgs, ctx: AponoContext): Promise<Outcome<GroupModel>> {
  let group: Group;
  const warnings: Diagnostic[] = [];
  try {
    // Name and members in one call.
    group = await ctx.client.groups.create({ name: args.name, membersEmails: args.members ?? [] });
  } catch (error) {
    // The create may or may not have happened: the shared listing can no longer be trusted.
    ctx.directory.invalidateGroup();
    const recovered = isUncertain(error) ? await findCreated(ctx, args.name) : null;
    if (recovered === null) {
      if (error instanceof ConflictError) throw new AlreadyExistsError(error.existingId);
      throw error;
    }
    group = recovered;
    warnings.push(asWarning(describeApiError(error, 'creating a group'), '; the group was created'));
  }
  // The group exists from here on: whatever happens, the state must record it (nothing lost on failure).
  let members = args.members;
  try {
    if (args.members !== null) {
      members = await readMembersUntil(ctx, group.id, args.members);
      ctx.directory.recordMembers(group.id, members);
    }
  } catch (error) {
    warnings.push(asWarning(describeApiError(error, 'reading back the group members')));
  }
  ctx.directory.recordGroup(group);
  return { state: groupModel(group, members), warnings };
}

/**
 * The member writes an update sends. Members not managed until now (prior null) are unknown to the
 * plan: the whole list is written in one request, which makes it exactly what the configuration says.
 */
export function memberWritesOf(
  prior: readonly string[] | null,
  desired: readonly string[] | null,
): MemberWritePlan {
  if (desired === null) return { kind: 'none' };
  if (prior === null) return { kind: 'replace', members: [...desired] };
  return planMemberWrites(prior, desired);
}

async function update(prior: GroupModel, args: GroupArgs, ctx: AponoContext): Promise<Outcome<GroupModel>> {
  try {
    const renamed = args.name === prior.name ? null : await ctx.client.groups.rename(prior.id, args.name);
    // The prior state was refreshed during plan, so it is the current membership: diffing against it costs no read.
    const writes = memberWritesOf(prior.members, args.members);
    if (writes.kind === 'single') {
      for (const email of writes.add) await ctx.client.groups.addMember(prior.id, email);
      for (const email of writes.remove) await ctx.client.groups.removeMember(prior.id, email);
    } else if (writes.kind === 'replace') {
      await ctx.client.groups.replaceMembers(prior.id, writes.members);
    }
    // The API acknowledged every write (2xx), so the state records the planned members without reading
    // the group back: a read of a large group costs one request per 1,000 members, and a membership
    // changed by someone else since the plan shows at the next refresh instead of contradicting this plan.
    const members = args.members;
    if (renamed !== null) ctx.directory.recordGroup(renamed);
    if (members !== null) ctx.directory.recordMembers(prior.id, members);
    return { state: renamed === null ? { ...prior, members } : groupModel(renamed, members) };
  } catch (error) {
    ctx.directory.invalidateGroup(prior.id);
    throw error;
  }
}

/** The address of Apono's official provider, whose apono_managed_group moves to apono_group. */
export const OFFICIAL_PROVIDER = 'registry.terraform.io/apono-io/apono';

/**
 * apono_managed_group of Apono's official provider (schema version 0: id, name, members as a set of
 * emails) as an apono_group. That provider creates its groups in Apono, so the source is "apono",
 * as a read would compute it; the refresh of the next plan reads the group itself.
 */
export function groupFromManagedGroup(source: SourceState): GroupModel {
  return {
    id: sourceString(source, 'id'),
    name: sourceString(source, 'name'),
    members: sourceStrings(source, 'members'),
    source: APONO_SOURCE,
  };
}

const managedGroup: MoveSource<GroupModel> = {
  provider: OFFICIAL_PROVIDER,
  type: 'apono_managed_group',
  schemaVersion: 0,
  convert: groupFromManagedGroup,
};

/** Finds a group by id, or by name when no group has that id. */
async function findGroup(ctx: AponoContext, idOrName: string): Promise<Group | null> {
  return (await ctx.directory.groupById(idOrName)) ?? (await ctx.directory.groupByName(idOrName));
}

/** The apono_group resource. */
export const groupResource = defineResource<GroupArgs, GroupModel, AponoContext>({
  typeName: 'apono_group',
  description:
    'An Apono group created in Apono, with its members when `members` is set. Groups synced from an identity ' +
    'provider (IdP) cannot be managed: read them with the `apono_group` data source.',
  noun: 'group',
  attributes,
  identity: {
    attribute: 'name',
    comparison: 'names are unique, compared case-insensitively',
    key: (config) => (typeof config.name === 'string' ? groupKey(config.name) : null),
    async find(name, ctx) {
      const group = await ctx.directory.groupByName(name);
      return group === null ? null : groupModel(group, await ctx.directory.membersOf(group.id));
    },
    refusal: ownership,
  },

  async modifyPlan(draft, ctx) {
    const { prior, config } = draft;
    const members = Array.isArray(config.members)
      ? config.members.filter((member): member is string => typeof member === 'string')
      : [];
    for (const problem of await aliasProblems(ctx, newMembers(prior?.members ?? null, members), [
      'members',
    ])) {
      draft.report(problem);
    }
    if (prior === null) return;
    if (prior.members === null && Array.isArray(config.members) && members.length === config.members.length) {
      // The plan shows the whole list as new: say what it changes in Apono, read this once.
      draft.report(membersTakenOver(prior.name, await ctx.directory.membersOf(prior.id), members));
    }
    if (prior.members !== null && config.members === null) draft.report(membersReleased(prior.name));
    const name = config.name;
    if (typeof name === 'string' && groupKey(name) !== groupKey(prior.name)) {
      const taken = await ctx.directory.groupByName(name);
      if (taken !== null && taken.id !== prior.id) {
        draft.report(
          errorDiagnostic(
            'A group with this name already exists in Apono',
            `Cannot rename to "${name}": group names are unique (case-insensitive) and "${taken.name}" exists.`,
            ['name'],
          ),
        );
      }
    }
  },

  create,

  async read(state, ctx) {
    try {
      const group = await ctx.directory.groupById(state.id);
      if (group === null) return null;
      // Members not managed are not read: listing a large group costs a request per 1,000 members.
      return groupModel(group, state.members === null ? null : await ctx.directory.membersOf(group.id));
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  },

  update,

  async delete(prior, ctx) {
    try {
      await ctx.client.groups.delete(prior.id);
    } catch (error) {
      if (!(error instanceof NotFoundError)) {
        ctx.directory.invalidateGroup(prior.id);
        throw error;
      }
    }
    ctx.directory.forgetGroup(prior.id);
  },

  async importState(id, ctx) {
    // An import does not see the configuration: it reads the members, so a configuration that lists
    // them plans only the import. One that omits them plans members -> null once (nothing is sent),
    // and the group's members are not read from then on.
    const group = await findGroup(ctx, id);
    return group === null ? null : groupModel(group, await ctx.directory.membersOf(group.id));
  },

  moveFrom: [managedGroup],
});
