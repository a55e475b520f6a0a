/** Group rules: the provider, the constructs and the sandbox accept exactly the names groupNameProblem accepts. */
import { characterCount, lineBreakingOrReorderingCharacter } from './text';

export const MAX_GROUP_NAME_LENGTH = 256;

/** Why a group name is not acceptable, or null when it is. */
export function groupNameProblem(name: string): string | null {
  if (name.trim() === '') return 'must not be empty';
  const unsafe = lineBreakingOrReorderingCharacter(name);
  if (unsafe !== null)
    return `must not contain tabs, line breaks, control characters or bidirectional-text controls (found ${unsafe})`;
  if (name !== name.trim()) return 'must not start or end with whitespace';
  if (characterCount(name) > MAX_GROUP_NAME_LENGTH)
    return `must be at most ${MAX_GROUP_NAME_LENGTH} characters`;
  return null;
}

/** The key two group names are compared by (unique case-insensitively; surrounding whitespace ignored). */
export function groupKey(name: string): string {
  return name.trim().toLowerCase();
}
