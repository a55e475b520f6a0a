import {
  MIN_ATTEMPT_MS,
  attemptTimeoutMs,
  classifyTransportError,
  deadlineNote,
  decideRetry,
  isRetryableStatus,
  isUncertainStatus,
  parseRetryAfter,
  retryDelayMs,
  transportReason,
} from '../../provider/client/retry';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('parseRetryAfter', () => {
  it.each<[string, string | undefined, number | undefined]>([
    ['whole seconds', '3', 3000],
    ['zero seconds', '0', 0],
    ['seconds with spaces', ' 2 ', 2000],
    ['an HTTP date in the future', 'Thu, 01 Jan 2026 00:00:05 GMT', 5000],
    ['an HTTP date in the past (never negative)', 'Wed, 31 Dec 2025 23:59:00 GMT', 0],
    ['absent', undefined, undefined],
    ['empty', '', undefined],
    ['negative seconds', '-1', undefined],
    ['fractional seconds', '1.5', undefined],
    ['garbage', 'soon', undefined],
    ['digits are always seconds, never a year', '2026', 2_026_000],
    ['a date without a weekday or month name', '2026-01-01', undefined],
  ])('%s', (_name, header, expected) => {
    // GIVEN a Retry-After header  WHEN it is parsed  THEN the wait is in milliseconds
    expect(parseRetryAfter(header, NOW)).toBe(expected);
  });
});

describe('retryDelayMs', () => {
  const settings = { baseDelayMs: 200, maxDelayMs: 10_000, maxRetryAfterMs: 60_000 };

  it.each([
    [0, 200],
    [1, 400],
    [3, 1600],
    [6, 10_000],
    [30, 10_000],
  ])('retry %i waits at most %i ms (full jitter ceiling)', (retry, ceiling) => {
    // GIVEN the largest random draw  WHEN the delay is computed  THEN it stays under the ceiling
    const delay = retryDelayMs(retry, settings, undefined, () => 0.999999);
    expect(delay).toBeLessThanOrEqual(ceiling);
    expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling * 0.999));
  });

  it('a zero random draw waits nothing (full jitter lower bound)', () => {
    expect(retryDelayMs(4, settings, undefined, () => 0)).toBe(0);
  });

  it('Retry-After replaces the backoff', () => {
    expect(retryDelayMs(0, settings, 3000, () => 0)).toBe(3000);
  });

  it('Retry-After is capped by maxRetryAfterMs', () => {
    expect(retryDelayMs(0, { ...settings, maxRetryAfterMs: 50 }, 3000, () => 0)).toBe(50);
  });

  it('random delays spread over the whole window', () => {
    // GIVEN many draws from Math.random  WHEN delays are computed for retry 2 (ceiling 800)
    const delays = Array.from({ length: 500 }, () => retryDelayMs(2, settings, undefined));
    // THEN they are all within bounds and not all alike
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThanOrEqual(800);
    expect(new Set(delays).size).toBeGreaterThan(50);
  });
});

describe('isRetryableStatus', () => {
  it.each([
    [429, true],
    [502, true],
    [503, true],
    [504, true],
    [500, false],
    [501, false],
    [400, false],
    [404, false],
    [409, false],
  ])('HTTP %i retryable: %s', (status, retryable) => {
    expect(isRetryableStatus(status)).toBe(retryable);
  });
});

describe('isUncertainStatus', () => {
  it.each([
    [429, false],
    [502, true],
    [503, true],
    [504, true],
  ])('HTTP %i may have been applied: %s', (status, uncertain) => {
    expect(isUncertainStatus(status)).toBe(uncertain);
  });
});

describe('classifyTransportError', () => {
  it.each<[string | undefined, string, boolean, boolean]>([
    ['ECONNRESET', 'read ECONNRESET', true, true],
    ['ECONNRESET', 'socket hang up', true, true],
    [undefined, 'socket hang up', true, true],
    ['ETIMEDOUT', 'connect ETIMEDOUT', true, true],
    ['EPIPE', 'write EPIPE', true, true],
    ['EAI_AGAIN', 'getaddrinfo EAI_AGAIN', true, true],
    ['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1', false, false],
    ['ENOTFOUND', 'getaddrinfo ENOTFOUND x', false, false],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate', false, true],
  ])('%s (%s): retryable %s, uncertain %s', (code, message, retryable, uncertain) => {
    expect(classifyTransportError(code, message)).toEqual({ retryable, uncertain });
  });
});

describe('transportReason', () => {
  it.each<[string | undefined, string, string]>([
    ['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1', 'connection_refused'],
    ['ENOTFOUND', 'getaddrinfo ENOTFOUND api.apono.iox', 'host_not_found'],
    ['EAI_AGAIN', 'getaddrinfo EAI_AGAIN api.apono.io', 'host_not_found'],
    ['EHOSTUNREACH', '', 'host_unreachable'],
    ['ENETUNREACH', '', 'host_unreachable'],
    ['ETIMEDOUT', 'connect ETIMEDOUT', 'timeout'],
    ['CERT_HAS_EXPIRED', 'certificate has expired', 'tls'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate', 'tls'],
    ['SELF_SIGNED_CERT_IN_CHAIN', '', 'tls'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', '', 'tls'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', '', 'tls'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', '', 'tls'],
    ['EPROTO', 'wrong version number', 'tls'],
    ['ECONNRESET', 'read ECONNRESET', 'connection_reset'],
    ['EPIPE', '', 'connection_reset'],
    [undefined, 'socket hang up', 'connection_reset'],
    ['EWHATEVER', '', 'network'],
    [undefined, '', 'network'],
  ])('%s (%j) is %s', (code, message, reason) => {
    expect(transportReason(code, message)).toBe(reason);
  });
});

describe('attemptTimeoutMs', () => {
  it.each([
    [10_000, 30_000, 10_000],
    [10_000, 9_600, 9_600],
    [10_000, 0, 0],
    [10_000, -5, 0],
  ])('request timeout %i ms with %i ms left gives %i ms', (request, remaining, timeout) => {
    expect(attemptTimeoutMs(request, remaining)).toBe(timeout);
  });
});

describe('decideRetry', () => {
  const base = { retryable: true, retries: 0, maxRetries: 5, delayMs: 200, remainingMs: 20_000 };

  it.each<[string, Partial<typeof base>, ReturnType<typeof decideRetry>]>([
    ['a retryable failure with time left is retried', {}, { retry: true }],
    ['a final failure stops', { retryable: false }, { retry: false, stop: 'final' }],
    ['the last allowed retry stops', { retries: 5 }, { retry: false, stop: 'max_retries' }],
    ['no retries allowed stops', { maxRetries: 0 }, { retry: false, stop: 'max_retries' }],
    ['a wait past the deadline stops', { delayMs: 30_000 }, { retry: false, stop: 'deadline' }],
    ['a wait ending right at the deadline stops', { delayMs: 20_000 }, { retry: false, stop: 'deadline' }],
    [
      'a wait leaving less than MIN_ATTEMPT_MS stops',
      { delayMs: 20_000 - MIN_ATTEMPT_MS + 1 },
      { retry: false, stop: 'deadline' },
    ],
    ['a wait leaving MIN_ATTEMPT_MS retries', { delayMs: 20_000 - MIN_ATTEMPT_MS }, { retry: true }],
    ['no time left stops', { remainingMs: 0, delayMs: 0 }, { retry: false, stop: 'deadline' }],
    [
      'a final failure is final even past the deadline',
      { retryable: false, remainingMs: -1 },
      { retry: false, stop: 'final' },
    ],
  ])('%s', (_name, override, decision) => {
    expect(decideRetry({ ...base, ...override })).toEqual(decision);
  });
});

describe('deadlineNote', () => {
  it.each([
    ['time is up', [3, 0, 120, 30_000], 'gave up after 3 attempts in 30 s'],
    [
      'a little time left, less than an attempt needs',
      [1, MIN_ATTEMPT_MS - 1, 0, 2_000],
      'gave up after 1 attempt in 2 s',
    ],
    [
      'a Retry-After longer than the time left',
      [1, 29_000, 60_000, 30_000],
      'gave up after 1 attempt: waiting 60 s to retry would pass the 30 s operation deadline',
    ],
    [
      'fractional seconds',
      [2, 1_000, 1_500, 2_500],
      'gave up after 2 attempts: waiting 1.5 s to retry would pass the 2.5 s operation deadline',
    ],
  ] as const)('%s', (_name, [attempts, remaining, delay, budget], note) => {
    expect(deadlineNote(attempts, remaining, delay, budget)).toBe(note);
  });
});
