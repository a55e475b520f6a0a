/**
 * The endpoint and token rules, free of HTTP dependencies so the provider can check its
 * configuration (and name the offending attribute) without loading axios.
 */
import { ConfigurationError, redactSecret, truncate } from './errors';

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** True for the hosts that may be reached over plain http. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase());
}

/**
 * The endpoint as it may be shown in a message or a log line: credentials (`user:secret@`), query
 * and fragment replaced by `[redacted]`, the token redacted wherever it appears, and at most 100
 * characters. Works on text that is not a URL too. Anything up to the last `@` is treated as
 * credentials, so an `@` elsewhere costs some of the shown text, never a secret.
 */
export function sanitizeEndpoint(endpoint: string, token = ''): string {
  let text = redactSecret(endpoint.trim(), token);
  const at = text.lastIndexOf('@');
  if (at >= 0) {
    const scheme = /^[a-z][a-z0-9+.-]*:[\\/]+/i.exec(text)?.[0] ?? '';
    text = `${scheme}[redacted]${text.slice(at)}`;
  }
  const cut = text.search(/[?#]/);
  if (cut >= 0) text = `${text.slice(0, cut + 1)}[redacted]`;
  return truncate(text, 100);
}

/**
 * The base paths an endpoint may have. Apono writes its base URL as `https://api.apono.io/api/`
 * while the API's paths themselves start with `/api/`, so `/api` is dropped rather than doubled.
 */
const ACCEPTED_BASE_PATHS: ReadonlySet<string> = new Set(['/', '/api', '/api/']);

/** The accepted forms of an endpoint, in words, for messages and the schema's description. */
export const ACCEPTED_ENDPOINT_FORMS =
  'the base URL alone, e.g. https://api.apono.io, optionally followed by /, /api or /api/';

/**
 * Checks the endpoint and returns its origin (scheme, host and port), which the API's paths are
 * appended to. https is required (the token is a bearer credential); plain http is accepted only
 * for loopback hosts (a local sandbox). The only paths accepted are `/`, `/api` and `/api/`: any
 * other would send requests where no Apono API answers. Messages show the endpoint sanitized (see
 * sanitizeEndpoint), never a secret it holds.
 */
export function normalizeEndpoint(endpoint: string, token = ''): string {
  if (typeof endpoint !== 'string' || endpoint.trim() === '') {
    throw new ConfigurationError('endpoint is required, e.g. https://api.apono.io');
  }
  const shown = JSON.stringify(sanitizeEndpoint(endpoint, token));
  let url: URL;
  try {
    url = new URL(endpoint.trim());
  } catch {
    throw new ConfigurationError(`endpoint ${shown} is not a URL; expected e.g. https://api.apono.io`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new ConfigurationError(
      `endpoint ${shown} must not contain credentials; set the token as the personal token instead`,
    );
  }
  if (url.protocol === 'http:') {
    if (!isLoopbackHost(url.hostname)) {
      throw new ConfigurationError(
        `endpoint ${shown} uses http: https is required, except for 127.0.0.1, localhost and [::1]`,
      );
    }
  } else if (url.protocol !== 'https:') {
    throw new ConfigurationError(`endpoint ${shown} must use https (got ${url.protocol.replace(/:$/, '')})`);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new ConfigurationError(`endpoint ${shown} must not have a query or fragment`);
  }
  if (!ACCEPTED_BASE_PATHS.has(url.pathname)) {
    const path = truncate(redactSecret(url.pathname, token), 60);
    throw new ConfigurationError(`endpoint ${shown} has the path ${path}; use ${ACCEPTED_ENDPOINT_FORMS}`);
  }
  return url.origin;
}

/** Checks that a token is present and usable in a header, without ever echoing it. */
export function checkToken(token: string): void {
  if (typeof token !== 'string' || token === '') {
    throw new ConfigurationError('personal token is required (APONO_PERSONAL_TOKEN)');
  }
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new ConfigurationError(
      'personal token contains whitespace or non-ASCII characters; check for a stray newline',
    );
  }
}
