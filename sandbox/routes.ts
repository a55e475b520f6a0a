/** The route table: every endpoint of the API plus the `/_sandbox/` control API. */
import { notFound } from './errors';
import * as control from './handlers/control';
import type { ControlState } from './handlers/control';
import * as groups from './handlers/groups';
import * as users from './handlers/users';
import type { Reply, RequestContext, Route } from './router';

type StateHandler = (state: ControlState, context: RequestContext) => Reply;

/** What the routes serve besides the documented API. */
export interface RouteOptions {
  /** Serve the user-write extension (false: its routes answer 404, as on an Apono tenant). */
  readonly userWrites: boolean;
}

/** The path a template names with these parameters, e.g. `/api/admin/v3/users/u_1`. */
export function expandTemplate(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_whole, name: string) => encodeURIComponent(params[name] ?? ''));
}

/** A route that is not there: 404 like any unknown path, yet counted in the stats under its template. */
function absent(method: string, template: string): StateHandler {
  return (_state, { params }) => {
    throw notFound(`no such endpoint: ${method} ${expandTemplate(template, params)}`);
  };
}

/** Binds every handler to the sandbox state. */
export function buildRoutes(state: ControlState, options: RouteOptions = { userWrites: true }): Route[] {
  const route = (method: string, template: string, handler: StateHandler): Route => ({
    method,
    template,
    handler: (context) => handler(state, context),
  });
  // The provider's extension to Apono's API: the probe and the four user writes.
  const userWrite = (method: string, template: string, handler: StateHandler): Route =>
    route(method, template, options.userWrites ? handler : absent(method, template));
  return [
    route('GET', '/api/admin/v1/groups', groups.listGroups),
    route('POST', '/api/admin/v1/groups', groups.createGroup),
    route('GET', '/api/admin/v1/groups/{id}', groups.getGroup),
    route('DELETE', '/api/admin/v1/groups/{id}', groups.deleteGroup),
    route('PUT', '/api/admin/v1/groups/{id}/name', groups.renameGroup),
    route('GET', '/api/admin/v1/groups/{id}/members', groups.listMembers),
    route('PUT', '/api/admin/v1/groups/{id}/members', groups.replaceMembers),
    route('PUT', '/api/admin/v1/groups/{id}/members/{email}', groups.addMember),
    route('DELETE', '/api/admin/v1/groups/{id}/members/{email}', groups.removeMember),

    route('GET', '/api/admin/v3/users', users.listUsers),
    userWrite('POST', '/api/admin/v3/users', users.inviteUser),
    route('GET', '/api/admin/v3/users/{id}', users.getUser),
    userWrite('PATCH', '/api/admin/v3/users/{id}', users.updateUser),
    userWrite('DELETE', '/api/admin/v3/users/{id}', users.deleteUser),
    userWrite('POST', '/api/admin/v3/users/{id}/invitation', users.resendInvitation),
    userWrite('GET', '/api/admin/v3/user-writes', users.describeUserWrites),
    route('GET', '/api/v2/users', users.listLegacyUsers),
    route('GET', '/api/v2/users/{id}', users.getLegacyUser),

    route('GET', '/_sandbox/health', control.health),
    route('GET', '/_sandbox/faults', control.getFaults),
    route('POST', '/_sandbox/faults', control.setFaults),
    route('GET', '/_sandbox/stats', control.getStats),
    route('POST', '/_sandbox/stats/reset', control.resetStats),
    route('POST', '/_sandbox/reset', control.resetStore),
    route('POST', '/_sandbox/users/{id}/accept', control.acceptInvitation),
    route('POST', '/_sandbox/users/{id}/disable', control.disableUser),
    route('POST', '/_sandbox/users/{id}/idp', control.claimUser),
    route('POST', '/_sandbox/users/{id}/attributes', control.setUserAttributes),
    route('POST', '/_sandbox/groups/{id}/idp', control.claimGroup),
  ];
}
