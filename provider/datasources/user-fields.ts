/**
 * The attributes that describe a user, shared by the apono_user and apono_users data sources (a
 * shared module, not a data source: data sources do not import each other).
 */
import type { User } from '../client/types';
import { joinFullName } from '../domain/names';
import { identitySource, userStatus } from '../domain/sources';
import {
  computedBool,
  computedNullableString,
  computedString,
  computedStringList,
  computedStringMap,
  field,
} from '../framework/attributes';

/** A user as the data sources show it. */
export interface UserEntry {
  readonly id: string;
  readonly email: string;
  readonly full_name: string;
  readonly first_name: string;
  readonly last_name: string;
  readonly role: string | null;
  readonly roles: string[];
  readonly status: string;
  readonly active: boolean;
  readonly source: string;
  readonly source_integration_id: string | null;
  readonly phone_number: string | null;
  readonly invited_at: string | null;
  readonly email_aliases: string[];
  readonly attributes: Record<string, string>;
}

/** The computed attributes of a user, for a data source whose own arguments are `id` and `email`. */
export const USER_DETAIL_ATTRIBUTES = {
  full_name: computedString({ description: 'First and last name, joined by a space.' }),
  first_name: computedString({ description: 'First name, as Apono holds it.' }),
  last_name: computedString({ description: 'Last name, as Apono holds it.' }),
  role: computedNullableString({
    description: "The first of the user's roles (kept for compatibility; `roles` lists all of them).",
  }),
  roles: computedStringList({
    description: "All of the user's roles, spelled and ordered as Apono holds them.",
  }),
  status: computedString({ description: '`invited`, `active` or `disabled`.' }),
  active: computedBool({ description: 'Whether the user is active in Apono.' }),
  source: computedString({
    description: '`"apono"` for users created in Apono, else the identity provider (IdP) integration.',
  }),
  source_integration_id: computedNullableString({
    description: 'The id of the IdP integration the user is synced from; null for users created in Apono.',
  }),
  phone_number: computedNullableString({ description: 'Phone number, when Apono knows one; else null.' }),
  invited_at: computedNullableString({
    description: 'When the invitation was sent (RFC 3339), when Apono says; else null.',
  }),
  email_aliases: computedStringList({
    description: 'Other emails of the user (lookups by email match them too).',
  }),
  attributes: computedStringMap({
    description:
      "The user's attributes in Apono (typically synced from the identity provider), name to value; an empty " +
      'map when Apono has none, so `lookup(data.apono_user.x.attributes, "department", "none")` always works.',
  }),
};

/** The fields of one user in a list of users. */
export const USER_ENTRY_FIELDS = {
  id: field.string,
  email: field.string,
  full_name: field.string,
  first_name: field.string,
  last_name: field.string,
  role: field.nullableString,
  roles: field.stringList,
  status: field.string,
  active: field.bool,
  source: field.string,
  source_integration_id: field.nullableString,
  phone_number: field.nullableString,
  invited_at: field.nullableString,
  email_aliases: field.stringList,
  attributes: field.stringMap,
};

/**
 * A user's attributes as the data sources show them: Apono's map of strings (checked by the
 * response schema), or an empty map when the answer has none (null or absent), so
 * `lookup(attributes, key, default)` always works.
 */
export function userAttributes(
  attributes: Readonly<Record<string, string>> | null | undefined,
): Record<string, string> {
  return { ...(attributes ?? {}) };
}

/** A user as the data sources show it. */
export function userEntry(user: User): UserEntry {
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
    email_aliases: [...user.email_aliases],
    attributes: userAttributes(user.attributes),
  };
}
