/**
 * Pure retry policy: which outcomes are retried, how long to wait, and how to read Retry-After.
 * Kept free of I/O so every rule is unit-tested with tables.
 */

/** Statuses that mean "try again later"; other statuses are final. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/**
 * Transport failures worth another attempt: the connection broke or stalled, so the server may
 * answer next time. ECONNREFUSED and ENOTFOUND are deliberately absent: nothing reached a server,
 * and on a reachable network they almost always mean a wrong endpoint, so retrying would only
 * delay the diagnostic by the whole backoff budget. TLS errors are final for the same reason.
 */
const RETRYABLE_TRANSPORT_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ECONNABORTED',
  'EAI_AGAIN',
]);

/** True when a response with this status should be retried. */
export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/**
 * True when a response with this status leaves it unknown whether the server applied the request
 * (a gateway error or a crash mid-request); 429 is a refusal, so it is not uncertain.
 */
export function isUncertainStatus(status: number): boolean {
  return status >= 500;
}

/** How a transport failure is handled. */
export interface TransportFailure {
  /** Another attempt may succeed. */
  readonly retryable: boolean;
  /** The request may have reached the server and been applied. */
  readonly uncertain: boolean;
}

/** Classifies a transport error by its Node error code and message ('socket hang up' has no code of its own). */
export function classifyTransportError(code: string | undefined, message: string): TransportFailure {
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND') return { retryable: false, uncertain: false };
  if ((code !== undefined && RETRYABLE_TRANSPORT_CODES.has(code)) || /socket hang up/i.test(message)) {
    return { retryable: true, uncertain: true };
  }
  return { retryable: false, uncertain: true };
}

/**
 * Milliseconds a `Retry-After` header asks to wait: delay-seconds or an HTTP date (relative to
 * `nowMs`, never negative). Undefined when absent or unparseable.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only accept something that looks like an HTTP date: Date.parse is lenient with bare numbers.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** Backoff parameters. */
export interface BackoffSettings {
  /** Delay ceiling of the first retry (exponential growth starts here). */
  readonly baseDelayMs: number;
  /** Upper bound of any computed backoff. */
  readonly maxDelayMs: number;
  /** Upper bound of a server-requested Retry-After wait. */
  readonly maxRetryAfterMs: number;
}

/**
 * Delay before retry number `retry` (0-based): the server's Retry-After when given (capped),
 * otherwise exponential backoff with full jitter, `random() * min(max, base * 2^retry)`.
 */
export function retryDelayMs(
  retry: number,
  settings: BackoffSettings,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, settings.maxRetryAfterMs);
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}
