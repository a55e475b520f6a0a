import type { User } from '../client/types';
import { AponoContext } from '../context';
import { canonicalRole, roleProblem } from '../domain/roles';
import { attributeError, knownString } from '../framework/attributes';
import { BlockSchema, DataSourceDefinition, Diagnostic, TfObject, TfType } from '../framework/types';
import { diagnosticFromError } from '../resources/api-diagnostics';
import { identitySource, userStatus } from '../resources/user';
import { USER_ATTRIBUTES, userAttributes } from './user';

const USER_OBJECT: TfType = [
  'object',
  Object.fromEntries([
    ['id', 'string'],
    ['email', 'string'],
    ...Object.entries(USER_ATTRIBUTES).map(([name, attribute]) => [name, attribute.type]),
  ]),
];

const schema: BlockSchema = {
  version: 0,
  description: 'Lists Apono users, IdP-synced ones included, optionally filtered.',
  attributes: {
    role: { type: 'string', optional: true, description: 'Only users with this role (case-insensitive).' },
    status: {
      type: 'string',
      optional: true,
      description: 'Only users with this status: invited, active or disabled.',
    },
    source: {
      type: 'string',
      optional: true,
      description: 'Only users from this source: "apono" or an IdP integration name.',
    },
    email_domain: {
      type: 'string',
      optional: true,
      description: 'Only users whose email ends with "@<email_domain>" (case-insensitive).',
    },
    users: {
      type: ['list', USER_OBJECT],
      computed: true,
      description: "The matching users, in the API's order.",
    },
  },
};

const STATUSES = ['invited', 'active', 'disabled'];

function validate(config: TfObject): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const role = knownString(config, 'role');
  const problem = role === null ? null : roleProblem(role);
  if (problem !== null) diagnostics.push(attributeError(['role'], 'Invalid role', `role ${problem}.`));
  const status = knownString(config, 'status');
  if (status !== null && !STATUSES.includes(status)) {
    diagnostics.push(
      attributeError(
        ['status'],
        'Invalid status',
        `status must be one of ${STATUSES.join(', ')}; got "${status}".`,
      ),
    );
  }
  return diagnostics;
}

/** The filter of apono_users as a predicate (pure). */
export function userFilter(config: TfObject): (user: User) => boolean {
  const role = knownString(config, 'role');
  const status = knownString(config, 'status');
  const source = knownString(config, 'source');
  const domain = knownString(config, 'email_domain');
  return (user) =>
    (role === null || user.roles.some((r) => canonicalRole(r) === canonicalRole(role))) &&
    (status === null || userStatus(user) === status) &&
    (source === null || identitySource(user).toLowerCase() === source.toLowerCase()) &&
    (domain === null || user.email.toLowerCase().endsWith(`@${domain.toLowerCase()}`));
}

/** The apono_users data source. */
export const usersDataSource: DataSourceDefinition<AponoContext> = {
  typeName: 'apono_users',
  schema,
  validate,
  async read(config, ctx) {
    try {
      const users = (await ctx.directory.allUsers()).filter(userFilter(config));
      return { state: { ...config, users: users.map(userAttributes) } };
    } catch (error) {
      return { state: null, diagnostics: [diagnosticFromError(error, 'listing users')] };
    }
  },
};
