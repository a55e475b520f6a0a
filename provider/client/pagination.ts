/**
 * Async iterators over Apono's two pagination shapes. They fetch one page at a time, so a caller
 * that stops early stops fetching.
 */

import { ResponseValidationError } from './errors';
import type { Endpoint } from './validate';

/** A page of the admin endpoints: `{items, pagination: {next_page_token}}`. */
export interface CursorPage<T> {
  readonly items: readonly T[];
  readonly pagination: { readonly next_page_token?: string | null };
}

/** A page of the legacy `/api/v2` endpoints: `{data, pagination: {total, limit, offset}}`. */
export interface OffsetPage<T> {
  readonly data: readonly T[];
  readonly pagination: { readonly total: number; readonly limit: number; readonly offset: number };
}

/** Fetches the page after `pageToken` (undefined: the first page, where filters go). */
export type CursorPageFetcher<T> = (pageToken: string | undefined) => Promise<CursorPage<T>>;

/** Fetches `limit` items starting at `offset`. */
export type OffsetPageFetcher<T> = (offset: number, limit: number) => Promise<OffsetPage<T>>;

/**
 * Every item of a cursor-paginated list. A null or empty token ends the list; a token seen before
 * throws ResponseValidationError instead of looping for ever.
 */
export async function* paginateCursor<T>(
  fetchPage: CursorPageFetcher<T>,
  endpoint: Endpoint,
): AsyncGenerator<T> {
  const seen = new Set<string>();
  let token: string | undefined;
  for (;;) {
    const page = await fetchPage(token);
    yield* page.items;
    const next = page.pagination.next_page_token;
    if (next === undefined || next === null || next === '') return;
    if (seen.has(next)) {
      throw new ResponseValidationError({
        ...endpoint,
        field: '/pagination/next_page_token',
        reason: 'repeats an earlier page token (the server is looping); listing stopped',
      });
    }
    seen.add(next);
    token = next;
  }
}

/**
 * Every item of an offset-paginated list. It advances by the number of items received and stops
 * at `total` or at the first empty page, so a shrinking or lying `total` cannot make it spin.
 */
export async function* paginateOffset<T>(
  fetchPage: OffsetPageFetcher<T>,
  pageSize: number,
): AsyncGenerator<T> {
  let offset = 0;
  for (;;) {
    const page = await fetchPage(offset, pageSize);
    yield* page.data;
    offset += page.data.length;
    if (page.data.length === 0 || offset >= page.pagination.total) return;
  }
}

/** Collects an async iterable into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
