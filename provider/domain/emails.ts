/** Email rules: Apono compares emails case-insensitively everywhere, and so does the provider. */

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The key two emails are compared by (case-insensitive, surrounding whitespace ignored). */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

/** True when two emails name the same mailbox as far as Apono is concerned. */
export function sameEmail(a: string, b: string): boolean {
  return emailKey(a) === emailKey(b);
}

/** Why an email is not acceptable, or null when it is. */
export function emailProblem(email: string): string | null {
  if (email.length === 0) return 'must not be empty';
  if (email !== email.trim()) return 'must not start or end with whitespace';
  if (email.length > 254) return 'must be at most 254 characters';
  if (!EMAIL_PATTERN.test(email)) return `"${email}" is not a valid email address (expected name@domain.tld)`;
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
