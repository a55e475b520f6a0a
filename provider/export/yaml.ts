/**
 * The YAML form of an export: an IdentityDirectory file (schema/identity-directory.schema.json)
 * whose users and groups carry `import: true`, so the construct imports them instead of creating
 * them. IdP users (and users the provider cannot manage) go to `external`, so they can still be
 * members; groups that are only read cannot be directory groups and are listed in a comment. Pure.
 */
import { Document } from 'yaml';
import { emailKey } from '../domain/emails';
import { groupKey } from '../domain/groups';
import type { ExportedGroup, ExportedMember, TenantExport } from './model';

function memberEmail(member: ExportedMember): string {
  return member.kind === 'user' ? member.user.email : member.email;
}

function sortedBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function sortedEmails(emails: readonly string[]): string[] {
  return sortedBy(emails, emailKey);
}

function readOnlyGroupLine(group: ExportedGroup): string {
  const why =
    group.readOnly?.kind === 'idp'
      ? `synced from ${JSON.stringify(group.readOnly.source)}`
      : `not accepted: ${group.readOnly?.problem ?? ''}`;
  return ` - ${JSON.stringify(group.groupName)} (${why})`;
}

/** The IdentityDirectory file of an export. */
export function renderYaml(tenant: TenantExport): string {
  const managedUsers = tenant.users.filter((user) => user.readOnly === null);
  const external = tenant.users.filter((user) => user.readOnly !== null).map((user) => user.email);
  const memberEmails = tenant.groups.flatMap((group) => (group.members ?? []).map(memberEmail));
  // A member the user listing did not show (listed meanwhile) must be declared too.
  const known = new Set(tenant.users.map((user) => emailKey(user.email)));
  const unknownMembers = memberEmails.filter((email) => !known.has(emailKey(email)));
  const content = {
    users: sortedBy(managedUsers, (user) => emailKey(user.email)).map((user) => ({
      email: user.email,
      fullName: user.fullName,
      ...(user.role === null ? {} : { role: user.role }),
      ...(user.phoneNumber === null ? {} : { phoneNumber: user.phoneNumber }),
      import: true,
    })),
    groups: sortedBy(
      tenant.groups.filter((group) => group.readOnly === null),
      (group) => groupKey(group.groupName),
    ).map((group) => ({
      name: group.groupName,
      members: (group.members ?? []).map(memberEmail),
      import: true,
    })),
    external: sortedEmails([
      ...new Map([...external, ...unknownMembers].map((email) => [emailKey(email), email])).values(),
    ]),
  };
  const document = new Document(content);
  document.commentBefore = [
    ' Written by terraform-provider-apono export (schema: identity-directory.schema.json).',
    ' Entries with `import: true` are imported into Terraform on the first apply, not created.',
    ' users: the users created in Apono; role is the role Terraform manages (the first one).',
    ' external: users synced from an identity provider (or not manageable here): members only.',
  ].join('\n');
  const readGroups = tenant.groups.filter((group) => group.readOnly !== null);
  if (readGroups.length > 0) {
    document.comment = [
      ' Groups not in this directory (an IdentityDirectory declares only groups it manages);',
      ' read them with the apono_group data source:',
      ...readGroups.map(readOnlyGroupLine),
    ].join('\n');
  }
  return document.toString({ lineWidth: 0 });
}
