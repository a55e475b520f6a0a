/// <reference lib="dom" />
/**
 * The Identities page in a real headless Chromium (the Debian package, driven by puppeteer-core):
 * the demo's examples/basic is applied with the real terraform, then the page must show its users
 * and groups, filter them, follow changes on its own, refuse a wrong token and keep the token out
 * of every URL. Chromium missing is a failure with the install command, not a skip.
 */
import { copyFileSync } from 'node:fs';
import * as path from 'node:path';
import { launch, type Browser, type BrowserContext, type Page } from 'puppeteer-core';
import { DEFAULT_ROLE } from '../../provider/domain/roles';
import { SUITE_TOKEN, useSandboxSuite, type ApiUser } from '../e2e/harness';
import { IDP_USER } from '../e2e/fixtures';
import { TerraformWorkspace } from '../e2e/terraform';
import { chromiumArgs, chromiumExecutable } from '../helpers/chromium';

const EXAMPLE = path.resolve(__dirname, '../../examples/basic/main.tf');
/** Longer than a few refresh periods of the page (2 s), short enough to fail a broken page quickly. */
const SHOWN_WITHIN_MS = 15_000;
const INVITED_AT = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/;

describe('the Identities page in headless Chromium', () => {
  const suite = useSandboxSuite();
  let browser: Browser | undefined;
  let demo: TerraformWorkspace | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launch({
      executablePath: chromiumExecutable(),
      headless: true,
      args: chromiumArgs(),
    });
    // The demo's configuration, applied once: the tests below only read it.
    demo = new TerraformWorkspace(suite.sandbox.url, suite.sandbox.token);
    copyFileSync(EXAMPLE, path.join(demo.dir, 'main.tf'));
    await demo.apply();
  }, 180_000);

  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });

  afterAll(async () => {
    await browser?.close();
    demo?.remove();
  });

  /**
   * A page in a fresh incognito context (its own sessionStorage), at the sandbox's `/`;
   * `beforeLoad` may attach listeners that must see the document load.
   */
  async function openPage(beforeLoad: (page: Page) => void = () => undefined): Promise<Page> {
    if (browser === undefined) throw new Error('the browser did not start (see beforeAll)');
    const context = await browser.createBrowserContext();
    contexts.push(context);
    const page = await context.newPage();
    beforeLoad(page);
    await page.goto(`${suite.sandbox.url}/`, { waitUntil: 'domcontentloaded' });
    return page;
  }

  async function enterToken(page: Page, token: string): Promise<void> {
    await page.waitForSelector('#token', { visible: true });
    await page.type('#token', token);
    await page.click('#sign-in button[type="submit"]');
  }

  /** A signed-in page showing the identities. */
  async function signedInPage(): Promise<Page> {
    const page = await openPage();
    await enterToken(page, SUITE_TOKEN);
    await page.waitForSelector('#identities', { visible: true, timeout: SHOWN_WITHIN_MS });
    return page;
  }

  /** The cell texts of every row of a table body. */
  function rows(page: Page, bodyId: 'users-body' | 'groups-body'): Promise<string[][]> {
    return page.$$eval(`#${bodyId} tr`, (trs) =>
      trs.map((tr) => Array.from(tr.children, (cell) => cell.textContent ?? '')),
    );
  }

  /** Waits until a row whose cells include `key` has `cell` at `column`. */
  async function waitForCell(page: Page, bodyId: string, key: string, column: number, cell: string) {
    await page.waitForFunction(
      (id, rowKey, index, text) =>
        Array.from(document.querySelectorAll(`#${id} tr`)).some((tr) => {
          const cells = Array.from(tr.children, (td) => td.textContent);
          return cells.includes(rowKey) && cells[index] === text;
        }),
      { timeout: SHOWN_WITHIN_MS },
      bodyId,
      key,
      column,
      cell,
    );
  }

  /** Marks the document, so a test can tell it was updated in place rather than reloaded. */
  async function markDocument(page: Page): Promise<void> {
    await page.evaluate(() => document.documentElement.setAttribute('data-test-mark', 'unchanged'));
  }

  async function isSameDocument(page: Page): Promise<boolean> {
    return page.evaluate(() => document.documentElement.getAttribute('data-test-mark') === 'unchanged');
  }

  /** Waits for one automatic refresh: the status line is rewritten with a new time. */
  async function waitForRefresh(page: Page): Promise<void> {
    const before = await page.$eval('#refreshed', (line) => line.textContent);
    await page.waitForFunction(
      (text) => document.getElementById('refreshed')?.textContent !== text,
      { timeout: SHOWN_WITHIN_MS },
      before,
    );
  }

  async function inviteUser(email: string, firstName: string, lastName: string): Promise<ApiUser> {
    return (await suite.api('POST', '/api/admin/v3/users', {
      email,
      first_name: firstName,
      last_name: lastName,
      roles: [DEFAULT_ROLE],
    })) as ApiUser;
  }

  test('GIVEN the demo applied WHEN the token is entered THEN the Users tab lists its users with email, role, status, source and invitation time', async () => {
    const page = await signedInPage();
    await waitForCell(page, 'users-body', 'alan@example.com', 1, 'alan@example.com');
    const byEmail = new Map((await rows(page, 'users-body')).map((row) => [row[1], row]));
    expect(byEmail.get('ada@example.com')?.slice(0, 5)).toEqual([
      'Ada Lovelace',
      'ada@example.com',
      'Admin',
      'invited',
      'Apono',
    ]);
    expect(byEmail.get('grace@example.com')?.slice(0, 5)).toEqual([
      'Grace Hopper',
      'grace@example.com',
      DEFAULT_ROLE,
      'invited',
      'Apono',
    ]);
    expect(byEmail.get('alan@example.com')?.slice(0, 5)).toEqual([
      'Alan Turing',
      'alan@example.com',
      DEFAULT_ROLE,
      'invited',
      'Apono',
    ]);
    for (const email of ['ada@example.com', 'grace@example.com', 'alan@example.com'])
      expect(byEmail.get(email)?.[5]).toMatch(INVITED_AT);
  });

  test('GIVEN a user synced from an identity provider WHEN the Users tab is shown THEN its source is the provider', async () => {
    const page = await signedInPage();
    await waitForCell(page, 'users-body', IDP_USER.email, 4, 'Okta');
  });

  test('GIVEN the demo applied WHEN the Groups tab is chosen THEN it lists its groups with source and members, and hides the users', async () => {
    const page = await signedInPage();
    await page.click('#tab-groups');
    await waitForCell(page, 'groups-body', 'engineering', 0, 'engineering');
    const byName = new Map((await rows(page, 'groups-body')).map((row) => [row[0], row]));
    expect(byName.get('engineering')).toEqual([
      'engineering',
      'Apono',
      '2 members',
      'ada@example.com, grace@example.com',
    ]);
    expect(byName.get('oncall')).toEqual([
      'oncall',
      'Apono',
      '2 members',
      'alan@example.com, grace@example.com',
    ]);
    expect(await page.$eval('#panel-users', (panel) => (panel as HTMLElement).hidden)).toBe(true);
    expect(await page.$eval('#tab-groups', (tab) => tab.getAttribute('aria-selected'))).toBe('true');
  });

  test('GIVEN the Users tab WHEN a filter is typed THEN only the matching rows remain, and clearing it brings them back', async () => {
    const page = await signedInPage();
    await waitForCell(page, 'users-body', 'ada@example.com', 1, 'ada@example.com');
    const all = (await rows(page, 'users-body')).length;
    await page.type('#filter', 'LOVELACE');
    expect((await rows(page, 'users-body')).map((row) => row[1])).toEqual(['ada@example.com']);
    expect(await page.$eval('#users-count', (count) => count.textContent)).toBe(`1 of ${all}`);
    await page.click('#filter', { count: 3 });
    await page.keyboard.press('Backspace');
    expect(await rows(page, 'users-body')).toHaveLength(all);
  });

  test('GIVEN the Groups tab WHEN filtering by a member email THEN only that member’s groups remain', async () => {
    const page = await signedInPage();
    await page.click('#tab-groups');
    await waitForCell(page, 'groups-body', 'oncall', 0, 'oncall');
    await page.type('#filter', 'alan@');
    expect((await rows(page, 'groups-body')).map((row) => row[0])).toEqual(['oncall']);
  });

  test('GIVEN a filter matching nothing WHEN shown THEN the table says so', async () => {
    const page = await signedInPage();
    await page.type('#filter', 'no-such-identity-anywhere');
    expect(await rows(page, 'users-body')).toEqual([['No users match the filter.']]);
  });

  test('GIVEN an invited user on screen WHEN the invitation is accepted THEN the page shows her active without a reload', async () => {
    const user = await inviteUser('page-accept@example.com', 'Accepting', 'Person');
    const page = await signedInPage();
    await waitForCell(page, 'users-body', user.email, 3, 'invited');
    await markDocument(page);
    await suite.api('POST', `/_sandbox/users/${encodeURIComponent(user.id)}/accept`);
    await waitForCell(page, 'users-body', user.email, 3, 'active');
    expect(await isSameDocument(page)).toBe(true);
  });

  test('GIVEN the page open WHEN terraform applies a new user and group THEN they appear without a reload', async () => {
    const page = await signedInPage();
    await markDocument(page);
    const workspace = suite.workspace();
    workspace.write(`
resource "apono_user" "live" {
  email     = "page-live@example.com"
  full_name = "Live Update"
}

resource "apono_group" "live" {
  name    = "page-live-group"
  members = [apono_user.live.email]
}
`);
    await workspace.apply();
    await waitForCell(page, 'users-body', 'page-live@example.com', 0, 'Live Update');
    await page.click('#tab-groups');
    await waitForCell(page, 'groups-body', 'page-live-group', 3, 'page-live@example.com');
    expect(await isSameDocument(page)).toBe(true);
  });

  test('GIVEN nothing changed WHEN the page refreshes THEN it keeps the same rows (a text selection survives)', async () => {
    const page = await signedInPage();
    await waitForCell(page, 'users-body', 'ada@example.com', 1, 'ada@example.com');
    await page.$eval('#users-body tr', (row) => row.setAttribute('data-test-mark', 'kept'));
    await waitForRefresh(page);
    expect(await page.$$('#users-body tr[data-test-mark="kept"]')).toHaveLength(1);
  });

  test('GIVEN a signed-in page WHEN the API fails for a while THEN it says so, keeps the rows, and recovers by itself', async () => {
    const page = await signedInPage();
    await waitForCell(page, 'users-body', 'ada@example.com', 1, 'ada@example.com');
    await suite.sandbox.control.setFaults({ error_rate: 1 });
    await page.waitForFunction(
      () => document.getElementById('refreshed')?.textContent?.startsWith('Refresh failed (503'),
      { timeout: SHOWN_WITHIN_MS },
    );
    expect((await rows(page, 'users-body')).map((row) => row[1])).toContain('ada@example.com');
    await suite.sandbox.control.setFaults({});
    await page.waitForFunction(
      () => document.getElementById('refreshed')?.textContent?.startsWith('Updated'),
      {
        timeout: SHOWN_WITHIN_MS,
      },
    );
  });

  test('GIVEN a wrong token WHEN entered THEN the page shows the 401 and asks again, and the right token then works', async () => {
    const page = await openPage();
    await enterToken(page, 'not-the-sandbox-token');
    await page.waitForSelector('#sign-in-error', { visible: true, timeout: SHOWN_WITHIN_MS });
    expect(await page.$eval('#sign-in-error', (error) => error.textContent)).toMatch(
      /refused this token \(401 Unauthorized\)/,
    );
    expect(await page.$eval('#identities', (section) => (section as HTMLElement).hidden)).toBe(true);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await enterToken(page, SUITE_TOKEN);
    await waitForCell(page, 'users-body', 'ada@example.com', 1, 'ada@example.com');
  });

  test('GIVEN a signed-in page WHEN it is used and reloaded THEN the token is in no URL, only in sessionStorage and the Authorization header', async () => {
    const requests: { url: string; authorization: string | undefined }[] = [];
    const page = await openPage((opening) =>
      opening.on('request', (request) =>
        requests.push({ url: request.url(), authorization: request.headers().authorization }),
      ),
    );
    await enterToken(page, SUITE_TOKEN);
    await waitForCell(page, 'users-body', 'ada@example.com', 1, 'ada@example.com');
    await page.click('#tab-groups');
    await page.type('#filter', 'eng');
    await page.reload({ waitUntil: 'domcontentloaded' });
    // Kept in the session: the reloaded page signs in by itself.
    await waitForCell(page, 'users-body', 'ada@example.com', 1, 'ada@example.com');
    expect(page.url()).toBe(`${suite.sandbox.url}/`);
    expect(requests.filter((request) => request.url.includes(SUITE_TOKEN))).toEqual([]);
    const apiRequests = requests.filter((request) => new URL(request.url).pathname.startsWith('/api/'));
    expect(apiRequests.length).toBeGreaterThan(0);
    expect(apiRequests.every((request) => request.authorization === `Bearer ${SUITE_TOKEN}`)).toBe(true);
    expect(await page.evaluate(() => Object.values(sessionStorage))).toEqual([SUITE_TOKEN]);
  });

  test('GIVEN a signed-in page WHEN "Change token" is pressed THEN the token is forgotten and the form is back', async () => {
    const page = await signedInPage();
    await page.click('#sign-out');
    await page.waitForSelector('#token', { visible: true });
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(await page.$eval('#identities', (section) => (section as HTMLElement).hidden)).toBe(true);
  });

  test('GIVEN a user whose name is markup WHEN shown THEN it is text, not elements', async () => {
    const markup = '<img src=x onerror=document.title=1>';
    await inviteUser('page-markup@example.com', markup, '<b>bold</b>');
    const page = await signedInPage();
    await waitForCell(page, 'users-body', 'page-markup@example.com', 0, `${markup} <b>bold</b>`);
    expect(await page.$$('#users-body img, #users-body b')).toHaveLength(0);
  });

  test('GIVEN the page WHEN it loads and refreshes THEN the browser reports no error and no CSP violation', async () => {
    const problems: string[] = [];
    const page = await openPage((opening) => {
      opening.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      opening.on('pageerror', (error) => problems.push(String(error)));
    });
    await enterToken(page, SUITE_TOKEN);
    await waitForCell(page, 'users-body', 'ada@example.com', 1, 'ada@example.com');
    await waitForRefresh(page);
    expect(problems).toEqual([]);
  });
});
