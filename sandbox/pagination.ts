/**
 * Cursor pagination for the admin endpoints. A page token is opaque to clients: base64url of a small
 * JSON object that says which list it belongs to, where the next page starts and which filters the
 * first request used (Apono's tokens carry the filters, so later requests send only the token).
 */
import { badRequest } from './errors';

/** The filters a list request used, by query parameter name; repeated parameters become arrays. */
export type PageFilters = Record<string, string | string[]>;

/** What a page token carries. `after` is a position: an insertion sequence or an offset. */
export interface PageCursor {
  list: string;
  after: number;
  filters: PageFilters;
}

/** Encodes a cursor as an opaque URL-safe token. */
export function encodePageToken(cursor: PageCursor): string {
  const json = JSON.stringify({ l: cursor.list, a: cursor.after, f: cursor.filters });
  return Buffer.from(json, 'utf8').toString('base64url');
}

function isFilters(value: unknown): value is PageFilters {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every(
    (entry) =>
      typeof entry === 'string' || (Array.isArray(entry) && entry.every((v) => typeof v === 'string')),
  );
}

/** Decodes a token for the list `list`; anything else (garbage, another list's token) is a 400. */
export function decodePageToken(token: string, list: string): PageCursor {
  const invalid = badRequest('page_token is invalid or belongs to another list; start again without it');
  if (!/^[A-Za-z0-9_-]+$/.test(token)) throw invalid;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  if (typeof decoded !== 'object' || decoded === null) throw invalid;
  const { l, a, f } = decoded as { l?: unknown; a?: unknown; f?: unknown };
  if (l !== list || typeof a !== 'number' || !Number.isSafeInteger(a) || a < 0 || !isFilters(f)) {
    throw invalid;
  }
  return { list, after: a, filters: f };
}

/** One page of a cursor-paginated list, in the admin endpoints' wire shape. */
export interface CursorPage<T> {
  items: T[];
  pagination: { next_page_token: string | null };
}
