/**
 * Apono's user roles. The list is open: besides the built-in roles a tenant may have its own, and a
 * user may hold several roles or none. Roles compare case-insensitively.
 */

/** Apono's built-in user roles, spelled as the API spells them. */
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

/** The API spelling of a built-in role given in any case, or null when it is not a built-in role. */
export function canonicalRole(role: string): AponoRole | null {
  const key = role.toLowerCase();
  return APONO_ROLES.find((candidate) => candidate.toLowerCase() === key) ?? null;
}

/**
 * Why a role name is not acceptable, or null when it is: not empty, nothing around it. Whether
 * Apono knows the role is for the tenant to say (see `resolveRole`).
 */
export function roleProblem(role: string): string | null {
  if (role === '') return 'must not be empty';
  if (role !== role.trim()) return 'must not start or end with whitespace';
  return null;
}

/** True when two spellings name the same role (roles compare case-insensitively). */
export function sameRole(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The roles some user holds, each once (as first spelled), in listing order. */
export function rolesInUse(users: readonly { readonly roles: readonly string[] }[]): string[] {
  const seen: string[] = [];
  for (const user of users) {
    for (const role of user.roles) if (!seen.some((known) => sameRole(known, role))) seen.push(role);
  }
  return seen;
}

/**
 * The spelling to send for a configured role: a built-in role's API spelling, else the spelling of
 * a role the tenant's users hold; null when Apono does not know the role.
 */
export function resolveRole(role: string, tenantRoles: readonly string[]): string | null {
  return canonicalRole(role) ?? tenantRoles.find((known) => sameRole(known, role)) ?? null;
}

/** Why Apono does not know a role: the built-in roles and the tenant's others, to choose from. */
export function unknownRoleProblem(role: string, tenantRoles: readonly string[]): string {
  const others = tenantRoles.filter((known) => canonicalRole(known) === null);
  return (
    `"${role}" is neither a built-in Apono role (${APONO_ROLES.join(', ')}) nor a role any user of this ` +
    `tenant holds (${others.length === 0 ? 'none besides the built-in ones' : others.join(', ')}); ` +
    'roles compare case-insensitively'
  );
}

/**
 * The role `role` stands for among a user's roles: `managed` while she holds it (as Apono spells
 * it), else her first role; null when she has none.
 */
export function managedRole(roles: readonly string[], managed: string | null): string | null {
  const held = managed === null ? undefined : roles.find((role) => sameRole(role, managed));
  return held ?? roles[0] ?? null;
}

/**
 * A user's roles after her managed role `from` becomes `to`: `to` takes the place of `from` (or
 * comes last when she no longer holds `from`) and the others stay in their order. When she already
 * holds `to`, her roles stay as they are: only which role is managed changes.
 */
export function replaceRole(roles: readonly string[], from: string | null, to: string): string[] {
  if (roles.some((role) => sameRole(role, to))) return [...roles];
  const at = from === null ? -1 : roles.findIndex((role) => sameRole(role, from));
  return at < 0 ? [...roles, to] : roles.map((role, index) => (index === at ? to : role));
}
