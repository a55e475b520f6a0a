/**
 * Loads the tfplugin6 service definition and declares the TypeScript shapes of the messages as
 * @grpc/proto-loader hands them over (keepCase, longs as Number, enums as String, defaults, oneofs).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

/** Options shared by every .proto this provider loads. */
export const PROTO_LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
};

/**
 * The package root (the nearest folder with a package.json). The .proto files are read from the
 * source tree under it, so the same path works from provider/ (ts-jest) and dist/provider/ (built)
 * without copying assets into dist.
 */
export function packageRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
}

/** Loads a .proto file given relative to the package root, e.g. provider/protocol/tfplugin6.proto. */
export function loadProto(relativePath: string): grpc.GrpcObject {
  // Parsed once per process: parsing tfplugin6.proto costs ~35 ms of every plugin launch.
  let loaded = protoCache.get(relativePath);
  if (loaded === undefined) {
    const definition = protoLoader.loadSync(path.join(packageRoot(), relativePath), PROTO_LOADER_OPTIONS);
    loaded = grpc.loadPackageDefinition(definition);
    protoCache.set(relativePath, loaded);
  }
  return loaded;
}

const protoCache = new Map<string, grpc.GrpcObject>();

/** The service definition of tfplugin6.Provider. */
export function providerServiceDefinition(): grpc.ServiceDefinition {
  const root = loadProto('provider/protocol/tfplugin6.proto');
  const tfplugin6 = root['tfplugin6'] as grpc.GrpcObject;
  const provider = tfplugin6['Provider'] as grpc.ServiceClientConstructor;
  return provider.service;
}

/** The client constructor of tfplugin6.Provider (tests and tools). */
export function providerClientConstructor(): grpc.ServiceClientConstructor {
  const root = loadProto('provider/protocol/tfplugin6.proto');
  return (root['tfplugin6'] as grpc.GrpcObject)['Provider'] as grpc.ServiceClientConstructor;
}

// ---- Message shapes (the subset this provider reads and writes) ----

/** A Terraform value on the wire. Both fields are empty buffers when the value is null. */
export interface DynamicValueMessage {
  msgpack?: Buffer | Uint8Array | null;
  json?: Buffer | Uint8Array | null;
}

export type AttributePathStepMessage =
  { attribute_name: string } | { element_key_string: string } | { element_key_int: number };

export interface AttributePathMessage {
  steps: AttributePathStepMessage[];
}

export type SeverityName = 'INVALID' | 'ERROR' | 'WARNING';

export interface DiagnosticMessage {
  severity: SeverityName;
  summary: string;
  detail: string;
  attribute?: AttributePathMessage | null;
}

export type StringKindName = 'PLAIN' | 'MARKDOWN';

export interface SchemaAttributeMessage {
  name: string;
  type: Buffer;
  description: string;
  description_kind: StringKindName;
  required: boolean;
  optional: boolean;
  computed: boolean;
  sensitive: boolean;
  deprecated: boolean;
}

export interface SchemaBlockMessage {
  version: number;
  attributes: SchemaAttributeMessage[];
  block_types: never[];
  description: string;
  description_kind: StringKindName;
  deprecated: boolean;
}

export interface SchemaMessage {
  version: number;
  block: SchemaBlockMessage;
}

export interface ServerCapabilitiesMessage {
  plan_destroy: boolean;
  get_provider_schema_optional: boolean;
  move_resource_state: boolean;
}

export interface RawStateMessage {
  json?: Buffer | Uint8Array | null;
  flatmap?: Record<string, string> | null;
}

/** Every response that carries diagnostics. */
export interface WithDiagnostics {
  diagnostics: DiagnosticMessage[];
}

export interface GetMetadataResponse extends WithDiagnostics {
  server_capabilities: ServerCapabilitiesMessage;
  resources: { type_name: string }[];
  data_sources: { type_name: string }[];
  functions: { name: string }[];
}

export interface GetProviderSchemaResponse extends WithDiagnostics {
  provider?: SchemaMessage;
  resource_schemas: Record<string, SchemaMessage>;
  data_source_schemas: Record<string, SchemaMessage>;
  server_capabilities?: ServerCapabilitiesMessage;
}

export interface ConfigRequest {
  type_name?: string;
  config?: DynamicValueMessage | null;
}

export interface ConfigureProviderRequest {
  terraform_version: string;
  config?: DynamicValueMessage | null;
}

export interface UpgradeResourceStateRequest {
  type_name: string;
  version: number;
  raw_state?: RawStateMessage | null;
}
export interface UpgradeResourceStateResponse extends WithDiagnostics {
  upgraded_state?: DynamicValueMessage | null;
}

export interface ReadResourceRequest {
  type_name: string;
  current_state?: DynamicValueMessage | null;
  private?: Buffer | null;
}
export interface ReadResourceResponse extends WithDiagnostics {
  new_state?: DynamicValueMessage | null;
  private?: Buffer;
}

export interface PlanResourceChangeRequest {
  type_name: string;
  prior_state?: DynamicValueMessage | null;
  proposed_new_state?: DynamicValueMessage | null;
  config?: DynamicValueMessage | null;
  prior_private?: Buffer | null;
}
export interface PlanResourceChangeResponse extends WithDiagnostics {
  planned_state?: DynamicValueMessage | null;
  requires_replace: AttributePathMessage[];
  planned_private?: Buffer;
}

export interface ApplyResourceChangeRequest {
  type_name: string;
  prior_state?: DynamicValueMessage | null;
  planned_state?: DynamicValueMessage | null;
  config?: DynamicValueMessage | null;
  planned_private?: Buffer | null;
}
export interface ApplyResourceChangeResponse extends WithDiagnostics {
  new_state?: DynamicValueMessage | null;
  private?: Buffer;
}

export interface ImportResourceStateRequest {
  type_name: string;
  id: string;
}
export interface ImportResourceStateResponse extends WithDiagnostics {
  imported_resources: { type_name: string; state: DynamicValueMessage; private: Buffer }[];
}

export interface ReadDataSourceRequest {
  type_name: string;
  config?: DynamicValueMessage | null;
}
export interface ReadDataSourceResponse extends WithDiagnostics {
  state?: DynamicValueMessage | null;
}

export interface MoveResourceStateRequest {
  source_provider_address: string;
  source_type_name: string;
  target_type_name: string;
}

export interface StopProviderResponse {
  Error: string;
}

export interface CallFunctionResponse {
  error: { text: string };
}
