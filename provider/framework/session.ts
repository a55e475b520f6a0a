/**
 * The context every resource and data source handler runs in once the provider is configured: the
 * provider's own context plus what the framework needs across calls of one process.
 */
import { RunMemory } from './run';
import { Diagnostic, Logger } from './types';

/** Adoption of existing remote objects by creates (a provider setting). */
export interface AdoptionSetting {
  /** True when a create may adopt an existing object that matches its configuration. */
  readonly enabled: boolean;
  /** How a user turns it on, for messages, e.g. "adopt_existing = true in the provider block". */
  readonly howToEnable: string;
}

/** One configured provider process, as handlers see it. */
export interface Session<Ctx> {
  /** The provider's own context (API client, caches). */
  readonly ctx: Ctx;
  /** What this process has learned about the run. */
  readonly run: RunMemory;
  readonly log: Logger;
  /** The name of the remote service in messages, e.g. "Apono". */
  readonly service: string;
  readonly adoption: AdoptionSetting;
  /** A thrown error (a failed API call, a bug) as a diagnostic a person can act on. */
  describeError(error: unknown, action: string): Diagnostic;
}
