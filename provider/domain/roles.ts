/** Apono's user roles, spelled as the API expects them. */
export const APONO_ROLES = [
  'Admin',
  'Grantee',
  'Power User',
  'Deployment',
  'Viewer',
  'Space Owner',
  'Space Manager',
] as const;
export type AponoRole = (typeof APONO_ROLES)[number];

export const DEFAULT_ROLE: AponoRole = 'Grantee';

/** The API spelling of a role given in any case, or null when it is not an Apono role. */
export function canonicalRole(role: string): AponoRole | null {
  const key = role.trim().toLowerCase();
  return APONO_ROLES.find((candidate) => candidate.toLowerCase() === key) ?? null;
}

/** Why a role is not acceptable, or null when it is. */
export function roleProblem(role: string): string | null {
  if (canonicalRole(role) !== null) return null;
  return `"${role}" is not an Apono role; expected one of: ${APONO_ROLES.join(', ')} (case-insensitive)`;
}

/** True when two spellings name the same role (roles compare case-insensitively). */
export function sameRole(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
