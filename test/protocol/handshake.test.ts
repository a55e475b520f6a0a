import {
  handshakeLine,
  hasMagicCookie,
  MAGIC_COOKIE_KEY,
  MAGIC_COOKIE_VALUE,
  negotiateProtocolVersion,
  rawBase64,
} from '../../provider/transport/handshake';

describe('GIVEN the go-plugin handshake', () => {
  test('WHEN serving plaintext THEN the line is 1|6|tcp|host:port|grpc', () => {
    expect(handshakeLine('127.0.0.1', 40123)).toBe('1|6|tcp|127.0.0.1:40123|grpc');
  });

  test('WHEN serving TLS THEN the certificate DER is appended as base64 without padding', () => {
    const der = Uint8Array.from([1, 2, 3, 4]); // "AQIDBA==" padded
    expect(handshakeLine('127.0.0.1', 1, der)).toBe('1|6|tcp|127.0.0.1:1|grpc|AQIDBA');
  });

  test.each([
    [[0xfb, 0xff], '+/8'],
    [[1, 2, 3], 'AQID'],
  ])('WHEN encoding %j THEN raw base64 uses the standard alphabet: %s', (bytes, expected) => {
    expect(rawBase64(Uint8Array.from(bytes))).toBe(expected);
  });

  test.each([
    ['the right cookie', MAGIC_COOKIE_VALUE, true],
    ['a wrong cookie', 'nope', false],
    ['no cookie', undefined, false],
  ])('WHEN started with %s THEN hasMagicCookie is %s', (_name, value, expected) => {
    expect(hasMagicCookie(value === undefined ? {} : { [MAGIC_COOKIE_KEY]: value })).toBe(expected);
  });

  test.each([
    ['5,6', 6],
    ['6,5', 6],
    [' 6 ', 6],
    [undefined, 6],
    ['5', null],
    ['4,5', null],
  ])('WHEN Terraform offers %j THEN the negotiated version is %j', (offered, expected) => {
    const env = offered === undefined ? {} : { PLUGIN_PROTOCOL_VERSIONS: offered };
    expect(negotiateProtocolVersion(env)).toBe(expected);
  });
});
