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
  errorFromResponse,
  redactSecret,
} from './errors';
import { checkToken, isLoopbackHost, normalizeEndpoint } from './endpoint';
import { packageInfo } from './package-info';
import {
  type BackoffSettings,
  classifyTransportError,
  isRetryableStatus,
  isUncertainStatus,
  parseRetryAfter,
  retryDelayMs,
} from './retry';
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

/** Settings of the HTTP layer; every number has a default. */
export interface HttpSettings {
  /** Base URL: `https://...`, or `http://` for 127.0.0.1, localhost and [::1] only. */
  readonly endpoint: string;
  /** Personal API token, sent as `Authorization: Bearer <token>`. */
  readonly token: string;
  /** Retries after the first attempt (default 5). */
  readonly maxRetries?: number;
  /** Cap on requests started per second, attempts included (default: no cap). */
  readonly requestsPerSecond?: number;
  /** Cap on requests in flight (default 8). */
  readonly maxConcurrency?: number;
  /** Per-attempt timeout, response body included (default 30000). */
  readonly requestTimeoutMs?: number;
  /** Backoff ceiling of the first retry (default 200). */
  readonly retryBaseDelayMs?: number;
  /** Cap of any computed backoff (default 10000). */
  readonly retryMaxDelayMs?: number;
  /** Cap of a server's Retry-After (default 60000). */
  readonly maxRetryAfterMs?: number;
  /** Called once per logical request; exceptions it throws are ignored. */
  readonly onRequest?: (event: RequestEvent) => void;
}

/** Defaults of the optional settings. */
export const HTTP_DEFAULTS = {
  maxRetries: 5,
  maxConcurrency: 8,
  requestTimeoutMs: 30_000,
  retryBaseDelayMs: 200,
  retryMaxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
} as const;

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

function checkNumber(name: string, value: number | undefined, min: number, integer: boolean): void {
  if (value === undefined) return;
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new ConfigurationError(
      `${name} must be ${integer ? 'an integer' : 'a number'} >= ${min} (got ${value})`,
    );
  }
}

export { checkToken, isLoopbackHost, normalizeEndpoint } from './endpoint';

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
  private readonly maxRetries: number;
  private readonly timeoutMs: number;
  private readonly backoff: BackoffSettings;

  constructor(private readonly settings: HttpSettings) {
    checkToken(settings.token);
    const baseURL = normalizeEndpoint(settings.endpoint, settings.token);
    checkNumber('maxRetries', settings.maxRetries, 0, true);
    checkNumber('maxConcurrency', settings.maxConcurrency, 1, true);
    checkNumber('requestTimeoutMs', settings.requestTimeoutMs, 1, false);
    checkNumber('retryBaseDelayMs', settings.retryBaseDelayMs, 0, false);
    checkNumber('retryMaxDelayMs', settings.retryMaxDelayMs, 0, false);
    checkNumber('maxRetryAfterMs', settings.maxRetryAfterMs, 0, false);
    if (settings.requestsPerSecond !== undefined && !(settings.requestsPerSecond > 0)) {
      throw new ConfigurationError(`requestsPerSecond must be > 0 (got ${settings.requestsPerSecond})`);
    }
    // Every waiting or in-flight request listens on the stop signal; many at once is by design.
    setMaxListeners(0, this.controller.signal);
    this.maxRetries = settings.maxRetries ?? HTTP_DEFAULTS.maxRetries;
    this.timeoutMs = settings.requestTimeoutMs ?? HTTP_DEFAULTS.requestTimeoutMs;
    this.backoff = {
      baseDelayMs: settings.retryBaseDelayMs ?? HTTP_DEFAULTS.retryBaseDelayMs,
      maxDelayMs: settings.retryMaxDelayMs ?? HTTP_DEFAULTS.retryMaxDelayMs,
      maxRetryAfterMs: settings.maxRetryAfterMs ?? HTTP_DEFAULTS.maxRetryAfterMs,
    };
    this.semaphore = new Semaphore(settings.maxConcurrency ?? HTTP_DEFAULTS.maxConcurrency);
    this.bucket = settings.requestsPerSecond ? new TokenBucket(settings.requestsPerSecond) : undefined;
    this.http = axios.create({
      baseURL,
      headers: {
        Authorization: `Bearer ${settings.token}`,
        'User-Agent': `terraform-provider-apono/${packageInfo().version}`,
        Accept: 'application/json',
      },
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      // A redirect could downgrade to http or lead elsewhere; the API has no reason to redirect.
      maxRedirects: 0,
      // Never send a local sandbox's traffic through a corporate proxy.
      proxy: isLoopbackHost(new URL(baseURL).hostname) ? false : undefined,
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
    let priorAttemptUncertain = false;
    for (let retries = 0; ; retries += 1) {
      const outcome = await this.attempt(spec, url, cancelled(retries));
      progress(outcome.kind === 'response' ? outcome.status : undefined, retries);
      const canRetry = retries < this.maxRetries;
      if (outcome.kind === 'response') {
        if (outcome.status >= 200 && outcome.status < 300) {
          return {
            status: outcome.status,
            body: this.parseBody(spec.method, path, outcome.text, retries),
            path,
            retries,
          };
        }
        if (!(canRetry && isRetryableStatus(outcome.status))) {
          throw errorFromResponse({
            method: spec.method,
            path,
            status: outcome.status,
            body: redactSecret(outcome.text, this.settings.token),
            retries,
            priorAttemptUncertain,
          });
        }
        priorAttemptUncertain ||= isUncertainStatus(outcome.status);
        const retryAfterMs = parseRetryAfter(outcome.retryAfter, Date.now());
        await sleep(
          retryDelayMs(retries, this.backoff, retryAfterMs),
          this.controller.signal,
          cancelled(retries),
        );
        continue;
      }
      const failure = outcome.timedOut
        ? { retryable: true, uncertain: true }
        : classifyTransportError(outcome.errno, outcome.message);
      if (!(canRetry && failure.retryable)) {
        throw new ApiError({
          method: spec.method,
          path,
          code: outcome.timedOut ? 'timeout' : 'network',
          apiMessage: outcome.timedOut
            ? `no response within ${this.timeoutMs} ms`
            : `network error (${outcome.errno ?? 'no error code'})${
                outcome.errno === 'ECONNREFUSED' ? ': connection refused; is the endpoint right?' : ''
              }`,
          retries,
          priorAttemptUncertain,
        });
      }
      priorAttemptUncertain ||= failure.uncertain;
      await sleep(retryDelayMs(retries, this.backoff, undefined), this.controller.signal, cancelled(retries));
    }
  }

  /** One HTTP exchange, inside the concurrency and rate limits, with its own timeout. */
  private async attempt(spec: RequestSpec, url: string, cancelled: () => Error): Promise<AttemptOutcome> {
    const stopSignal = this.controller.signal;
    const release = await this.semaphore.acquire(stopSignal, cancelled);
    const timeout = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    try {
      if (this.bucket) await sleep(this.bucket.reserve(), stopSignal, cancelled);
      timer = setTimeout(() => timeout.abort(), this.timeoutMs);
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
