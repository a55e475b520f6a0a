/**
 * Email rules: Apono compares emails case-insensitively everywhere, and so does the provider. The
 * provider, the constructs and the sandbox accept exactly the addresses emailProblem accepts.
 */
import { characterCount, controlOrFormatCharacter, quoteVisibly } from './text';

export const MAX_EMAIL_LENGTH = 254;
export const MAX_LOCAL_PART_LENGTH = 64;
export const MAX_DOMAIN_LABEL_LENGTH = 63;

const LOCAL_PART_FORBIDDEN = /[\s<>()[\]\\,;:"]/u;
// Letters, marks and digits of any script (internationalised domains), and "-".
const DOMAIN_LABEL = /^[\p{L}\p{M}\p{Nd}-]+$/u;

/** The key two emails are compared by (case-insensitive, surrounding whitespace ignored). */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

/** True when two emails name the same mailbox as far as Apono is concerned. */
export function sameEmail(a: string, b: string): boolean {
  return emailKey(a) === emailKey(b);
}

/**
 * Why an email is not acceptable, or null when it is. Accepted: at most 254 characters, no control
 * or format characters, exactly one "@"; before it 1 to 64 characters without whitespace or any of
 * `<>()[]\,;:"`, not starting or ending with a dot, no two dots in a row; after it at least two
 * dot-separated labels of 1 to 63 letters, marks, digits (any script) or "-", not starting or ending
 * with "-".
 */
export function emailProblem(email: string): string | null {
  if (email.length === 0) return 'must not be empty';
  const hidden = controlOrFormatCharacter(email);
  if (hidden !== null)
    return `${quoteVisibly(email)} must not contain control or invisible format characters (found ${hidden})`;
  if (email !== email.trim()) return 'must not start or end with whitespace';
  if (characterCount(email) > MAX_EMAIL_LENGTH) return `must be at most ${MAX_EMAIL_LENGTH} characters`;
  const problem = addressProblem(email);
  return problem === null ? null : `${JSON.stringify(email)} is not a valid email address: ${problem}`;
}

function addressProblem(email: string): string | null {
  const parts = email.split('@');
  if (parts.length === 1) return 'it has no "@" (expected name@domain.tld)';
  if (parts.length > 2) return 'it has more than one "@"';
  const [localPart, domain] = parts as [string, string];
  return localPartProblem(localPart) ?? domainProblem(domain);
}

function localPartProblem(localPart: string): string | null {
  const where = 'the part before the "@"';
  if (localPart === '') return `nothing comes before the "@"`;
  if (characterCount(localPart) > MAX_LOCAL_PART_LENGTH)
    return `${where} is longer than ${MAX_LOCAL_PART_LENGTH} characters`;
  if (LOCAL_PART_FORBIDDEN.test(localPart))
    return `${where} must not contain whitespace or any of < > ( ) [ ] \\ , ; : "`;
  if (localPart.startsWith('.') || localPart.endsWith('.'))
    return `${where} must not start or end with a dot`;
  if (localPart.includes('..')) return `${where} must not contain two dots in a row`;
  return null;
}

function domainProblem(domain: string): string | null {
  if (domain === '') return 'nothing comes after the "@"';
  if (domain.endsWith('.')) return 'the domain must not end with a dot';
  const labels = domain.split('.');
  if (labels.length < 2) return 'the domain needs at least two parts separated by a dot, as in example.com';
  if (labels.includes('')) return 'the domain must not start with a dot or contain two dots in a row';
  for (const label of labels) {
    const quoted = JSON.stringify(label);
    if (characterCount(label) > MAX_DOMAIN_LABEL_LENGTH)
      return `the domain part ${quoted} is longer than ${MAX_DOMAIN_LABEL_LENGTH} characters`;
    if (!DOMAIN_LABEL.test(label))
      return `the domain part ${quoted} may contain only letters, digits and "-"`;
    if (label.startsWith('-') || label.endsWith('-'))
      return `the domain part ${quoted} must not start or end with "-"`;
  }
  return null;
}

/** Groups emails that are equal case-insensitively; returns the groups with more than one spelling. */
export function caseDuplicates(emails: readonly string[]): string[][] {
  const byKey = new Map<string, string[]>();
  for (const email of emails) {
    const key = emailKey(email);
    byKey.set(key, [...(byKey.get(key) ?? []), email]);
  }
  return [...byKey.values()].filter((spellings) => spellings.length > 1);
}

/**
 * Keeps the spellings of `preferred` for the emails of `actual` that match case-insensitively, so
 * state keeps what the user wrote while the API may return another case.
 */
export function preferSpellings(actual: readonly string[], preferred: readonly string[]): string[] {
  const byKey = new Map(preferred.map((email) => [emailKey(email), email]));
  return actual.map((email) => byKey.get(emailKey(email)) ?? email);
}

/** True when two email lists hold the same set of mailboxes. */
export function sameEmailSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a.map(emailKey));
  const right = new Set(b.map(emailKey));
  return left.size === right.size && [...left].every((key) => right.has(key));
}
