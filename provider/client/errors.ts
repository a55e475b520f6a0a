/**
 * The client's one error family. Errors are built from the HTTP method, path, status and body only:
 * never from an axios error or request config, which carry the Authorization header. That is how
 * the token is kept out of every message, `util.inspect` dump and stack.
 */

/** What went wrong, in terms a caller can branch on. */
export type ApiErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'server'
  | 'network'
  | 'timeout'
  | 'unsupported_endpoint'
  | 'invalid_response'
  | 'cancelled';

/** Everything an ApiError is built from. */
export interface ApiErrorInit {
  readonly method: string;
  /** The request path without host or query, e.g. `/api/admin/v3/users/u_1`. */
  readonly path: string;
  readonly status?: number;
  readonly code: ApiErrorCode;
  readonly apiMessage?: string;
  /** How many times the request was retried before this error. */
  readonly retries?: number;
  /** True when an earlier attempt of this request may have been applied by the server. */
  readonly priorAttemptUncertain?: boolean;
  /** Why the client stopped retrying when it was not the retry count (e.g. the operation deadline). */
  readonly note?: string;
  /** Overrides the generated message. */
  readonly message?: string;
}

/** A failed Apono API call. */
export class ApiError extends Error {
  readonly method: string;
  readonly path: string;
  readonly status: number | undefined;
  readonly code: ApiErrorCode;
  readonly apiMessage: string | undefined;
  readonly retries: number;
  readonly priorAttemptUncertain: boolean;

  constructor(init: ApiErrorInit) {
    super(init.message ?? describeApiFailure(init));
    this.name = new.target.name;
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
    this.code = init.code;
    this.apiMessage = init.apiMessage;
    this.retries = init.retries ?? 0;
    this.priorAttemptUncertain = init.priorAttemptUncertain ?? false;
  }
}

/** 404 on a read, or on a write for an object that does not exist. */
export class NotFoundError extends ApiError {
  constructor(init: Omit<ApiErrorInit, 'code'>) {
    super({ ...init, code: 'not_found' });
  }
}

/** 409: the object exists already (`existingId` names it when the API says which). */
export class ConflictError extends ApiError {
  readonly existingId: string | undefined;

  constructor(init: Omit<ApiErrorInit, 'code'> & { readonly existingId?: string }) {
    super({ ...init, code: 'conflict' });
    this.existingId = init.existingId;
  }
}

/** 403, e.g. a write to a user or group owned by an identity provider. */
export class ForbiddenError extends ApiError {
  constructor(init: Omit<ApiErrorInit, 'code'>) {
    super({ ...init, code: 'forbidden' });
  }
}

/** 401: the token is missing, wrong or expired. */
export class UnauthorizedError extends ApiError {
  constructor(init: Omit<ApiErrorInit, 'code'>) {
    super({ ...init, code: 'unauthorized' });
  }
}

/** The API does not implement the provider's user-write extension (404/405 on its paths). */
export class UnsupportedEndpointError extends ApiError {
  constructor(init: Omit<ApiErrorInit, 'code' | 'message'>) {
    super({
      ...init,
      code: 'unsupported_endpoint',
      message:
        `${init.method} ${init.path}: this Apono API does not implement the user-write extension ` +
        `(HTTP ${init.status ?? '?'}); Apono documents no endpoint that invites, updates or deletes users.`,
    });
  }
}

/** A response body that is not JSON or does not match its schema in schema/api/. */
export class ResponseValidationError extends ApiError {
  /** JSON pointer of the offending field (`''` for the whole body). */
  readonly field: string;
  readonly reason: string;

  constructor(init: Omit<ApiErrorInit, 'code' | 'message'> & { field: string; reason: string }) {
    super({
      ...init,
      code: 'invalid_response',
      message:
        init.field === ''
          ? `${init.method} ${init.path}: response body ${init.reason}`
          : `${init.method} ${init.path}: response field ${init.field} ${init.reason}`,
    });
    this.field = init.field;
    this.reason = init.reason;
  }
}

/** The client was stopped while the request was in flight or waiting. */
export class CancelledError extends ApiError {
  constructor(init: Pick<ApiErrorInit, 'method' | 'path' | 'retries'>) {
    super({ ...init, code: 'cancelled', message: `${init.method} ${init.path}: cancelled (client stopped)` });
  }
}

/** How a request that got no HTTP answer failed, in terms a person can act on. */
export type TransportReason =
  | 'connection_refused'
  | 'host_not_found'
  | 'host_unreachable'
  | 'tls'
  | 'connection_reset'
  | 'timeout'
  | 'network';

/** Everything a TransportError is built from: no request config, no headers. */
export interface TransportErrorInit {
  readonly method: string;
  readonly path: string;
  readonly reason: TransportReason;
  /** The endpoint without credentials, query or fragment, e.g. `https://api.apono.io`. */
  readonly baseUrl: string;
  /** The Node error code (ECONNREFUSED, CERT_HAS_EXPIRED, ...) when there is one. */
  readonly errno?: string;
  /** For a timeout: how long an attempt waited, at most. */
  readonly attemptTimeoutMs?: number;
  readonly retries?: number;
  readonly priorAttemptUncertain?: boolean;
  readonly note?: string;
}

/**
 * A request that got no HTTP answer: refused, unresolvable, TLS failure, reset or no response.
 * `headline` says what happened and where, for a diagnostic's summary; the message adds the
 * method and path.
 */
export class TransportError extends ApiError {
  readonly reason: TransportReason;
  readonly baseUrl: string;
  readonly headline: string;

  constructor(init: TransportErrorInit) {
    const { headline, detail } = describeTransportFailure(init);
    const retried = init.retries ? ` after ${init.retries} ${init.retries === 1 ? 'retry' : 'retries'}` : '';
    const tail = init.note !== undefined ? `; ${init.note}` : retried;
    super({
      method: init.method,
      path: init.path,
      code: init.reason === 'timeout' ? 'timeout' : 'network',
      apiMessage: `${detail}${tail}`,
      retries: init.retries,
      priorAttemptUncertain: init.priorAttemptUncertain,
      message: `${init.method} ${init.path}: ${headline}: ${detail}${tail}`,
    });
    this.reason = init.reason;
    this.baseUrl = init.baseUrl;
    this.headline = headline;
  }
}

/** `30000` as `30 s`, `1500` as `1.5 s`. */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

/** The headline (what happened, where) and the detail (how) of a transport failure. */
export function describeTransportFailure(init: TransportErrorInit): { headline: string; detail: string } {
  const code = init.errno === undefined ? '' : ` (${init.errno})`;
  switch (init.reason) {
    case 'connection_refused':
      return {
        headline: `Cannot reach ${init.baseUrl}: connection refused`,
        detail: `nothing accepted the connection${code}`,
      };
    case 'host_not_found':
      return {
        headline: `Cannot resolve the host ${hostOf(init.baseUrl)} (check endpoint)`,
        detail: `the DNS lookup failed${code}`,
      };
    case 'host_unreachable':
      return {
        headline: `Cannot reach ${init.baseUrl}: no route to the host`,
        detail: `the network cannot reach the host${code}`,
      };
    case 'tls':
      return {
        headline: `TLS connection to ${init.baseUrl} failed`,
        detail: `the TLS handshake failed${code}`,
      };
    case 'connection_reset':
      return {
        headline: `Connection to ${init.baseUrl} was reset`,
        detail: `the connection closed before an answer${code}`,
      };
    case 'timeout':
      return {
        headline: `No response from ${init.baseUrl}`,
        detail:
          init.attemptTimeoutMs === undefined
            ? `no response${code}`
            : `no response within ${formatSeconds(init.attemptTimeoutMs)}`,
      };
    case 'network':
      return {
        headline: `Cannot reach ${init.baseUrl}`,
        detail: `network error${code === '' ? ' (no error code)' : code}`,
      };
  }
}

/** A client setting is invalid; thrown before any request is sent. */
export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigurationError';
  }
}

const MAX_RAW_BODY_CHARS = 300;

/** Maps an HTTP status to an error code (2xx and 1xx are not errors and map to invalid_response). */
export function codeForStatus(status: number): ApiErrorCode {
  if (status === 400 || status === 422) return 'bad_request';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server';
  if (status >= 400) return 'bad_request';
  // 1xx/3xx (redirects are not followed) or a 2xx the caller did not expect.
  return 'invalid_response';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function parseJsonObject(body: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Truncates text to `max` characters, marking the cut. */
export function truncate(text: string, max = MAX_RAW_BODY_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/**
 * Apono's message from an error body: `{message}`, `{error_code, error_details}` or
 * `{status, code}` (the documented 401 shape), else the truncated raw body; undefined when empty.
 */
export function parseApiMessage(body: string): string | undefined {
  const object = parseJsonObject(body);
  if (object) {
    const message = scalarText(object.message);
    if (message !== undefined) return message;
    const errorCode = scalarText(object.error_code);
    const errorDetails = scalarText(object.error_details);
    if (errorCode !== undefined || errorDetails !== undefined) {
      return [errorCode, errorDetails].filter((part) => part !== undefined).join(': ');
    }
    const code = scalarText(object.code);
    const status = scalarText(object.status);
    if (code !== undefined) return status !== undefined ? `${code} (${status})` : code;
  }
  const raw = body.trim();
  return raw === '' ? undefined : truncate(raw);
}

/** The id of the existing object named in a 409 body (`existing_user_id` / `existing_group_id`). */
export function parseExistingId(body: string): string | undefined {
  const object = parseJsonObject(body);
  if (!object) return undefined;
  for (const key of ['existing_user_id', 'existing_group_id', 'existing_id']) {
    const value = object[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/** Replaces every occurrence of `secret` in `text`, in case a server echoes the token back. */
export function redactSecret(text: string, secret: string): string {
  return secret === '' ? text : text.split(secret).join('[redacted]');
}

function describeApiFailure(init: ApiErrorInit): string {
  const retried =
    init.note !== undefined
      ? `; ${init.note}`
      : init.retries
        ? ` after ${init.retries} ${init.retries === 1 ? 'retry' : 'retries'}`
        : '';
  const what =
    init.status !== undefined
      ? `HTTP ${init.status}${init.apiMessage !== undefined ? `: ${init.apiMessage}` : ''}`
      : (init.apiMessage ?? init.code);
  return `${init.method} ${init.path}: ${what}${retried}`;
}

/** Everything known about a non-2xx response. */
export interface FailedResponse {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** The raw body, already redacted. */
  readonly body: string;
  readonly retries: number;
  readonly priorAttemptUncertain: boolean;
  /** Why retrying stopped early (e.g. the operation deadline). */
  readonly note?: string;
}

/** Builds the error for a non-success response: the subclass follows the status. */
export function errorFromResponse(response: FailedResponse): ApiError {
  const init = {
    method: response.method,
    path: response.path,
    status: response.status,
    apiMessage: parseApiMessage(response.body),
    retries: response.retries,
    priorAttemptUncertain: response.priorAttemptUncertain,
    ...(response.note !== undefined ? { note: response.note } : {}),
  };
  switch (codeForStatus(response.status)) {
    case 'unauthorized':
      return new UnauthorizedError(init);
    case 'forbidden':
      return new ForbiddenError(init);
    case 'not_found':
      return new NotFoundError(init);
    case 'conflict':
      return new ConflictError({ ...init, existingId: parseExistingId(response.body) });
    default:
      return new ApiError({ ...init, code: codeForStatus(response.status) });
  }
}
