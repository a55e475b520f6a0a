/**
 * The identity inputs the provider's rules (provider/domain) and the sandbox's request validation
 * are both tested with: one table per field, each row with what the rule must answer.
 */

/** A value and the words its problem must contain, or null when it is acceptable. */
export type RuleCase = readonly [value: string, problem: string | null];

const LABEL_63 = 'd'.repeat(63);
const BAD_CHARACTERS = 'must not contain whitespace or any of';
const HIDDEN = 'must not contain control or invisible format characters';

export const EMAIL_CASES: readonly RuleCase[] = [
  // Accepted, internationalised ones included.
  ['ada@example.com', null],
  ['Ada.Lovelace+tf@sub.example.co.uk', null],
  ['ada+tag@sub.example.co.uk', null],
  ['josé@exämple.com', null],
  ['jose\u0301@exa\u0308mple.com', null], // the same, with combining marks
  ['用户@例子.广告', null],
  ['пользователь@пример.рф', null],
  ['अजय@डाटा.भारत', null],
  ['user@xn--bcher-kva.example', null],
  ["o'brien@example.com", null],
  ['a!#$%&*+/=?^_`{|}~-@example.com', null],
  [`${'a'.repeat(64)}@example.com`, null],
  [`ada@${LABEL_63}.com`, null],
  [`${'a'.repeat(64)}@${LABEL_63}.${LABEL_63}.${'d'.repeat(61)}`, null], // 254 characters
  // Shape.
  ['', 'must not be empty'],
  ['ada', 'it has no "@"'],
  ['a@b@example.com', 'more than one "@"'],
  ['two@@example.com', 'more than one "@"'],
  ['@example.com', 'nothing comes before the "@"'],
  ['ada@', 'nothing comes after the "@"'],
  [' ada@example.com', 'must not start or end with whitespace'],
  ['ada@example.com ', 'must not start or end with whitespace'],
  [`${'a'.repeat(64)}@${LABEL_63}.${LABEL_63}.${'d'.repeat(62)}`, 'at most 254 characters'],
  [`${'a'.repeat(250)}@example.com`, 'at most 254 characters'],
  // The part before the "@".
  [`${'a'.repeat(65)}@example.com`, 'longer than 64 characters'],
  ['a..b@example.com', 'two dots in a row'],
  ['.ada@example.com', 'must not start or end with a dot'],
  ['ada.@example.com', 'must not start or end with a dot'],
  ['<ada@example.com>', BAD_CHARACTERS],
  ['Ada <ada@example.com>', BAD_CHARACTERS],
  ['a da@example.com', BAD_CHARACTERS],
  ['"ada"@example.com', BAD_CHARACTERS],
  ['ada(work)@example.com', BAD_CHARACTERS],
  ['[ada]@example.com', BAD_CHARACTERS],
  ['a\\b@example.com', BAD_CHARACTERS],
  ['a,b@example.com', BAD_CHARACTERS],
  ['a;b@example.com', BAD_CHARACTERS],
  ['a:b@example.com', BAD_CHARACTERS],
  ['ada\u00A0x@example.com', BAD_CHARACTERS],
  // The domain.
  ['ada@example.com.', 'the domain must not end with a dot'],
  ['ada@example.', 'the domain must not end with a dot'],
  ['ada@.example.com', 'must not start with a dot or contain two dots in a row'],
  ['ada@example..com', 'must not start with a dot or contain two dots in a row'],
  ['ada@localhost', 'at least two parts'],
  [`ada@${'d'.repeat(64)}.com`, 'longer than 63 characters'],
  ['ada@exa_mple.com', 'may contain only letters, digits and "-"'],
  ['ada@exa mple.com', 'may contain only letters, digits and "-"'],
  ['ada@[127.0.0.1]', 'may contain only letters, digits and "-"'],
  ['ada@-example.com', 'must not start or end with "-"'],
  ['ada@example-.com', 'must not start or end with "-"'],
  // Control and format characters, anywhere.
  ['ada\u0000@example.com', `${HIDDEN} (found U+0000 at character 4)`],
  ['ada@example.com\u0000', 'U+0000 at character 16'],
  ['ada\u200B@example.com', 'U+200B at character 4'],
  ['ada@exa\u202Emple.com', 'U+202E at character 8'],
  ['\u202Aada@example.com', 'U+202A'],
  ['ada@example\u2066.com', 'U+2066'],
  ['ada\u0007@example.com', 'U+0007'],
  ['ada\u007F@example.com', 'U+007F'],
  ['ada\u0085@example.com', 'U+0085'],
  ['ada@example.com\n', 'U+000A'],
  ['ada\t@example.com', 'U+0009'],
  ['\uFEFFada@example.com', 'U+FEFF'],
  ['a\u00ADda@example.com', 'U+00AD'],
  ['ada@example\u2060.com', 'U+2060'],
  ['ada\u200D@example.com', 'U+200D'],
  ['\u{1F600}ada\u{E0041}@example.com', 'U+E0041 at character 5'],
  ['ada\uD800@example.com', 'U+D800'],
];

const UNSAFE = 'must not contain tabs, line breaks, control characters or bidirectional-text controls';

export const FULL_NAME_CASES: readonly RuleCase[] = [
  ['Ada Lovelace', null],
  ['Cher', null],
  ['Mary Ann Smith', null],
  ['Mary  Kenneth Keller', null],
  ['José Ñúñez', null],
  ['用户', null],
  ['محمد\u200Cرضا', null], // a zero-width non-joiner is part of how Persian is written
  ['a'.repeat(200), null],
  ['', 'must not be empty'],
  ['   ', 'must not be empty'],
  [' Ada', 'must not start or end with whitespace'],
  ['Ada ', 'must not start or end with whitespace'],
  ['Ada\u00A0', 'must not start or end with whitespace'],
  ['a'.repeat(201), 'must be at most 200 characters'],
  ['Ada\tLovelace', `${UNSAFE} (found U+0009 at character 4)`],
  ['Ada\nLovelace', 'U+000A'],
  ['Ada\r\nLovelace', 'U+000D'],
  ['Ada\u2028Lovelace', 'U+2028'],
  ['Ada\u2029Lovelace', 'U+2029'],
  ['Ada\u0085Lovelace', 'U+0085'],
  ['Ada\u0000', 'U+0000'],
  ['Ada \u202ELovelace', 'U+202E'],
  ['Ada \u202DLovelace', 'U+202D'],
  ['Ada \u202ALovelace', 'U+202A'],
  ['Ada \u2066Lovelace\u2069', 'U+2066'],
  ['Ada \u2067Lovelace', 'U+2067'],
  ['Ada \u2068Lovelace', 'U+2068'],
];

export const FIRST_NAME_CASES: readonly RuleCase[] = [
  ['Ada', null],
  ['Mary Ann', null],
  ['用户', null],
  ['a'.repeat(200), null],
  ['', 'must not be empty'],
  ['  ', 'must not be empty'],
  [' Ada', 'must not start or end with a space'],
  ['Ada ', 'must not start or end with a space'],
  ['Mary  Ann', 'two spaces in a row'],
  ['Ada\t', UNSAFE],
  ['Ada\u202E', UNSAFE],
  ['a'.repeat(201), 'must be at most 200 characters'],
];

export const LAST_NAME_CASES: readonly RuleCase[] = [
  ['', null],
  ['Lovelace', null],
  ['Kenneth Keller', null],
  ['a'.repeat(200), null],
  [' ', 'must not start or end with a space'],
  [' Kenneth Keller', 'must not start or end with a space'],
  ['Keller ', 'must not start or end with a space'],
  ['Kenneth  Keller', 'two spaces in a row'],
  ['Kenneth\nKeller', UNSAFE],
  ['Keller\u2029', UNSAFE],
  ['a'.repeat(201), 'must be at most 200 characters'],
];

export const GROUP_NAME_CASES: readonly RuleCase[] = [
  ['engineering', null],
  ['Backend Developers', null],
  ['ops/on-call (EU)', null],
  ['équipe-données', null],
  ['开发组', null],
  ['g'.repeat(256), null],
  ['', 'must not be empty'],
  ['   ', 'must not be empty'],
  [' engineering', 'must not start or end with whitespace'],
  ['engineering ', 'must not start or end with whitespace'],
  ['g'.repeat(257), 'must be at most 256 characters'],
  ['eng\nops', `${UNSAFE} (found U+000A at character 4)`],
  ['eng\tops', 'U+0009'],
  ['eng\u0007', 'U+0007'],
  ['eng\u0000', 'U+0000'],
  ['eng\u2028ops', 'U+2028'],
  ['eng\u202Eops', 'U+202E'],
];

/** Role names: Apono's roles are open, so any name passes; whether the tenant knows it is for plan. */
export const ROLE_CASES: readonly RuleCase[] = [
  ['Admin', null],
  ['admin', null],
  ['Power User', null],
  ['SPACE MANAGER', null],
  ['Security Auditor', null],
  ['Owner', null],
  ['x', null],
  ['', 'must not be empty'],
  [' Admin ', 'must not start or end with whitespace'],
  ['Admin ', 'must not start or end with whitespace'],
  ['\tViewer', 'must not start or end with whitespace'],
  ['Viewer\n', 'must not start or end with whitespace'],
];

export const PHONE_CASES: readonly RuleCase[] = [
  ['+14155550100', null],
  ['+1 (415) 555-0100', null],
  ['+44 20 7946 0958', null],
  ['+49.30.1234567', null],
  ['+1234567', null],
  ['+123456789012345', null],
  ['4155550100', 'country code'],
  ['+0123456789', 'country code'],
  ['+1 415 CALL ME', 'country code'],
  ['+123', 'country code'],
  ['+123456', 'country code'],
  ['+1234567890123456', 'country code'],
  ['', 'country code'],
];

/** The rows a rule accepts and the rows it refuses, for tests that need only the verdict. */
export function splitCases(cases: readonly RuleCase[]): { accepted: string[]; refused: string[] } {
  return {
    accepted: cases.filter(([, problem]) => problem === null).map(([value]) => value),
    refused: cases.filter(([, problem]) => problem !== null).map(([value]) => value),
  };
}
