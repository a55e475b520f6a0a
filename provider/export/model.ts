/**
 * What an export writes, decided from a snapshot of the tenant: which users and groups become
 * resources (created in Apono) and which only data sources (synced from an identity provider, or
 * holding a value the provider cannot accept), each with its Terraform name. Pure.
 */
import type { Group, User } from '../client/types';
import { emailKey, emailProblem } from '../domain/emails';
import { groupKey, groupNameProblem } from '../domain/groups';
import { fullNameProblem, joinFullName } from '../domain/names';
import { phoneProblem } from '../domain/phones';
import { roleProblem } from '../domain/roles';
import { identitySource, isIdpOwned, userStatus } from '../domain/sources';
import { assignTerraformNames } from './naming';

/** The tenant as read: every user, and every group with its members (null for IdP groups: not read). */
export interface TenantSnapshot {
  readonly users: readonly User[];
  readonly groups: readonly { readonly group: Group; readonly members: readonly string[] | null }[];
}

/** Why an identity is exported as a data source rather than a resource. */
export type ReadOnlyReason =
  { readonly kind: 'idp'; readonly source: string } | { readonly kind: 'invalid'; readonly problem: string };

/** A user as the export writes it. */
export interface ExportedUser {
  /** The Terraform name (of the resource, or of the data source when `readOnly`). */
  readonly name: string;
  readonly email: string;
  readonly fullName: string;
  /** The role Terraform manages: her first role; null when she holds none. */
  readonly role: string | null;
  /** Her other roles, which Terraform leaves alone. */
  readonly otherRoles: readonly string[];
  readonly phoneNumber: string | null;
  readonly status: string;
  /** Set when the user is only read (a data source): why. */
  readonly readOnly: ReadOnlyReason | null;
}

/** One member of an exported group: a user of the export (by name) or an email it does not know. */
export type ExportedMember =
  { readonly kind: 'user'; readonly user: ExportedUser } | { readonly kind: 'email'; readonly email: string };

/** A group as the export writes it. */
export interface ExportedGroup {
  readonly name: string;
  readonly id: string;
  readonly groupName: string;
  /** Sorted by email; empty for a group without members; null for a read-only group (not read). */
  readonly members: readonly ExportedMember[] | null;
  readonly readOnly: ReadOnlyReason | null;
}

/** Everything an export writes, users and groups sorted by Terraform name. */
export interface TenantExport {
  readonly users: readonly ExportedUser[];
  readonly groups: readonly ExportedGroup[];
}

function byName<T extends { readonly name: string }>(items: T[]): T[] {
  return items.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The first rule a user breaks among those the provider checks on apono_user, or null. */
function userProblem(user: User, fullName: string): string | null {
  const checks: Array<[string, string | null, (value: string) => string | null]> = [
    ['email', user.email, emailProblem],
    ['full_name', fullName, fullNameProblem],
    ['role', user.roles[0] ?? null, roleProblem],
    ['phone_number', user.phone_number ?? null, phoneProblem],
  ];
  for (const [attribute, value, rule] of checks) {
    const problem = value === null ? null : rule(value);
    if (problem !== null) return `${attribute} ${problem}`;
  }
  return null;
}

function readOnlyUser(user: User, fullName: string): ReadOnlyReason | null {
  if (isIdpOwned(user)) return { kind: 'idp', source: identitySource(user) };
  const problem = userProblem(user, fullName);
  return problem === null ? null : { kind: 'invalid', problem };
}

function readOnlyGroup(group: Group): ReadOnlyReason | null {
  if (isIdpOwned(group)) return { kind: 'idp', source: identitySource(group) };
  const problem = groupNameProblem(group.name);
  return problem === null ? null : { kind: 'invalid', problem: `name ${problem}` };
}

/** Decides what the export writes for a tenant snapshot. */
export function exportTenant(snapshot: TenantSnapshot): TenantExport {
  const userNames = assignTerraformNames(
    snapshot.users.map((user) => emailKey(user.email)),
    'user_',
    'user',
  );
  const users = byName(
    snapshot.users.map((user): ExportedUser => {
      const fullName = joinFullName(user.first_name, user.last_name);
      return {
        name: userNames.get(emailKey(user.email))!,
        email: user.email,
        fullName,
        role: user.roles[0] ?? null,
        otherRoles: user.roles.slice(1),
        phoneNumber: user.phone_number ?? null,
        status: userStatus(user),
        readOnly: readOnlyUser(user, fullName),
      };
    }),
  );
  const byEmail = new Map(users.map((user) => [emailKey(user.email), user]));
  const groupNames = assignTerraformNames(
    snapshot.groups.map(({ group }) => groupKey(group.name)),
    'group_',
    'group',
  );
  const groups = byName(
    snapshot.groups.map(({ group, members }): ExportedGroup => {
      const readOnly = readOnlyGroup(group);
      return {
        name: groupNames.get(groupKey(group.name))!,
        id: group.id,
        groupName: group.name,
        members:
          readOnly !== null || members === null
            ? null
            : [...members]
                .sort((a, b) => (emailKey(a) < emailKey(b) ? -1 : emailKey(a) > emailKey(b) ? 1 : 0))
                .map((email): ExportedMember => {
                  const user = byEmail.get(emailKey(email));
                  return user === undefined ? { kind: 'email', email } : { kind: 'user', user };
                }),
        readOnly,
      };
    }),
  );
  return { users, groups };
}
