import {
  derBitString,
  derBoolean,
  derExplicit,
  derImplicit,
  derLength,
  derOid,
  derPrintableString,
  derSequence,
  derTime,
  derUnsignedInteger,
} from '../../provider/transport/der';

const hex = (bytes: Buffer): string => bytes.toString('hex');

describe('GIVEN the DER encoder of the AutoMTLS certificate', () => {
  test.each([
    [0, '00'],
    [127, '7f'],
    [128, '8180'],
    [255, '81ff'],
    [256, '820100'],
    [70_000, '83011170'],
  ])('WHEN encoding the length %d THEN the octets are %s', (length, expected) => {
    expect(hex(derLength(length))).toBe(expected);
  });

  test.each([
    ['2.5.29.17', '0603551d11'],
    ['2.5.4.3', '0603550403'],
    ['1.2.840.113549', '06062a864886f70d'],
    ['1.2.840.10045.4.3.2', '06082a8648ce3d040302'],
    ['1.3.6.1.5.5.7.3.1', '06082b06010505070301'],
  ])('WHEN encoding the OID %s THEN the bytes are %s', (oid, expected) => {
    expect(hex(derOid(oid))).toBe(expected);
  });

  test.each(['1', '3.1', '1.a.2', ''])('WHEN encoding the malformed OID %j THEN it throws', (oid) => {
    expect(() => derOid(oid)).toThrow(RangeError);
  });

  test.each([
    ['00', '020100'],
    ['000001', '020101'],
    ['7f', '02017f'],
    ['80', '02020080'],
    ['0080', '02020080'],
    ['4a0b', '02024a0b'],
  ])(
    'WHEN encoding the unsigned bytes %s as an INTEGER THEN it is minimal and positive: %s',
    (input, expected) => {
      expect(hex(derUnsignedInteger(Buffer.from(input, 'hex')))).toBe(expected);
    },
  );

  test.each([
    ['2026-11-30T09:38:37Z', '170d' + Buffer.from('261130093837Z').toString('hex')],
    ['2049-12-31T23:59:59Z', '170d' + Buffer.from('491231235959Z').toString('hex')],
    ['2050-01-01T00:00:00Z', '180f' + Buffer.from('20500101000000Z').toString('hex')],
    ['1949-06-01T12:00:00Z', '180f' + Buffer.from('19490601120000Z').toString('hex')],
  ])(
    'WHEN encoding the time %s THEN it is UTCTime for 1950-2049 and GeneralizedTime otherwise',
    (iso, expected) => {
      expect(hex(derTime(new Date(iso)))).toBe(expected);
    },
  );

  test.each([
    ['localhost', '13096c6f63616c686f7374'],
    ['terraform-provider-apono', '1318' + Buffer.from('terraform-provider-apono').toString('hex')],
  ])('WHEN encoding %j as a PrintableString THEN the bytes are %s', (text, expected) => {
    expect(hex(derPrintableString(text))).toBe(expected);
  });

  test.each(['a_b', 'é', 'a@b'])('WHEN %j is not printable THEN it throws', (text) => {
    expect(() => derPrintableString(text)).toThrow(RangeError);
  });

  test.each([
    ['a BOOLEAN true', derBoolean(true), '0101ff'],
    ['a BIT STRING with 2 unused bits', derBitString(Buffer.from([0xa4]), 2), '030202a4'],
    ['an EXPLICIT [0] around INTEGER 2', derExplicit(0, derUnsignedInteger(Buffer.from([2]))), 'a003020102'],
    ['an IMPLICIT [7] of 127.0.0.1', derImplicit(7, Buffer.from([127, 0, 0, 1])), '87047f000001'],
    ['a SEQUENCE of two BOOLEANs', derSequence(derBoolean(true), derBoolean(false)), '30060101ff010100'],
  ])('WHEN encoding %s THEN the bytes are %s', (_what, encoded, expected) => {
    expect(hex(encoded)).toBe(expected);
  });
});
