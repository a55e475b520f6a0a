/**
 * Case-insensitive `*` wildcard matching, as Apono's list filters do: `*x*` contains, `x*` starts
 * with, `*x` ends with, no `*` is an exact match. A `*` anywhere else works too (plain glob).
 */

/** Whether `value` matches `pattern`, ignoring case. */
export function matchesWildcard(pattern: string, value: string): boolean {
  const parts = pattern.toLowerCase().split('*');
  const text = value.toLowerCase();
  if (parts.length === 1) return text === parts[0];
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (!text.startsWith(first)) return false;
  // The last literal must sit at the very end and not overlap the first one.
  if (text.length < first.length + last.length || !text.endsWith(last)) return false;
  let position = first.length;
  const end = text.length - last.length;
  for (const middle of parts.slice(1, -1)) {
    const found = text.indexOf(middle, position);
    if (found < 0 || found + middle.length > end) return false;
    position = found + middle.length;
  }
  return true;
}
