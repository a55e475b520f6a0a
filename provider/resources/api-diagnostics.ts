import {
  ApiError,
  CancelledError,
  ConfigurationError,
  ForbiddenError,
  type TransportReason,
  TransportError,
  UnauthorizedError,
  UnsupportedEndpointError,
} from '../client/errors';
import { AttributePath, Diagnostic, PlanRequest, PlanResult } from '../framework/types';

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
 * Maps an error from the API client (or anything thrown) to one Terraform diagnostic a person can act
 * on. Only the error's own fields are used: nothing here can carry the API token.
 */
export function diagnosticFromError(error: unknown, action: string, path?: AttributePath): Diagnostic {
  const at = path === undefined ? {} : { path };
  if (error instanceof UnsupportedEndpointError) {
    return {
      severity: 'error',
      summary: `This Apono API does not support ${action} through the API`,
      detail:
        `${error.method} ${error.path} answered ${error.status ?? 'no status'}. Apono's public API documents no ` +
        'endpoint that invites, updates or deletes users; this provider uses an extension that the ' +
        'apono-sandbox implements. Against this API, invite the user in the Apono UI (Users > Invite User) ' +
        'or through your identity provider, then bring it under Terraform with ' +
        '`terraform import apono_user.<name> <email>` (or an `import {}` block).',
      ...at,
    };
  }
  if (error instanceof UnauthorizedError) {
    return {
      severity: 'error',
      summary: 'Apono rejected the personal token',
      detail:
        `${error.method} ${error.path} answered 401. Check the provider's personal_token ` +
        '(or APONO_PERSONAL_TOKEN) and endpoint (or APONO_ENDPOINT).',
      ...at,
    };
  }
  if (error instanceof ForbiddenError) {
    return {
      severity: 'error',
      summary: `Apono refused ${action}`,
      detail: `${error.method} ${error.path} answered 403: ${error.apiMessage}`,
      ...at,
    };
  }
  if (error instanceof CancelledError) {
    return {
      severity: 'error',
      summary: `Cancelled while ${action}`,
      detail: 'Terraform asked the provider to stop.',
      ...at,
    };
  }
  if (error instanceof ConfigurationError) {
    return { severity: 'error', summary: 'Invalid provider configuration', detail: error.message, ...at };
  }
  if (error instanceof TransportError) {
    return {
      severity: 'error',
      summary: error.headline,
      detail: `${error.method} ${error.path} failed while ${action}: ${error.apiMessage}. ${TRANSPORT_ADVICE[error.reason]}`,
      ...at,
    };
  }
  if (error instanceof ApiError) {
    const status = error.status === undefined ? 'failed' : `answered ${error.status}`;
    return {
      severity: 'error',
      summary: `Apono API error while ${action}`,
      detail: `${error.method} ${error.path} ${status}: ${error.apiMessage}`,
      ...at,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { severity: 'error', summary: `Unexpected error while ${action}`, detail: message, ...at };
}

/**
 * Wraps a resource's plan so that an API error it meets (looking up duplicates, aliases) becomes
 * one diagnostic a person can act on, not an unexpected error of the RPC.
 */
export function planReportingApiErrors<Ctx>(
  action: string,
  plan: (request: PlanRequest, ctx: Ctx) => Promise<PlanResult>,
): (request: PlanRequest, ctx: Ctx) => Promise<PlanResult> {
  return async (request, ctx) => {
    try {
      return await plan(request, ctx);
    } catch (error) {
      return { planned: null, diagnostics: [diagnosticFromError(error, action)] };
    }
  };
}
