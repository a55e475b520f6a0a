/**
 * `GET /`: the Identities page, a read-only view of the sandbox's users and groups for a browser.
 * It is the one request answered without the token: the document carries no data, and its script
 * reads everything through the authenticated API. The Content-Security-Policy allows the page's own
 * inline style and script (by hash) and requests to the sandbox itself, nothing else.
 */
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { IDENTITIES_PAGE_HTML, PAGE_SCRIPT, PAGE_STYLE } from './identities-document';

/** The CSP source expression that allows exactly one inline block with this content. */
export function inlineHashSource(content: string): string {
  return `'sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}'`;
}

/** The page's Content-Security-Policy: no external source of any kind, no framing, no form posts. */
export const IDENTITIES_PAGE_CSP = [
  "default-src 'none'",
  `script-src ${inlineHashSource(PAGE_SCRIPT)}`,
  `style-src ${inlineHashSource(PAGE_STYLE)}`,
  "connect-src 'self'",
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Whether a request is for the page: `GET` or `HEAD` of `/` (a query string is ignored). */
export function isIdentitiesPageRequest(method: string | undefined, rawUrl: string | undefined): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  const target = rawUrl ?? '';
  const queryStart = target.indexOf('?');
  return (queryStart === -1 ? target : target.slice(0, queryStart)) === '/';
}

/** Answers with the page (Node leaves the body out of a HEAD answer). */
export function sendIdentitiesPage(res: ServerResponse): void {
  const body = Buffer.from(IDENTITIES_PAGE_HTML, 'utf8');
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': body.length,
    'content-security-policy': IDENTITIES_PAGE_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  });
  res.end(body);
}
