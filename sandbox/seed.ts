/**
 * The seed file: users and groups to preload, including IdP-sourced ones, applied only to an empty
 * store (so restarting with the same --data and --seed never duplicates anything).
 */
import * as fs from 'node:fs';
import type { Group, Mutation, User, UserStatus } from './model';
import { rfc3339 } from './model';
import { foldKey } from './store';
import {
  isJsonObject,
  parseEmail,
  parseFirstName,
  parseGroupName,
  parseLastName,
  parsePhoneNumber,
  parseRoles,
  parseUserAttributes,
  rejectUnknownFields,
  type JsonObject,
} from './validation';
import { newId } from './handlers/context';

const USER_FIELDS = [
  'id',
  'email',
  'first_name',
  'last_name',
  'roles',
  'email_aliases',
  'source_integration_id',
  'source_integration_name',
  'status',
  'phone_number',
  'attributes',
] as const;
const GROUP_FIELDS = [
  'id',
  'name',
  'members',
  'source_id',
  'source_integration_id',
  'source_integration_name',
] as const;
const STATUSES: readonly UserStatus[] = ['invited', 'active', 'disabled'];

function optionalString(entry: JsonObject, field: string, where: string): string | null {
  const value = entry[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value === '')
    throw new Error(`${where}: ${field} must be a non-empty string`);
  return value;
}

function seedUser(entry: unknown, where: string, now: Date, takenIds: Set<string>): User {
  if (!isJsonObject(entry)) throw new Error(`${where} must be an object`);
  rejectUnknownFields(entry, USER_FIELDS);
  const sourceId = optionalString(entry, 'source_integration_id', where);
  const status = entry.status ?? 'active';
  if (typeof status !== 'string' || !(STATUSES as readonly string[]).includes(status)) {
    throw new Error(`${where}: status must be one of ${STATUSES.join(', ')}`);
  }
  const aliases = entry.email_aliases ?? [];
  if (!Array.isArray(aliases)) throw new Error(`${where}: email_aliases must be an array`);
  let attributes: Record<string, string> | null;
  try {
    attributes = parseUserAttributes(entry.attributes ?? null);
  } catch (error) {
    throw new Error(`${where}: ${(error as Error).message}`, { cause: error });
  }
  const id = optionalString(entry, 'id', where) ?? newId('u', (candidate) => takenIds.has(candidate));
  return {
    id,
    email: parseEmail(entry.email),
    email_aliases: aliases.map((alias, index) => parseEmail(alias, `email_aliases[${index}]`)),
    first_name: parseFirstName(entry.first_name),
    last_name: parseLastName(entry.last_name),
    active: status !== 'disabled',
    roles: entry.roles === undefined ? ['Grantee'] : parseRoles(entry.roles, true),
    source_integration_id: sourceId,
    source_integration_name: optionalString(entry, 'source_integration_name', where),
    attributes,
    status: status as UserStatus,
    phone_number: entry.phone_number === undefined ? null : parsePhoneNumber(entry.phone_number),
    // IdP users were never invited through Apono.
    invited_at: sourceId === null ? rfc3339(now) : null,
  };
}

/**
 * Turns seed JSON into the mutations that load it, checking it the way the API would (valid fields,
 * unique ids, emails and group names, members that exist). Throws with the entry's position.
 */
export function seedMutations(seed: unknown, now: Date): Mutation[] {
  if (!isJsonObject(seed)) throw new Error('the seed must be a JSON object {users, groups}');
  rejectUnknownFields(seed, ['users', 'groups']);
  const users = seed.users ?? [];
  const groups = seed.groups ?? [];
  if (!Array.isArray(users) || !Array.isArray(groups))
    throw new Error('seed users and groups must be arrays');
  const ids = new Set<string>();
  const userIdByEmail = new Map<string, string>();
  const groupNames = new Set<string>();
  const mutations: Mutation[] = [];
  users.forEach((entry: unknown, index) => {
    const where = `users[${index}]`;
    const user = seedUser(entry, where, now, ids);
    if (ids.has(user.id)) throw new Error(`${where}: id ${user.id} is used twice`);
    for (const email of [user.email, ...user.email_aliases]) {
      if (userIdByEmail.has(foldKey(email))) throw new Error(`${where}: email ${email} is used twice`);
      userIdByEmail.set(foldKey(email), user.id);
    }
    ids.add(user.id);
    mutations.push({ op: 'user.put', user });
  });
  groups.forEach((entry: unknown, index) => {
    const where = `groups[${index}]`;
    if (!isJsonObject(entry)) throw new Error(`${where} must be an object`);
    rejectUnknownFields(entry, GROUP_FIELDS);
    const name = parseGroupName(entry.name);
    if (groupNames.has(foldKey(name))) throw new Error(`${where}: group name ${name} is used twice`);
    groupNames.add(foldKey(name));
    const id = optionalString(entry, 'id', where) ?? newId('g', (candidate) => ids.has(candidate));
    if (ids.has(id)) throw new Error(`${where}: id ${id} is used twice`);
    ids.add(id);
    const members = entry.members ?? [];
    if (!Array.isArray(members)) throw new Error(`${where}: members must be an array of emails`);
    const memberIds = new Set<string>();
    for (const email of members) {
      const userId = typeof email === 'string' ? userIdByEmail.get(foldKey(email)) : undefined;
      if (userId === undefined)
        throw new Error(`${where}: member ${JSON.stringify(email)} is not a seeded user`);
      memberIds.add(userId);
    }
    const group: Group = {
      id,
      name,
      source_id: optionalString(entry, 'source_id', where),
      source_integration_id: optionalString(entry, 'source_integration_id', where),
      source_integration_name: optionalString(entry, 'source_integration_name', where),
    };
    mutations.push({ op: 'group.put', group, member_ids: [...memberIds] });
  });
  return mutations;
}

/** Reads and checks a seed file. */
export function readSeedFile(file: string, now: Date): Mutation[] {
  let seed: unknown;
  try {
    seed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the seed file ${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return seedMutations(seed, now);
  } catch (error) {
    throw new Error(`invalid seed file ${file}: ${(error as Error).message}`, { cause: error });
  }
}
