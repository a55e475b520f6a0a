import {
  characterCount,
  controlOrFormatCharacter,
  lineBreakingOrReorderingCharacter,
  quoteVisibly,
} from '../../provider/domain/text';

describe('identity text rules', () => {
  it.each([
    ['ada', 3],
    ['José', 4],
    ['用户', 2],
    ['\u{1F600}a', 2],
    ['', 0],
  ])('GIVEN %j WHEN its characters are counted THEN there are %i', (value, count) => {
    expect(characterCount(value)).toBe(count);
  });

  it.each([
    ['plain', null],
    ['a\u200Bb', 'U+200B at character 2'],
    ['a\u200Cb', 'U+200C at character 2'],
    ['\u{1F600}\u0000', 'U+0000 at character 2'],
    ['a\u2028b', null], // a separator, not a control or format character: emails refuse it as whitespace
  ])('GIVEN %j WHEN searched for control or format characters THEN the first is %j', (value, found) => {
    expect(controlOrFormatCharacter(value)).toBe(found);
  });

  it.each([
    ['Ada Lovelace', null],
    ['محمد\u200Cرضا', null],
    ['Ada\u200DLovelace', null],
    ['Ada\u2028', 'U+2028 at character 4'],
    ['Ada\u202E', 'U+202E at character 4'],
    ['Ada\u2069', 'U+2069 at character 4'],
    ['Ada\t', 'U+0009 at character 4'],
  ])(
    'GIVEN %j WHEN searched for line-breaking or reordering characters THEN the first is %j',
    (value, found) => {
      expect(lineBreakingOrReorderingCharacter(value)).toBe(found);
    },
  );

  it.each([
    ['ada@example.com', '"ada@example.com"'],
    ['ada\u200B@x.io', '"ada\\u200B@x.io"'],
    ['a\u202Eb\u2028c', '"a\\u202Eb\\u2028c"'],
    ['a\u0000"b', '"a\\u0000\\"b"'],
  ])('GIVEN %j WHEN quoted for a message THEN invisible characters are escaped as %s', (value, quoted) => {
    expect(quoteVisibly(value)).toBe(quoted);
  });
});
