import { chromiumArgs, chromiumExecutable } from './chromium';

const only =
  (...present: string[]) =>
  (file: string): boolean =>
    present.includes(file);

describe('chromiumExecutable', () => {
  test.each([
    ['only Debian’s', {}, only('/usr/bin/chromium'), '/usr/bin/chromium'],
    ['only the -browser one', {}, only('/usr/bin/chromium-browser'), '/usr/bin/chromium-browser'],
    ['both', {}, only('/usr/bin/chromium', '/usr/bin/chromium-browser'), '/usr/bin/chromium'],
    [
      'CHROMIUM_PATH',
      { CHROMIUM_PATH: '/opt/c/chrome' },
      only('/opt/c/chrome', '/usr/bin/chromium'),
      '/opt/c/chrome',
    ],
    ['an empty CHROMIUM_PATH', { CHROMIUM_PATH: '' }, only('/usr/bin/chromium'), '/usr/bin/chromium'],
  ])('GIVEN %s WHEN looked up THEN it is chosen', (_case, env, exists, expected) => {
    expect(chromiumExecutable(env, exists)).toBe(expected);
  });

  test('GIVEN no Chromium WHEN looked up THEN the error says how to install it', () => {
    expect(() => chromiumExecutable({}, only())).toThrow(/apt-get install -y chromium.*CHROMIUM_PATH/);
  });

  test('GIVEN a CHROMIUM_PATH that does not exist WHEN looked up THEN it fails rather than falling back', () => {
    expect(() => chromiumExecutable({ CHROMIUM_PATH: '/nope' }, only('/usr/bin/chromium'))).toThrow(
      'CHROMIUM_PATH is /nope, which does not exist',
    );
  });
});

describe('chromiumArgs', () => {
  test.each([
    [true, ['--no-sandbox', '--disable-dev-shm-usage']],
    [false, ['--disable-dev-shm-usage']],
  ])('GIVEN running as root is %s THEN the flags are %j', (isRoot, expected) => {
    expect(chromiumArgs(isRoot)).toEqual(expected);
  });
});
