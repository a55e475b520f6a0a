/** Phone numbers: `+`, the country code and the number (E.164), optionally spaced for readability. */

const SEPARATORS = /[\s\-().]/g;
const E164 = /^\+[1-9]\d{6,14}$/;

/** True when a phone number is in the E.164 form the API takes: "+", then 7 to 15 digits, the first not 0. */
export function isE164(phone: string): boolean {
  return E164.test(phone);
}

/** The E.164 form sent to the API: separators (spaces, dashes, dots, parentheses) removed. */
export function normalizePhone(phone: string): string {
  return phone.replace(SEPARATORS, '');
}

/** True when two phone numbers are the same number. */
export function samePhone(a: string, b: string): boolean {
  return normalizePhone(a) === normalizePhone(b);
}

/** Why a phone number is not acceptable, or null when it is: E.164 once its separators are removed. */
export function phoneProblem(phone: string): string | null {
  if (isE164(normalizePhone(phone))) return null;
  return `"${phone}" is not a phone number with a country code; expected "+" followed by the country code and number, e.g. "+14155550100"`;
}
