/**
 * The shape check of one journal entry. Replay trusts what it applies, so every line is checked for
 * the fields `Store.apply` reads and the fields the API answers with, before anything is applied: a
 * damaged line is reported with its number instead of crashing the replay (or, worse, being served).
 */
import type { Mutation } from './model';

type Check = (value: unknown) => boolean;

const isString: Check = (value) => typeof value === 'string';
const isStringOrNull: Check = (value) => value === null || typeof value === 'string';
const isBoolean: Check = (value) => typeof value === 'boolean';
const isStringArray: Check = (value) => Array.isArray(value) && value.every(isString);
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isAttributes: Check = (value) =>
  value === null || (isObject(value) && Object.values(value).every(isString));
const isStatus: Check = (value) => value === 'invited' || value === 'active' || value === 'disabled';

const USER_FIELDS: Record<string, Check> = {
  id: isString,
  email: isString,
  email_aliases: isStringArray,
  first_name: isString,
  last_name: isString,
  active: isBoolean,
  roles: isStringArray,
  source_integration_id: isStringOrNull,
  source_integration_name: isStringOrNull,
  attributes: isAttributes,
  status: isStatus,
  phone_number: isStringOrNull,
  invited_at: isStringOrNull,
};

const GROUP_FIELDS: Record<string, Check> = {
  id: isString,
  name: isString,
  source_id: isStringOrNull,
  source_integration_id: isStringOrNull,
  source_integration_name: isStringOrNull,
};

/** The first field of `value` that breaks `fields`, as a problem text; null when all hold. */
function recordProblem(what: string, value: unknown, fields: Record<string, Check>): string | null {
  if (!isObject(value)) return `"${what}" must be an object, got ${JSON.stringify(value) ?? 'nothing'}`;
  for (const [name, check] of Object.entries(fields)) {
    if (!check(value[name])) return `"${what}.${name}" is missing or has the wrong type`;
  }
  return null;
}

function fieldProblem(
  entry: Record<string, unknown>,
  name: string,
  check: Check,
  type: string,
): string | null {
  return check(entry[name]) ? null : `"${name}" must be ${type}`;
}

const OP_PROBLEMS: Record<Mutation['op'], (entry: Record<string, unknown>) => string | null> = {
  'user.put': (entry) => recordProblem('user', entry.user, USER_FIELDS),
  'user.delete': (entry) => fieldProblem(entry, 'id', isString, 'a string'),
  'group.put': (entry) =>
    recordProblem('group', entry.group, GROUP_FIELDS) ??
    (entry.member_ids === undefined
      ? null
      : fieldProblem(entry, 'member_ids', isStringArray, 'an array of strings')),
  'group.delete': (entry) => fieldProblem(entry, 'id', isString, 'a string'),
  'members.add': (entry) =>
    fieldProblem(entry, 'group_id', isString, 'a string') ??
    fieldProblem(entry, 'user_id', isString, 'a string'),
  'members.remove': (entry) =>
    fieldProblem(entry, 'group_id', isString, 'a string') ??
    fieldProblem(entry, 'user_id', isString, 'a string'),
  'members.set': (entry) =>
    fieldProblem(entry, 'group_id', isString, 'a string') ??
    fieldProblem(entry, 'user_ids', isStringArray, 'an array of strings'),
  reset: () => null,
};

/** What is wrong with a parsed journal entry as a mutation; null when it is a valid one. */
export function mutationProblem(value: unknown): string | null {
  if (!isObject(value)) return 'an entry must be a JSON object';
  const op = value.op;
  if (typeof op !== 'string' || !Object.hasOwn(OP_PROBLEMS, op)) {
    return `unknown op ${JSON.stringify(op) ?? '(none)'}`;
  }
  return OP_PROBLEMS[op as Mutation['op']](value);
}
