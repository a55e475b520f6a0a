/**
 * HttpCore: the one place that talks HTTP. It owns the axios instance, the retry loop, the
 * rate and concurrency limits, cancellation and the mapping of every outcome to an ApiError.
 * axios is told never to throw on a status (validateStatus) and never to parse (responseType
 * text), so every error the client raises is built here from status and body only.
 */

import { setMaxListeners } from 'node:events';
import { inspect } from 'node:util';
import axios, { type AxiosInstance } from 'axios';
import {
  ApiError,
  type ApiErrorCode,
  CancelledError,
  ConfigurationError,
  ResponseValidationError,
  TransportError,
  errorFromResponse,
  redactSecret,
} from './errors';
import { checkToken, isLoopbackHost, normalizeEndpoint } from './endpoint';
import { packageInfo } from './package-info';
import { userAgent } from './user-agent';
import {
  type BackoffSettings,
  type RetryDecision,
  attemptTimeoutMs,
  classifyTransportError,
  deadlineNote,
  decideRetry,
  isRetryableStatus,
  isUncertainStatus,
  parseRetryAfter,
  retryDelayMs,
  transportReason,
} from './retry';
import {
  type NumberSettings,
  type ResolvedNumberSettings,
  numberSettingsProblems,
  withDefaults,
} from './settings';
import { Semaphore, TokenBucket, sleep } from './throttle';
import { type ResponseSchemaName, responseValidator } from './validate';

/** One event per logical request (all its retries included); the provider logs it at debug. */
export interface RequestEvent {
  readonly method: string;
  /** The route template, e.g. `/api/admin/v3/users/{id}`: no ids or emails. */
  readonly route: string;
  /** Status of the last attempt; undefined when it got no response. */
  readonly status: number | undefined;
  readonly ms: number;
  readonly retries: number;
  /** Set when the request failed. */
  readonly errorCode?: ApiErrorCode;
}

/**
 * Settings of the HTTP layer. Every number is optional, has a default and is checked against its
 * rule in SETTING_RULES (./settings): maxRetries, requestTimeoutSeconds (one attempt),
 * operationTimeoutSeconds (all attempts and waits of one request), requestsPerSecond (0: no cap),
 * maxConcurrency, and the backoff knobs retryBaseDelayMs, retryMaxDelayMs and maxRetryAfterMs.
 */
export interface HttpSettings extends NumberSettings {
  /**
   * Base URL: `https://host`, or `http://` for 127.0.0.1, localhost and [::1] only; optionally
   * followed by `/`, `/api` or `/api/`, which all send the same requests (see normalizeEndpoint).
   */
  readonly endpoint: string;
  /** Personal API token, sent as `Authorization: Bearer <token>`. */
  readonly token: string;
  /** The User-Agent header (see userAgent()); default: this package's product token and version. */
  readonly userAgent?: string;
  /** Called once per logical request; exceptions it throws are ignored. */
  readonly onRequest?: (event: RequestEvent) => void;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A request in terms of its route template; params are URL-encoded into `{name}` segments. */
export interface RequestSpec {
  readonly method: HttpMethod;
  readonly route: string;
  readonly params?: Readonly<Record<string, string>>;
  /** Query parameters in order; a name may repeat (e.g. `role`). */
  readonly query?: ReadonlyArray<readonly [string, string]>;
  readonly body?: unknown;
}

/** A 2xx answer. */
export interface HttpResponse {
  readonly status: number;
  /** Parsed JSON, or undefined for an empty body (204). */
  readonly body: unknown;
  readonly path: string;
  readonly retries: number;
}

export { checkToken, isLoopbackHost, normalizeEndpoint, sanitizeEndpoint } from './endpoint';

/** Fills `{name}` segments of a route with URL-encoded params (so `@` and `+` in emails survive). */
export function expandRoute(route: string, params: Readonly<Record<string, string>> = {}): string {
  return route.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = params[name];
    // An empty or dot segment would silently address another resource (the list, the parent).
    if (value === undefined || value === '' || value === '.' || value === '..') {
      throw new ApiError({
        method: 'REQUEST',
        path: route,
        code: 'bad_request',
        message: `${route}: path parameter ${name} must be a non-empty id (got ${JSON.stringify(value ?? null)})`,
      });
    }
    return encodeURIComponent(value);
  });
}

/** The query string for `query`, with a leading `?`, or '' when empty. */
export function queryString(query: ReadonlyArray<readonly [string, string]> = []): string {
  if (query.length === 0) return '';
  const search = new URLSearchParams();
  for (const [name, value] of query) search.append(name, value);
  return `?${search.toString()}`;
}

type AttemptOutcome =
  | {
      /** The operation deadline passed before this attempt could start. */
      readonly kind: 'expired';
    }
  | {
      readonly kind: 'response';
      readonly status: number;
      readonly retryAfter?: string;
      readonly text: string;
    }
  | {
      readonly kind: 'transport';
      readonly timedOut: boolean;
      readonly errno?: string;
      readonly message: string;
    };

/**
 * The clock of one operation: it starts when the first attempt starts (waiting for a concurrency
 * slot or the rate cap before that does not count) and runs through every retry and wait.
 */
class OperationClock {
  private startedAt: number | undefined;

  constructor(readonly budgetMs: number) {}

  /** Starts the clock, once. */
  start(): void {
    this.startedAt ??= performance.now();
  }

  /** Milliseconds left before the deadline (the whole budget before the start). */
  remainingMs(): number {
    return this.startedAt === undefined
      ? this.budgetMs
      : this.budgetMs - (performance.now() - this.startedAt);
  }
}

function headerText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** The HTTP engine shared by UsersApi and GroupsApi. */
export class HttpCore {
  private readonly http: AxiosInstance;
  private readonly controller = new AbortController();
  private readonly semaphore: Semaphore;
  private readonly bucket: TokenBucket | undefined;
  private readonly numbers: ResolvedNumberSettings;
  private readonly backoff: BackoffSettings;
  /** The endpoint as errors show it: normalized, so without credentials, query or fragment. */
  private readonly baseUrl: string;

  constructor(private readonly settings: HttpSettings) {
    checkToken(settings.token);
    this.baseUrl = normalizeEndpoint(settings.endpoint, settings.token);
    const agent = settings.userAgent ?? userAgent(packageInfo().version);
    // Visible ASCII and spaces only: anything else could end the header and start another.
    if (!/^[\x21-\x7e]+( [\x21-\x7e]+)*$/.test(agent)) {
      throw new ConfigurationError('userAgent must be printable ASCII words separated by single spaces');
    }
    const problems = numberSettingsProblems(settings);
    if (problems.length > 0) throw new ConfigurationError(problems.join('; '));
    // Every waiting or in-flight request listens on the stop signal; many at once is by design.
    setMaxListeners(0, this.controller.signal);
    this.numbers = withDefaults(settings);
    this.backoff = {
      baseDelayMs: this.numbers.retryBaseDelayMs,
      maxDelayMs: this.numbers.retryMaxDelayMs,
      maxRetryAfterMs: this.numbers.maxRetryAfterMs,
    };
    this.semaphore = new Semaphore(this.numbers.maxConcurrency);
    this.bucket =
      this.numbers.requestsPerSecond > 0 ? new TokenBucket(this.numbers.requestsPerSecond) : undefined;
    this.http = axios.create({
      baseURL: this.baseUrl,
      headers: {
        Authorization: `Bearer ${settings.token}`,
        'User-Agent': agent,
        Accept: 'application/json',
      },
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      // A redirect could downgrade to http or lead elsewhere; the API has no reason to redirect.
      maxRedirects: 0,
      // Never send a local sandbox's traffic through a corporate proxy.
      proxy: isLoopbackHost(new URL(this.baseUrl).hostname) ? false : undefined,
    });
  }

  /** Keeps the token out of logs that dump the client: only the endpoint is shown. */
  [inspect.custom](): string {
    return `HttpCore { endpoint: ${JSON.stringify(this.http.defaults.baseURL)} }`;
  }

  /** Same as the inspect form, for JSON.stringify. */
  toJSON(): { endpoint: string | undefined } {
    return { endpoint: this.http.defaults.baseURL };
  }

  /** True once stop() was called. */
  get stopped(): boolean {
    return this.controller.signal.aborted;
  }

  /** Aborts in-flight requests and pending waits; they and any later request reject with CancelledError. */
  stop(): void {
    this.controller.abort();
  }

  /** Sends a request with retries; resolves with a 2xx answer or throws an ApiError. */
  async request(spec: RequestSpec): Promise<HttpResponse> {
    const path = expandRoute(spec.route, spec.params);
    const started = performance.now();
    let retries = 0;
    let status: number | undefined;
    let errorCode: ApiErrorCode | undefined;
    try {
      return await this.retryLoop(spec, path, (attemptStatus, attemptRetries) => {
        status = attemptStatus;
        retries = attemptRetries;
      });
    } catch (error) {
      errorCode = error instanceof ApiError ? error.code : 'network';
      throw error;
    } finally {
      this.emit({
        method: spec.method,
        route: spec.route,
        status,
        ms: Math.round(performance.now() - started),
        retries,
        ...(errorCode !== undefined ? { errorCode } : {}),
      });
    }
  }

  /** Sends a request and returns its body checked against response schema `schema`. */
  async requestJson<T>(spec: RequestSpec, schema: ResponseSchemaName): Promise<T> {
    const response = await this.request(spec);
    return responseValidator().check<T>(
      schema,
      response.body,
      { method: spec.method, path: response.path },
      response.retries,
    );
  }

  private async retryLoop(
    spec: RequestSpec,
    path: string,
    progress: (status: number | undefined, retries: number) => void,
  ): Promise<HttpResponse> {
    const url = path + queryString(spec.query);
    const cancelled = (retries: number) => () => new CancelledError({ method: spec.method, path, retries });
    const clock = new OperationClock(this.numbers.operationTimeoutSeconds * 1000);
    let priorAttemptUncertain = false;
    // Raises the error of the last attempt, given why retrying stopped; set after each failure.
    let lastFailure: ((note: string | undefined) => ApiError) | undefined;
    for (let retries = 0; ; retries += 1) {
      const outcome = await this.attempt(spec, url, cancelled(retries), clock);
      if (outcome.kind === 'expired') {
        // The clock starts with the first attempt, so only a retry can find the deadline passed.
        if (lastFailure === undefined)
          throw new Error('the operation deadline passed before its first attempt');
        throw lastFailure(deadlineNote(retries, clock.remainingMs(), 0, clock.budgetMs));
      }
      progress(outcome.kind === 'response' ? outcome.status : undefined, retries);
      if (outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300) {
        return {
          status: outcome.status,
          body: this.parseBody(spec.method, path, outcome.text, retries),
          path,
          retries,
        };
      }
      const failure = this.failureOf(spec.method, path, outcome, retries, priorAttemptUncertain);
      lastFailure = failure.error;
      const delayMs = retryDelayMs(
        retries,
        this.backoff,
        outcome.kind === 'response' ? parseRetryAfter(outcome.retryAfter, Date.now()) : undefined,
      );
      const remainingMs = clock.remainingMs();
      const decision: RetryDecision = decideRetry({
        retryable: failure.retryable,
        retries,
        maxRetries: this.numbers.maxRetries,
        delayMs,
        remainingMs,
      });
      if (!decision.retry) {
        throw failure.error(
          decision.stop === 'deadline'
            ? deadlineNote(retries + 1, remainingMs, delayMs, clock.budgetMs)
            : undefined,
        );
      }
      priorAttemptUncertain ||= failure.uncertain;
      await sleep(delayMs, this.controller.signal, cancelled(retries));
    }
  }

  /** Whether a failed attempt is worth retrying, and the error it ends in if it is the last. */
  private failureOf(
    method: string,
    path: string,
    outcome: Exclude<AttemptOutcome, { kind: 'expired' }>,
    retries: number,
    priorAttemptUncertain: boolean,
  ): { retryable: boolean; uncertain: boolean; error: (note: string | undefined) => ApiError } {
    if (outcome.kind === 'response') {
      const body = redactSecret(outcome.text, this.settings.token);
      return {
        retryable: isRetryableStatus(outcome.status),
        uncertain: isUncertainStatus(outcome.status),
        error: (note) =>
          errorFromResponse({
            method,
            path,
            status: outcome.status,
            body,
            retries,
            priorAttemptUncertain,
            ...(note !== undefined ? { note } : {}),
          }),
      };
    }
    const failure = outcome.timedOut
      ? { retryable: true, uncertain: true }
      : classifyTransportError(outcome.errno, outcome.message);
    const reason = outcome.timedOut ? 'timeout' : transportReason(outcome.errno, outcome.message);
    return {
      ...failure,
      error: (note) =>
        new TransportError({
          method,
          path,
          reason,
          baseUrl: this.baseUrl,
          ...(outcome.errno !== undefined ? { errno: outcome.errno } : {}),
          ...(outcome.timedOut ? { attemptTimeoutMs: this.attemptLimitMs() } : {}),
          retries,
          priorAttemptUncertain,
          ...(note !== undefined ? { note } : {}),
        }),
    };
  }

  /** The longest an attempt may wait: the request timeout, or the whole operation when shorter. */
  private attemptLimitMs(): number {
    return Math.min(this.numbers.requestTimeoutSeconds, this.numbers.operationTimeoutSeconds) * 1000;
  }

  /**
   * One HTTP exchange, inside the concurrency and rate limits, with its own timeout: the request
   * timeout, or the time left before the operation deadline when that is shorter.
   */
  private async attempt(
    spec: RequestSpec,
    url: string,
    cancelled: () => Error,
    clock: OperationClock,
  ): Promise<AttemptOutcome> {
    const stopSignal = this.controller.signal;
    const release = await this.semaphore.acquire(stopSignal, cancelled);
    const timeout = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    try {
      if (this.bucket) await sleep(this.bucket.reserve(), stopSignal, cancelled);
      clock.start();
      const timeoutMs = attemptTimeoutMs(this.numbers.requestTimeoutSeconds * 1000, clock.remainingMs());
      if (timeoutMs <= 0) return { kind: 'expired' };
      timer = setTimeout(() => timeout.abort(), timeoutMs);
      const hasBody = spec.body !== undefined;
      const response = await this.http.request<string>({
        method: spec.method,
        url,
        data: hasBody ? JSON.stringify(spec.body) : undefined,
        headers: hasBody ? { 'Content-Type': 'application/json' } : undefined,
        signal: AbortSignal.any([stopSignal, timeout.signal]),
      });
      return {
        kind: 'response',
        status: response.status,
        retryAfter: headerText(response.headers['retry-after']),
        text: typeof response.data === 'string' ? response.data : '',
      };
    } catch (error) {
      // Only the error's code and message are read: the axios error itself (which holds the
      // request config and so the Authorization header) goes no further than this block.
      if (stopSignal.aborted) throw cancelled();
      if (timeout.signal.aborted) return { kind: 'transport', timedOut: true, message: 'timeout' };
      const errno = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
      const message = error instanceof Error ? error.message : '';
      return {
        kind: 'transport',
        timedOut: false,
        errno: typeof errno === 'string' ? errno : undefined,
        message,
      };
    } finally {
      clearTimeout(timer);
      release();
    }
  }

  private parseBody(method: string, path: string, text: string, retries: number): unknown {
    if (text.trim() === '') return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new ResponseValidationError({ method, path, field: '', reason: 'is not valid JSON', retries });
    }
  }

  private emit(event: RequestEvent): void {
    try {
      this.settings.onRequest?.(event);
    } catch {
      // A logging hook must never change the outcome of a request.
    }
  }
}
