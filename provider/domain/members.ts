import { emailKey } from './emails';

/** The membership changes that turn `current` into `desired` (emails compared case-insensitively). */
export interface MemberDiff {
  /** Emails to add, in the desired spelling. */
  readonly add: string[];
  /** Emails to remove, in the current (API) spelling. */
  readonly remove: string[];
}

/** Diffs two member lists case-insensitively. */
export function diffMembers(current: readonly string[], desired: readonly string[]): MemberDiff {
  const currentKeys = new Set(current.map(emailKey));
  const desiredKeys = new Set(desired.map(emailKey));
  return {
    add: uniqueByKey(desired.filter((email) => !currentKeys.has(emailKey(email)))),
    remove: uniqueByKey(current.filter((email) => !desiredKeys.has(emailKey(email)))),
  };
}

/** How a membership change is sent to the API. */
export type MemberWritePlan =
  | { readonly kind: 'none' }
  | { readonly kind: 'single'; readonly add: string[]; readonly remove: string[] }
  | { readonly kind: 'replace'; readonly members: string[] };

/**
 * Chooses the fewest calls that are safe. One change: one targeted PUT/DELETE of that member, which
 * leaves every other member untouched (a concurrent non-authoritative membership survives). Two or
 * more changes: one PUT of the whole list instead of one call per member (okta#1818, azuread#954);
 * it is idempotent, so a retry after a dropped connection cannot double-apply anything.
 */
export function planMemberWrites(current: readonly string[], desired: readonly string[]): MemberWritePlan {
  const diff = diffMembers(current, desired);
  const changes = diff.add.length + diff.remove.length;
  if (changes === 0) return { kind: 'none' };
  if (changes === 1) return { kind: 'single', add: diff.add, remove: diff.remove };
  return { kind: 'replace', members: uniqueByKey([...desired]) };
}

function uniqueByKey(emails: string[]): string[] {
  const seen = new Set<string>();
  return emails.filter((email) => {
    const key = emailKey(email);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
