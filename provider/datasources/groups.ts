/**
 * The apono_groups data source: groups, IdP-synced ones included, filtered by a name pattern (sent
 * to the API, which matches `*x*`, `x*` and `*x`) and by source (filtered here: the API has no such
 * filter), with their members on request.
 */
import type { Group } from '../client/types';
import { isFromSource } from '../domain/sources';
import { Attributes, computedObjectList, field, optionalBool, optionalString } from '../framework/attributes';
import { Arguments, defineDataSource } from '../framework/data-source';
import { AponoContext } from '../tenant/context';
import { GROUP_SOURCE_FIELDS, GroupSourceEntry, groupSourceEntry } from './group-fields';

/** The filters of the apono_groups data source. */
export interface GroupFilter {
  readonly name: string | null;
  readonly source: string | null;
  readonly include_members: boolean | null;
}

/** One group in the list. */
export interface GroupSummary extends GroupSourceEntry {
  readonly id: string;
  readonly name: string;
  /** Member emails when `include_members` is true, else null. */
  readonly members: string[] | null;
}

/** What the apono_groups data source shows. */
export interface GroupList extends GroupFilter {
  readonly groups: GroupSummary[];
}

function namePatternProblem(pattern: string): string | null {
  return pattern === '' ? 'must not be empty; omit name to list every group' : null;
}

const attributes: Attributes<GroupFilter, GroupList> = {
  name: optionalString({
    description:
      'Only groups whose name matches: `*x*` contains x, `x*` starts with x, `*x` ends with x, no `*` is the ' +
      "exact name. Matched by the Apono API. The same as the `name` of the official provider's `apono_groups`.",
    rules: [namePatternProblem],
  }),
  source: optionalString({
    description:
      'Only groups from this source: `"apono"` for groups created in Apono, or the name or id of an identity ' +
      'provider integration (case-insensitive, no wildcards; the official provider calls it `source_integration`).',
  }),
  include_members: optionalBool({
    description:
      "Whether to read each listed group's members into `members` (one more request per group); default " +
      '`false`, then `members` is null.',
  }),
  groups: computedObjectList<GroupSummary>(
    {
      id: field.string,
      name: field.string,
      ...GROUP_SOURCE_FIELDS,
      members: field.nullableStringList,
    },
    {
      description:
        'The matching groups, in the API\'s order: `id`, `name`, `source` (`"apono"` or the integration), ' +
        "`source_id` (the group's id in the identity provider), `source_integration_id`, " +
        '`source_integration_name` (the `source_*` fields are null for groups created in Apono), and `members` ' +
        '(emails, null unless `include_members` is `true`).',
    },
  ),
};

/** The source filter of apono_groups as a predicate (pure); the name pattern is the API's. */
export function groupFilter(filter: Arguments<GroupFilter>): (group: Group) => boolean {
  const { source } = filter;
  return (group) => source === null || isFromSource(group, source);
}

/** The groups whose name matches `pattern` (the API's filter), or every group (shared listing). */
function listGroups(pattern: string | null, ctx: AponoContext): Promise<Group[]> {
  return pattern === null ? ctx.directory.allGroups() : ctx.client.groups.listAll({ name: pattern });
}

/** The apono_groups data source. */
export const groupsDataSource = defineDataSource<GroupFilter, GroupList, AponoContext>({
  typeName: 'apono_groups',
  description:
    'Lists Apono groups, IdP-synced ones included, optionally filtered by name pattern and source, with their members on request.',
  noun: 'list of groups',
  attributes,
  async read(config, ctx) {
    const groups = (await listGroups(config.name, ctx)).filter(groupFilter(config));
    const summaries = await Promise.all(
      groups.map(async (group): Promise<GroupSummary | null> => {
        const summary = { id: group.id, name: group.name, ...groupSourceEntry(group) };
        if (config.include_members !== true) return { ...summary, members: null };
        // A group deleted since the listing is no longer there to show.
        const members = await ctx.directory.membersIfExists(group.id);
        return members === null ? null : { ...summary, members: [...members] };
      }),
    );
    return { ...config, groups: summaries.filter((summary): summary is GroupSummary => summary !== null) };
  },
});
