/** Group rules: names are unique in Apono, compared case-insensitively. Pure. */

/** The key two group names are compared by (case-insensitive). */
export function groupKey(name: string): string {
  return name.toLowerCase();
}

/** Why a group name is not acceptable, or null when it is. */
export function groupNameProblem(name: string): string | null {
  return name.trim() === '' ? 'must not be empty' : null;
}
