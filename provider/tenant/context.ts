/** What every Apono resource and data source gets once the provider is configured. */
import type { AponoClient } from '../client';
import type { Group } from '../client/types';
import { Logger } from '../framework/types';
import { Directory } from './directory';

export interface AponoContext {
  readonly client: AponoClient;
  /** The API base URL (no credentials, query or fragment), for messages. */
  readonly endpoint: string;
  /** Shared listings of the tenant. */
  readonly directory: Directory;
  readonly log: Logger;
  /**
   * Group memberships of users destroyed as half of a replacement, by the email key of the user
   * that replaces them: the create of that user restores them (Apono drops a deleted user from
   * every group).
   */
  readonly carriedMemberships: Map<string, readonly Group[]>;
}

/** A context for a client: fresh listings, nothing carried over. */
export function aponoContext(client: AponoClient, endpoint: string, log: Logger): AponoContext {
  return { client, endpoint, directory: new Directory(client), log, carriedMemberships: new Map() };
}
