/**
 * Character rules shared by the identity fields. Characters a person cannot see or that rearrange
 * what they read (control, format and bidirectional-text characters) make two values that look the
 * same differ, so emails refuse every one of them and names refuse those that break or reorder text.
 */

// Unicode Cc (controls, tabs and line feeds included), Cf (format: zero-width space, bidi controls,
// word joiner, byte-order mark, ...) and Cs (a lone UTF-16 surrogate, which has no UTF-8 form).
const CONTROL_OR_FORMAT = /[\p{Cc}\p{Cf}\p{Cs}]/u;

// Names keep the other format characters: the zero-width joiner and non-joiner are part of how some
// scripts (and emoji) are written. They refuse controls, line and paragraph separators, and the
// bidirectional embeddings, overrides and isolates that display text in another order than stored.
const LINE_BREAKING_OR_REORDERING = /[\p{Cc}\p{Cs}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069]/u;

// What JSON.stringify leaves as is but a reader cannot see, or that reorders the text around it.
const INVISIBLE = /[\p{Cf}\p{Zl}\p{Zp}]/gu;

/**
 * A value in double quotes with its invisible characters written as `\uXXXX`, so a message shows
 * where they are and never reorders or breaks the text around it.
 */
export function quoteVisibly(value: string): string {
  return JSON.stringify(value).replace(INVISIBLE, (char) => `\\u${hex(char)}`);
}

function hex(char: string): string {
  return (char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
}

/** The number of characters (Unicode code points) of a string, as a person would count them. */
export function characterCount(value: string): number {
  return Array.from(value).length;
}

/** `U+200B at character 4` for the first character of `value` matching `pattern`, or null. */
function firstMatch(value: string, pattern: RegExp): string | null {
  let position = 0;
  for (const char of value) {
    position++;
    if (pattern.test(char)) return `U+${hex(char)} at character ${position}`;
  }
  return null;
}

/** Where the first control or format character of `value` is, or null when it has none. */
export function controlOrFormatCharacter(value: string): string | null {
  return firstMatch(value, CONTROL_OR_FORMAT);
}

/** Where the first character of `value` that breaks a line or reorders text is, or null. */
export function lineBreakingOrReorderingCharacter(value: string): string | null {
  return firstMatch(value, LINE_BREAKING_OR_REORDERING);
}
