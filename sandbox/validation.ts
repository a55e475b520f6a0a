/**
 * Pure validation of request input. Every function either returns a clean value or throws a 400
 * SandboxHttpError whose message names the offending field, so handlers stay short. The identity
 * rules (emails, names, group names, roles, phone numbers) are the provider's own, from
 * provider/domain: what the provider lets through at plan is exactly what the sandbox accepts.
 */
import { emailProblem } from '../provider/domain/emails';
import { groupNameProblem } from '../provider/domain/groups';
import { firstNameProblem, lastNameProblem } from '../provider/domain/names';
import { isE164 } from '../provider/domain/phones';
import { roleProblem, sameRole } from '../provider/domain/roles';
import { badRequest } from './errors';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

/** A JSON object (not an array, not null). */
export type JsonObject = Record<string, unknown>;

/** Whether a value is a plain JSON object. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Rejects fields outside `allowed`, so a typo in a client is a 400 rather than a silent no-op. */
export function rejectUnknownFields(body: JsonObject, allowed: readonly string[]): void {
  const unknown = Object.keys(body).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw badRequest(`unknown field(s): ${unknown.join(', ')}; allowed: ${allowed.join(', ')}`);
  }
}

/** A required JSON object body. */
export function requireObject(body: unknown): JsonObject {
  if (!isJsonObject(body)) throw badRequest('the request body must be a JSON object');
  return body;
}

/** A string field that passes a domain rule (`problem` answers null); kept as given. */
export function parseString(
  value: unknown,
  field: string,
  problem: (value: string) => string | null,
): string {
  if (typeof value !== 'string') throw badRequest(`${field} must be a string`);
  const found = problem(value);
  if (found !== null) throw badRequest(`${field} ${found}`);
  return value;
}

/** An email field, kept as given. */
export function parseEmail(value: unknown, field = 'email'): string {
  return parseString(value, field, emailProblem);
}

/** A first name: not empty. */
export function parseFirstName(value: unknown): string {
  return parseString(value, 'first_name', firstNameProblem);
}

/** A last name: may be empty (a single-word name such as "Cher"). */
export function parseLastName(value: unknown): string {
  return parseString(value, 'last_name', lastNameProblem);
}

/** A group name. */
export function parseGroupName(value: unknown): string {
  return parseString(value, 'name', groupNameProblem);
}

/**
 * A list of distinct role names (compared case-insensitively), kept as given. Apono's roles are
 * open (a tenant may define its own), so any name passes that the provider's role rule accepts.
 * An invitation names at least one role; an update or a seeded user may hold none.
 */
export function parseRoles(value: unknown, allowEmpty = false): string[] {
  if (!Array.isArray(value) || (value.length === 0 && !allowEmpty)) {
    throw badRequest(`roles must be ${allowEmpty ? 'an' : 'a non-empty'} array of role names`);
  }
  const roles: string[] = [];
  value.forEach((entry: unknown, index) => {
    const role = parseString(entry, `roles[${index}]`, roleProblem);
    if (roles.some((listed) => sameRole(listed, role))) {
      throw badRequest(`role ${JSON.stringify(role)} is listed twice`);
    }
    roles.push(role);
  });
  return roles;
}

/** A user's attributes: a map of strings (as Apono's spec has them), or null for none. */
export function parseUserAttributes(value: unknown): Record<string, string> | null {
  if (value === null) return null;
  if (!isJsonObject(value) || !Object.values(value).every((entry) => typeof entry === 'string')) {
    throw badRequest('attributes must be an object whose values are strings, or null');
  }
  return { ...(value as Record<string, string>) };
}

/** The body of POST /_sandbox/users/{id}/attributes: `{"attributes": {...}}` or `{"attributes": null}`. */
export function parseSetAttributes(body: unknown): Record<string, string> | null {
  const input = requireObject(body);
  rejectUnknownFields(input, ['attributes']);
  if (!('attributes' in input)) throw badRequest('attributes is required (an object of strings, or null)');
  return parseUserAttributes(input.attributes);
}

/** An optional phone number: null clears it, otherwise E.164. */
export function parsePhoneNumber(value: unknown): string | null {
  if (value === null) return null;
  if (typeof value !== 'string' || !isE164(value)) {
    throw badRequest(
      `phone_number must be "+" followed by 7 to 15 digits (E.164), or null; got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** The body of POST /api/admin/v3/users. */
export interface InviteUserInput {
  email: string;
  first_name: string;
  last_name: string;
  roles: string[];
  phone_number: string | null;
}

/** Validates the body of an invitation. */
export function parseInviteUser(body: unknown): InviteUserInput {
  const input = requireObject(body);
  rejectUnknownFields(input, ['email', 'first_name', 'last_name', 'roles', 'phone_number']);
  return {
    email: parseEmail(input.email),
    first_name: parseFirstName(input.first_name),
    last_name: parseLastName(input.last_name),
    roles: parseRoles(input.roles),
    phone_number: input.phone_number === undefined ? null : parsePhoneNumber(input.phone_number),
  };
}

/** The body of PATCH /api/admin/v3/users/{id}: any subset of the writable fields. */
export interface UpdateUserInput {
  first_name?: string;
  last_name?: string;
  roles?: string[];
  phone_number?: string | null;
}

/** Validates the body of a user update. */
export function parseUpdateUser(body: unknown): UpdateUserInput {
  const input = requireObject(body);
  rejectUnknownFields(input, ['first_name', 'last_name', 'roles', 'phone_number']);
  const update: UpdateUserInput = {};
  if (input.first_name !== undefined) update.first_name = parseFirstName(input.first_name);
  if (input.last_name !== undefined) update.last_name = parseLastName(input.last_name);
  if (input.roles !== undefined) update.roles = parseRoles(input.roles, true);
  if (input.phone_number !== undefined) update.phone_number = parsePhoneNumber(input.phone_number);
  return update;
}

/** A list of member emails, each a valid email. */
export function parseMemberEmails(value: unknown): string[] {
  if (!Array.isArray(value)) throw badRequest('members_emails must be an array of emails');
  return value.map((email, index) => parseEmail(email, `members_emails[${index}]`));
}

/** The body of POST /api/admin/v1/groups. */
export interface CreateGroupInput {
  name: string;
  members_emails: string[];
}

/** Validates the body of a group creation; a missing members list means no members. */
export function parseCreateGroup(body: unknown): CreateGroupInput {
  const input = requireObject(body);
  rejectUnknownFields(input, ['name', 'members_emails']);
  return {
    name: parseGroupName(input.name),
    members_emails: input.members_emails === undefined ? [] : parseMemberEmails(input.members_emails),
  };
}

/** Validates the body of PUT /api/admin/v1/groups/{id}/name. */
export function parseRenameGroup(body: unknown): string {
  const input = requireObject(body);
  rejectUnknownFields(input, ['name']);
  return parseGroupName(input.name);
}

/** Validates the body of PUT /api/admin/v1/groups/{id}/members. */
export function parseReplaceMembers(body: unknown): string[] {
  const input = requireObject(body);
  rejectUnknownFields(input, ['members_emails']);
  return parseMemberEmails(input.members_emails);
}

/** The `limit` query parameter: default 100, clamped to 1000, 400 when not a positive integer. */
export function parseLimit(raw: string | null): number {
  if (raw === null || raw === '') return DEFAULT_LIMIT;
  if (!/^\d+$/.test(raw)) throw badRequest(`limit must be a positive integer, got ${JSON.stringify(raw)}`);
  const limit = Number(raw);
  if (limit < 1) throw badRequest('limit must be at least 1');
  return Math.min(limit, MAX_LIMIT);
}

/** The legacy `offset` query parameter: default 0, 400 when not a non-negative integer. */
export function parseOffset(raw: string | null): number {
  if (raw === null || raw === '') return 0;
  if (!/^\d+$/.test(raw))
    throw badRequest(`offset must be a non-negative integer, got ${JSON.stringify(raw)}`);
  return Number(raw);
}
