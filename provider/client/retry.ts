/**
 * Pure retry policy: which outcomes are retried, how long to wait, and how to read Retry-After.
 * Kept free of I/O so every rule is unit-tested with tables.
 */
import { type TransportReason, formatSeconds } from './errors';

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

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|EPROTO$)|CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/;

/** What a transport error means for a person, from its Node error code and message. */
export function transportReason(code: string | undefined, message: string): TransportReason {
  if (code === 'ECONNREFUSED') return 'connection_refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host_not_found';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'host_unreachable';
  if (code === 'ETIMEDOUT') return 'timeout';
  if (code !== undefined && TLS_CODE.test(code)) return 'tls';
  if (
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    code === 'ECONNABORTED' ||
    /socket hang up/i.test(message)
  ) {
    return 'connection_reset';
  }
  return 'network';
}

/**
 * An attempt given less than this before the operation deadline is not started: it could not
 * get an answer in time, and would only turn the real last error into a meaningless timeout.
 */
export const MIN_ATTEMPT_MS = 100;

/** The timeout of the next attempt: the request timeout, or the time left when the deadline is closer. */
export function attemptTimeoutMs(requestTimeoutMs: number, remainingMs: number): number {
  return Math.max(0, Math.min(requestTimeoutMs, remainingMs));
}

/** What to do after a failed attempt. */
export type RetryDecision =
  { readonly retry: true } | { readonly retry: false; readonly stop: 'final' | 'max_retries' | 'deadline' };

/** The facts a retry decision is made from. */
export interface RetryInput {
  /** The failure may go away on another attempt. */
  readonly retryable: boolean;
  /** Retries made so far (0 after the first attempt). */
  readonly retries: number;
  readonly maxRetries: number;
  /** The wait before the retry: backoff or Retry-After. */
  readonly delayMs: number;
  /** Time left before the operation deadline, now. */
  readonly remainingMs: number;
}

/**
 * Retry, or stop and raise the last error: a final failure stops, so does the last allowed retry,
 * and so does a retry whose wait would end past the deadline or leave less than MIN_ATTEMPT_MS.
 */
export function decideRetry(input: RetryInput): RetryDecision {
  if (!input.retryable) return { retry: false, stop: 'final' };
  if (input.retries >= input.maxRetries) return { retry: false, stop: 'max_retries' };
  if (input.remainingMs - input.delayMs < MIN_ATTEMPT_MS) return { retry: false, stop: 'deadline' };
  return { retry: true };
}

/**
 * Why an operation stopped at its deadline, for the error message: "gave up after 3 attempts in
 * 30 s" when the time is up, or which wait would have passed the deadline.
 */
export function deadlineNote(
  attempts: number,
  remainingMs: number,
  delayMs: number,
  budgetMs: number,
): string {
  const tried = `gave up after ${attempts} ${attempts === 1 ? 'attempt' : 'attempts'}`;
  if (remainingMs < MIN_ATTEMPT_MS) return `${tried} in ${formatSeconds(budgetMs)}`;
  return `${tried}: waiting ${formatSeconds(delayMs)} to retry would pass the ${formatSeconds(budgetMs)} operation deadline`;
}
