import { makeTempDir, removeTempDir, startSandboxProcess, type SandboxHandle } from '../helpers/sandbox';
import { schemaErrors } from './api-schemas';
import {
  createGroup,
  inviteUser,
  numberedSeedUsers,
  writeSeedFile,
  type WirePage,
  type WireUser,
} from './fixtures';

const USER_COUNT = 1_150;

describe('pagination', () => {
  let sandbox: SandboxHandle;
  let dir: string;
  beforeAll(async () => {
    dir = makeTempDir();
    sandbox = await startSandboxProcess({
      seedFile: writeSeedFile(dir, { users: numberedSeedUsers(USER_COUNT) }),
    });
  });
  afterAll(async () => {
    await sandbox?.stop();
    removeTempDir(dir);
  });

  const usersPage = async (query: string): Promise<WirePage<WireUser>> => {
    const response = await sandbox.control.request('GET', `/api/admin/v3/users${query}`);
    if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body as WirePage<WireUser>;
  };

  const walkAll = async (firstQuery: string, limit: number): Promise<string[]> => {
    const emails: string[] = [];
    let page = await usersPage(`?limit=${limit}${firstQuery}`);
    for (let pages = 0; pages < 10_000; pages++) {
      emails.push(...page.items.map((u) => u.email));
      const token = page.pagination.next_page_token;
      if (!token) return emails;
      page = await usersPage(`?limit=${limit}&page_token=${encodeURIComponent(token)}`);
    }
    throw new Error('pagination did not end');
  };

  test('GIVEN no limit WHEN listing users THEN the page holds 100 and a next token', async () => {
    const page = await usersPage('');
    expect(page.items).toHaveLength(100);
    expect(page.pagination.next_page_token).toEqual(expect.any(String));
  });

  test('GIVEN limit 5000 WHEN listing users THEN it is capped at 1000', async () => {
    expect((await usersPage('?limit=5000')).items).toHaveLength(1000);
  });

  test.each([['0'], ['-3'], ['abc'], ['2.5']])(
    'GIVEN limit=%s WHEN listing users THEN 400',
    async (limit) => {
      expect((await sandbox.control.request('GET', `/api/admin/v3/users?limit=${limit}`)).status).toBe(400);
    },
  );

  test('GIVEN a limit that divides the total unevenly WHEN walking every page THEN each user appears once, in order', async () => {
    const emails = await walkAll('', 333);
    expect(emails).toEqual(numberedSeedUsers(USER_COUNT).map((u) => u.email));
  });

  test('GIVEN a limit equal to the remainder WHEN on the last page THEN the token is null', async () => {
    const page = await usersPage(`?limit=${USER_COUNT}`);
    // Capped to 1000, so exactly one further page of 150 follows with a null token.
    const last = await usersPage(`?limit=1000&page_token=${page.pagination.next_page_token ?? ''}`);
    expect(last.items).toHaveLength(USER_COUNT - 1000);
    expect(last.pagination.next_page_token).toBeNull();
  });

  test('GIVEN a filtered first request WHEN following tokens without the filter THEN the filter still applies', async () => {
    // first_name First1* matches First1, First10..19, First100..199, First1000..1149.
    const emails = await walkAll('&first_name=first1*', 7);
    expect(emails).toHaveLength(1 + 10 + 100 + 150);
    expect(emails.every((email) => /^user01|^user001|^user0001\d|^user00001@/.test(email))).toBe(true);
  });

  test('GIVEN the same request twice WHEN nothing changed THEN the tokens are identical', async () => {
    const first = await usersPage('?limit=10');
    const second = await usersPage('?limit=10');
    expect(second.pagination.next_page_token).toBe(first.pagination.next_page_token);
  });

  test.each([['not-a-token'], ['eyJ4IjoxfQ'], ['%%%']])(
    'GIVEN page_token=%s WHEN listing THEN 400',
    async (token) => {
      expect((await sandbox.control.request('GET', `/api/admin/v3/users?page_token=${token}`)).status).toBe(
        400,
      );
    },
  );

  test('GIVEN a users token WHEN used on the groups list THEN 400', async () => {
    const token = (await usersPage('?limit=1')).pagination.next_page_token ?? '';
    expect((await sandbox.control.request('GET', `/api/admin/v1/groups?page_token=${token}`)).status).toBe(
      400,
    );
  });

  test('GIVEN a group with 250 members WHEN walking member pages of 100 THEN all 250 come back once', async () => {
    const emails = numberedSeedUsers(250).map((u) => u.email as string);
    const group = await createGroup(sandbox, 'big', emails);
    const seen: string[] = [];
    let query = '?limit=100';
    for (let pages = 0; pages < 10; pages++) {
      const response = await sandbox.control.request(
        'GET',
        `/api/admin/v1/groups/${group.id}/members${query}`,
      );
      expect(schemaErrors('members-page', response.body)).toEqual([]);
      const page = response.body as WirePage<{ email: string }>;
      seen.push(...page.items.map((m) => m.email));
      if (!page.pagination.next_page_token) break;
      query = `?limit=100&page_token=${page.pagination.next_page_token}`;
    }
    expect(seen).toEqual(emails);
  });

  describe('legacy offset pagination', () => {
    test('GIVEN offset 1100 and limit 100 WHEN listing /api/v2/users THEN the last 50 users come back with the totals', async () => {
      const response = await sandbox.control.request('GET', '/api/v2/users?offset=1100&limit=100');
      expect(schemaErrors('legacy-users-page', response.body)).toEqual([]);
      const body = response.body as { data: Array<{ email: string }>; pagination: unknown };
      expect(body.data).toHaveLength(50);
      expect(body.data[0].email).toBe('user01100@example.com');
      expect(body.pagination).toEqual({ total: USER_COUNT, limit: 100, offset: 1100 });
    });

    test('GIVEN no parameters WHEN listing /api/v2/users THEN limit 100 and offset 0', async () => {
      const response = await sandbox.control.request('GET', '/api/v2/users');
      expect((response.body as { pagination: unknown }).pagination).toEqual({
        total: USER_COUNT,
        limit: 100,
        offset: 0,
      });
    });

    test('GIVEN an offset past the end WHEN listing /api/v2/users THEN the data is empty', async () => {
      const response = await sandbox.control.request('GET', '/api/v2/users?offset=99999');
      expect((response.body as { data: unknown[] }).data).toEqual([]);
    });

    test.each([['offset=-1'], ['offset=x'], ['limit=0']])(
      'GIVEN %s WHEN listing /api/v2/users THEN 400',
      async (query) => {
        expect((await sandbox.control.request('GET', `/api/v2/users?${query}`)).status).toBe(400);
      },
    );
  });
});

describe('pagination while the list changes', () => {
  let changing: SandboxHandle;
  let dir: string;
  beforeAll(async () => {
    dir = makeTempDir();
    changing = await startSandboxProcess({
      seedFile: writeSeedFile(dir, { users: numberedSeedUsers(USER_COUNT) }),
    });
  });
  afterAll(async () => {
    await changing?.stop();
    removeTempDir(dir);
  });

  const usersPage = async (query: string): Promise<WirePage<WireUser>> =>
    (await changing.control.request('GET', `/api/admin/v3/users${query}`)).body as WirePage<WireUser>;

  const walkAll = async (firstQuery: string, limit: number): Promise<string[]> => {
    const emails: string[] = [];
    let page = await usersPage(`?limit=${limit}${firstQuery}`);
    for (let pages = 0; pages < 10_000; pages++) {
      emails.push(...page.items.map((u) => u.email));
      const token = page.pagination.next_page_token;
      if (!token) return emails;
      page = await usersPage(`?limit=${limit}&page_token=${encodeURIComponent(token)}`);
    }
    throw new Error('pagination did not end');
  };

  test('GIVEN users inserted and deleted between pages WHEN walking THEN no old user is skipped or repeated', async () => {
    const first = await usersPage('?limit=500');
    const extra = await inviteUser(changing, 'late-comer@example.com');
    const victim = first.items[10];
    await changing.control.request('DELETE', `/api/admin/v3/users/${victim.id}`);
    const rest = await walkAll(`&page_token=${first.pagination.next_page_token ?? ''}`, 500);
    const seen = [...first.items.map((u) => u.email), ...rest];
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toContain(extra.email);
    expect(seen).toHaveLength(USER_COUNT + 1);
  });
});
