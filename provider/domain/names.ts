/**
 * Apono's "Invite User" form takes one full name; the API stores first and last names. The mapping:
 * runs of spaces count as one space, first = text before the first space, last = everything after
 * it. Joining the parts gives the full name back with its runs of spaces collapsed.
 */
import { characterCount, lineBreakingOrReorderingCharacter } from './text';

/** The longest full name, and so the longest first or last name the provider can send. */
export const MAX_FULL_NAME_LENGTH = 200;

const UNSAFE_TEXT = 'must not contain tabs, line breaks, control characters or bidirectional-text controls';

export interface NameParts {
  readonly firstName: string;
  readonly lastName: string;
}

/** A name with every run of spaces made one space. */
function collapseSpaces(name: string): string {
  return name.replace(/ {2,}/g, ' ');
}

/** Splits a full name at its first space, runs of spaces counting as one. */
export function splitFullName(fullName: string): NameParts {
  const collapsed = collapseSpaces(fullName);
  const space = collapsed.indexOf(' ');
  if (space < 0) return { firstName: collapsed, lastName: '' };
  return { firstName: collapsed.slice(0, space), lastName: collapsed.slice(space + 1) };
}

/** Joins first and last names back into the full name (the inverse of splitFullName). */
export function joinFullName(firstName: string, lastName: string): string {
  if (lastName === '') return firstName;
  if (firstName === '') return lastName;
  return `${firstName} ${lastName}`;
}

/** True when two full names are the same name: equal once runs of spaces are collapsed. */
export function sameFullName(a: string, b: string): boolean {
  return collapseSpaces(a) === collapseSpaces(b);
}

/** Why a full name is not acceptable, or null when it is. Runs of spaces inside are allowed. */
export function fullNameProblem(fullName: string): string | null {
  if (fullName.trim() === '') return 'must not be empty';
  const unsafe = lineBreakingOrReorderingCharacter(fullName);
  if (unsafe !== null) return `${UNSAFE_TEXT} (found ${unsafe})`;
  if (fullName !== fullName.trim()) return 'must not start or end with whitespace';
  if (characterCount(fullName) > MAX_FULL_NAME_LENGTH)
    return `must be at most ${MAX_FULL_NAME_LENGTH} characters`;
  return null;
}

/** Why a first name (as the API stores it) is not acceptable, or null: it must not be empty. */
export function firstNameProblem(firstName: string): string | null {
  if (firstName.trim() === '') return 'must not be empty';
  return namePartProblem(firstName);
}

/** Why a last name (as the API stores it) is not acceptable, or null: it may be empty ("Cher"). */
export function lastNameProblem(lastName: string): string | null {
  return lastName === '' ? null : namePartProblem(lastName);
}

/**
 * The rules every part of a valid full name meets once split: the same characters refused, and
 * spaces only single and inside (splitFullName collapses runs of spaces and splits at one).
 */
function namePartProblem(part: string): string | null {
  const unsafe = lineBreakingOrReorderingCharacter(part);
  if (unsafe !== null) return `${UNSAFE_TEXT} (found ${unsafe})`;
  if (part.startsWith(' ') || part.endsWith(' ')) return 'must not start or end with a space';
  if (part.includes('  ')) return 'must not contain two spaces in a row';
  if (characterCount(part) > MAX_FULL_NAME_LENGTH)
    return `must be at most ${MAX_FULL_NAME_LENGTH} characters`;
  return null;
}
