import { ResponseValidationError } from '../../provider/client/errors';
import { type CursorPage, collect, paginateCursor, paginateOffset } from '../../provider/client/pagination';

const endpoint = { method: 'GET', path: '/api/admin/v3/users' };

function cursorServer(pages: Record<string, CursorPage<number>>): {
  fetch: (token: string | undefined) => Promise<CursorPage<number>>;
  calls: Array<string | undefined>;
} {
  const calls: Array<string | undefined> = [];
  return {
    calls,
    fetch: async (token) => {
      calls.push(token);
      return pages[token ?? 'first'];
    },
  };
}

describe('paginateCursor', () => {
  it('follows tokens until a null token', async () => {
    // GIVEN three pages chained by tokens
    const server = cursorServer({
      first: { items: [1, 2], pagination: { next_page_token: 't2' } },
      t2: { items: [3], pagination: { next_page_token: 't3' } },
      t3: { items: [4], pagination: { next_page_token: null } },
    });

    // WHEN all items are collected THEN they come in order, one fetch per page
    expect(await collect(paginateCursor(server.fetch, endpoint))).toEqual([1, 2, 3, 4]);
    expect(server.calls).toEqual([undefined, 't2', 't3']);
  });

  it.each([
    ['an empty token', ''],
    ['an absent token', undefined],
  ])('stops at %s', async (_name, token) => {
    const server = cursorServer({ first: { items: [1], pagination: { next_page_token: token } } });
    expect(await collect(paginateCursor(server.fetch, endpoint))).toEqual([1]);
  });

  it('handles an empty list', async () => {
    const server = cursorServer({ first: { items: [], pagination: { next_page_token: null } } });
    expect(await collect(paginateCursor(server.fetch, endpoint))).toEqual([]);
  });

  it('throws instead of looping when the server repeats a token', async () => {
    // GIVEN a server whose second page points back at itself
    const server = cursorServer({
      first: { items: [1], pagination: { next_page_token: 'a' } },
      a: { items: [2], pagination: { next_page_token: 'a' } },
    });

    // WHEN the list is read THEN it fails naming the field
    await expect(collect(paginateCursor(server.fetch, endpoint))).rejects.toThrow(
      new ResponseValidationError({
        ...endpoint,
        field: '/pagination/next_page_token',
        reason: 'repeats an earlier page token (the server is looping); listing stopped',
      }).message,
    );
    expect(server.calls).toEqual([undefined, 'a']);
  });

  it('fetches no further page when the caller stops early', async () => {
    const server = cursorServer({
      first: { items: [1, 2], pagination: { next_page_token: 't2' } },
      t2: { items: [3], pagination: { next_page_token: null } },
    });
    for await (const item of paginateCursor(server.fetch, endpoint)) {
      if (item === 1) break;
    }
    expect(server.calls).toEqual([undefined]);
  });
});

describe('paginateOffset', () => {
  function offsetServer(total: number, served = total) {
    const calls: Array<[number, number]> = [];
    return {
      calls,
      fetch: async (offset: number, limit: number) => {
        calls.push([offset, limit]);
        const data = Array.from(
          { length: Math.max(0, Math.min(limit, served - offset)) },
          (_, i) => offset + i,
        );
        return { data, pagination: { total, limit, offset } };
      },
    };
  }

  it.each([
    [0, [[0, 10]]],
    [1, [[0, 10]]],
    [10, [[0, 10]]],
    [
      11,
      [
        [0, 10],
        [10, 10],
      ],
    ],
  ])('reads %i items with the expected page requests', async (total, calls) => {
    const server = offsetServer(total);
    const items = await collect(paginateOffset(server.fetch, 10));
    expect(items).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(server.calls).toEqual(calls);
  });

  it('stops at an empty page even when total promises more', async () => {
    // GIVEN a server claiming 50 items but serving 15
    const server = offsetServer(50, 15);

    // WHEN read THEN the 15 come back and reading stops
    expect(await collect(paginateOffset(server.fetch, 10))).toHaveLength(15);
    expect(server.calls).toEqual([
      [0, 10],
      [10, 10],
      [15, 10],
    ]);
  });
});
