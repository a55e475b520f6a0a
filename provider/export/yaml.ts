/**
 * The YAML form of an export: an IdentityDirectory file (schema/identity-directory.schema.json)
 * whose users and groups carry `import: true`, so the construct imports them instead of creating
 * them. IdP users (and users the provider cannot manage) go to `external`, so they can still be
 * members; groups that are only read cannot be directory groups and are listed in a comment. Pure.
 */
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
  return `- ${JSON.stringify(group.groupName)} (${why})`;
}

/** Plain YAML scalars that read back as this very string: no indicator, number, bool or null look-alike. */
const PLAIN = /^[A-Za-z_][A-Za-z0-9 _@.+()/-]*$/;
const KEYWORD = /^(true|false|yes|no|on|off|y|n|null)$/i;

/**
 * A string as a YAML scalar: plain when it is unambiguous, else double-quoted (a JSON string is a
 * valid YAML double-quoted scalar with the same escapes). Written by hand: the yaml package's
 * document writer takes seconds for a 10,000-user directory.
 */
export function yamlScalar(text: string): string {
  return PLAIN.test(text) && !text.endsWith(' ') && !KEYWORD.test(text) ? text : JSON.stringify(text);
}

/** Comment lines (`# text`). */
function comments(lines: readonly string[]): string {
  return lines.map((line) => `#${line === '' ? '' : ` ${line}`}\n`).join('');
}

/** The IdentityDirectory file of an export. */
export function renderYaml(tenant: TenantExport): string {
  const managedUsers = sortedBy(
    tenant.users.filter((user) => user.readOnly === null),
    (user) => emailKey(user.email),
  );
  const managedGroups = sortedBy(
    tenant.groups.filter((group) => group.readOnly === null),
    (group) => groupKey(group.groupName),
  );
  const readOnlyEmails = tenant.users.filter((user) => user.readOnly !== null).map((user) => user.email);
  // A member the user listing did not show (listed meanwhile) must be declared too.
  const known = new Set(tenant.users.map((user) => emailKey(user.email)));
  const unknownMembers = tenant.groups
    .flatMap((group) => (group.members ?? []).map(memberEmail))
    .filter((email) => !known.has(emailKey(email)));
  const external = sortedEmails([
    ...new Map([...readOnlyEmails, ...unknownMembers].map((email) => [emailKey(email), email])).values(),
  ]);
  const out: string[] = [
    comments([
      'Written by terraform-provider-apono export (schema: identity-directory.schema.json).',
      'Entries with `import: true` are imported into Terraform on the first apply, not created.',
      'users: the users created in Apono; role is the role Terraform manages (the first one).',
      'external: users synced from an identity provider (or not manageable here): members only.',
    ]),
    '\n',
  ];
  out.push(managedUsers.length === 0 ? 'users: []\n' : 'users:\n');
  for (const user of managedUsers) {
    out.push(`  - email: ${yamlScalar(user.email)}\n    fullName: ${yamlScalar(user.fullName)}\n`);
    if (user.role !== null) out.push(`    role: ${yamlScalar(user.role)}\n`);
    if (user.phoneNumber !== null) out.push(`    phoneNumber: ${yamlScalar(user.phoneNumber)}\n`);
    out.push('    import: true\n');
  }
  out.push(managedGroups.length === 0 ? 'groups: []\n' : 'groups:\n');
  for (const group of managedGroups) {
    const members = (group.members ?? []).map(memberEmail);
    out.push(`  - name: ${yamlScalar(group.groupName)}\n`);
    out.push(members.length === 0 ? '    members: []\n' : '    members:\n');
    for (const email of members) out.push(`      - ${yamlScalar(email)}\n`);
    out.push('    import: true\n');
  }
  out.push(external.length === 0 ? 'external: []\n' : 'external:\n');
  for (const email of external) out.push(`  - ${yamlScalar(email)}\n`);
  const readGroups = tenant.groups.filter((group) => group.readOnly !== null);
  if (readGroups.length > 0) {
    out.push(
      '\n',
      comments([
        'Groups not in this directory (an IdentityDirectory declares only groups it manages);',
        'read them with the apono_group data source:',
        ...readGroups.map(readOnlyGroupLine),
      ]),
    );
  }
  return out.join('');
}
