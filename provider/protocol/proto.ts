/**
 * Loads the provider's .proto files with @grpc/proto-loader and names the message types that
 * `npm run generate` writes from them into ./generated (proto-loader-gen-types, run with the flags
 * of PROTO_LOADER_OPTIONS, so the types describe exactly what the loader hands over).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { embeddedAssets } from '../embedded';
import type { ProtoGrpcType as Tfplugin6Package } from './generated/tfplugin6';
import type { ProviderDefinition as ProviderServiceDefinition } from './generated/tfplugin6/Provider';

/**
 * Options shared by every .proto this provider loads. `npm run generate` turns them into the
 * type generator's flags: change them, then regenerate.
 */
export const PROTO_LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
};

/** The .proto files of this provider, relative to the package root (their types: ./generated). */
export const PROTO_FILES = {
  tfplugin6: 'provider/protocol/tfplugin6.proto',
  goPlugin: 'provider/transport/go-plugin.proto',
  health: 'provider/transport/health.proto',
} as const;

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

/**
 * Loads a .proto file given relative to the package root, e.g. provider/protocol/tfplugin6.proto.
 * The bundled executable takes the descriptor parsed at build time instead of reading the file.
 */
export function loadProto(relativePath: string): grpc.GrpcObject {
  // Parsed once per process: parsing tfplugin6.proto costs ~35 ms of every plugin launch.
  let loaded = protoCache.get(relativePath);
  if (loaded === undefined) {
    const descriptor = embeddedAssets()?.protos[relativePath];
    const definition =
      descriptor === undefined
        ? protoLoader.loadSync(path.join(packageRoot(), relativePath), PROTO_LOADER_OPTIONS)
        : protoLoader.fromJSON(descriptor, PROTO_LOADER_OPTIONS);
    loaded = grpc.loadPackageDefinition(definition);
    protoCache.set(relativePath, loaded);
  }
  return loaded;
}

const protoCache = new Map<string, grpc.GrpcObject>();

/** The tfplugin6 package as loaded, typed by the generated package type. */
function tfplugin6(): Tfplugin6Package['tfplugin6'] {
  return (loadProto(PROTO_FILES.tfplugin6) as unknown as Tfplugin6Package).tfplugin6;
}

/** The service definition of tfplugin6.Provider. */
export function providerServiceDefinition(): ProviderServiceDefinition {
  return tfplugin6().Provider.service;
}

/** The client constructor of tfplugin6.Provider (tests and tools). */
export function providerClientConstructor(): Tfplugin6Package['tfplugin6']['Provider'] {
  return tfplugin6().Provider;
}

// ---- Message types, generated from tfplugin6.proto (see ./generated) ----
// Requests are the `__Output` types: what grpc-js hands over, every field present (defaults). Messages
// the provider builds (responses and their parts) are the input types: fields optional, bytes as
// Buffer, Uint8Array or base64 string.

/** The service definition of tfplugin6.Provider: per RPC, its request and response types. */
export type { ProviderServiceDefinition };
export type {
  AttributePath as AttributePathMessage,
  _tfplugin6_AttributePath_Step as AttributePathStepMessage,
} from './generated/tfplugin6/AttributePath';
export type { Diagnostic as DiagnosticMessage } from './generated/tfplugin6/Diagnostic';
export type { DynamicValue as DynamicValueMessage } from './generated/tfplugin6/DynamicValue';
export type {
  Schema as SchemaMessage,
  _tfplugin6_Schema_Attribute as SchemaAttributeMessage,
} from './generated/tfplugin6/Schema';
export type { ServerCapabilities as ServerCapabilitiesMessage } from './generated/tfplugin6/ServerCapabilities';
export type {
  _tfplugin6_GetMetadata_Request__Output as GetMetadataRequest,
  _tfplugin6_GetMetadata_Response as GetMetadataResponse,
} from './generated/tfplugin6/GetMetadata';
export type {
  _tfplugin6_GetProviderSchema_Request__Output as GetProviderSchemaRequest,
  _tfplugin6_GetProviderSchema_Response as GetProviderSchemaResponse,
} from './generated/tfplugin6/GetProviderSchema';
export type {
  _tfplugin6_ValidateProviderConfig_Request__Output as ValidateProviderConfigRequest,
  _tfplugin6_ValidateProviderConfig_Response as ValidateProviderConfigResponse,
} from './generated/tfplugin6/ValidateProviderConfig';
export type {
  _tfplugin6_ValidateResourceConfig_Request__Output as ValidateResourceConfigRequest,
  _tfplugin6_ValidateResourceConfig_Response as ValidateResourceConfigResponse,
} from './generated/tfplugin6/ValidateResourceConfig';
export type {
  _tfplugin6_ValidateDataResourceConfig_Request__Output as ValidateDataResourceConfigRequest,
  _tfplugin6_ValidateDataResourceConfig_Response as ValidateDataResourceConfigResponse,
} from './generated/tfplugin6/ValidateDataResourceConfig';
export type {
  _tfplugin6_UpgradeResourceState_Request__Output as UpgradeResourceStateRequest,
  _tfplugin6_UpgradeResourceState_Response as UpgradeResourceStateResponse,
} from './generated/tfplugin6/UpgradeResourceState';
export type {
  _tfplugin6_ConfigureProvider_Request__Output as ConfigureProviderRequest,
  _tfplugin6_ConfigureProvider_Response as ConfigureProviderResponse,
} from './generated/tfplugin6/ConfigureProvider';
export type {
  _tfplugin6_ReadResource_Request__Output as ReadResourceRequest,
  _tfplugin6_ReadResource_Response as ReadResourceResponse,
} from './generated/tfplugin6/ReadResource';
export type {
  _tfplugin6_PlanResourceChange_Request__Output as PlanResourceChangeRequest,
  _tfplugin6_PlanResourceChange_Response as PlanResourceChangeResponse,
} from './generated/tfplugin6/PlanResourceChange';
export type {
  _tfplugin6_ApplyResourceChange_Request__Output as ApplyResourceChangeRequest,
  _tfplugin6_ApplyResourceChange_Response as ApplyResourceChangeResponse,
} from './generated/tfplugin6/ApplyResourceChange';
export type {
  _tfplugin6_ImportResourceState_Request__Output as ImportResourceStateRequest,
  _tfplugin6_ImportResourceState_Response as ImportResourceStateResponse,
} from './generated/tfplugin6/ImportResourceState';
export type {
  _tfplugin6_MoveResourceState_Request__Output as MoveResourceStateRequest,
  _tfplugin6_MoveResourceState_Response as MoveResourceStateResponse,
} from './generated/tfplugin6/MoveResourceState';
export type {
  _tfplugin6_ReadDataSource_Request__Output as ReadDataSourceRequest,
  _tfplugin6_ReadDataSource_Response as ReadDataSourceResponse,
} from './generated/tfplugin6/ReadDataSource';
export type {
  _tfplugin6_GetFunctions_Request__Output as GetFunctionsRequest,
  _tfplugin6_GetFunctions_Response as GetFunctionsResponse,
} from './generated/tfplugin6/GetFunctions';
export type {
  _tfplugin6_CallFunction_Request__Output as CallFunctionRequest,
  _tfplugin6_CallFunction_Response as CallFunctionResponse,
} from './generated/tfplugin6/CallFunction';
export type {
  _tfplugin6_StopProvider_Request__Output as StopProviderRequest,
  _tfplugin6_StopProvider_Response as StopProviderResponse,
} from './generated/tfplugin6/StopProvider';
