/**
 * The shapes the sandbox stores and answers with. They follow schema/README.md exactly; the JSON
 * Schemas in schema/api/ describe the same shapes and the sandbox tests validate against them.
 */
export type UserStatus = 'invited' | 'active' | 'disabled';

/** A v3 user with the provider's extension fields (status, phone_number, invited_at). */
export interface User {
  id: string;
  email: string;
  email_aliases: string[];
  first_name: string;
  last_name: string;
  active: boolean;
  roles: string[];
  source_integration_id: string | null;
  source_integration_name: string | null;
  attributes: Record<string, string> | null;
  status: UserStatus;
  phone_number: string | null;
  invited_at: string | null;
}

/** A group as the API returns it; members live beside it, keyed by user id. */
export interface Group {
  id: string;
  name: string;
  source_id: string | null;
  source_integration_id: string | null;
  source_integration_name: string | null;
}

/** The fewer-fields user of the legacy `/api/v2/users` endpoints. */
export interface LegacyUser {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  active: boolean;
}

/** One mutation, as applied to the store and as written to the journal (one JSON line each). */
export type Mutation =
  | { op: 'user.put'; user: User }
  | { op: 'user.delete'; id: string }
  | { op: 'group.put'; group: Group; member_ids?: string[] }
  | { op: 'group.delete'; id: string }
  | { op: 'members.add'; group_id: string; user_id: string }
  | { op: 'members.remove'; group_id: string; user_id: string }
  | { op: 'members.set'; group_id: string; user_ids: string[] }
  | { op: 'reset' };

/** The legacy projection of a user. */
export function toLegacyUser(user: User): LegacyUser {
  return {
    id: user.id,
    email: user.email,
    first_name: user.first_name,
    last_name: user.last_name,
    active: user.active,
  };
}

/** An RFC 3339 timestamp without milliseconds, as Apono writes them. */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
