/**
 * Turns the resource changes of a plan into a review of identity changes, in sections ordered by
 * risk: privilege, removals, replacements, invites, membership, drift, imports, moves and what the
 * plan cannot know yet. Pure: the same plan gives the same review, every list sorted.
 */
import { emailKey } from '../domain/emails';
import { sameRole } from '../domain/roles';
import type { Plan, ResourceChange, Values } from './parse';

const ADMIN = 'Admin';
const USER = 'apono_user';
const GROUP = 'apono_group';
const MEMBER = 'apono_group_member';

/** A role change: an invite with a role, or a managed role that changes. */
export interface PrivilegeChange {
  readonly address: string;
  readonly email: string;
  /** null: the user is new (invited or re-invited by a replacement). */
  readonly from: string | null;
  readonly to: string;
  /** The user becomes an Admin (a role change to Admin, or an invite as Admin). */
  readonly newAdmin: boolean;
}

/** A user leaving Terraform: deleted from Apono, or only forgotten by Terraform (she stays). */
export interface Removal {
  readonly address: string;
  readonly email: string;
  readonly effect: 'deleted' | 'forgotten';
  /** Why she is only forgotten: keep_on_destroy, or a `removed` block. */
  readonly why: string | null;
  /** The managed groups a deleted user leaves (deleting her from Apono ends her memberships). */
  readonly leaves: readonly string[];
}

/** A user deleted and invited again. */
export interface Replacement {
  readonly address: string;
  readonly email: string;
  readonly reason: string;
  /** The groups Terraform manages that hold her: the same apply restores her memberships. */
  readonly groups: readonly string[];
}

/** A user invited (created, not imported, not a replacement). */
export interface Invite {
  readonly address: string;
  readonly email: string;
  readonly fullName: string | null;
  readonly role: string | null;
}

/** What the plan does to one group's members and name. */
export interface GroupChange {
  /** The group's name after the plan (before it, when deleted); its address when unknown. */
  readonly group: string;
  readonly address: string | null;
  readonly status: 'created' | 'deleted' | 'changed';
  readonly renamedFrom: string | null;
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

/** A change refresh found: made outside Terraform. */
export interface Drift {
  readonly address: string;
  readonly deleted: boolean;
  readonly attributes: readonly {
    readonly name: string;
    readonly before: unknown;
    readonly after: unknown;
  }[];
}

/** A reviewed attribute whose value the plan changes. */
export interface AttributeChange {
  readonly name: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** What else the plan does to a resource it imports or moves. */
export interface AlsoPlanned {
  /** The reviewed attributes an update changes (none: only the import or the move). */
  readonly attributes: readonly AttributeChange[];
  /** The plan also deletes and creates it (see the replacements). */
  readonly replaced: boolean;
}

/** A user, group or membership Terraform starts managing by an `import` block or `terraform import`. */
export interface Import extends AlsoPlanned {
  readonly address: string;
  readonly type: string;
  /** The user's email, the group's name, or "email in group" for a membership. */
  readonly identity: string;
}

/** A resource the state keeps under a new address (a `moved` block, CDKTF's moveTo/moveFromId). */
export interface Move extends Import {
  /** The address before the plan; `address` is the one after it. */
  readonly from: string;
}

/** A value known only after apply, and the expression it comes from. */
export interface Unknown {
  readonly address: string;
  readonly attribute: string;
  readonly from: readonly string[];
}

/** The review of a plan's identity changes. */
export interface Review {
  readonly privilege: readonly PrivilegeChange[];
  readonly removals: readonly Removal[];
  readonly replacements: readonly Replacement[];
  readonly invites: readonly Invite[];
  readonly membership: readonly GroupChange[];
  readonly drift: readonly Drift[];
  readonly imports: readonly Import[];
  readonly moves: readonly Move[];
  readonly unknowns: readonly Unknown[];
  /** Resource changes of other providers, not reviewed. */
  readonly ignored: number;
}

/** The attributes a reviewer cares about, per resource type (computed ones like id are left out). */
const REVIEWED_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  [USER]: ['email', 'full_name', 'role', 'phone_number'],
  [GROUP]: ['name', 'members'],
  [MEMBER]: ['group_id', 'email'],
};

/** True for a resource of this provider (terraform.local/apono/apono, or the same from any host). */
export function isAponoResource(change: ResourceChange): boolean {
  return (
    change.mode === 'managed' &&
    change.type in REVIEWED_ATTRIBUTES &&
    /(^|\/)apono\/apono$/.test(change.providerName)
  );
}

function text(values: Values | null, key: string): string | null {
  const value = values?.[key];
  return typeof value === 'string' ? value : null;
}

function emails(values: Values | null, key: string): string[] | null {
  const value = values?.[key];
  if (!Array.isArray(value)) return null;
  return value.filter((item): item is string => typeof item === 'string');
}

function has(actions: readonly string[], ...wanted: string[]): boolean {
  return actions.length === wanted.length && wanted.every((action) => actions.includes(action));
}

const isReplace = (change: ResourceChange): boolean => has(change.actions, 'delete', 'create');
const isCreate = (change: ResourceChange): boolean => has(change.actions, 'create');
const isUpdate = (change: ResourceChange): boolean => has(change.actions, 'update');
const isDelete = (change: ResourceChange): boolean => has(change.actions, 'delete');
const isForget = (change: ResourceChange): boolean => has(change.actions, 'forget');

/** True when anything in an `after_unknown` value is unknown. */
export function containsUnknown(value: unknown): boolean {
  if (value === true) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(containsUnknown);
  return false;
}

function userEmail(change: ResourceChange): string {
  return text(change.after, 'email') ?? text(change.before, 'email') ?? change.address;
}

function byAddress<T extends { readonly address: string }>(a: T, b: T): number {
  return a.address < b.address ? -1 : a.address > b.address ? 1 : 0;
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The role change of a user's change, or null when her managed role stays: an invite (from null),
 * an update, or a replacement whose new role differs from the old one (a replacement re-invites her).
 */
export function privilegeChange(change: ResourceChange): PrivilegeChange | null {
  const to = text(change.after, 'role');
  if (to === null) return null;
  if (!(isCreate(change) || isUpdate(change) || isReplace(change))) return null;
  const from = isCreate(change) ? null : text(change.before, 'role');
  if (from !== null && sameRole(from, to)) return null;
  return {
    address: change.address,
    email: userEmail(change),
    from,
    to,
    // from differs from to: a new Admin was not one before
    newAdmin: sameRole(to, ADMIN),
  };
}

/** The role change entries, new Admins first, then by email. */
function privilegeSection(users: readonly ResourceChange[]): PrivilegeChange[] {
  return users
    .map(privilegeChange)
    .filter((entry): entry is PrivilegeChange => entry !== null && (entry.from !== null || entry.newAdmin))
    .sort((a, b) => Number(b.newAdmin) - Number(a.newAdmin) || byText(a.email, b.email) || byAddress(a, b));
}

/** Why a user's removal keeps her in Apono, or null when it deletes her. */
export function forgottenBecause(change: ResourceChange): string | null {
  if (isForget(change)) return 'removed block';
  if (isDelete(change) && change.before?.['keep_on_destroy'] === true) return 'keep_on_destroy';
  return null;
}

function removalsSection(users: readonly ResourceChange[], apono: readonly ResourceChange[]): Removal[] {
  return users
    .filter((change) => isDelete(change) || isForget(change))
    .map((change): Removal => {
      const why = forgottenBecause(change);
      return {
        address: change.address,
        email: userEmail(change),
        effect: why === null ? 'deleted' : 'forgotten',
        why,
        leaves: why === null ? groupsHolding(userEmail(change), apono) : [],
      };
    })
    .sort((a, b) => byText(a.effect, b.effect) || byText(a.email, b.email) || byAddress(a, b));
}

/** Why Terraform replaces a user, in words. */
export function replacementReason(change: ResourceChange): string {
  switch (change.actionReason) {
    case 'replace_because_tainted':
      return 'tainted';
    case 'replace_by_request':
      return 'replacement requested (-replace)';
    case 'replace_because_cannot_update': {
      const before = text(change.before, 'email');
      const after = text(change.after, 'email');
      if (containsUnknown(change.afterUnknown['email']))
        return `email changes from ${before ?? '?'} (new one known after apply)`;
      return `email changes from ${before ?? '?'} to ${after ?? '?'}`;
    }
    default:
      return change.actionReason ?? 'replaced';
  }
}

/**
 * The names of the groups Terraform manages that hold `email` before the plan: apono_group
 * members and apono_group_member memberships (no-op entries included), sorted.
 */
export function groupsHolding(email: string, apono: readonly ResourceChange[]): string[] {
  const key = emailKey(email);
  const groups = apono.filter((change) => change.type === GROUP);
  const names = new Set<string>();
  for (const group of groups) {
    if ((emails(group.before, 'members') ?? []).some((member) => emailKey(member) === key)) {
      names.add(text(group.before, 'name') ?? group.address);
    }
  }
  for (const membership of apono.filter((change) => change.type === MEMBER)) {
    if (text(membership.before, 'email') === null || emailKey(text(membership.before, 'email') ?? '') !== key)
      continue;
    const id = text(membership.before, 'group_id');
    const group = groups.find((candidate) => id !== null && text(candidate.before, 'id') === id);
    names.add(text(group?.before ?? null, 'name') ?? id ?? membership.address);
  }
  return [...names].sort(byText);
}

function replacementsSection(
  users: readonly ResourceChange[],
  apono: readonly ResourceChange[],
): Replacement[] {
  return users
    .filter(isReplace)
    .map((change) => {
      const email = text(change.before, 'email') ?? userEmail(change);
      return {
        address: change.address,
        email,
        reason: replacementReason(change),
        groups: groupsHolding(email, apono),
      };
    })
    .sort((a, b) => byText(a.email, b.email) || byAddress(a, b));
}

function invitesSection(users: readonly ResourceChange[]): Invite[] {
  return users
    .filter((change) => isCreate(change) && !change.importing)
    .map((change) => ({
      address: change.address,
      email: text(change.after, 'email') ?? '(email known after apply)',
      fullName: text(change.after, 'full_name'),
      role: text(change.after, 'role'),
    }))
    .sort((a, b) => byText(a.email, b.email) || byAddress(a, b));
}

/** Emails in `from` and not in `to` (case-insensitive), sorted. */
export function missingEmails(from: readonly string[], to: readonly string[]): string[] {
  const kept = new Set(to.map(emailKey));
  return from.filter((email) => !kept.has(emailKey(email))).sort(byText);
}

/** Emails once each (case-insensitive, first spelling kept), sorted. */
export function distinctEmails(list: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const email of list) if (!seen.has(emailKey(email))) seen.set(emailKey(email), email);
  return [...seen.values()].sort(byText);
}

/** The configuration address of a resource instance: without `[key]` instance keys. */
export function configurationAddress(address: string): string {
  return address.replace(/\[[^\]]*\]/g, '');
}

/** A mutable per-group record while memberships are collected. */
interface GroupEntry {
  group: string;
  address: string | null;
  status: GroupChange['status'];
  renamedFrom: string | null;
  added: string[];
  removed: string[];
}

function groupEntry(change: ResourceChange): GroupEntry | null {
  // An import alone is a no-op; an import that also changes the group is reviewed like an update.
  if (has(change.actions, 'no-op') || has(change.actions, 'read') || isForget(change)) return null;
  const beforeName = text(change.before, 'name');
  const afterName = text(change.after, 'name');
  const name = afterName ?? beforeName ?? change.address;
  const beforeMembers = emails(change.before, 'members') ?? [];
  const afterMembers = containsUnknown(change.afterUnknown['members'])
    ? null
    : emails(change.after, 'members');
  if (isDelete(change)) {
    return {
      group: beforeName ?? name,
      address: change.address,
      status: 'deleted',
      renamedFrom: null,
      added: [],
      removed: [...beforeMembers].sort(byText),
    };
  }
  const created = isCreate(change);
  const kept = created ? [] : beforeMembers;
  // Members null after the plan: no longer managed, nobody is removed.
  const removed = afterMembers === null ? [] : missingEmails(kept, afterMembers);
  return {
    group: name,
    address: change.address,
    status: created ? 'created' : 'changed',
    renamedFrom:
      !created && beforeName !== null && afterName !== null && beforeName !== afterName ? beforeName : null,
    added: afterMembers === null ? [] : missingEmails(afterMembers, kept),
    removed,
  };
}

/** The most specific references of an expression: "a.b.c" rather than "a.b" too. */
export function specificReferences(references: readonly string[]): string[] {
  return references
    .filter((ref) => !references.some((other) => other !== ref && other.startsWith(`${ref}.`)))
    .sort(byText);
}

/** How a membership whose email is not known yet is shown: by the expression it comes from. */
function unknownEmail(change: ResourceChange, plan: Plan): string {
  const from = specificReferences(plan.references.get(configurationAddress(change.address))?.['email'] ?? []);
  return `(known after apply${from.length === 0 ? '' : `: ${from.join(', ')}`})`;
}

/** Finds the group a membership's group_id points at: by id, else by the reference of its expression. */
function membershipGroup(
  change: ResourceChange,
  values: Values | null,
  groups: readonly ResourceChange[],
  plan: Plan,
): { key: string; group: string; address: string | null } {
  const id = text(values, 'group_id');
  const byId =
    id === null
      ? undefined
      : groups.find((group) => text(group.before, 'id') === id || text(group.after, 'id') === id);
  const reference = plan.references.get(configurationAddress(change.address))?.['group_id'] ?? [];
  const referenced =
    byId ?? groups.find((group) => reference.some((ref) => configurationAddress(group.address) === ref));
  if (referenced !== undefined) {
    const name = text(referenced.after, 'name') ?? text(referenced.before, 'name') ?? referenced.address;
    return { key: referenced.address, group: name, address: referenced.address };
  }
  const label =
    id ?? reference.find((ref) => !ref.endsWith('.id')) ?? reference[0] ?? '(group known after apply)';
  return { key: `id:${label}`, group: label, address: null };
}

function membershipSection(apono: readonly ResourceChange[], plan: Plan): GroupChange[] {
  const groups = apono.filter((change) => change.type === GROUP);
  const entries = new Map<string, GroupEntry>();
  for (const change of groups) {
    const entry = groupEntry(change);
    if (entry !== null) entries.set(change.address, entry);
  }
  for (const change of apono.filter((c) => c.type === MEMBER && !c.importing)) {
    const adds = isCreate(change) || isReplace(change);
    const removes = isDelete(change) || isReplace(change);
    if (removes) {
      const target = membershipGroup(change, change.before, groups, plan);
      const email = text(change.before, 'email');
      if (email !== null) entryFor(entries, target).removed.push(email);
    }
    if (adds) {
      const target = membershipGroup(change, change.after, groups, plan);
      const email = containsUnknown(change.afterUnknown['email'])
        ? unknownEmail(change, plan)
        : text(change.after, 'email');
      if (email !== null) entryFor(entries, target).added.push(email);
    }
  }
  return [...entries.values()]
    .map((entry) => ({
      ...entry,
      added: distinctEmails(entry.added),
      removed: distinctEmails(entry.removed),
    }))
    .filter(
      (entry) =>
        entry.status !== 'changed' ||
        entry.renamedFrom !== null ||
        entry.added.length > 0 ||
        entry.removed.length > 0,
    )
    .sort((a, b) => byText(a.group, b.group) || byText(a.address ?? '', b.address ?? ''));
}

function entryFor(
  entries: Map<string, GroupEntry>,
  target: { key: string; group: string; address: string | null },
): GroupEntry {
  let entry = entries.get(target.key);
  if (entry === undefined) {
    entry = {
      group: target.group,
      address: target.address,
      status: 'changed',
      renamedFrom: null,
      added: [],
      removed: [],
    };
    entries.set(target.key, entry);
  }
  return entry;
}

/** A value as compared across before and after: a list of strings as a set (members keep no order). */
function comparable(value: unknown): string {
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    return JSON.stringify([...(value as string[])].sort(byText));
  }
  return JSON.stringify(value ?? null);
}

/**
 * The reviewed attributes whose known value differs from before to after (one known only after
 * apply is listed under the values known after apply instead).
 */
export function changedAttributes(change: ResourceChange): AttributeChange[] {
  return (REVIEWED_ATTRIBUTES[change.type] ?? [])
    .filter(
      (name) =>
        !containsUnknown(change.afterUnknown[name]) &&
        // Members null after the plan: no longer managed, nobody leaves (as in the membership section).
        !(name === 'members' && change.after !== null && (change.after[name] ?? null) === null) &&
        comparable(change.before?.[name]) !== comparable(change.after?.[name]),
    )
    .map((name) => ({ name, before: change.before?.[name] ?? null, after: change.after?.[name] ?? null }));
}

/** What refresh found changed outside Terraform in one resource, or null when nothing reviewed changed. */
export function driftEntry(change: ResourceChange): Drift | null {
  if (isDelete(change)) return { address: change.address, deleted: true, attributes: [] };
  const attributes = changedAttributes(change);
  return attributes.length === 0 ? null : { address: change.address, deleted: false, attributes };
}

/** What the plan does to an imported or moved resource besides the import or the move. */
export function alsoPlanned(change: ResourceChange): AlsoPlanned {
  if (isReplace(change)) return { attributes: [], replaced: true };
  return { attributes: isUpdate(change) ? changedAttributes(change) : [], replaced: false };
}

/** What an imported or moved resource is (email, group name, "email in group") and what else the plan does to it. */
function resourceEntry(change: ResourceChange, groups: readonly ResourceChange[], plan: Plan): Import {
  const values = change.after ?? change.before;
  let identity: string;
  if (change.type === USER) identity = userEmail(change);
  else if (change.type === GROUP) identity = text(values, 'name') ?? change.address;
  else {
    const email = text(values, 'email') ?? '(email known after apply)';
    identity = `${email} in ${membershipGroup(change, values, groups, plan).group}`;
  }
  return { address: change.address, type: change.type, identity, ...alsoPlanned(change) };
}

function byTypeAndIdentity(a: Import, b: Import): number {
  return byText(a.type, b.type) || byText(a.identity, b.identity) || byAddress(a, b);
}

function importsSection(apono: readonly ResourceChange[], plan: Plan): Import[] {
  const groups = apono.filter((change) => change.type === GROUP);
  return apono
    .filter((change) => change.importing)
    .map((change) => resourceEntry(change, groups, plan))
    .sort(byTypeAndIdentity);
}

function movesSection(apono: readonly ResourceChange[], plan: Plan): Move[] {
  const groups = apono.filter((change) => change.type === GROUP);
  return apono
    .filter((change) => change.previousAddress !== null && change.previousAddress !== change.address)
    .map((change) => ({ from: change.previousAddress ?? '', ...resourceEntry(change, groups, plan) }))
    .sort(byTypeAndIdentity);
}

function unknownsSection(apono: readonly ResourceChange[], plan: Plan): Unknown[] {
  const unknowns: Unknown[] = [];
  for (const change of apono) {
    if (!(isCreate(change) || isUpdate(change) || isReplace(change))) continue;
    for (const attribute of REVIEWED_ATTRIBUTES[change.type] ?? []) {
      if (!containsUnknown(change.afterUnknown[attribute])) continue;
      const from = plan.references.get(configurationAddress(change.address))?.[attribute] ?? [];
      unknowns.push({ address: change.address, attribute, from: specificReferences(from) });
    }
  }
  return unknowns.sort((a, b) => byAddress(a, b) || byText(a.attribute, b.attribute));
}

/** The review of a plan's identity changes. */
export function reviewPlan(plan: Plan): Review {
  const apono = plan.changes.filter(isAponoResource);
  const users = apono.filter((change) => change.type === USER);
  return {
    privilege: privilegeSection(users),
    removals: removalsSection(users, apono),
    replacements: replacementsSection(users, apono),
    invites: invitesSection(users),
    membership: membershipSection(apono, plan),
    drift: plan.drift
      .filter(isAponoResource)
      .map(driftEntry)
      .filter((entry): entry is Drift => entry !== null)
      .sort(byAddress),
    imports: importsSection(apono, plan),
    moves: movesSection(apono, plan),
    unknowns: unknownsSection(apono, plan),
    // Data sources read at apply change nothing: only other providers' resources count.
    ignored: plan.changes.filter(
      (change) => change.mode === 'managed' && !isAponoResource(change) && !has(change.actions, 'no-op'),
    ).length,
  };
}
