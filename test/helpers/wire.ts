/**
 * tfplugin6 messages as they cross the wire (test helper): serialized and deserialized by the
 * service definition the plugin serves, so a request is exactly what grpc-js hands the provider
 * (every field present, defaults filled in) and a response exactly what Terraform reads.
 */
import type { MethodDefinition } from '@grpc/proto-loader';
import { providerServiceDefinition, ProviderServiceDefinition } from '../../provider/protocol/proto';

/** The RPC names of tfplugin6.Provider (the definition's own keys, without its index signature). */
export type ProviderRpc = keyof {
  [K in keyof ProviderServiceDefinition as string extends K ? never : number extends K ? never : K]: K;
};

export type RequestOf<R extends ProviderRpc> = Parameters<
  ProviderServiceDefinition[R]['requestSerialize']
>[0];
export type ReceivedRequestOf<R extends ProviderRpc> = ReturnType<
  ProviderServiceDefinition[R]['requestDeserialize']
>;
export type ResponseOf<R extends ProviderRpc> = Parameters<
  ProviderServiceDefinition[R]['responseSerialize']
>[0];
export type SentResponseOf<R extends ProviderRpc> = ReturnType<
  ProviderServiceDefinition[R]['responseDeserialize']
>;

type MethodOf<R extends ProviderRpc> = MethodDefinition<
  RequestOf<R>,
  ResponseOf<R>,
  ReceivedRequestOf<R>,
  SentResponseOf<R>
>;

// Indexing the definition with a generic name yields a union of every RPC's method: narrow it.
function methodOf<R extends ProviderRpc>(rpc: R): MethodOf<R> {
  return providerServiceDefinition()[rpc] as unknown as MethodOf<R>;
}

/** `request` of `rpc` as the provider receives it. */
export function received<R extends ProviderRpc>(rpc: R, request: RequestOf<R>): ReceivedRequestOf<R> {
  const method = methodOf(rpc);
  return method.requestDeserialize(method.requestSerialize(request));
}

/** `response` of `rpc` as Terraform receives it. */
export function sent<R extends ProviderRpc>(rpc: R, response: ResponseOf<R>): SentResponseOf<R> {
  const method = methodOf(rpc);
  return method.responseDeserialize(method.responseSerialize(response));
}
