/**
 * What the sandbox accepts of an HTTP request before a route sees it: the request target (kept
 * raw, so routing sees exactly the path that was sent, dot segments included), the size and media
 * type of a body, and its UTF-8 JSON. Each refusal is a SandboxHttpError in the error shape of
 * schema/api/error.schema.json.
 */
import { STATUS_CODES } from 'node:http';
import { SandboxHttpError, badRequest } from './errors';

/** The largest request body the sandbox reads, in bytes. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** A request target split into its raw path and its query. */
export interface RequestTarget {
  /** The path as sent: not decoded, dot segments not removed. */
  path: string;
  query: URLSearchParams;
}

const ABSOLUTE_FORM_PREFIX = /^https?:\/\/[^/?#]*/i;

/**
 * Splits an origin-form (`/path?query`) or absolute-form (`http://host/path?query`) request
 * target; anything else (asterisk form, a relative path, another scheme, a fragment) is a 400.
 */
export function parseRequestTarget(target: string): RequestTarget {
  let pathAndQuery = target;
  if (!target.startsWith('/')) {
    const authority = ABSOLUTE_FORM_PREFIX.exec(target);
    if (authority === null || !URL.canParse(target)) {
      throw badRequest(
        `the request target ${JSON.stringify(target)} is neither a path nor an absolute http URL`,
      );
    }
    pathAndQuery = target.slice(authority[0].length);
  }
  if (pathAndQuery.includes('#')) {
    throw badRequest(`the request target ${JSON.stringify(target)} has a fragment`);
  }
  const queryStart = pathAndQuery.indexOf('?');
  const path = queryStart < 0 ? pathAndQuery : pathAndQuery.slice(0, queryStart);
  return {
    path: path === '' ? '/' : path,
    query: new URLSearchParams(queryStart < 0 ? '' : pathAndQuery.slice(queryStart + 1)),
  };
}

/** 413 `{message, code}` with `Connection: close`: the sandbox stops reading after answering. */
export function payloadTooLarge(): SandboxHttpError {
  return new SandboxHttpError(
    413,
    { message: `the request body exceeds ${MAX_BODY_BYTES} bytes`, code: 'PayloadTooLarge' },
    { connection: 'close' },
  );
}

/** A 413 when a declared Content-Length exceeds the limit (node:http has checked it is digits). */
export function checkDeclaredLength(contentLength: string | undefined): void {
  if (contentLength !== undefined && Number(contentLength) > MAX_BODY_BYTES) throw payloadTooLarge();
}

/** Whether a Content-Type names JSON: `application/json`, with parameters, a charset only if UTF-8. */
export function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const [mediaType, ...parameters] = header.split(';').map((part) => part.trim().toLowerCase());
  if (mediaType !== 'application/json') return false;
  return parameters.every((parameter) => {
    const [name, value = ''] = parameter.split('=').map((part) => part.trim());
    return name !== 'charset' || ['utf-8', '"utf-8"', 'utf8', '"utf8"'].includes(value);
  });
}

// fatal: bytes that are not UTF-8 are an error, never U+FFFD.
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses a request body: empty is undefined; anything else must be sent as JSON (else 415), be
 * UTF-8 (else 400) and parse (else 400).
 */
export function parseJsonBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  if (!isJsonContentType(contentType)) {
    throw new SandboxHttpError(415, {
      message: `a request body must be sent as Content-Type: application/json, not ${
        contentType === undefined ? 'without a Content-Type' : JSON.stringify(contentType)
      }`,
      code: 'UnsupportedMediaType',
    });
  }
  let text: string;
  try {
    text = UTF8.decode(raw);
  } catch {
    throw badRequest('the request body is not valid UTF-8');
  }
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest('the request body is not valid JSON');
  }
}

/** The error answer to a request node:http could not parse, by the parser's error code. */
export function clientErrorAnswer(code: string | undefined, reason: string | undefined): SandboxHttpError {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return new SandboxHttpError(431, {
      message: 'the request headers are larger than the sandbox reads',
      code: 'RequestHeaderFieldsTooLarge',
    });
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return new SandboxHttpError(408, {
      message: 'the request did not arrive in time',
      code: 'RequestTimeout',
    });
  }
  return badRequest(`the request is not valid HTTP/1.1: ${reason ?? code ?? 'unreadable'}`);
}

/** A whole HTTP/1.1 answer in bytes, closing the connection: for sockets node:http has let go of. */
export function rawErrorAnswer(error: SandboxHttpError): string {
  const payload = JSON.stringify(error.body);
  return [
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? 'Error'}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(payload)}`,
    'Connection: close',
    '',
    payload,
  ].join('\r\n');
}
