/**
 * The HCL form of an export: a configuration that runs as is. main.tf (required_providers and the
 * provider block), users.tf and groups.tf (resources for identities created in Apono), idp.tf (data
 * sources for identities synced from an identity provider) and imports.tf (one import block per
 * resource), formatted as `terraform fmt` formats them. Pure.
 */
import { PROVIDER_ADDRESS } from '../provider';
import type { ExportedGroup, ExportedMember, ExportedUser, ReadOnlyReason, TenantExport } from './model';

/** A character hclString escapes, or the start of a `${` / `%{` sequence. */
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u007f]|[$%]\{/;

/**
 * A string as an HCL quoted template that means exactly that string: quotes, backslashes and
 * control characters escaped, and `${` / `%{` doubled so they are not read as interpolation.
 */
export function hclString(text: string): string {
  // Most emails and names need no escape: skip the per-character walk (10,000 users, ~0.5 s).
  if (!NEEDS_ESCAPE.test(text)) return `"${text}"`;
  let body = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '"') body += '\\"';
    else if (char === '\\') body += '\\\\';
    else if (char === '\n') body += '\\n';
    else if (char === '\r') body += '\\r';
    else if (char === '\t') body += '\\t';
    else if (code < 0x20 || code === 0x7f) body += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else body += char;
  }
  return `"${body.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{')}"`;
}

/** Text safe inside a `#` comment: one line, the characters of hclString's body. */
function commentText(text: string): string {
  return hclString(text).slice(1, -1);
}

/** `key = value` lines with the `=` aligned, as `terraform fmt` aligns consecutive attributes. */
function attributeLines(attributes: ReadonlyArray<readonly [string, string]>, indent = '  '): string[] {
  const width = Math.max(...attributes.map(([key]) => key.length));
  return attributes.map(([key, value]) => `${indent}${key.padEnd(width)} = ${value}`);
}

function block(header: string, body: readonly string[], comments: readonly string[] = []): string {
  const lines = body.length === 0 ? [`${header} {}`] : [`${header} {`, ...body, '}'];
  return [...comments.map((line) => `# ${line}`), ...lines].join('\n');
}

function readOnlyComment(reason: ReadOnlyReason): string {
  return reason.kind === 'idp'
    ? `synced from the identity provider ${commentText(reason.source)}: read-only, managed there`
    : `not exported as a resource: ${commentText(reason.problem)}`;
}

function userResource(user: ExportedUser): string {
  const comments: string[] = [];
  if (user.otherRoles.length > 0) {
    comments.push(
      `Also holds ${user.otherRoles.map(commentText).join(', ')} in Apono; Terraform manages only \`role\`.`,
    );
  }
  if (user.role === null) comments.push('Holds no role in Apono; `role` is left out, so it is not managed.');
  if (user.status !== 'active') comments.push(`Status in Apono: ${commentText(user.status)}.`);
  const attributes: Array<[string, string]> = [
    ['email', hclString(user.email)],
    ['full_name', hclString(user.fullName)],
  ];
  if (user.role !== null) attributes.push(['role', hclString(user.role)]);
  if (user.phoneNumber !== null) attributes.push(['phone_number', hclString(user.phoneNumber)]);
  return block(`resource "apono_user" "${user.name}"`, attributeLines(attributes), comments);
}

function userDataSource(user: ExportedUser): string {
  return block(`data "apono_user" "${user.name}"`, attributeLines([['email', hclString(user.email)]]), [
    readOnlyComment(user.readOnly!),
  ]);
}

/** The expression of one member: the email attribute of a user of the export, else the literal email. */
export function memberExpression(member: ExportedMember): string {
  if (member.kind === 'email') return hclString(member.email);
  const { user } = member;
  return user.readOnly === null ? `apono_user.${user.name}.email` : `data.apono_user.${user.name}.email`;
}

function groupResource(group: ExportedGroup): string {
  const members = group.members ?? [];
  const body = [`  name = ${hclString(group.groupName)}`];
  if (members.length === 0)
    body.push('  # Authoritative: an empty list keeps the group empty.', '  members = []');
  else body.push('  members = [', ...members.map((member) => `    ${memberExpression(member)},`), '  ]');
  return block(`resource "apono_group" "${group.name}"`, body);
}

function groupDataSource(group: ExportedGroup): string {
  return block(`data "apono_group" "${group.name}"`, attributeLines([['name', hclString(group.groupName)]]), [
    readOnlyComment(group.readOnly!),
  ]);
}

function importBlock(to: string, id: string): string {
  return block(
    'import',
    attributeLines([
      ['to', to],
      ['id', hclString(id)],
    ]),
  );
}

function file(header: string, blocks: readonly string[]): string {
  return `# ${header}\n${blocks.map((text) => `\n${text}\n`).join('')}`;
}

/** `1 user`, `2 users`. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** The files of the HCL export, by file name, in the order they are printed. */
export function renderHcl(tenant: TenantExport): Array<[string, string]> {
  const managedUsers = tenant.users.filter((user) => user.readOnly === null);
  const managedGroups = tenant.groups.filter((group) => group.readOnly === null);
  const readUsers = tenant.users.filter((user) => user.readOnly !== null);
  const readGroups = tenant.groups.filter((group) => group.readOnly !== null);
  const main = file('Written by terraform-provider-apono export.', [
    block('terraform', [
      '  required_providers {',
      '    apono = {',
      `      source = ${hclString(PROVIDER_ADDRESS)}`,
      '    }',
      '  }',
    ]),
    block(
      'provider "apono"',
      [],
      ['The provider reads APONO_ENDPOINT and APONO_PERSONAL_TOKEN from the environment.'],
    ),
  ]);
  return [
    ['main.tf', main],
    [
      'users.tf',
      file(
        `Users created in Apono (${managedUsers.length}); imports.tf imports them.`,
        managedUsers.map(userResource),
      ),
    ],
    [
      'groups.tf',
      file(
        `Groups created in Apono (${managedGroups.length}), members authoritative; imports.tf imports them.`,
        managedGroups.map(groupResource),
      ),
    ],
    [
      'idp.tf',
      file(
        `Identities only read (${count(readUsers.length, 'user')}, ${count(readGroups.length, 'group')}): synced from an identity provider, or not accepted by apono_user/apono_group.`,
        [...readUsers.map(userDataSource), ...readGroups.map(groupDataSource)],
      ),
    ],
    [
      'imports.tf',
      file(
        'Import blocks: the first plan imports every resource and changes nothing; they can be deleted after the apply.',
        [
          ...managedUsers.map((user) => importBlock(`apono_user.${user.name}`, user.email)),
          ...managedGroups.map((group) => importBlock(`apono_group.${group.name}`, group.id)),
        ],
      ),
    ],
  ];
}

/** The HCL export as one text (for stdout): every file, each after a `# ---- name ----` line. */
export function renderHclText(tenant: TenantExport): string {
  return renderHcl(tenant)
    .map(([name, text]) => `# ---- ${name} ----\n${text}`)
    .join('\n');
}
