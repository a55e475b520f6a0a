// Drift test: the lean gRPC service definitions of provider/protocol/proto.ts against the ones
// @grpc/proto-loader makes from the same .proto files. Terraform must see the same bytes either way.
import * as path from 'node:path';
import type * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import * as protobuf from 'protobufjs';
import { aponoProvider } from '../../provider/provider';
import {
  packageRoot,
  PROTO_FILES,
  PROTO_LOADER_OPTIONS,
  serviceDefinitions,
} from '../../provider/protocol/proto';
import { ProviderService } from '../../provider/protocol/service';
import { SILENT } from '../helpers/sessions';

type Definitions = Record<string, grpc.ServiceDefinition>;

function fromProtoLoader(relativePath: string): Definitions {
  const all = protoLoader.loadSync(path.join(packageRoot(), relativePath), PROTO_LOADER_OPTIONS);
  // Message types and enums have a `format`; services are the rest.
  return Object.fromEntries(Object.entries(all).filter(([, value]) => !('format' in value))) as Definitions;
}

function lean(relativePath: string): Definitions {
  const root = new protobuf.Root();
  root.loadSync(path.join(packageRoot(), relativePath), { keepCase: true });
  return serviceDefinitions(root) as Definitions;
}

/** What the client and server of a method are told about it, functions left out. */
function shapes(definitions: Definitions): object {
  return Object.fromEntries(
    Object.entries(definitions).map(([service, methods]) => [
      service,
      Object.fromEntries(
        Object.entries(methods).map(([name, method]) => [
          name,
          {
            path: method.path,
            requestStream: method.requestStream,
            responseStream: method.responseStream,
            originalName: method.originalName,
          },
        ]),
      ),
    ]),
  );
}

const PROVIDER_SCHEMA = new ProviderService(aponoProvider, SILENT).getProviderSchema();

describe('lean gRPC service definitions', () => {
  test.each(Object.values(PROTO_FILES))(
    'GIVEN %s WHEN loaded lean and by proto-loader THEN the services, paths, streaming and method aliases are the same',
    (relativePath) => {
      const expected = shapes(fromProtoLoader(relativePath));
      expect(Object.keys(expected).length).toBeGreaterThan(0);
      expect(shapes(lean(relativePath))).toEqual(expected);
    },
  );

  // [service, method, request, response]: messages with nested types, bytes, enums, oneofs, maps.
  const samples: Array<[string, string, string, object, () => Promise<object>]> = [
    [PROTO_FILES.tfplugin6, 'tfplugin6.Provider', 'GetProviderSchema', {}, () => PROVIDER_SCHEMA],
    [
      PROTO_FILES.tfplugin6,
      'tfplugin6.Provider',
      'PlanResourceChange',
      {
        type_name: 'apono_user',
        prior_state: { msgpack: Buffer.from([0x81, 0xa5, 0x65, 0x6d, 0x61, 0x69, 0x6c, 0xa1, 0x61]) },
        proposed_new_state: { json: Buffer.from('{"email":"a"}') },
        prior_private: Buffer.from('{}'),
      },
      () =>
        Promise.resolve({
          planned_state: { msgpack: Buffer.from([0xc0]) },
          requires_replace: [{ steps: [{ attribute_name: 'email' }, { element_key_int: 3 }] }],
          diagnostics: [
            {
              severity: 'WARNING',
              summary: 's',
              detail: 'd',
              attribute: { steps: [{ element_key_string: 'k' }] },
            },
          ],
        }),
    ],
    [
      PROTO_FILES.tfplugin6,
      'tfplugin6.Provider',
      'UpgradeResourceState',
      { type_name: 'apono_group', version: 2, raw_state: { flatmap: { a: 'b' }, json: Buffer.from('{}') } },
      () => Promise.resolve({ upgraded_state: { json: Buffer.from('null') }, diagnostics: [] }),
    ],
    [
      PROTO_FILES.health,
      'grpc.health.v1.Health',
      'Check',
      { service: 'plugin' },
      () => Promise.resolve({ status: 'SERVING' }),
    ],
    [
      PROTO_FILES.goPlugin,
      'plugin.GRPCStdio',
      'StreamStdio',
      {},
      () => Promise.resolve({ channel: 'STDERR', data: Buffer.from('line') }),
    ],
  ];

  test.each(samples)(
    'GIVEN a %s %s.%s exchange WHEN encoded and decoded lean and by proto-loader THEN the bytes and the values are the same',
    async (relativePath, service, method, request, response) => {
      const theirs = fromProtoLoader(relativePath)[service]![method]!;
      const ours = lean(relativePath)[service]![method]!;
      const responseValue = await response();
      const requestBytes = theirs.requestSerialize(request);
      const responseBytes = theirs.responseSerialize(responseValue);
      expect(responseBytes.length).toBeGreaterThan(0);
      expect(ours.requestSerialize(request).equals(requestBytes)).toBe(true);
      expect(ours.responseSerialize(responseValue).equals(responseBytes)).toBe(true);
      expect(ours.requestDeserialize(requestBytes)).toEqual(theirs.requestDeserialize(requestBytes));
      expect(ours.responseDeserialize(responseBytes)).toEqual(theirs.responseDeserialize(responseBytes));
    },
  );

  test('GIVEN an array instead of a message WHEN serialized THEN it is refused as proto-loader refuses it', () => {
    const ours = lean(PROTO_FILES.health)['grpc.health.v1.Health']!['Check']!;
    expect(() => ours.requestSerialize([])).toThrow('got an array');
  });
});
