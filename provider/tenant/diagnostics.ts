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
import { errorDiagnostic, thrownMessage } from '../framework/diagnostics';
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

/**
 * An error of the API client (or anything thrown) while doing `action` ("inviting a user"), for
 * a diagnostic on `path` when given.
 */
export function describeApiError(error: unknown, action: string, path?: AttributePath): Diagnostic {
  if (error instanceof UnsupportedEndpointError) {
    return errorDiagnostic(
      `This Apono API does not support ${action} through the API`,
      `${error.method} ${error.path} answered ${error.status ?? 'no status'}. Apono's public API documents no ` +
        'endpoint that invites, updates or deletes users; this provider uses an extension that the ' +
        'apono-sandbox implements. Against this API, invite the user in the Apono UI (Users > Invite User) ' +
        'or through your identity provider, then bring it under Terraform with ' +
        '`terraform import apono_user.<name> <email>` (or an `import {}` block).',
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
