/**
 * Writes a review as markdown (a pull-request comment), plain text or JSON. The review is already
 * sorted, so the same plan always gives the same bytes.
 */
import { readableAddress, type ConstructPaths } from './cdktf';
import type { AlsoPlanned, Review } from './classify';

/** The output formats of `report`. */
export const REPORT_FORMATS = ['markdown', 'text', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** How a format writes headings, emphasis and code. */
interface Style {
  readonly title: (text: string) => string;
  readonly heading: (text: string) => string;
  readonly strong: (text: string) => string;
  readonly code: (text: string) => string;
}

const MARKDOWN: Style = {
  title: (text) => `### ${text}`,
  heading: (text) => `#### ${text}`,
  strong: (text) => `**${text}**`,
  code: (text) => `\`${text}\``,
};

const TEXT: Style = {
  title: (text) => text,
  heading: (text) => `${text}:`,
  strong: (text) => text,
  code: (text) => text,
};

function count(n: number, singular: string, plural = `${singular}s`): string | null {
  return n === 0 ? null : `${n} ${n === 1 ? singular : plural}`;
}

/** The one-line summary of a review. */
export function summaryLine(review: Review): string {
  const newAdmins = review.privilege.filter((entry) => entry.newAdmin).length;
  const roleChanges = review.privilege.filter((entry) => !entry.newAdmin).length;
  const deleted = review.removals.filter((entry) => entry.effect === 'deleted').length;
  const forgotten = review.removals.length - deleted;
  const groups = (status: string): number => review.membership.filter((g) => g.status === status).length;
  const added = review.membership.reduce((sum, g) => sum + g.added.length, 0);
  const removed = review.membership.reduce((sum, g) => sum + g.removed.length, 0);
  const parts = [
    count(newAdmins, 'new Admin'),
    count(roleChanges, 'role change'),
    count(deleted, 'user deleted', 'users deleted'),
    count(forgotten, 'user forgotten', 'users forgotten'),
    count(review.replacements.length, 'user replaced', 'users replaced'),
    count(review.invites.length, 'invite'),
    count(groups('created'), 'group created', 'groups created'),
    count(groups('deleted'), 'group deleted', 'groups deleted'),
    count(added, 'member added', 'members added'),
    count(removed, 'member removed', 'members removed'),
    count(review.drift.length, 'resource drifted', 'resources drifted'),
    count(review.imports.length, 'import'),
    count(review.moves.length, 'resource moved', 'resources moved'),
    count(review.unknowns.length, 'value known after apply', 'values known after apply'),
  ].filter((part): part is string => part !== null);
  const changes = parts.length === 0 ? 'No changes to Apono identities' : parts.join(', ');
  const ignored = count(review.ignored, 'change of other providers', 'changes of other providers');
  return `${changes}${ignored === null ? '' : ` (${ignored} not reviewed)`}.`;
}

function value(v: unknown): string {
  return v === null ? 'null' : JSON.stringify(v);
}

/** What else the plan does to an imported or moved resource, as the end of its line. */
function alsoPlannedText(entry: AlsoPlanned): string {
  if (entry.replaced) return '; also replaced (deleted and created again)';
  if (entry.attributes.length === 0) return '';
  const changes = entry.attributes.map((attribute) =>
    attribute.name === 'members'
      ? 'members (see Membership)'
      : `${attribute.name} ${value(attribute.before)} -> ${value(attribute.after)}`,
  );
  return `; also changes ${changes.join(', ')}`;
}

/** What an import or a move is of: "user ada@x.io", "group eng", "membership ada@x.io in eng". */
function identityText(type: string, identity: string): string {
  const noun: Readonly<Record<string, string>> = {
    apono_user: 'user',
    apono_group: 'group',
    apono_group_member: 'membership',
  };
  return `${noun[type] ?? type} ${identity}`;
}

/** The sections of a review as lines, in order of risk; sections with nothing are left out. */
function sections(review: Review, style: Style, paths: ConstructPaths): string[][] {
  const at = (address: string): string => style.code(readableAddress(address, paths));
  const result: string[][] = [];
  const section = (heading: string, lines: string[]): void => {
    if (lines.length > 0) result.push([style.heading(heading), '', ...lines]);
  };
  section(
    'Privilege',
    review.privilege.map((entry) => {
      const change = entry.from === null ? `invited as ${entry.to}` : `${entry.from} -> ${entry.to}`;
      const flag = entry.newAdmin ? `${style.strong('NEW ADMIN')}: ` : '';
      return `- ${flag}${entry.email}: ${change} (${at(entry.address)})`;
    }),
  );
  section(
    'Removals',
    review.removals.map((entry) =>
      entry.effect === 'deleted'
        ? `- ${style.strong('DELETED from Apono')}: ${entry.email}${
            entry.leaves.length === 0 ? '' : `, leaves ${entry.leaves.join(', ')}`
          } (${at(entry.address)})`
        : `- Forgotten by Terraform, stays in Apono (${entry.why ?? ''}): ${entry.email} (${at(entry.address)})`,
    ),
  );
  section(
    'Replacements',
    review.replacements.map(
      (entry) =>
        `- ${entry.email}: ${entry.reason}; deleted and invited again${
          entry.groups.length === 0 ? '' : `, back in ${entry.groups.join(', ')} by the same apply`
        } (${at(entry.address)})`,
    ),
  );
  section(
    'Invites',
    review.invites.map(
      (entry) =>
        `- ${entry.email}: ${entry.fullName ?? '(name known after apply)'}, ${entry.role ?? '(role known after apply)'} (${at(entry.address)})`,
    ),
  );
  section(
    'Membership',
    review.membership.flatMap((group) => {
      const notes = [
        group.status === 'changed' ? null : group.status,
        group.renamedFrom === null ? null : `renamed from ${group.renamedFrom}`,
        group.address === null ? null : at(group.address),
      ].filter((note): note is string => note !== null);
      return [
        `- ${style.strong(group.group)}${notes.length === 0 ? '' : ` (${notes.join(', ')})`}`,
        ...group.added.map((email) => `  - added ${email}`),
        ...group.removed.map((email) => `  - removed ${email}`),
      ];
    }),
  );
  section(
    'Drift (changed outside Terraform)',
    review.drift.map((entry) =>
      entry.deleted
        ? `- ${at(entry.address)}: deleted outside Terraform`
        : `- ${at(entry.address)}: ${entry.attributes.map((a) => `${a.name} ${value(a.before)} -> ${value(a.after)}`).join(', ')}`,
    ),
  );
  section(
    'Imports (now managed by Terraform)',
    review.imports.map(
      (entry) =>
        `- ${identityText(entry.type, entry.identity)} (${at(entry.address)})${alsoPlannedText(entry)}`,
    ),
  );
  section(
    'Moved (new address in the state)',
    review.moves.map(
      (entry) =>
        `- ${identityText(entry.type, entry.identity)}: ${at(entry.from)} -> ${at(entry.address)}${alsoPlannedText(entry)}`,
    ),
  );
  section(
    'Known after apply',
    review.unknowns.map(
      (entry) =>
        `- ${style.code(`${readableAddress(entry.address, paths)}.${entry.attribute}`)}${entry.from.length === 0 ? '' : ` from ${entry.from.map(at).join(', ')}`}`,
    ),
  );
  return result;
}

/** The construct paths as an object, sorted by address. */
function sortedPaths(paths: ConstructPaths): Record<string, string> {
  return Object.fromEntries([...paths].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function renderLines(review: Review, style: Style, paths: ConstructPaths): string {
  const blocks = [
    [style.title('Apono identity changes'), '', summaryLine(review)],
    ...sections(review, style, paths),
  ];
  return `${blocks.map((block) => block.join('\n')).join('\n\n')}\n`;
}

/**
 * The review in the given format; `paths` (from a CDKTF stack's cdk.tf.json) names resources by
 * their construct paths. JSON keeps Terraform's addresses and adds the stack's paths by address.
 */
export function renderReview(
  review: Review,
  format: ReportFormat,
  paths: ConstructPaths = new Map(),
): string {
  switch (format) {
    case 'markdown':
      return renderLines(review, MARKDOWN, paths);
    case 'text':
      return renderLines(review, TEXT, paths);
    case 'json':
      return `${JSON.stringify({ summary: summaryLine(review), ...review, constructPaths: sortedPaths(paths) }, null, 2)}\n`;
  }
}
