/**
 * Where an identity comes from: created in Apono, or synced from an identity provider (IdP), which
 * then owns it (Apono answers 403 to writes). Shared by resources and data sources. Pure.
 */

/** `source` of identities created in Apono rather than synced from an identity provider. */
export const APONO_SOURCE = 'apono';

/** The fields of a user or group that say where it comes from. */
export interface Sourced {
  readonly source_integration_id?: string | null;
  readonly source_integration_name?: string | null;
}

/** Where an identity comes from, for the `source` attribute: "apono" or the IdP integration. */
export function identitySource(identity: Sourced): string {
  return identity.source_integration_name || identity.source_integration_id || APONO_SOURCE;
}

/**
 * The `source` filter of the plural data sources: "apono" matches identities created in Apono, any
 * other value the integration's name or id; case-insensitive.
 */
export function isFromSource(identity: Sourced, source: string): boolean {
  const wanted = source.toLowerCase();
  if (!isIdpOwned(identity)) return wanted === APONO_SOURCE;
  return [identity.source_integration_name, identity.source_integration_id].some(
    (candidate) => typeof candidate === 'string' && candidate.toLowerCase() === wanted,
  );
}

/**
 * True when an identity is synced from an IdP (and so read-only through the API): either of its
 * integration fields is set (the spec makes both optional, so one may come without the other).
 */
export function isIdpOwned(identity: Sourced): boolean {
  return Boolean(identity.source_integration_id || identity.source_integration_name);
}

/** A user's status: the API's extension field, else derived from `active`. */
export function userStatus(user: { readonly status?: string | null; readonly active: boolean }): string {
  return user.status ?? (user.active ? 'active' : 'disabled');
}

/** Every address a user answers to: the email and its aliases. */
export function addressesOf(user: {
  readonly email: string;
  readonly email_aliases?: readonly string[] | null;
}): string[] {
  return [user.email, ...(user.email_aliases ?? [])];
}
