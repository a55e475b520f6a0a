/**
 * The Apono API client. It knows HTTP and Apono's shapes and nothing about Terraform: resources
 * call it and map its errors to diagnostics.
 */

import { inspect } from 'node:util';
import { GroupsApi } from './groups';
import { HttpCore, type HttpSettings } from './http';
import { UsersApi } from './users';

/** Client settings: endpoint and token, plus retry, rate and timeout knobs (see SETTING_RULES). */
export type AponoClientSettings = HttpSettings;

/** One client per provider configuration; `stop()` cancels everything it has in flight. */
export class AponoClient {
  readonly users: UsersApi;
  readonly groups: GroupsApi;
  private readonly http: HttpCore;

  /** Throws ConfigurationError for bad settings, before any request is sent. */
  constructor(settings: AponoClientSettings) {
    this.http = new HttpCore(settings);
    this.users = new UsersApi(this.http);
    this.groups = new GroupsApi(this.http);
  }

  /** Keeps the token out of logs that dump the client. */
  [inspect.custom](): string {
    return `AponoClient { ${inspect(this.http)} }`;
  }

  /** Same as the inspect form, for JSON.stringify. */
  toJSON(): object {
    return { http: this.http.toJSON() };
  }

  /** Aborts in-flight requests and pending retries; they reject with CancelledError. */
  stop(): void {
    this.http.stop();
  }
}

export * from './types';
export * from './errors';
export { type HttpSettings, type RequestEvent } from './http';
export * from './settings';
export { UsersApi } from './users';
export { GroupsApi } from './groups';
