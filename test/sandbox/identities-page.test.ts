/**
 * The Identities page as HTTP sees it: served at `/` without the token, carrying no data, with a
 * Content-Security-Policy that allows nothing external. What it shows is tested in a real browser
 * in identities-page.browser.test.ts.
 */
import { startSandbox, type RunningSandbox } from '../../sandbox';
import { isIdentitiesPageRequest } from '../../sandbox/page/identities-page';

const TOKEN = 'page-http-token';

describe('the Identities page over HTTP', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({
      token: TOKEN,
      seed: { users: [{ id: 'u_1', email: 'seeded@example.com', first_name: 'Seeded', last_name: 'User' }] },
    });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  const getPage = (path = '/'): Promise<Response> => fetch(`${sandbox.url}${path}`);

  test('GIVEN no token WHEN GET / THEN 200 with an HTML document', async () => {
    const response = await getPage();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toMatch(/^<!doctype html>/);
  });

  test('GIVEN a seeded user WHEN GET / THEN the document holds none of its data', async () => {
    const html = await (await getPage()).text();
    expect(html).not.toContain('seeded@example.com');
    expect(html).not.toContain('Seeded');
  });

  test('GIVEN the page WHEN its CSP is read THEN every kind of source defaults to none and only the sandbox is reachable', async () => {
    const csp = (await getPage()).headers.get('content-security-policy') ?? '';
    const directives = new Map(
      csp.split(';').map((directive) => {
        const [name, ...sources] = directive.trim().split(/\s+/);
        return [name, sources] as const;
      }),
    );
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual([expect.stringMatching(/^'sha256-[A-Za-z0-9+/]+=*'$/)]);
    expect(directives.get('style-src')).toEqual([expect.stringMatching(/^'sha256-[A-Za-z0-9+/]+=*'$/)]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp).not.toMatch(/https?:|\*|unsafe-inline|unsafe-eval/);
  });

  test('GIVEN the page WHEN its markup is read THEN it references no external resource', async () => {
    const html = await (await getPage()).text();
    expect(html).not.toMatch(/(src|href|action)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+stylesheet|@import/i);
  });

  test('GIVEN the page WHEN its script is read THEN it never writes markup from strings', async () => {
    const html = await (await getPage()).text();
    expect(html).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/);
  });

  test('GIVEN the token input WHEN the form is read THEN the input has no name, so no submission can carry it', async () => {
    const html = await (await getPage()).text();
    const input = /<input id="token"[^>]*>/.exec(html)?.[0] ?? '';
    expect(input).toContain('type="password"');
    expect(input).not.toMatch(/\bname=/);
  });

  test.each([
    ['GET', '/', 200],
    ['GET', '/?tab=groups', 200],
    ['HEAD', '/', 200],
    ['POST', '/', 401],
    ['GET', '/index.html', 401],
    ['GET', '/api/admin/v3/users', 401],
  ])('GIVEN no token WHEN %s %s THEN %i', async (method, path, status) => {
    expect((await fetch(`${sandbox.url}${path}`, { method })).status).toBe(status);
  });

  test('GIVEN the page WHEN requested THEN the stats count nothing (it is not an API request)', async () => {
    const before = await (
      await fetch(`${sandbox.url}/_sandbox/stats`, { headers: { authorization: `Bearer ${TOKEN}` } })
    ).json();
    await getPage();
    const after = await (
      await fetch(`${sandbox.url}/_sandbox/stats`, { headers: { authorization: `Bearer ${TOKEN}` } })
    ).json();
    expect(after).toEqual(before);
  });
});

describe('isIdentitiesPageRequest', () => {
  test.each([
    ['GET', '/', true],
    ['HEAD', '/', true],
    ['GET', '/?x=1', true],
    ['GET', '/?', true],
    ['POST', '/', false],
    ['DELETE', '/', false],
    ['GET', '//', false],
    ['GET', '/index.html', false],
    ['GET', '/%2F', false],
    ['GET', '/api/admin/v3/users', false],
    ['GET', undefined, false],
    [undefined, '/', false],
  ])('GIVEN %s %s THEN %s', (method, url, expected) => {
    expect(isIdentitiesPageRequest(method, url)).toBe(expected);
  });
});
