/**
 * `--fail-on`: a policy gate for CI. Each kind names a change a team may want a person to approve;
 * the reasons say which entries of the review matched.
 */
import type { Review } from './classify';
import { readableAddress, type ConstructPaths } from './cdktf';

/** The kinds of change `--fail-on` accepts. */
export const FAIL_KINDS = [
  'admin-grant',
  'role-change',
  'user-delete',
  'user-forget',
  'user-replace',
  'group-delete',
  'member-remove',
  'drift',
] as const;
export type FailKind = (typeof FAIL_KINDS)[number];

/** Parses "admin-grant,user-delete"; returns the kinds, or the words that are not kinds. */
export function parseFailKinds(list: string): { kinds: FailKind[]; unknown: string[] } {
  const words = list
    .split(',')
    .map((word) => word.trim())
    .filter((word) => word !== '');
  const isKind = (word: string): word is FailKind => (FAIL_KINDS as readonly string[]).includes(word);
  return {
    kinds: [...new Set(words.filter(isKind))],
    unknown: words.filter((word) => !isKind(word)),
  };
}

/** The reasons, one per matching entry, why the review fails the gate of `kinds` (none: it passes). */
export function failReasons(
  review: Review,
  kinds: readonly FailKind[],
  paths: ConstructPaths = new Map(),
): string[] {
  const at = (address: string): string => readableAddress(address, paths);
  const reasons: Record<FailKind, () => string[]> = {
    'admin-grant': () =>
      review.privilege
        .filter((entry) => entry.newAdmin)
        .map((entry) => `admin-grant: ${entry.email} becomes Admin (${at(entry.address)})`),
    'role-change': () =>
      review.privilege
        .filter((entry) => entry.from !== null)
        .map(
          (entry) => `role-change: ${entry.email} ${entry.from ?? ''} -> ${entry.to} (${at(entry.address)})`,
        ),
    'user-delete': () =>
      review.removals
        .filter((entry) => entry.effect === 'deleted')
        .map((entry) => `user-delete: ${entry.email} is deleted from Apono (${at(entry.address)})`),
    'user-forget': () =>
      review.removals
        .filter((entry) => entry.effect === 'forgotten')
        .map(
          (entry) => `user-forget: ${entry.email} is no longer managed by Terraform (${at(entry.address)})`,
        ),
    'user-replace': () =>
      review.replacements.map(
        (entry) => `user-replace: ${entry.email} is replaced: ${entry.reason} (${at(entry.address)})`,
      ),
    'group-delete': () =>
      review.membership
        .filter((group) => group.status === 'deleted')
        .map((group) => `group-delete: group ${group.group} is deleted`),
    'member-remove': () =>
      review.membership.flatMap((group) =>
        group.removed.map((email) => `member-remove: ${email} leaves group ${group.group}`),
      ),
    drift: () => review.drift.map((entry) => `drift: ${at(entry.address)} changed outside Terraform`),
  };
  return kinds.flatMap((kind) => reasons[kind]());
}
