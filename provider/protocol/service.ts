/**
 * The tfplugin6.Provider implementation: decodes requests into plain values, dispatches to the
 * ProviderDefinition, encodes the results. A thrown error always becomes an error diagnostic in the
 * response, never a gRPC error (Terraform would report those as a crashed plugin).
 */
import * as grpc from '@grpc/grpc-js';
import {
  BlockSchema,
  DataSourceDefinition,
  Diagnostic,
  Logger,
  PrivateData,
  ProviderDefinition,
  ResourceDefinition,
  TfObject,
} from '../framework/types';
import { hasErrors, thrownMessage } from '../framework/diagnostics';
import { encodeAttributePath, encodeDiagnostics } from './diagnostics';
import type {
  ApplyResourceChangeRequest,
  ApplyResourceChangeResponse,
  CallFunctionRequest,
  CallFunctionResponse,
  ConfigureProviderRequest,
  ConfigureProviderResponse,
  GetFunctionsResponse,
  GetMetadataResponse,
  GetProviderSchemaResponse,
  ImportResourceStateRequest,
  ImportResourceStateResponse,
  MoveResourceStateRequest,
  MoveResourceStateResponse,
  PlanResourceChangeRequest,
  PlanResourceChangeResponse,
  ReadDataSourceRequest,
  ReadDataSourceResponse,
  ReadResourceRequest,
  ReadResourceResponse,
  ServerCapabilitiesMessage,
  StopProviderResponse,
  UpgradeResourceStateRequest,
  UpgradeResourceStateResponse,
  ValidateDataResourceConfigRequest,
  ValidateDataResourceConfigResponse,
  ValidateProviderConfigRequest,
  ValidateProviderConfigResponse,
  ValidateResourceConfigRequest,
  ValidateResourceConfigResponse,
} from './proto';
import { encodeSchema } from './schema';
import { blockType, decodeBlockValue, decodeJson, encodeBlockValue } from './values';

/** Capabilities announced in GetMetadata and GetProviderSchema. */
export const SERVER_CAPABILITIES: ServerCapabilitiesMessage = {
  plan_destroy: true,
  get_provider_schema_optional: true,
  // Every resource answers MoveResourceState: with its state, or with an error naming the sources it accepts.
  move_resource_state: true,
};

const EMPTY = Buffer.alloc(0);

/** Thrown inside a handler to answer with exactly these diagnostics. */
class DiagnosticError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.summary);
  }
}

function fail(summary: string, detail?: string): never {
  throw new DiagnosticError({ severity: 'error', summary, detail });
}

function diagnosticOf(error: unknown, rpc: string): Diagnostic {
  if (error instanceof DiagnosticError) return error.diagnostic;
  return { severity: 'error', summary: `Unexpected error in ${rpc}`, detail: thrownMessage(error) };
}

/** Private data as the framework sees it: a JSON object, or null when empty or not ours. */
export function decodePrivate(bytes: Uint8Array): PrivateData | null {
  if (bytes.length === 0) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as PrivateData)
      : null;
  } catch {
    return null;
  }
}

/** Private data as Terraform stores it: JSON bytes. */
export function encodePrivate(data: PrivateData): Buffer {
  return Buffer.from(JSON.stringify(data), 'utf8');
}

/** The stored state of a move's source object: a JSON object (the legacy flatmap form is refused). */
function decodeSourceState(json: Uint8Array | undefined, from: string): Readonly<Record<string, unknown>> {
  if (json === undefined || json.length === 0) {
    fail('Unsupported state format', `The state of ${from} has no JSON form (legacy flatmap or empty).`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(json).toString('utf8'));
  } catch {
    fail('Unsupported state format', `The state of ${from} is not valid JSON.`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    fail('Unsupported state format', `The state of ${from} is not a JSON object.`);
  }
  return parsed as Readonly<Record<string, unknown>>;
}

/** Provider state across RPCs: the definition and the context ConfigureProvider produced. */
export class ProviderService<Ctx> {
  private ctx: Ctx | null = null;
  private readonly resources: ReadonlyMap<string, ResourceDefinition<Ctx>>;
  private readonly dataSources: ReadonlyMap<string, DataSourceDefinition<Ctx>>;

  constructor(
    private readonly definition: ProviderDefinition<Ctx>,
    private readonly logger: Logger,
  ) {
    this.resources = new Map(definition.resources.map((resource) => [resource.typeName, resource]));
    this.dataSources = new Map(definition.dataSources.map((source) => [source.typeName, source]));
  }

  private resource(typeName: string): ResourceDefinition<Ctx> {
    return (
      this.resources.get(typeName) ??
      fail('Unknown resource type', `This provider has no resource type "${typeName}".`)
    );
  }

  private dataSource(typeName: string): DataSourceDefinition<Ctx> {
    return (
      this.dataSources.get(typeName) ??
      fail('Unknown data source', `This provider has no data source "${typeName}".`)
    );
  }

  private configured(): Ctx {
    if (this.ctx === null) {
      fail(
        'Provider not configured',
        'Terraform called the provider before ConfigureProvider succeeded; check the provider block for errors.',
      );
    }
    return this.ctx;
  }

  private object(value: TfObject | null, what: string): TfObject {
    return value ?? fail(`Missing ${what}`, `Terraform sent a null ${what}.`);
  }

  getMetadata(): Promise<GetMetadataResponse> {
    return Promise.resolve({
      server_capabilities: SERVER_CAPABILITIES,
      resources: [...this.resources.keys()].map((type_name) => ({ type_name })),
      data_sources: [...this.dataSources.keys()].map((type_name) => ({ type_name })),
      functions: [],
      diagnostics: [],
    });
  }

  getProviderSchema(): Promise<GetProviderSchemaResponse> {
    const schemas = (items: Iterable<{ typeName: string; schema: BlockSchema }>) =>
      Object.fromEntries([...items].map((item) => [item.typeName, encodeSchema(item.schema)]));
    // provider_meta is left out: an empty Schema (no block) would crash the CLI.
    return Promise.resolve({
      provider: encodeSchema(this.definition.schema),
      resource_schemas: schemas(this.resources.values()),
      data_source_schemas: schemas(this.dataSources.values()),
      server_capabilities: SERVER_CAPABILITIES,
      diagnostics: [],
    });
  }

  validateProviderConfig(request: ValidateProviderConfigRequest): Promise<ValidateProviderConfigResponse> {
    const config = decodeBlockValue(this.definition.schema, request.config);
    const diagnostics = config === null ? [] : this.definition.validate(config);
    return Promise.resolve({ diagnostics: encodeDiagnostics(diagnostics) });
  }

  validateResourceConfig(request: ValidateResourceConfigRequest): Promise<ValidateResourceConfigResponse> {
    const resource = this.resource(request.type_name ?? '');
    const config = decodeBlockValue(resource.schema, request.config);
    return Promise.resolve({
      diagnostics: encodeDiagnostics(config === null ? [] : resource.validate(config)),
    });
  }

  validateDataResourceConfig(
    request: ValidateDataResourceConfigRequest,
  ): Promise<ValidateDataResourceConfigResponse> {
    const dataSource = this.dataSource(request.type_name ?? '');
    const config = decodeBlockValue(dataSource.schema, request.config);
    return Promise.resolve({
      diagnostics: encodeDiagnostics(config === null ? [] : dataSource.validate(config)),
    });
  }

  async configureProvider(request: ConfigureProviderRequest): Promise<ConfigureProviderResponse> {
    const config = decodeBlockValue(this.definition.schema, request.config) ?? {};
    const terraform = { version: request.terraform_version ?? '' };
    const { ctx, diagnostics } = await this.definition.configure(config, this.logger, terraform);
    this.ctx = hasErrors(diagnostics) ? null : ctx;
    return { diagnostics: encodeDiagnostics(diagnostics) };
  }

  /** Called for every stored object on every run: JSON state -> msgpack of the current schema. */
  upgradeResourceState(request: UpgradeResourceStateRequest): Promise<UpgradeResourceStateResponse> {
    const resource = this.resource(request.type_name);
    const json = request.raw_state?.json;
    if (!json || json.length === 0) {
      const legacy = Object.keys(request.raw_state?.flatmap ?? {}).length > 0;
      if (legacy) fail('Unsupported state format', 'The stored state is in the legacy flatmap format.');
      return Promise.resolve({ upgraded_state: encodeBlockValue(resource.schema, null), diagnostics: [] });
    }
    const state = decodeJson(blockType(resource.schema), json) as TfObject | null;
    if (state !== null && this.ctx !== null) resource.noteStateObject?.(state, this.ctx);
    return Promise.resolve({ upgraded_state: encodeBlockValue(resource.schema, state), diagnostics: [] });
  }

  async readResource(request: ReadResourceRequest): Promise<ReadResourceResponse> {
    const resource = this.resource(request.type_name);
    const current = decodeBlockValue(resource.schema, request.current_state);
    const privateState = request.private ?? EMPTY;
    if (current === null) {
      return { new_state: encodeBlockValue(resource.schema, null), private: privateState, diagnostics: [] };
    }
    const result = await resource.read(current, this.configured());
    return {
      new_state: encodeBlockValue(resource.schema, result.state),
      private: privateState,
      diagnostics: encodeDiagnostics(result.diagnostics),
    };
  }

  async planResourceChange(request: PlanResourceChangeRequest): Promise<PlanResourceChangeResponse> {
    const resource = this.resource(request.type_name);
    const priorPrivate = request.prior_private ?? EMPTY;
    const result = await resource.plan(
      {
        priorPrivate: decodePrivate(priorPrivate),
        prior: decodeBlockValue(resource.schema, request.prior_state),
        proposed: decodeBlockValue(resource.schema, request.proposed_new_state),
        config: decodeBlockValue(resource.schema, request.config),
      },
      this.configured(),
    );
    return {
      planned_state: encodeBlockValue(resource.schema, result.planned),
      requires_replace: (result.requiresReplace ?? []).map(encodeAttributePath),
      planned_private:
        result.plannedPrivate === undefined ? priorPrivate : encodePrivate(result.plannedPrivate),
      diagnostics: encodeDiagnostics(result.diagnostics),
    };
  }

  async applyResourceChange(request: ApplyResourceChangeRequest): Promise<ApplyResourceChangeResponse> {
    const resource = this.resource(request.type_name);
    const result = await resource.apply(
      {
        prior: decodeBlockValue(resource.schema, request.prior_state),
        planned: decodeBlockValue(resource.schema, request.planned_state),
        config: decodeBlockValue(resource.schema, request.config),
        plannedPrivate: decodePrivate(request.planned_private ?? EMPTY),
      },
      this.configured(),
    );
    return {
      new_state: encodeBlockValue(resource.schema, result.state),
      private: request.planned_private ?? EMPTY,
      diagnostics: encodeDiagnostics(result.diagnostics),
    };
  }

  async importResourceState(request: ImportResourceStateRequest): Promise<ImportResourceStateResponse> {
    const resource = this.resource(request.type_name);
    const result = await resource.importState(request.id, this.configured());
    const diagnostics = [...(result.diagnostics ?? [])];
    if (hasErrors(diagnostics))
      return { imported_resources: [], diagnostics: encodeDiagnostics(diagnostics) };
    if (result.state === null) {
      diagnostics.push({
        severity: 'error',
        summary: 'Cannot import non-existent remote object',
        detail: `No ${request.type_name} with id "${request.id}" exists.`,
      });
      return { imported_resources: [], diagnostics: encodeDiagnostics(diagnostics) };
    }
    return {
      imported_resources: [
        {
          type_name: request.type_name,
          state: encodeBlockValue(resource.schema, result.state),
          private: EMPTY,
        },
      ],
      diagnostics: encodeDiagnostics(diagnostics),
    };
  }

  /**
   * A `moved` block from another resource type or provider: the source's JSON state -> msgpack of
   * the target schema. Terraform calls it on a provider it has not configured.
   */
  moveResourceState(request: MoveResourceStateRequest): Promise<MoveResourceStateResponse> {
    const resource = this.resource(request.target_type_name);
    const from = `${request.source_type_name} of ${request.source_provider_address}`;
    if (resource.moveState === undefined) {
      fail('Move resource state not supported', `${request.target_type_name} cannot take over ${from}.`);
    }
    const sourceState = decodeSourceState(request.source_state?.json, from);
    const result = resource.moveState({
      sourceProvider: request.source_provider_address,
      sourceType: request.source_type_name,
      sourceSchemaVersion: request.source_schema_version,
      sourceState,
    });
    return Promise.resolve({
      target_state: encodeBlockValue(resource.schema, result.state),
      target_private: EMPTY,
      diagnostics: encodeDiagnostics(result.diagnostics ?? []),
    });
  }

  async readDataSource(request: ReadDataSourceRequest): Promise<ReadDataSourceResponse> {
    const dataSource = this.dataSource(request.type_name);
    const config = this.object(
      decodeBlockValue(dataSource.schema, request.config),
      'data source configuration',
    );
    const result = await dataSource.read(config, this.configured());
    if (result.state === null && !hasErrors(result.diagnostics)) {
      fail('Data source returned no object', `${request.type_name} produced a null result without an error.`);
    }
    return {
      state: encodeBlockValue(dataSource.schema, result.state),
      diagnostics: encodeDiagnostics(result.diagnostics),
    };
  }

  getFunctions(): Promise<GetFunctionsResponse> {
    return Promise.resolve({ functions: {}, diagnostics: [] });
  }

  callFunction(request: CallFunctionRequest): Promise<CallFunctionResponse> {
    return Promise.resolve({ error: { text: `This provider defines no function "${request.name}".` } });
  }

  stopProvider(): Promise<StopProviderResponse> {
    this.definition.stop(this.ctx);
    return Promise.resolve({ Error: '' });
  }
}

type Handler = (request: never) => Promise<object>;

/** How each RPC answers when its handler throws: the error as diagnostics in its own response. */
function errorResponse(rpc: string, diagnostic: Diagnostic): object {
  const message = diagnostic.detail ?? diagnostic.summary;
  // The two RPCs whose responses have no diagnostics field report errors as text.
  if (rpc === 'StopProvider') return { Error: message };
  if (rpc === 'CallFunction') return { error: { text: message } };
  return { diagnostics: encodeDiagnostics([diagnostic]) };
}

/** RPC name -> ProviderService method. */
function rpcTable<Ctx>(service: ProviderService<Ctx>): Record<string, Handler> {
  return {
    GetMetadata: () => service.getMetadata(),
    GetProviderSchema: () => service.getProviderSchema(),
    ValidateProviderConfig: (request: ValidateProviderConfigRequest) =>
      service.validateProviderConfig(request),
    ValidateResourceConfig: (request: ValidateResourceConfigRequest) =>
      service.validateResourceConfig(request),
    ValidateDataResourceConfig: (request: ValidateDataResourceConfigRequest) =>
      service.validateDataResourceConfig(request),
    UpgradeResourceState: (request: UpgradeResourceStateRequest) => service.upgradeResourceState(request),
    ConfigureProvider: (request: ConfigureProviderRequest) => service.configureProvider(request),
    ReadResource: (request: ReadResourceRequest) => service.readResource(request),
    PlanResourceChange: (request: PlanResourceChangeRequest) => service.planResourceChange(request),
    ApplyResourceChange: (request: ApplyResourceChangeRequest) => service.applyResourceChange(request),
    ImportResourceState: (request: ImportResourceStateRequest) => service.importResourceState(request),
    MoveResourceState: (request: MoveResourceStateRequest) => service.moveResourceState(request),
    ReadDataSource: (request: ReadDataSourceRequest) => service.readDataSource(request),
    GetFunctions: () => service.getFunctions(),
    CallFunction: (request: CallFunctionRequest) => service.callFunction(request),
    StopProvider: () => service.stopProvider(),
  };
}

function typeNameOf(request: unknown): string | undefined {
  const typeName = (request as { type_name?: unknown } | null)?.type_name;
  return typeof typeName === 'string' && typeName !== '' ? typeName : undefined;
}

/** Runs one RPC: never rejects, logs at trace, turns a throw into the RPC's error response. */
async function runRpc(rpc: string, handler: Handler, request: unknown, logger: Logger): Promise<object> {
  const started = Date.now();
  const fields = { tf_rpc: rpc, tf_resource_type: typeNameOf(request) };
  logger.trace('Received request', fields);
  try {
    const response = await handler(request as never);
    logger.trace('Served request', { ...fields, tf_req_duration_ms: Date.now() - started });
    return response;
  } catch (error: unknown) {
    const diagnostic = diagnosticOf(error, rpc);
    logger.error('Request failed', { ...fields, summary: diagnostic.summary, detail: diagnostic.detail });
    return errorResponse(rpc, diagnostic);
  }
}

/** The grpc-js implementation of tfplugin6.Provider for `service`. */
export function providerImplementation<Ctx>(
  service: ProviderService<Ctx>,
  logger: Logger,
): grpc.UntypedServiceImplementation {
  return Object.fromEntries(
    Object.entries(rpcTable(service)).map(([rpc, handler]) => [
      rpc,
      (call: grpc.ServerUnaryCall<unknown, object>, callback: grpc.sendUnaryData<object>): void => {
        void runRpc(rpc, handler, call.request, logger).then((response) => callback(null, response));
      },
    ]),
  );
}
