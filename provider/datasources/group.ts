import { AponoContext } from '../context';
import { errorDiagnostic, isNull, knownString } from '../framework/attributes';
import { BlockSchema, DataSourceDefinition, Diagnostic, TfObject } from '../framework/types';
import { diagnosticFromError } from '../resources/api-diagnostics';
import { identitySource } from '../resources/user';

const schema: BlockSchema = {
  version: 0,
  description: 'Looks up one Apono group, IdP-synced ones included, by name (case-insensitive) or id.',
  attributes: {
    id: {
      type: 'string',
      optional: true,
      computed: true,
      description: 'The group id. Set exactly one of id and name.',
    },
    name: {
      type: 'string',
      optional: true,
      computed: true,
      description: 'The group name. Set exactly one of id and name.',
    },
    members: { type: ['set', 'string'], computed: true, description: 'Emails of the members.' },
    source: { type: 'string', computed: true, description: '"apono" or the identity provider integration.' },
    source_integration_id: {
      type: 'string',
      computed: true,
      description: 'The IdP integration id, null for Apono groups.',
    },
  },
};

function validate(config: TfObject): Diagnostic[] {
  if (isNull(config, 'id') === isNull(config, 'name')) {
    return [
      errorDiagnostic(
        'Exactly one of id and name must be set',
        'Set either `id` or `name` to look up a group.',
      ),
    ];
  }
  return [];
}

/** The apono_group data source. */
export const groupDataSource: DataSourceDefinition<AponoContext> = {
  typeName: 'apono_group',
  schema,
  validate,
  async read(config, ctx) {
    const name = knownString(config, 'name');
    try {
      const group =
        name !== null
          ? await ctx.directory.groupByName(name)
          : await ctx.directory.groupById(String(config.id));
      if (group === null) {
        const by = name !== null ? `name "${name}"` : `id "${String(config.id)}"`;
        return {
          state: null,
          diagnostics: [
            {
              severity: 'error',
              summary: 'Group not found',
              detail: `No Apono group has the ${by}.`,
              path: [name !== null ? 'name' : 'id'],
            },
          ],
        };
      }
      return {
        state: {
          id: group.id,
          name: group.name,
          members: await ctx.directory.membersOf(group.id),
          source: identitySource(group),
          source_integration_id: group.source_integration_id ?? null,
        },
      };
    } catch (error) {
      return { state: null, diagnostics: [diagnosticFromError(error, 'reading a group')] };
    }
  },
};
