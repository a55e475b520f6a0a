/**
 * API failures as diagnostics a person can act on, shared by every resource and data source and
 * by the provider's configure. Only the errors' own fields are used (method, path, status, the
 * API's message): nothing here can carry the API token.
 */
import {
  ApiError,
  CancelledError,
  ConfigurationError,
  ForbiddenError,
  NotFoundError,
  ResponseValidationError,
  type TransportReason,
  TransportError,
  UnauthorizedError,
  UnsupportedEndpointError,
} from '../client/errors';
import { USER_WRITES_PROBE } from '../client/users';
import { errorDiagnostic, thrownMessage } from '../framework/diagnostics';
import type { PlannedWrite } from '../framework/resource';
import { AttributePath, Diagnostic } from '../framework/types';

/** What a person can do about each kind of transport failure. */
const TRANSPORT_ADVICE: Readonly<Record<TransportReason, string>> = {
  connection_refused: "Check the provider's endpoint (or APONO_ENDPOINT) and that the API is up.",
  host_not_found: "Check the host name in the provider's endpoint (or APONO_ENDPOINT) and your DNS.",
  host_unreachable: "Check the provider's endpoint (or APONO_ENDPOINT) and your network or VPN.",
  tls: "Check the provider's endpoint (or APONO_ENDPOINT): its scheme (https:// or http://) and the server's certificate.",
  connection_reset:
    'The connection dropped before an answer; retry, and check any proxy or firewall on the way.',
  timeout:
    'Check that the endpoint answers. request_timeout (APONO_REQUEST_TIMEOUT) bounds one attempt and ' +
    'operation_timeout (APONO_OPERATION_TIMEOUT) the whole operation, retries included.',
  network: "Check the provider's endpoint (or APONO_ENDPOINT) and your network.",
};

/** Why a user write cannot be sent, for every message about the missing extension. */
const MISSING_EXTENSION =
  "Apono's public API has no endpoint that invites, updates or deletes users; this provider sends them " +
  'through an extension of the API (apono-sandbox serves it; see the user-write extension in the ' +
  "provider's schema/README.md), and this tenant does not serve it.";

/** The ways to keep using apono_user without user writes. */
const WAYS_OUT =
  'Without the extension, apono_user can still manage users that exist in Apono as they are: import one ' +
  '(`terraform import apono_user.<name> <email>` or an `import` block), keep its configuration equal to ' +
  'what Apono shows, and set keep_on_destroy = true so that removing it only forgets it; stop managing ' +
  'one with a `removed` block with `lifecycle { destroy = false }`; or only read users with the apono_user ' +
  'data source.';

/** What to do instead of a user write, by the kind of write. */
const INSTEAD: Readonly<Record<PlannedWrite, string>> = {
  create:
    "Invite the user in Apono's UI (Users > Invite User) or through your identity provider, then import it.",
  update:
    "Make the change in Apono's UI and then in the configuration, or leave the attribute to Apono with " +
    '`lifecycle { ignore_changes = [...] }`, so that the plan holds no update.',
  replace:
    'A replacement (a new email, -replace or taint) deletes the user and invites a new one: keep the email ' +
    "the state holds, or make the change in Apono's UI and import the user it gives.",
  delete:
    'To stop managing the user without deleting it, set keep_on_destroy = true and apply (this changes only ' +
    'the state) before removing the block, or replace the block by a `removed` block with ' +
    "`lifecycle { destroy = false }`; delete the user in Apono's UI if it must go.",
};

/**
 * The plan of a user write on a tenant without the user-write extension: one error per resource,
 * naming the probe that found it missing and the ways out.
 */
export function userWritesMissing(write: PlannedWrite, endpoint: string): Diagnostic {
  const verb = { create: 'invite', update: 'update', replace: 'replace', delete: 'delete' }[write];
  return errorDiagnostic(
    `Cannot ${verb} this user: this Apono tenant lacks the user-write extension`,
    `The extension's probe, GET ${USER_WRITES_PROBE} at ${endpoint}, found none: ${MISSING_EXTENSION} ` +
      'Nothing was sent. ' +
      `${INSTEAD[write]}\n\n${WAYS_OUT}`,
  );
}

/** The advice after a user write answered 404/405 at apply: it fits the write that failed. */
function unsupportedWriteAdvice(method: string, path: string): string {
  if (method === 'PATCH') return `Nothing was changed. ${INSTEAD.update}`;
  if (method === 'DELETE') return `The user was not deleted. ${INSTEAD.delete}`;
  if (path.endsWith('/invitation')) return "Send the invitation again from Apono's UI.";
  return (
    "Nothing was invited. Invite the user in Apono's UI (Users > Invite User) or through your identity " +
    'provider, then import it with `terraform import apono_user.<name> <email>` or an `import` block.'
  );
}

/**
 * An error of the API client (or anything thrown) while doing `action` ("inviting a user"), for
 * a diagnostic on `path` when given.
 */
export function describeApiError(error: unknown, action: string, path?: AttributePath): Diagnostic {
  if (error instanceof UnsupportedEndpointError) {
    return errorDiagnostic(
      'This Apono tenant lacks the user-write extension',
      `${error.method} ${error.path} answered ${error.status ?? 'no status'} while ${action}: ${MISSING_EXTENSION} ` +
        `The plan found the extension (GET ${USER_WRITES_PROBE}): the tenant changed since, or serves only part of it. ` +
        unsupportedWriteAdvice(error.method, error.path),
      path,
    );
  }
  if (error instanceof UnauthorizedError) {
    return errorDiagnostic(
      'Apono rejected the personal token',
      `${error.method} ${error.path} answered 401. Check the provider's personal_token ` +
        '(or APONO_PERSONAL_TOKEN) and endpoint (or APONO_ENDPOINT).',
      path,
    );
  }
  if (error instanceof ForbiddenError) {
    return errorDiagnostic(
      `Apono refused ${action}`,
      `${error.method} ${error.path} answered 403: ${error.apiMessage ?? 'no reason given'}`,
      path,
    );
  }
  if (error instanceof CancelledError) {
    return errorDiagnostic(`Cancelled while ${action}`, 'Terraform asked the provider to stop.', path);
  }
  if (error instanceof ConfigurationError) {
    return errorDiagnostic('Invalid provider configuration', error.message, path);
  }
  if (error instanceof TransportError) {
    return errorDiagnostic(
      error.headline,
      `${error.method} ${error.path} failed while ${action}: ${error.apiMessage}. ${TRANSPORT_ADVICE[error.reason]}`,
      path,
    );
  }
  if (error instanceof ResponseValidationError) {
    return errorDiagnostic(
      `Unexpected response from the Apono API while ${action}`,
      `${error.method} ${error.path} answered with a body the provider cannot use: ${invalidPart(error)}. ` +
        "The provider accepts the response shapes of Apono's API (schema/api/ in the provider package); " +
        'check that endpoint (or APONO_ENDPOINT) is the Apono API.',
      path,
    );
  }
  if (error instanceof ApiError) {
    const status = error.status === undefined ? 'failed' : `answered ${error.status}`;
    return errorDiagnostic(
      `Apono API error while ${action}`,
      error.apiMessage === undefined
        ? `${error.method} ${error.path} ${status} with no message`
        : `${error.method} ${error.path} ${status}: ${error.apiMessage}`,
      path,
    );
  }
  return errorDiagnostic(`Unexpected error while ${action}`, thrownMessage(error), path);
}

/** What is wrong with a response body: `field /items/0/name is required but missing`. */
function invalidPart(error: ResponseValidationError): string {
  return error.field === '' ? `the body ${error.reason}` : `field ${error.field} ${error.reason}`;
}

/** Which provider settings the configuration sets (the others come from environment variables). */
export interface SettingOrigins {
  readonly token: boolean;
  readonly endpoint: boolean;
}

/**
 * A failure of the access check at configure (the first page of users), on the provider setting
 * to fix: the token for 401 and 403, the endpoint for everything else. The diagnostic points at the
 * attribute only when the configuration sets it (an env var has no place in the configuration).
 */
export function describeAccessError(error: unknown, endpoint: string, origins: SettingOrigins): Diagnostic {
  const url = error instanceof ApiError ? `${endpoint}${error.path}` : endpoint;
  const tokenPath = origins.token ? ['personal_token'] : undefined;
  const endpointPath = origins.endpoint ? ['endpoint'] : undefined;
  if (error instanceof UnauthorizedError) {
    return errorDiagnostic(
      'Apono rejected the personal token',
      `GET ${url} answered 401. Check the provider's personal_token (or APONO_PERSONAL_TOKEN), and that ` +
        'endpoint (or APONO_ENDPOINT) is the API of the tenant the token belongs to.',
      tokenPath,
    );
  }
  if (error instanceof ForbiddenError) {
    return errorDiagnostic(
      'Apono refused the personal token',
      `GET ${url} answered 403: ${error.apiMessage ?? 'no reason given'}. The token needs access to the ` +
        "tenant's users and groups (personal_token or APONO_PERSONAL_TOKEN).",
      tokenPath,
    );
  }
  if (error instanceof NotFoundError || (error instanceof ApiError && error.status === 405)) {
    return errorDiagnostic(
      'The endpoint does not serve the Apono API',
      `GET ${url} answered ${error.status}. Set endpoint (or APONO_ENDPOINT) to the API's base URL, ` +
        'e.g. https://api.apono.io.',
      endpointPath,
    );
  }
  return describeApiError(error, 'checking access to Apono', endpointPath);
}
