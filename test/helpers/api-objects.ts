/** API objects for unit tests, as the client returns them after validation. */
import type { Group, User } from '../../provider/client/types';

/** An Apono-created, invited user (Ada), with any field overridden. */
export function apiUser(overrides: Partial<User> = {}): User {
  return {
    id: 'u_1',
    email: 'ada@example.com',
    email_aliases: [],
    first_name: 'Ada',
    last_name: 'Lovelace',
    active: true,
    roles: ['Grantee'],
    source_integration_id: null,
    source_integration_name: null,
    attributes: null,
    status: 'invited',
    phone_number: null,
    invited_at: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

/** An Apono-created group, with any field overridden. */
export function apiGroup(overrides: Partial<Group> = {}): Group {
  return {
    id: 'g_1',
    name: 'engineering',
    source_id: null,
    source_integration_id: null,
    source_integration_name: null,
    ...overrides,
  };
}
