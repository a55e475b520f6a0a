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
 * Checks the endpoint and returns it without a trailing slash. https is required (the token is a
 * bearer credential); plain http is accepted only for loopback hosts (a local sandbox). Messages
 * show the endpoint sanitized (see sanitizeEndpoint), never a secret it holds.
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
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
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
