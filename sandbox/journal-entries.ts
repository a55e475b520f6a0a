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
const isAttributes: Check = (value) => {
  if (value === null) return true;
  if (!isObject(value)) return false;
  for (const key in value) if (typeof value[key] !== 'string') return false;
  return true;
};
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

/** USER_FIELDS in one expression: the fast path for the commonest line (replay checks every line). */
function isValidUser(user: Record<string, unknown>): boolean {
  return (
    typeof user.id === 'string' &&
    typeof user.email === 'string' &&
    isStringArray(user.email_aliases) &&
    typeof user.first_name === 'string' &&
    typeof user.last_name === 'string' &&
    typeof user.active === 'boolean' &&
    isStringArray(user.roles) &&
    isStringOrNull(user.source_integration_id) &&
    isStringOrNull(user.source_integration_name) &&
    isAttributes(user.attributes) &&
    isStatus(user.status) &&
    isStringOrNull(user.phone_number) &&
    isStringOrNull(user.invited_at)
  );
}

/** The field checks as a list, built once; they name the first broken field. */
type FieldChecks = ReadonlyArray<readonly [string, Check]>;
const USER_CHECKS: FieldChecks = Object.entries(USER_FIELDS);
const GROUP_CHECKS: FieldChecks = Object.entries(GROUP_FIELDS);

/** The first field of `value` that breaks `checks`, as a problem text; null when all hold. */
function recordProblem(what: string, value: unknown, checks: FieldChecks): string | null {
  if (!isObject(value)) return `"${what}" must be an object, got ${JSON.stringify(value) ?? 'nothing'}`;
  for (const [name, check] of checks) {
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
  'user.put': (entry) =>
    isObject(entry.user) && isValidUser(entry.user) ? null : recordProblem('user', entry.user, USER_CHECKS),
  'user.delete': (entry) => fieldProblem(entry, 'id', isString, 'a string'),
  'group.put': (entry) =>
    recordProblem('group', entry.group, GROUP_CHECKS) ??
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
