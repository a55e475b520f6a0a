import { ConflictError, NotFoundError } from '../client/errors';
import type { Group } from '../client/types';
import { AponoContext } from '../context';
import { caseDuplicates, emailProblem, preferSpellings, sameEmail, sameEmailSet } from '../domain/emails';
import { planMemberWrites } from '../domain/members';
import {
  attributeError,
  errorDiagnostic,
  hasErrors,
  knownString,
  knownStrings,
} from '../framework/attributes';
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
import { diagnosticFromError, planReportingApiErrors } from './api-diagnostics';
import { readUntil } from './convergence';
import { APONO_SOURCE, identitySource, isIdpOwned, isUncertain, replacedId } from './user';

const schema: BlockSchema = {
  version: 0,
  description: 'An Apono group created in Apono, with its members when `members` is set.',
  attributes: {
    id: { type: 'string', computed: true, description: 'The Apono group id.' },
    name: {
      type: 'string',
      required: true,
      description: 'Group name, unique in Apono. Renaming updates the group in place.',
    },
    members: {
      type: ['set', 'string'],
      optional: true,
      computed: true,
      description:
        'Emails of the members. When set, the list is authoritative: members not listed are removed. Compared case-insensitively; ' +
        'invited users count as members. When omitted, members are not managed (use apono_group_member for single memberships).',
    },
    source: {
      type: 'string',
      computed: true,
      description: `Where the group comes from: "${APONO_SOURCE}" for groups created in Apono, else the identity provider integration.`,
    },
  },
};

/** Static checks of an apono_group configuration (unknown values are never rejected). */
export function validateGroupConfig(config: TfObject): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const name = knownString(config, 'name');
  if (name !== null && name.trim() === '')
    diagnostics.push(attributeError(['name'], 'Invalid name', 'name must not be empty.'));
  const members = Array.isArray(config.members) ? config.members : [];
  for (const member of members) {
    const problem = typeof member === 'string' ? emailProblem(member) : null;
    if (problem !== null)
      diagnostics.push(attributeError(['members'], 'Invalid member email', `members: ${problem}.`));
  }
  const known = members.filter((member): member is string => typeof member === 'string');
  for (const spellings of caseDuplicates(known)) {
    diagnostics.push(
      attributeError(
        ['members'],
        'Duplicate member email',
        `members lists ${spellings.map((s) => `"${s}"`).join(' and ')}, which differ only by case; emails are compared case-insensitively, so list each member once.`,
      ),
    );
  }
  return diagnostics;
}

/** The state of a group as the API shows it, keeping the member spellings of `preferred`. */
export function groupState(group: Group, members: readonly string[], preferred: TfObject | null): TfObject {
  return {
    id: group.id,
    name: group.name,
    members: preferSpellings(members, knownStrings(preferred, 'members') ?? []),
    source: identitySource(group),
  };
}

function importHint(name: string): string {
  return (
    `A group named "${name}" already exists in Apono (names are unique, compared case-insensitively). ` +
    `To manage it with Terraform, import it:\n\n  terraform import apono_group.<name> "${name}"\n\n` +
    `or add an import block:\n\n  import {\n    to = apono_group.<name>\n    id = "${name}"\n  }`
  );
}

function idpRefusal(name: string, source: string, action: string): Diagnostic {
  return errorDiagnostic(
    `Cannot ${action} a group owned by an identity provider`,
    `The group "${name}" is synced from "${source}"; change it in the identity provider. Read it with the apono_group data source.`,
  );
}

async function plan(request: PlanRequest, ctx: AponoContext): Promise<PlanResult> {
  const { prior, proposed, config } = request;
  if (proposed === null) {
    if (prior !== null && knownString(prior, 'source') !== APONO_SOURCE) {
      return { planned: null, diagnostics: [idpRefusal(String(prior.name), String(prior.source), 'delete')] };
    }
    return { planned: null };
  }
  const diagnostics = config === null ? [] : validateGroupConfig(config);
  if (hasErrors(diagnostics)) return { planned: null, diagnostics };
  const aliasProblems = await aliasDiagnostics(ctx, knownStrings(config, 'members') ?? [], ['members']);
  if (aliasProblems.length > 0) return { planned: null, diagnostics: aliasProblems };
  const configMembers = config?.members ?? null;

  if (prior === null) {
    const name = knownString(config, 'name');
    const existing = name === null ? null : await ctx.directory.groupByName(name);
    // On the create half of a replacement (-replace, taint) the group being replaced still exists.
    if (name !== null && existing !== null && existing.id !== replacedId(request.priorPrivate)) {
      return {
        planned: null,
        diagnostics: [
          attributeError(['name'], 'A group with this name already exists in Apono', importHint(name)),
        ],
      };
    }
    return {
      planned: {
        ...proposed,
        id: UNKNOWN,
        source: APONO_SOURCE,
        members: configMembers === null ? [] : configMembers,
      },
    };
  }

  const planned: TfObject = { ...proposed, id: prior.id, source: prior.source };
  const desired = knownStrings(config, 'members');
  const current = knownStrings(prior, 'members');
  // A case-only difference is no change: keep the prior spellings (Terraform accepts the prior value).
  if (desired !== null && current !== null && sameEmailSet(desired, current)) planned.members = current;
  const membersChange =
    configMembers !== null && (desired === null || current === null || !sameEmailSet(desired, current));
  const changed = planned.name !== prior.name || membersChange;
  if (changed && knownString(prior, 'source') !== APONO_SOURCE) {
    return { planned: null, diagnostics: [idpRefusal(String(prior.name), String(prior.source), 'update')] };
  }
  const newName = knownString(config, 'name');
  if (newName !== null && newName.toLowerCase() !== String(prior.name).toLowerCase()) {
    const taken = await ctx.directory.groupByName(newName);
    if (taken !== null && taken.id !== prior.id) {
      return {
        planned: null,
        diagnostics: [
          attributeError(
            ['name'],
            'A group with this name already exists in Apono',
            `Cannot rename to "${newName}": group names are unique (case-insensitive) and "${taken.name}" exists.`,
          ),
        ],
      };
    }
  }
  // Remembered so that the create half of a replacement knows which existing group is being replaced.
  return { planned, plannedPrivate: { replaces_id: prior.id } };
}

/**
 * Members are listed by their primary email: an alias would never match what the API returns and
 * would diff forever, so it is refused at plan time with the address to use instead.
 */
export async function aliasDiagnostics(
  ctx: AponoContext,
  emails: readonly string[],
  path: AttributePath,
): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  for (const email of emails) {
    const user = await ctx.directory.userByEmail(email);
    if (user !== null && !sameEmail(user.email, email)) {
      diagnostics.push(
        attributeError(
          path,
          'Member email is an alias',
          `"${email}" is an alias of the Apono user "${user.email}". Apono lists group members by their primary email: use "${user.email}".`,
        ),
      );
    }
  }
  return diagnostics;
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

async function create(planned: TfObject, ctx: AponoContext): Promise<StateResult> {
  const name = String(planned.name);
  const members = knownStrings(planned, 'members') ?? [];
  let group: Group;
  try {
    // Name and members in one call.
    group = await ctx.client.groups.create({ name, membersEmails: members });
  } catch (error) {
    // The create may or may not have happened: the shared listing can no longer be trusted.
    ctx.directory.invalidateGroup();
    const recovered = isUncertain(error) ? await findCreated(ctx, name) : null;
    if (recovered !== null) {
      const warning = diagnosticFromError(error, 'creating a group');
      const members = await ctx.client.groups.listMembers(recovered.id).catch(() => []);
      return {
        state: groupState(recovered, members, planned),
        diagnostics: [
          { ...warning, severity: 'warning', summary: `${warning.summary}; the group was created` },
        ],
      };
    }
    if (error instanceof ConflictError) {
      return {
        state: null,
        diagnostics: [
          attributeError(['name'], 'A group with this name already exists in Apono', importHint(name)),
        ],
      };
    }
    return { state: null, diagnostics: [diagnosticFromError(error, 'creating a group')] };
  }
  // The group exists from here on: whatever happens, the state must record it (nothing lost on failure).
  let actual = members;
  const diagnostics: Diagnostic[] = [];
  try {
    actual = await readMembersUntil(ctx, group.id, members);
    ctx.directory.recordMembers(group.id, actual);
  } catch (error) {
    diagnostics.push({
      ...diagnosticFromError(error, 'reading back the group members'),
      severity: 'warning',
    });
  }
  ctx.directory.recordGroup(group);
  return { state: groupState(group, actual, planned), diagnostics };
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

async function update(prior: TfObject, planned: TfObject, ctx: AponoContext): Promise<StateResult> {
  const id = String(prior.id);
  let group: Group | null = null;
  try {
    if (planned.name !== prior.name) group = await ctx.client.groups.rename(id, String(planned.name));
    const desired = knownStrings(planned, 'members');
    // Prior state was refreshed during plan, so it is the current membership: diffing against it costs no extra read.
    const writes =
      desired === null
        ? { kind: 'none' as const }
        : planMemberWrites(knownStrings(prior, 'members') ?? [], desired);
    if (writes.kind === 'single') {
      for (const email of writes.add) await ctx.client.groups.addMember(id, email);
      for (const email of writes.remove) await ctx.client.groups.removeMember(id, email);
    } else if (writes.kind === 'replace') {
      await ctx.client.groups.replaceMembers(id, writes.members);
    }
    // Without a rename the group itself did not change: the prior state describes it (update is
    // only planned for Apono-owned groups), so no extra GET.
    group = group ?? {
      id,
      name: String(prior.name),
      source_id: null,
      source_integration_id: null,
      source_integration_name: null,
    };
    // Members that were not written keep their planned value: a membership changed by someone else
    // since the plan shows at the next refresh instead of contradicting this plan.
    const members =
      writes.kind === 'none'
        ? (knownStrings(planned, 'members') ?? (await ctx.client.groups.listMembers(id)))
        : await readMembersUntil(ctx, id, desired ?? []);
    ctx.directory.recordGroup(group);
    ctx.directory.recordMembers(id, members);
    return { state: groupState(group, members, planned) };
  } catch (error) {
    ctx.directory.invalidateGroup(id);
    return { state: prior, diagnostics: [diagnosticFromError(error, 'updating a group')] };
  }
}

async function destroy(prior: TfObject, ctx: AponoContext): Promise<StateResult> {
  try {
    await ctx.client.groups.delete(String(prior.id));
  } catch (error) {
    if (!(error instanceof NotFoundError)) {
      ctx.directory.invalidateGroup(String(prior.id));
      return { state: prior, diagnostics: [diagnosticFromError(error, 'deleting a group')] };
    }
  }
  ctx.directory.forgetGroup(String(prior.id));
  return { state: null };
}

/** Finds a group by id, or by name when no group has that id. */
export async function findGroup(ctx: AponoContext, idOrName: string): Promise<Group | null> {
  return (await ctx.directory.groupById(idOrName)) ?? (await ctx.directory.groupByName(idOrName));
}

/** The apono_group resource. */
export const groupResource: ResourceDefinition<AponoContext> = {
  typeName: 'apono_group',
  schema,
  validate: validateGroupConfig,
  plan: planReportingApiErrors('planning a group', plan),
  apply: applyChange({ create, update, destroy }),
  async read(state, ctx) {
    try {
      const group = await ctx.directory.groupById(String(state.id));
      if (group === null) return { state: null };
      const members = await ctx.directory.membersOf(group.id);
      return { state: groupState(group, members, state) };
    } catch (error) {
      if (error instanceof NotFoundError) return { state: null };
      return { state, diagnostics: [diagnosticFromError(error, 'reading a group')] };
    }
  },
  async importState(id, ctx) {
    try {
      const group = await findGroup(ctx, id);
      if (group === null) {
        return {
          state: null,
          diagnostics: [
            errorDiagnostic(
              'Cannot import a group that does not exist',
              `No Apono group has the id or name "${id}".`,
            ),
          ],
        };
      }
      if (isIdpOwned(group))
        return { state: null, diagnostics: [idpRefusal(group.name, identitySource(group), 'import')] };
      return { state: groupState(group, await ctx.directory.membersOf(group.id), null) };
    } catch (error) {
      return { state: null, diagnostics: [diagnosticFromError(error, 'importing a group')] };
    }
  },
};
