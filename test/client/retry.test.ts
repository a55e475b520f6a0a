import {
  classifyTransportError,
  isRetryableStatus,
  isUncertainStatus,
  parseRetryAfter,
  retryDelayMs,
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
