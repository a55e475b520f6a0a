/**
 * Apono's "Invite User" form takes one full name; the API stores first and last names. The mapping
 * is lossless: first = text before the first space, last = everything after it.
 */

export interface NameParts {
  readonly firstName: string;
  readonly lastName: string;
}

/** Splits a full name at its first space. */
export function splitFullName(fullName: string): NameParts {
  const space = fullName.indexOf(' ');
  if (space < 0) return { firstName: fullName, lastName: '' };
  return { firstName: fullName.slice(0, space), lastName: fullName.slice(space + 1) };
}

/** Joins first and last names back into the full name (the inverse of splitFullName). */
export function joinFullName(firstName: string, lastName: string): string {
  if (lastName === '') return firstName;
  if (firstName === '') return lastName;
  return `${firstName} ${lastName}`;
}

/** Why a full name is not acceptable, or null when it is. */
export function fullNameProblem(fullName: string): string | null {
  if (fullName.trim() === '') return 'must not be empty';
  if (fullName !== fullName.trim()) return 'must not start or end with whitespace';
  if (fullName.length > 200) return 'must be at most 200 characters';
  return null;
}

/** True when two full names differ at most by runs of spaces (Apono stores single spaces). */
export function sameFullName(a: string, b: string): boolean {
  return a.replace(/ +/g, ' ') === b.replace(/ +/g, ' ');
}
