/**
 * Route matching on path templates such as `/api/admin/v1/groups/{id}/members/{email}`. A path that
 * matches a template with another method is a 405 (with Allow), not a 404.
 */
import { badRequest } from './errors';

/** A route's handler input: decoded path parameters, the query and the parsed JSON body. */
export interface RequestContext {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

/** A handler's answer; no body means 204-style empty. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (context: RequestContext) => Reply;

export interface Route {
  method: string;
  template: string;
  handler: Handler;
}

/** The outcome of matching a request path. */
export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'wrong-method'; template: string; allowed: string[] }
  | { kind: 'none' };

function splitPath(pathname: string): string[] {
  // A trailing slash names the same resource.
  const trimmed = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
  return trimmed.split('/');
}

/** Matches one template against raw path segments; returns the decoded parameters or null. */
export function matchTemplate(template: string, segments: string[]): Record<string, string> | null {
  const parts = template.split('/');
  if (parts.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part.startsWith('{') && part.endsWith('}')) {
      if (segments[i] === '') return null;
      try {
        params[part.slice(1, -1)] = decodeURIComponent(segments[i]);
      } catch {
        throw badRequest(`path segment ${JSON.stringify(segments[i])} is not valid percent-encoding`);
      }
    } else if (part !== segments[i]) {
      return null;
    }
  }
  return params;
}

/** Finds the route for a method and path. */
export function matchRoute(routes: readonly Route[], method: string, pathname: string): RouteMatch {
  const segments = splitPath(pathname);
  let template: string | null = null;
  const allowed: string[] = [];
  for (const route of routes) {
    const params = matchTemplate(route.template, segments);
    if (params === null) continue;
    if (route.method === method) return { kind: 'found', route, params };
    template ??= route.template;
    allowed.push(route.method);
  }
  return template === null ? { kind: 'none' } : { kind: 'wrong-method', template, allowed };
}
