/**
 * Fault injection for `/api/` routes, so clients' retry and timeout logic can be exercised:
 * latency, random 503s, a rate limit answering 429 with Retry-After, connection resets before a
 * request is handled, and answers lost after a write was applied.
 */
import { badRequest } from './errors';
import { isJsonObject, rejectUnknownFields } from './validation';

/** The current fault settings; zero / null means off. */
export interface FaultSettings {
  latency_ms: number;
  error_rate: number;
  rate_limit_rps: number | null;
  reset_rate: number;
  /** Share of successful writes whose answer is dropped after the write was applied (and journaled). */
  lost_answer_rate: number;
  /** The next this many successful writes lose their answer whatever the rate (counts down), for deterministic tests. */
  lost_answer_next: number;
}

export const NO_FAULTS: FaultSettings = {
  latency_ms: 0,
  error_rate: 0,
  rate_limit_rps: null,
  reset_rate: 0,
  lost_answer_rate: 0,
  lost_answer_next: 0,
};
const WRITE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Whether an answer may be lost: a write (POST, PUT, PATCH, DELETE) that succeeded (2xx), so it was
 * applied. Refusals change nothing, and a lost one would teach a client nothing a reset does not.
 */
export function isAppliedWrite(method: string, status: number): boolean {
  return WRITE_METHODS.has(method) && status >= 200 && status <= 299;
}
const MAX_LATENCY_MS = 60_000;

function parseRate(value: unknown, field: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw badRequest(`${field} must be a number from 0 to 1`);
  }
  return value;
}

/** Validates a POST /_sandbox/faults body; it replaces all settings, so a missing field is off. */
export function parseFaultSettings(body: unknown): FaultSettings {
  if (!isJsonObject(body)) throw badRequest('the request body must be a JSON object');
  rejectUnknownFields(body, Object.keys(NO_FAULTS));
  const { latency_ms, rate_limit_rps, lost_answer_next } = body;
  if (
    latency_ms !== undefined &&
    latency_ms !== null &&
    (typeof latency_ms !== 'number' ||
      !Number.isFinite(latency_ms) ||
      latency_ms < 0 ||
      latency_ms > MAX_LATENCY_MS)
  ) {
    throw badRequest(`latency_ms must be a number from 0 to ${MAX_LATENCY_MS}`);
  }
  if (
    rate_limit_rps !== undefined &&
    rate_limit_rps !== null &&
    (typeof rate_limit_rps !== 'number' || !Number.isFinite(rate_limit_rps) || rate_limit_rps <= 0)
  ) {
    throw badRequest('rate_limit_rps must be a positive number, or null for no limit');
  }
  if (
    lost_answer_next !== undefined &&
    lost_answer_next !== null &&
    (typeof lost_answer_next !== 'number' || !Number.isSafeInteger(lost_answer_next) || lost_answer_next < 0)
  ) {
    throw badRequest('lost_answer_next must be a whole number from 0');
  }
  return {
    latency_ms: typeof latency_ms === 'number' ? latency_ms : 0,
    error_rate: parseRate(body.error_rate, 'error_rate'),
    rate_limit_rps: typeof rate_limit_rps === 'number' ? rate_limit_rps : null,
    reset_rate: parseRate(body.reset_rate, 'reset_rate'),
    lost_answer_rate: parseRate(body.lost_answer_rate, 'lost_answer_rate'),
    lost_answer_next: typeof lost_answer_next === 'number' ? lost_answer_next : 0,
  };
}

/**
 * The sandbox's rate limit (answered with 429 and Retry-After): a token bucket refilled at `rate`
 * tokens per second, holding at most one second's worth. `take` answers 0 when a request may pass,
 * else the whole seconds (>= 1) to wait.
 */
export class SandboxRateLimiter {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: number,
    now: number,
  ) {
    this.tokens = Math.max(rate, 1);
    this.last = now;
  }

  take(now: number): number {
    const capacity = Math.max(this.rate, 1);
    this.tokens = Math.min(capacity, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - this.tokens) / this.rate));
  }
}

/** What to do with one request. */
export type FaultDecision =
  | { kind: 'pass' }
  | { kind: 'reset' }
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  | { kind: 'error' };

/** The fault settings plus the rate limiter's state. */
export class Faults {
  private settings: FaultSettings = NO_FAULTS;
  private limiter: SandboxRateLimiter | null = null;

  constructor(private readonly random: () => number = Math.random) {}

  get current(): FaultSettings {
    return this.settings;
  }

  replace(settings: FaultSettings): void {
    this.settings = settings;
    this.limiter =
      settings.rate_limit_rps === null ? null : new SandboxRateLimiter(settings.rate_limit_rps, Date.now());
  }

  /** Decides the fate of a request that has waited out the latency. */
  decide(now: number): FaultDecision {
    if (this.settings.reset_rate > 0 && this.random() < this.settings.reset_rate) return { kind: 'reset' };
    if (this.limiter) {
      const wait = this.limiter.take(now);
      if (wait > 0) return { kind: 'rate-limited', retryAfterSeconds: wait };
    }
    if (this.settings.error_rate > 0 && this.random() < this.settings.error_rate) return { kind: 'error' };
    return { kind: 'pass' };
  }

  /** Decides, once a request has been handled, whether its answer is dropped instead of sent. */
  losesAnswer(method: string, status: number): boolean {
    if (!isAppliedWrite(method, status)) return false;
    const { lost_answer_next: next, lost_answer_rate: rate } = this.settings;
    if (next > 0) {
      this.settings = { ...this.settings, lost_answer_next: next - 1 };
      return true;
    }
    return rate > 0 && this.random() < rate;
  }
}
