import * as grpc from '@grpc/grpc-js';
import {
  MoveRequest,
  PlanRequest,
  PlanResult,
  ProviderDefinition,
  ResourceDefinition,
  TfObject,
  UNKNOWN,
} from '../../provider/framework/types';
import { createLogger } from '../../provider/log';
import type { DiagnosticMessage } from '../../provider/protocol/proto';
import { ProviderService, providerImplementation } from '../../provider/protocol/service';
import { decodeBlockValue, encodeBlockValue } from '../../provider/protocol/values';
import { ProviderRpc, received, RequestOf, sent, SentResponseOf } from '../helpers/wire';

interface Ctx {
  readonly name: string;
  stopped: boolean;
}

const widgetSchema = {
  version: 1,
  description: 'A widget.',
  attributes: {
    id: { type: 'string', description: 'Id.', computed: true },
    name: { type: 'string', description: 'Name.', required: true },
  },
} as const;

function widget(overrides: Partial<ResourceDefinition<Ctx>> = {}): ResourceDefinition<Ctx> {
  return {
    typeName: 'test_widget',
    schema: widgetSchema,
    validate: () => [],
    plan: jest.fn(async ({ proposed }: PlanRequest): Promise<PlanResult> => ({
      planned: proposed === null ? null : { ...proposed, id: UNKNOWN },
    })),
    apply: jest.fn(async ({ planned }) => ({ state: planned === null ? null : { ...planned, id: 'w-1' } })),
    read: jest.fn(async (state: TfObject) => ({ state })),
    importState: jest.fn(async (id: string) => ({ state: id === 'w-1' ? { id, name: null } : null })),
    ...overrides,
  };
}

function provider(resource: ResourceDefinition<Ctx>): ProviderDefinition<Ctx> {
  return {
    address: 'terraform.local/apono/apono',
    schema: {
      version: 0,
      description: 'p',
      attributes: { token: { type: 'string', description: 't', optional: true } },
    },
    resources: [resource],
    dataSources: [],
    validate: () => [],
    configure: async () => ({ ctx: { name: 'ctx', stopped: false }, diagnostics: [] }),
    stop: jest.fn((ctx: Ctx) => {
      ctx.stopped = true;
    }),
  };
}

const quiet = createLogger({ threshold: Number.POSITIVE_INFINITY });

async function configured(resource = widget()): Promise<ProviderService<Ctx>> {
  const service = new ProviderService(provider(resource), quiet);
  await service.configureProvider(
    received('ConfigureProvider', {
      terraform_version: '1.11.4',
      config: encodeBlockValue(provider(resource).schema, {}),
    }),
  );
  return service;
}

/** Calls one RPC through the grpc-js implementation, as the server would, with messages off the wire. */
function callRpc<R extends ProviderRpc>(
  service: ProviderService<Ctx>,
  rpc: R,
  request: RequestOf<R>,
): Promise<{ error: unknown; response: SentResponseOf<R> | undefined }> {
  const implementation = providerImplementation(service, quiet);
  const handler = implementation[rpc] as grpc.handleUnaryCall<unknown, RequestOf<R>>;
  const call = { request: received(rpc, request) } as grpc.ServerUnaryCall<unknown, RequestOf<R>>;
  return new Promise((resolve) => {
    handler(call, (error, response) =>
      resolve({
        error,
        response: response === null || response === undefined ? undefined : sent(rpc, response),
      }),
    );
  });
}

const summaries = (diagnostics: DiagnosticMessage[] = []): (string | undefined)[] =>
  diagnostics.map((d) => d.summary);

describe('GIVEN the tfplugin6 service', () => {
  test('WHEN asked for the schema THEN it announces plan_destroy and get_provider_schema_optional and no provider_meta', async () => {
    const schema = await new ProviderService(provider(widget()), quiet).getProviderSchema();
    expect(schema.server_capabilities).toMatchObject({
      plan_destroy: true,
      get_provider_schema_optional: true,
    });
    expect(Object.keys(schema.resource_schemas ?? {})).toEqual(['test_widget']);
    expect(schema.provider?.block?.attributes?.map((a) => a.name)).toEqual(['token']);
    expect(schema).not.toHaveProperty('provider_meta');
  });

  test('WHEN planning an unknown resource type THEN the response is an error diagnostic, not a gRPC error', async () => {
    const { error, response } = await callRpc(await configured(), 'PlanResourceChange', {
      type_name: 'test_nope',
    });
    expect(error).toBeNull();
    expect(summaries(response?.diagnostics)).toEqual(['Unknown resource type']);
  });

  test('WHEN a resource throws THEN the error message becomes an error diagnostic', async () => {
    const failing = widget({ read: async () => Promise.reject(new Error('HTTP 500 from GET /groups/1')) });
    const service = await configured(failing);
    const { error, response } = await callRpc(service, 'ReadResource', {
      type_name: 'test_widget',
      current_state: encodeBlockValue(widgetSchema, { id: '1', name: 'a' }),
    });
    expect(error).toBeNull();
    expect(response?.diagnostics).toEqual([
      expect.objectContaining({ severity: 'ERROR', detail: 'HTTP 500 from GET /groups/1' }),
    ]);
  });

  test('WHEN planning a destroy THEN the definition sees a null proposed state and the plan is null', async () => {
    const resource = widget();
    const response = await (
      await configured(resource)
    ).planResourceChange(
      received('PlanResourceChange', {
        type_name: 'test_widget',
        prior_state: encodeBlockValue(widgetSchema, { id: 'w-1', name: 'a' }),
        proposed_new_state: encodeBlockValue(widgetSchema, null),
        config: encodeBlockValue(widgetSchema, null),
      }),
    );
    expect(resource.plan).toHaveBeenCalledWith(
      { prior: { id: 'w-1', name: 'a' }, priorPrivate: null, proposed: null, config: null },
      expect.anything(),
    );
    expect(decodeBlockValue(widgetSchema, response.planned_state)).toBeNull();
  });

  test('WHEN a plan returns private data THEN it travels as JSON and comes back as the next prior private', async () => {
    const resource = widget({
      plan: jest.fn(async ({ proposed, priorPrivate }: PlanRequest): Promise<PlanResult> => ({
        planned: proposed,
        plannedPrivate: { replaces_id: 'w-1', seen: priorPrivate ?? null },
      })),
    });
    const response = await (
      await configured(resource)
    ).planResourceChange(
      received('PlanResourceChange', {
        type_name: 'test_widget',
        prior_state: encodeBlockValue(widgetSchema, { id: 'w-1', name: 'a' }),
        prior_private: Buffer.from(JSON.stringify({ before: true })),
        proposed_new_state: encodeBlockValue(widgetSchema, { id: 'w-1', name: 'a' }),
        config: encodeBlockValue(widgetSchema, { id: null, name: 'a' }),
      }),
    );
    expect(JSON.parse(Buffer.from(response.planned_private ?? []).toString('utf8'))).toEqual({
      replaces_id: 'w-1',
      seen: { before: true },
    });
  });

  test('WHEN private data is not JSON THEN the definition sees null and the bytes are echoed', async () => {
    const resource = widget();
    const foreign = Buffer.from([0xff, 0x00, 0x01]);
    const response = await (
      await configured(resource)
    ).planResourceChange(
      received('PlanResourceChange', {
        type_name: 'test_widget',
        prior_state: encodeBlockValue(widgetSchema, { id: 'w-1', name: 'a' }),
        prior_private: foreign,
        proposed_new_state: encodeBlockValue(widgetSchema, { id: 'w-1', name: 'a' }),
        config: encodeBlockValue(widgetSchema, { id: null, name: 'a' }),
      }),
    );
    expect(resource.plan).toHaveBeenCalledWith(
      expect.objectContaining({ priorPrivate: null }),
      expect.anything(),
    );
    expect(Buffer.from(response.planned_private ?? [])).toEqual(foreign);
  });

  test('WHEN planning a create THEN computed attributes stay unknown on the wire', async () => {
    const response = await (
      await configured()
    ).planResourceChange(
      received('PlanResourceChange', {
        type_name: 'test_widget',
        prior_state: encodeBlockValue(widgetSchema, null),
        proposed_new_state: encodeBlockValue(widgetSchema, { id: null, name: 'a' }),
        config: encodeBlockValue(widgetSchema, { id: null, name: 'a' }),
      }),
    );
    expect(decodeBlockValue(widgetSchema, response.planned_state)).toEqual({ id: UNKNOWN, name: 'a' });
  });

  test('WHEN reading a null state THEN the new state is null and the resource is not called', async () => {
    const resource = widget();
    const response = await (
      await configured(resource)
    ).readResource(received('ReadResource', { type_name: 'test_widget', current_state: null }));
    expect(decodeBlockValue(widgetSchema, response.new_state)).toBeNull();
    expect(resource.read).not.toHaveBeenCalled();
  });

  test('WHEN importing an id that does not exist THEN the answer is "Cannot import non-existent remote object"', async () => {
    const response = await (
      await configured()
    ).importResourceState(received('ImportResourceState', { type_name: 'test_widget', id: 'w-404' }));
    expect(response.imported_resources).toEqual([]);
    expect(summaries(response.diagnostics)).toEqual(['Cannot import non-existent remote object']);
  });

  test('WHEN importing an existing id THEN one imported resource of that type carries the state', async () => {
    const response = sent(
      'ImportResourceState',
      await (
        await configured()
      ).importResourceState(received('ImportResourceState', { type_name: 'test_widget', id: 'w-1' })),
    );
    expect(response.imported_resources).toHaveLength(1);
    expect(response.imported_resources[0]!.type_name).toBe('test_widget');
    expect(decodeBlockValue(widgetSchema, response.imported_resources[0]!.state)).toEqual({
      id: 'w-1',
      name: null,
    });
  });

  test('WHEN upgrading JSON state with a removed attribute THEN msgpack of the current schema comes back', async () => {
    const response = await new ProviderService(provider(widget()), quiet).upgradeResourceState(
      received('UpgradeResourceState', {
        type_name: 'test_widget',
        version: 0,
        raw_state: { json: Buffer.from('{"id":"w-1","old_field":"x"}') },
      }),
    );
    expect(decodeBlockValue(widgetSchema, response.upgraded_state)).toEqual({ id: 'w-1', name: null });
  });

  test('WHEN a resource RPC comes before ConfigureProvider THEN it fails with "Provider not configured"', async () => {
    const service = new ProviderService(provider(widget()), quiet);
    const { response } = await callRpc(service, 'ImportResourceState', {
      type_name: 'test_widget',
      id: 'w-1',
    });
    expect(summaries(response?.diagnostics)).toEqual(['Provider not configured']);
  });

  test('WHEN Terraform calls StopProvider THEN the definition stops the configured context', async () => {
    const definition = provider(widget());
    const service = new ProviderService(definition, quiet);
    await service.configureProvider(
      received('ConfigureProvider', { terraform_version: '1.11.4', config: null }),
    );
    expect(await service.stopProvider()).toEqual({ Error: '' });
    expect(definition.stop).toHaveBeenCalledWith({ name: 'ctx', stopped: true });
  });

  test.each([
    ['1.11.4', { version: '1.11.4' }],
    ['nothing', { version: '' }],
  ])('WHEN ConfigureProvider says Terraform is %s THEN configure is told so', async (_name, terraform) => {
    const configure = jest.fn(async () => ({ ctx: { name: 'ctx', stopped: false }, diagnostics: [] }));
    const service = new ProviderService({ ...provider(widget()), configure }, quiet);
    await service.configureProvider(
      received('ConfigureProvider', {
        ...(terraform.version === '' ? {} : { terraform_version: terraform.version }),
        config: null,
      }),
    );
    expect(configure).toHaveBeenCalledWith({}, quiet, terraform);
  });
});

describe('GIVEN the tfplugin6 service and a moved block from another resource type', () => {
  const source = { id: 'o-1', title: 'One' };
  const moveRequest = (json: Buffer | null = Buffer.from(JSON.stringify(source))) => ({
    source_provider_address: 'registry.terraform.io/acme/acme',
    source_type_name: 'acme_widget',
    source_schema_version: 4,
    source_state: json === null ? null : { json },
    source_private: Buffer.from('{"theirs":true}'),
    target_type_name: 'test_widget',
  });
  const movable = () =>
    widget({
      moveState: jest.fn(({ sourceState }: MoveRequest) => ({
        state: { id: String(sourceState.id), name: String(sourceState.title) },
      })),
    });

  test.each([
    ['GetMetadata', (service: ProviderService<Ctx>) => service.getMetadata()],
    ['GetProviderSchema', (service: ProviderService<Ctx>) => service.getProviderSchema()],
  ])('WHEN asked for %s THEN move_resource_state is announced', async (_rpc, call) => {
    const response = await call(new ProviderService(provider(widget()), quiet));
    expect(response.server_capabilities).toMatchObject({ move_resource_state: true });
  });

  test('WHEN Terraform moves state before any ConfigureProvider THEN the resource gets the parsed source and the target state is msgpack of its schema', async () => {
    const resource = movable();
    const { error, response } = await callRpc(
      new ProviderService(provider(resource), quiet),
      'MoveResourceState',
      moveRequest(),
    );
    expect(error).toBeNull();
    expect(response?.diagnostics).toEqual([]);
    expect(resource.moveState).toHaveBeenCalledWith({
      sourceProvider: 'registry.terraform.io/acme/acme',
      sourceType: 'acme_widget',
      sourceSchemaVersion: 4,
      sourceState: source,
    });
    expect(decodeBlockValue(widgetSchema, response?.target_state)).toEqual({ id: 'o-1', name: 'One' });
    // The source provider's private data means nothing to this provider.
    expect(Buffer.from(response?.target_private ?? [])).toEqual(Buffer.alloc(0));
  });

  test('WHEN the resource returns diagnostics THEN they are the answer', async () => {
    const refusing = widget({
      moveState: () => ({
        state: null,
        diagnostics: [{ severity: 'error', summary: 'Cannot move acme_widget' }],
      }),
    });
    const { response } = await callRpc(
      new ProviderService(provider(refusing), quiet),
      'MoveResourceState',
      moveRequest(),
    );
    expect(summaries(response?.diagnostics)).toEqual(['Cannot move acme_widget']);
  });

  test('WHEN the target resource has no move support THEN an error diagnostic names the source', async () => {
    const { error, response } = await callRpc(
      new ProviderService(provider(widget()), quiet),
      'MoveResourceState',
      moveRequest(),
    );
    expect(error).toBeNull();
    expect(response?.diagnostics).toEqual([
      expect.objectContaining({
        summary: 'Move resource state not supported',
        detail: 'test_widget cannot take over acme_widget of registry.terraform.io/acme/acme.',
      }),
    ]);
  });

  test.each([
    ['no JSON', null, 'has no JSON form'],
    ['JSON that does not parse', Buffer.from('{"id":'), 'is not valid JSON'],
    ['JSON that is not an object', Buffer.from('["o-1"]'), 'is not a JSON object'],
  ])(
    'WHEN the source state has %s THEN the move fails with "Unsupported state format"',
    async (_case, json, detail) => {
      const resource = movable();
      const { response } = await callRpc(
        new ProviderService(provider(resource), quiet),
        'MoveResourceState',
        moveRequest(json),
      );
      expect(summaries(response?.diagnostics)).toEqual(['Unsupported state format']);
      expect(response?.diagnostics[0]?.detail).toContain(detail);
      expect(resource.moveState).not.toHaveBeenCalled();
    },
  );
});
