/** The apono_group data source: one group, IdP-synced ones included, by name or id. */
import { Attributes, computedStringSet, optionalComputedString } from '../framework/attributes';
import { defineDataSource, notFoundProblem } from '../framework/data-source';
import { errorDiagnostic } from '../framework/diagnostics';
import { AponoContext } from '../tenant/context';
import { GROUP_SOURCE_ATTRIBUTES, GroupSourceEntry, groupSourceEntry } from './group-fields';

/** The arguments of the apono_group data source. */
export interface GroupLookup {
  readonly id: string;
  readonly name: string;
}

/** What the apono_group data source shows. */
export interface GroupEntry extends GroupLookup, GroupSourceEntry {
  readonly members: string[];
}

const attributes: Attributes<GroupLookup, GroupEntry> = {
  id: optionalComputedString({ description: 'The group id. Set exactly one of `id` and `name`.' }),
  name: optionalComputedString({
    description: 'The group name, compared case-insensitively. Set exactly one of `id` and `name`.',
  }),
  members: computedStringSet({ description: 'Emails of the members (their primary emails).' }),
  ...GROUP_SOURCE_ATTRIBUTES,
};

/** The apono_group data source. */
export const groupDataSource = defineDataSource<GroupLookup, GroupEntry, AponoContext>({
  typeName: 'apono_group',
  description: 'Looks up one Apono group, IdP-synced ones included, by name (case-insensitive) or id.',
  noun: 'group',
  attributes,
  validate(config) {
    if ((config.id === null) === (config.name === null)) {
      return [
        errorDiagnostic(
          'Exactly one of id and name must be set',
          'Set either `id` or `name` to look up a group.',
        ),
      ];
    }
    return [];
  },
  async read(config, ctx) {
    const { id, name } = config;
    const group =
      name !== null ? await ctx.directory.groupByName(name) : await ctx.directory.groupById(String(id));
    if (group === null) {
      throw name !== null
        ? notFoundProblem('group', 'name', name, 'Apono')
        : notFoundProblem('group', 'id', String(id), 'Apono');
    }
    return {
      id: group.id,
      name: group.name,
      members: await ctx.directory.membersOf(group.id),
      ...groupSourceEntry(group),
    };
  },
});
