/**
 * Shapes the Apono API returns (snake_case, as on the wire) and the inputs the client accepts
 * (camelCase). The response shapes are checked against schema/api/*.schema.json before they are
 * typed as these interfaces.
 */

/** A role name as Apono spells it on the wire (e.g. `Admin`, `Grantee`, `Power User`). */
export type Role = string;

/** Invitation state: a provider extension, absent on tenants that do not implement it. */
export type UserStatus = 'invited' | 'active' | 'disabled';

/**
 * A v3 user (UserV3) with the provider's extension fields. The spec requires only the first seven
 * fields; the others may be absent or null, so read them with `?? null`.
 */
export interface User {
  readonly id: string;
  readonly email: string;
  readonly email_aliases: readonly string[];
  readonly first_name: string;
  readonly last_name: string;
  readonly active: boolean;
  readonly roles: readonly Role[];
  readonly source_integration_id?: string | null;
  readonly source_integration_name?: string | null;
  /** Custom attributes from the source integration (a map of strings). */
  readonly attributes?: Readonly<Record<string, string>> | null;
  readonly status?: UserStatus;
  readonly phone_number?: string | null;
  readonly invited_at?: string | null;
}

/** A user from the legacy `/api/v2/users` listing (fewer fields than v3). */
export interface LegacyUser {
  readonly id: string;
  readonly email: string;
  readonly first_name: string;
  readonly last_name: string;
  readonly active: boolean;
}

/**
 * A group (GroupV1). The `source_*` fields are set for groups synced from an identity provider and
 * absent or null otherwise, so read them with `?? null`.
 */
export interface Group {
  readonly id: string;
  readonly name: string;
  readonly source_id?: string | null;
  readonly source_integration_id?: string | null;
  readonly source_integration_name?: string | null;
}

/** One entry of a group's member list; members are keyed by email only. */
export interface GroupMember {
  readonly email: string;
}

/** Filters of `GET /api/admin/v3/users` (names accept `*` wildcards). There is no email filter. */
export interface UserFilters {
  readonly firstName?: string;
  readonly lastName?: string;
  readonly roles?: readonly Role[];
  readonly sourceIntegrationId?: string;
  readonly sourceIntegrationName?: string;
  /** Page size; defaults to the API's default (100) for `list`, 1000 for `listAll`. */
  readonly pageSize?: number;
}

/** Filters of `GET /api/admin/v1/groups` (`name` accepts `*x*`, `x*`, `*x`). */
export interface GroupFilters {
  readonly name?: string;
  /** Page size; defaults to the API's default (100) for `list`, 1000 for `listAll`. */
  readonly pageSize?: number;
}

/** What the "Invite User" form asks for. */
export interface InviteUserInput {
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly role: Role;
  /** E.164: `+` then 7 to 15 digits. */
  readonly phoneNumber?: string;
}

/** A partial update of a user; omitted fields are left alone, `phoneNumber: null` clears it. */
export interface UpdateUserInput {
  readonly firstName?: string;
  readonly lastName?: string;
  readonly roles?: readonly Role[];
  readonly phoneNumber?: string | null;
}

/** A new group and its initial members. */
export interface CreateGroupInput {
  readonly name: string;
  readonly membersEmails: readonly string[];
}

/** The answer of the user-write extension's probe: the version of the extension the API serves. */
export interface UserWriteExtension {
  readonly version: number;
}
