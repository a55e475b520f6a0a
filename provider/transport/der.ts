/**
 * The few ASN.1 DER encodings (X.690) the AutoMTLS certificate needs. Loading a general ASN.1/X.509
 * library cost every plugin launch ~25 – 40 ms of module loading for one fixed-shape certificate;
 * node:crypto signs it and parses it back (X509Certificate), so only the layout is written here.
 */

/** DER tag bytes used by the certificate. */
const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  oid: 0x06,
  printableString: 0x13,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
} as const;

/** The length octets of a DER element: short form below 128, long form above. */
export function derLength(length: number): Buffer {
  if (!Number.isSafeInteger(length) || length < 0) throw new RangeError(`bad DER length ${length}`);
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One element: tag, length, content. */
export function derElement(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), derLength(content.length), content]);
}

/** SEQUENCE of already-encoded elements. */
export const derSequence = (...items: Buffer[]): Buffer => derElement(TAG.sequence, Buffer.concat(items));

/** SET of already-encoded elements (each set here holds one element, so no sorting is needed). */
export const derSet = (item: Buffer): Buffer => derElement(TAG.set, item);

/** A constructed context-specific element `[n]` wrapping `inner` (EXPLICIT tagging). */
export const derExplicit = (n: number, inner: Buffer): Buffer => derElement(0xa0 | n, inner);

/** A primitive context-specific element `[n]` with raw content (IMPLICIT tagging of a primitive). */
export const derImplicit = (n: number, content: Buffer): Buffer => derElement(0x80 | n, content);

/** BOOLEAN. */
export const derBoolean = (value: boolean): Buffer =>
  derElement(TAG.boolean, Buffer.from([value ? 0xff : 0]));

/** INTEGER from unsigned big-endian bytes: minimal, with a 0x00 in front when the top bit is set. */
export function derUnsignedInteger(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const minimal = bytes.length === 0 ? Buffer.from([0]) : bytes.subarray(start);
  const content = minimal[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), minimal]) : minimal;
  return derElement(TAG.integer, content);
}

/** OBJECT IDENTIFIER from its dotted form, e.g. `2.5.29.17`. */
export function derOid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  if (arcs.length < 2 || arcs.some((arc) => !Number.isSafeInteger(arc) || arc < 0) || arcs[0]! > 2) {
    throw new RangeError(`bad OID ${dotted}`);
  }
  const bytes: number[] = [];
  for (const arc of [arcs[0]! * 40 + arcs[1]!, ...arcs.slice(2)]) {
    const base128 = [arc % 128];
    for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128)) {
      base128.unshift(0x80 | (rest % 128));
    }
    bytes.push(...base128);
  }
  return derElement(TAG.oid, Buffer.from(bytes));
}

/** PrintableString (letters, digits, space and `'()+,-./:=?`); throws on any other character. */
export function derPrintableString(text: string): Buffer {
  if (!/^[A-Za-z0-9 '()+,\-./:=?]*$/.test(text)) throw new RangeError(`not a PrintableString: ${text}`);
  return derElement(TAG.printableString, Buffer.from(text, 'ascii'));
}

/** OCTET STRING. */
export const derOctetString = (bytes: Buffer): Buffer => derElement(TAG.octetString, bytes);

/** BIT STRING of whole bytes, the last `unusedBits` bits of which are padding. */
export const derBitString = (bytes: Buffer, unusedBits = 0): Buffer =>
  derElement(TAG.bitString, Buffer.concat([Buffer.from([unusedBits]), bytes]));

/**
 * An X.509 Time (RFC 5280 §4.1.2.5): UTCTime `YYMMDDHHMMSSZ` for 1950 – 2049, GeneralizedTime
 * `YYYYMMDDHHMMSSZ` otherwise; whole seconds, UTC.
 */
export function derTime(date: Date): Buffer {
  const year = date.getUTCFullYear();
  const two = (n: number): string => String(n).padStart(2, '0');
  const rest =
    two(date.getUTCMonth() + 1) +
    two(date.getUTCDate()) +
    two(date.getUTCHours()) +
    two(date.getUTCMinutes()) +
    two(date.getUTCSeconds()) +
    'Z';
  if (year >= 1950 && year < 2050)
    return derElement(TAG.utcTime, Buffer.from(two(year % 100) + rest, 'ascii'));
  return derElement(TAG.generalizedTime, Buffer.from(String(year).padStart(4, '0') + rest, 'ascii'));
}
