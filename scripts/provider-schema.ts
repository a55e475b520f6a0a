/**
 * The provider definition -> the JSON that `terraform providers schema -json` prints for it.
 * The same resource and data-source definitions the plugin serves are the only input, so the
 * committed schema file (and the CDKTF bindings generated from it) cannot drift from the plugin.
 */
import { AttributeSchema, BlockSchema, ProviderDefinition, TfType } from '../provider/framework/types';

/** One attribute as Terraform's JSON shows it: only true flags appear. */
export interface SchemaJsonAttribute {
  readonly type: TfType;
  readonly description?: string;
  readonly description_kind: 'markdown';
  readonly required?: true;
  readonly optional?: true;
  readonly computed?: true;
  readonly sensitive?: true;
}

/** A block as Terraform's JSON shows it (this provider has no nested blocks). */
export interface SchemaJsonBlock {
  readonly attributes?: { readonly [name: string]: SchemaJsonAttribute };
  readonly description?: string;
  readonly description_kind: 'markdown';
}

/** A versioned schema of the provider, a resource or a data source. */
export interface SchemaJsonEntry {
  readonly version: number;
  readonly block: SchemaJsonBlock;
}

/** The whole document of `terraform providers schema -json` for one provider. */
export interface ProviderSchemaJson {
  readonly format_version: '1.0';
  readonly provider_schemas: {
    readonly [address: string]: {
      readonly provider: SchemaJsonEntry;
      readonly resource_schemas?: { readonly [typeName: string]: SchemaJsonEntry };
      readonly data_source_schemas?: { readonly [typeName: string]: SchemaJsonEntry };
    };
  };
}

function attributeJson(attribute: AttributeSchema): SchemaJsonAttribute {
  return {
    type: attribute.type,
    ...(attribute.description === '' ? {} : { description: attribute.description }),
    description_kind: 'markdown',
    ...(attribute.required === true ? { required: true } : {}),
    ...(attribute.optional === true ? { optional: true } : {}),
    ...(attribute.computed === true ? { computed: true } : {}),
    ...(attribute.sensitive === true ? { sensitive: true } : {}),
  };
}

function entryJson(block: BlockSchema): SchemaJsonEntry {
  const names = Object.keys(block.attributes).sort();
  return {
    version: block.version,
    block: {
      ...(names.length === 0
        ? {}
        : {
            attributes: Object.fromEntries(
              names.map((name) => [name, attributeJson(block.attributes[name]!)]),
            ),
          }),
      ...(block.description === '' ? {} : { description: block.description }),
      description_kind: 'markdown',
    },
  };
}

function entriesJson(
  definitions: ReadonlyArray<{ readonly typeName: string; readonly schema: BlockSchema }>,
): { [typeName: string]: SchemaJsonEntry } | undefined {
  if (definitions.length === 0) return undefined;
  return Object.fromEntries(
    definitions.map((definition) => [definition.typeName, entryJson(definition.schema)]),
  );
}

/** Turns a provider definition into the document `terraform providers schema -json` prints. */
export function providerSchemaJson<Ctx>(provider: ProviderDefinition<Ctx>): ProviderSchemaJson {
  const resources = entriesJson(provider.resources);
  const dataSources = entriesJson(provider.dataSources);
  return {
    format_version: '1.0',
    provider_schemas: {
      [provider.address]: {
        provider: entryJson(provider.schema),
        ...(resources === undefined ? {} : { resource_schemas: resources }),
        ...(dataSources === undefined ? {} : { data_source_schemas: dataSources }),
      },
    },
  };
}

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const object = value as { readonly [key: string]: Json };
    return Object.fromEntries(
      Object.keys(object)
        .sort()
        .map((key) => [key, sortKeys(object[key]!)]),
    );
  }
  return value;
}

/** Deterministic JSON text: keys sorted at every level, 2-space indent, trailing newline. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(JSON.parse(JSON.stringify(value)) as Json), null, 2)}\n`;
}
