import type { User } from '../client/types';
import { AponoContext } from '../context';
import { emailProblem } from '../domain/emails';
import { joinFullName } from '../domain/names';
import { attributeError, errorDiagnostic, isNull, knownString } from '../framework/attributes';
import { AttributeSchema, BlockSchema, DataSourceDefinition, Diagnostic, TfObject } from '../framework/types';
import { diagnosticFromError } from '../resources/api-diagnostics';
import { identitySource, userStatus } from '../resources/user';

/** Computed attributes that describe a user, shared by apono_user and apono_users. */
export const USER_ATTRIBUTES: Record<string, AttributeSchema> = {
  full_name: { type: 'string', computed: true, description: 'First and last name.' },
  first_name: { type: 'string', computed: true, description: 'First name.' },
  last_name: { type: 'string', computed: true, description: 'Last name.' },
  role: { type: 'string', computed: true, description: "The first of the user's roles." },
  roles: { type: ['list', 'string'], computed: true, description: "All of the user's roles." },
  status: { type: 'string', computed: true, description: 'invited, active or disabled.' },
  active: { type: 'bool', computed: true, description: 'Whether the user is active.' },
  source: { type: 'string', computed: true, description: '"apono" or the identity provider integration.' },
  source_integration_id: {
    type: 'string',
    computed: true,
    description: 'The IdP integration id, null for Apono users.',
  },
  phone_number: { type: 'string', computed: true, description: 'Phone number, when known.' },
  invited_at: { type: 'string', computed: true, description: 'When the invitation was sent (RFC 3339).' },
  email_aliases: { type: ['list', 'string'], computed: true, description: 'Other emails of the user.' },
};

/** The computed attributes of a user as data sources show them. */
export function userAttributes(user: User): TfObject {
  return {
    id: user.id,
    email: user.email,
    full_name: joinFullName(user.first_name, user.last_name),
    first_name: user.first_name,
    last_name: user.last_name,
    role: user.roles[0] ?? null,
    roles: [...user.roles],
    status: userStatus(user),
    active: user.active,
    source: identitySource(user),
    source_integration_id: user.source_integration_id ?? null,
    phone_number: user.phone_number ?? null,
    invited_at: user.invited_at ?? null,
    email_aliases: [...(user.email_aliases ?? [])],
  };
}

const schema: BlockSchema = {
  version: 0,
  description:
    'Looks up one Apono user, IdP-synced ones included, by email (case-insensitive, aliases included) or id.',
  attributes: {
    id: {
      type: 'string',
      optional: true,
      computed: true,
      description: 'The user id. Set exactly one of id and email.',
    },
    email: {
      type: 'string',
      optional: true,
      computed: true,
      description: "The user's email. Set exactly one of id and email.",
    },
    ...USER_ATTRIBUTES,
  },
};

function validate(config: TfObject): Diagnostic[] {
  if (isNull(config, 'id') === isNull(config, 'email')) {
    return [
      errorDiagnostic(
        'Exactly one of id and email must be set',
        'Set either `id` or `email` to look up a user.',
      ),
    ];
  }
  const email = knownString(config, 'email');
  const problem = email === null ? null : emailProblem(email);
  return problem === null ? [] : [attributeError(['email'], 'Invalid email', `email ${problem}.`)];
}

/** The apono_user data source. */
export const userDataSource: DataSourceDefinition<AponoContext> = {
  typeName: 'apono_user',
  schema,
  validate,
  async read(config, ctx) {
    const email = knownString(config, 'email');
    const id = knownString(config, 'id');
    try {
      const user =
        email !== null ? await ctx.directory.userByEmail(email) : await ctx.directory.userById(String(id));
      if (user === null) {
        const by = email !== null ? ['email', email] : ['id', String(id)];
        return {
          state: null,
          diagnostics: [
            attributeError([by[0]], 'User not found', `No Apono user has the ${by[0]} "${by[1]}".`),
          ],
        };
      }
      return { state: { ...userAttributes(user), ...(email !== null ? { email } : {}) } };
    } catch (error) {
      return { state: null, diagnostics: [diagnosticFromError(error, 'reading a user')] };
    }
  },
};
