/** The control API under `/_sandbox/`: faults, stats, reset, and user lifecycle shortcuts. */
import { badRequest, notFound } from '../errors';
import { Faults, parseFaultSettings } from '../faults';
import type { User } from '../model';
import type { Reply, RequestContext } from '../router';
import type { RequestStats } from '../stats';
import { parseSetAttributes } from '../validation';
import type { SandboxState } from './context';

/** What the control handlers reach besides the store. */
export interface ControlState extends SandboxState {
  readonly faults: Faults;
  readonly stats: RequestStats;
}

/** GET /_sandbox/health: liveness plus a few figures (used by the benchmark for RSS). */
export function health(state: ControlState): Reply {
  return {
    status: 200,
    body: {
      status: 'ok',
      users: state.store.users.size,
      groups: state.store.groups.size,
      rss_bytes: process.memoryUsage().rss,
    },
  };
}

/** GET /_sandbox/faults */
export function getFaults(state: ControlState): Reply {
  return { status: 200, body: state.faults.current };
}

/** POST /_sandbox/faults: the body replaces every setting; missing fields are off. */
export function setFaults(state: ControlState, { body }: RequestContext): Reply {
  state.faults.replace(parseFaultSettings(body));
  return { status: 200, body: state.faults.current };
}

/** GET /_sandbox/stats */
export function getStats(state: ControlState): Reply {
  return { status: 200, body: state.stats.toJSON() };
}

/** POST /_sandbox/stats/reset */
export function resetStats(state: ControlState): Reply {
  state.stats.reset();
  return { status: 204 };
}

/** POST /_sandbox/reset: empties the store (durably, when persistent). */
export function resetStore(state: ControlState): Reply {
  state.commit({ op: 'reset' });
  return { status: 204 };
}

function transition(state: ControlState, id: string, change: (user: User) => User): Reply {
  const user = state.store.users.get(id);
  if (!user) throw notFound(`user ${JSON.stringify(id)} not found`);
  const updated = change(user);
  state.commit({ op: 'user.put', user: updated });
  return { status: 200, body: updated };
}

/** POST /_sandbox/users/{id}/accept: the user accepted the invitation. */
export function acceptInvitation(state: ControlState, { params }: RequestContext): Reply {
  return transition(state, params.id, (user) => ({ ...user, status: 'active', active: true }));
}

/** POST /_sandbox/users/{id}/disable: as when the IdP deactivates a user. */
export function disableUser(state: ControlState, { params }: RequestContext): Reply {
  return transition(state, params.id, (user) => ({ ...user, status: 'disabled', active: false }));
}

/**
 * POST /_sandbox/users/{id}/attributes `{"attributes": {...} | null}`: replaces the user's
 * attributes, as an identity provider sync would (Apono's API has no write for them).
 */
export function setUserAttributes(state: ControlState, { params, body }: RequestContext): Reply {
  const attributes = parseSetAttributes(body);
  return transition(state, params.id, (user) => ({ ...user, attributes }));
}

/** The IdP integration that takes an identity over, from a control request body. */
export function parseIdpClaim(body: unknown): {
  source_integration_id: string;
  source_integration_name: string;
} {
  const claim = (body ?? {}) as Record<string, unknown>;
  const id = claim.source_integration_id;
  const name = claim.source_integration_name ?? id;
  if (typeof id !== 'string' || id === '' || typeof name !== 'string') {
    throw badRequest(
      'source_integration_id (and optionally source_integration_name) must be non-empty strings',
    );
  }
  return { source_integration_id: id, source_integration_name: name };
}

/**
 * POST /_sandbox/users/{id}/idp: an identity provider takes the user over (SCIM sync of a user
 * first created in Apono); from then on the API refuses writes to it.
 */
export function claimUser(state: ControlState, { params, body }: RequestContext): Reply {
  const claim = parseIdpClaim(body);
  return transition(state, params.id, (user) => ({ ...user, ...claim }));
}

/**
 * POST /_sandbox/groups/{id}/idp: an identity provider takes the group over; `source_id` (the
 * group's id in the IdP) is optional and defaults to the one it had, else the Apono id.
 */
export function claimGroup(state: ControlState, { params, body }: RequestContext): Reply {
  const claim = parseIdpClaim(body);
  const sourceId = ((body ?? {}) as Record<string, unknown>).source_id;
  if (sourceId !== undefined && (typeof sourceId !== 'string' || sourceId === '')) {
    throw badRequest('source_id, when given, must be a non-empty string');
  }
  const group = state.store.groups.get(params.id);
  if (!group) throw notFound(`group ${JSON.stringify(params.id)} not found`);
  const updated = { ...group, ...claim, source_id: sourceId ?? group.source_id ?? group.id };
  state.commit({ op: 'group.put', group: updated });
  return { status: 200, body: updated };
}
