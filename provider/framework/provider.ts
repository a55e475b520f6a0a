/**
 * defineProvider(): the provider's own configuration and its resources and data sources, wrapped
 * so that every handler runs in a Session (the provider's context plus the run's memory).
 */
import { RunMemory } from './run';
import { Session } from './session';
import {
  BlockSchema,
  DataSourceDefinition,
  Diagnostic,
  Logger,
  ProviderDefinition,
  ResourceDefinition,
  TerraformInfo,
  TfObject,
} from './types';

/** What configure produced: the provider's context, or diagnostics saying why there is none. */
export interface Configured<Ctx> {
  readonly ctx: Ctx | null;
  readonly diagnostics: Diagnostic[];
  /** Creates may adopt existing objects that match their configuration. */
  readonly adoptExisting?: boolean;
}

/** A provider: settings, configuration, error descriptions, and what it serves. */
export interface Provider<Ctx> {
  /** Provider address, e.g. terraform.local/apono/apono. */
  readonly address: string;
  /** The remote service's name in messages, e.g. "Apono". */
  readonly service: string;
  readonly schema: BlockSchema;
  /** How a user turns adoption on, for messages. */
  readonly adoptionHowToEnable: string;
  readonly resources: ReadonlyArray<ResourceDefinition<Session<Ctx>>>;
  readonly dataSources: ReadonlyArray<DataSourceDefinition<Session<Ctx>>>;
  /** Static checks of the provider block (ValidateProviderConfig). */
  validate(config: TfObject): Diagnostic[];
  /**
   * `signal` aborts when Terraform stops the provider while configure is still running; `terraform`
   * says which Terraform runs the provider (e.g. for the User-Agent).
   */
  configure(
    config: TfObject,
    log: Logger,
    signal: AbortSignal,
    terraform: TerraformInfo,
  ): Promise<Configured<Ctx>>;
  /** A thrown error as a diagnostic a person can act on (it must never show a secret). */
  describeError(error: unknown, action: string, ctx: Ctx): Diagnostic;
  /** StopProvider: cancel in-flight work. */
  stop(ctx: Ctx): void;
}

/** Builds the protocol-level provider definition. */
export function defineProvider<Ctx>(provider: Provider<Ctx>): ProviderDefinition<Session<Ctx>> {
  const configuring = new Set<AbortController>();
  return {
    address: provider.address,
    schema: provider.schema,
    resources: provider.resources,
    dataSources: provider.dataSources,
    validate: (config) => provider.validate(config),
    async configure(config, log, terraform = { version: '' }) {
      const controller = new AbortController();
      configuring.add(controller);
      const configured = await provider
        .configure(config, log, controller.signal, terraform)
        .finally(() => configuring.delete(controller));
      if (configured.ctx === null) return { ctx: null, diagnostics: configured.diagnostics };
      const ctx = configured.ctx;
      const session: Session<Ctx> = {
        ctx,
        run: new RunMemory(),
        log,
        service: provider.service,
        adoption: { enabled: configured.adoptExisting === true, howToEnable: provider.adoptionHowToEnable },
        describeError: (error, action) => provider.describeError(error, action, ctx),
      };
      return { ctx: session, diagnostics: configured.diagnostics };
    },
    stop(session) {
      for (const controller of configuring) controller.abort();
      if (session !== null) provider.stop(session.ctx);
    },
  };
}
