/**
 * The `/_sandbox/` control API as a whole: the stats count only requests that passed
 * authentication, and every control route of the route table is documented in the sandbox guide.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import type { ControlState } from '../../sandbox/handlers/control';
import { buildRoutes } from '../../sandbox/routes';
import { sandboxRequest } from '../helpers/sandbox';

const TOKEN = 'aup_control_token';
const GUIDE = path.resolve(__dirname, '..', '..', 'templates', 'guides', 'sandbox.md');

interface WireStats {
  requests: Record<string, number>;
  total: number;
  user_agents: Record<string, number>;
}

describe('GET /_sandbox/stats counts only authenticated API requests', () => {
  let sandbox: RunningSandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ token: TOKEN });
  });
  afterAll(async () => {
    await sandbox?.close();
  });
  beforeEach(async () => {
    await sandboxRequest(sandbox.url, TOKEN, 'POST', '/_sandbox/stats/reset');
  });

  async function stats(): Promise<WireStats> {
    return (await sandboxRequest(sandbox.url, TOKEN, 'GET', '/_sandbox/stats')).body as WireStats;
  }

  it.each([
    ['no token', undefined],
    ['a wrong token', 'Bearer aup_wrong'],
    ['the token without its scheme', TOKEN],
  ])('GIVEN %s WHEN listing users THEN the request is not counted', async (_name, authorization) => {
    const response = await fetch(`${sandbox.url}/api/admin/v3/users`, {
      headers: authorization === undefined ? {} : { authorization },
    });
    expect({ status: response.status, stats: await stats() }).toEqual({
      status: 401,
      stats: { requests: {}, total: 0, faults: {}, user_agents: {} },
    });
  });

  it('GIVEN the token WHEN listing users THEN the request is counted under its route and agent', async () => {
    await fetch(`${sandbox.url}/api/admin/v3/users`, {
      headers: { authorization: `Bearer ${TOKEN}`, 'user-agent': 'stats-test/1' },
    });
    expect(await stats()).toMatchObject({
      requests: { 'GET /api/admin/v3/users': 1 },
      total: 1,
      user_agents: { 'stats-test/1': 1 },
    });
  });
});

/** The `METHOD /_sandbox/...` requests a markdown text names in code spans. */
function documentedControlRoutes(markdown: string): Set<string> {
  const found = new Set<string>();
  for (const match of markdown.matchAll(/`(GET|POST|PUT|PATCH|DELETE) (\/_sandbox\/[^`\s]*)`/g)) {
    found.add(`${match[1]} ${match[2]}`);
  }
  return found;
}

/** The control routes of the route table, as `METHOD /_sandbox/...`. */
function declaredControlRoutes(): string[] {
  // The handlers are bound lazily, so the table can be built without a running sandbox.
  return buildRoutes({} as ControlState)
    .filter((route) => route.template.startsWith('/_sandbox/'))
    .map((route) => `${route.method} ${route.template}`);
}

describe('the sandbox guide documents the control API', () => {
  const documented = documentedControlRoutes(fs.readFileSync(GUIDE, 'utf8'));

  it('GIVEN the route table WHEN its /_sandbox/ routes are looked up in templates/guides/sandbox.md THEN each is there', () => {
    expect(declaredControlRoutes().filter((route) => !documented.has(route))).toEqual([]);
  });

  it('GIVEN templates/guides/sandbox.md WHEN the control requests it names are looked up in the route table THEN each exists', () => {
    const declared = new Set(declaredControlRoutes());
    expect([...documented].filter((route) => !declared.has(route))).toEqual([]);
  });
});
