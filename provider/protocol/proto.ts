/**
 * Loads the provider's .proto files (protobufjs) into gRPC service definitions that hand over and
 * take the values @grpc/proto-loader would, and names the message types that `npm run generate`
 * writes from them into ./generated (proto-loader-gen-types, run with the flags of
 * PROTO_LOADER_OPTIONS, so the types describe exactly what is handed over).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import type * as protoLoader from '@grpc/proto-loader';
import * as protobuf from 'protobufjs';
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

/** The parsed .proto file at `relativePath`: the bundle's build-time descriptor, else the file. */
function protoRoot(relativePath: string): protobuf.Root {
  const descriptor = embeddedAssets()?.protos[relativePath];
  if (descriptor !== undefined) return protobuf.Root.fromJSON(descriptor as protobuf.INamespace);
  const root = new protobuf.Root();
  root.loadSync(path.join(packageRoot(), relativePath), { keepCase: PROTO_LOADER_OPTIONS.keepCase === true });
  return root;
}

/** What proto-loader's serializer does: the plain object -> message -> bytes. */
function serializer(type: protobuf.Type): grpc.serialize<object> {
  return (value) => {
    if (Array.isArray(value))
      throw new Error(`Failed to serialize message: expected a ${type.name}, got an array`);
    const bytes = type.encode(type.fromObject(value)).finish();
    return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  };
}

/** What proto-loader's deserializer does: bytes -> message -> plain object, with PROTO_LOADER_OPTIONS. */
function deserializer(type: protobuf.Type): grpc.deserialize<object> {
  return (bytes) => type.toObject(type.decode(bytes), PROTO_LOADER_OPTIONS);
}

/** The gRPC definition of one service, named by its full name (e.g. `tfplugin6.Provider`). */
function serviceDefinition(service: protobuf.Service, fullName: string): grpc.ServiceDefinition {
  const methods: Record<string, grpc.MethodDefinition<object, object>> = {};
  for (const method of service.methodsArray) {
    const request = method.resolvedRequestType!;
    const response = method.resolvedResponseType!;
    methods[method.name] = {
      path: `/${fullName}/${method.name}`,
      requestStream: method.requestStream === true,
      responseStream: method.responseStream === true,
      requestSerialize: serializer(request),
      requestDeserialize: deserializer(request),
      responseSerialize: serializer(response),
      responseDeserialize: deserializer(response),
      // The client's alias of the method (GetProviderSchema -> getProviderSchema), as proto-loader names it.
      originalName: method.name.charAt(0).toLowerCase() + method.name.slice(1),
    };
  }
  return methods;
}

/**
 * The service definitions of every service in `root`, keyed by full name: what proto-loader's
 * package definition holds for them, without the reflection descriptors it also encodes for every
 * message (for gRPC server reflection, which this provider does not offer): that encoding was
 * ~15% of a launch.
 */
export function serviceDefinitions(root: protobuf.Root): protoLoader.PackageDefinition {
  root.resolveAll();
  const definitions: Record<string, grpc.ServiceDefinition> = {};
  const visit = (namespace: protobuf.NamespaceBase, prefix: string): void => {
    for (const nested of namespace.nestedArray) {
      const fullName = prefix === '' ? nested.name : `${prefix}.${nested.name}`;
      if (nested instanceof protobuf.Service) definitions[fullName] = serviceDefinition(nested, fullName);
      else if (nested instanceof protobuf.Namespace && !(nested instanceof protobuf.Type))
        visit(nested, fullName);
    }
  };
  visit(root, '');
  return definitions as protoLoader.PackageDefinition;
}

/**
 * Loads a .proto file given relative to the package root, e.g. provider/protocol/tfplugin6.proto,
 * as a gRPC package of its services. The bundled executable takes the descriptor parsed at build
 * time instead of reading the file.
 */
export function loadProto(relativePath: string): grpc.GrpcObject {
  // Loaded once per process: parsing tfplugin6.proto costs ~35 ms of every plugin launch.
  let loaded = protoCache.get(relativePath);
  if (loaded === undefined) {
    loaded = grpc.loadPackageDefinition(serviceDefinitions(protoRoot(relativePath)));
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
