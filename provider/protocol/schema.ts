/**
 * Framework schemas -> tfplugin6 Schema messages. Every description is markdown (StringKind
 * MARKDOWN): the registry-layout docs in docs/ render them as written.
 */
import { AttributeSchema, BlockSchema, TfType } from '../framework/types';
import { SchemaAttributeMessage, SchemaMessage } from './proto';

/** The JSON bytes of a cty type as a schema attribute carries it, e.g. `["set","string"]`. */
export function encodeType(type: TfType): Buffer {
  return Buffer.from(JSON.stringify(type), 'utf8');
}

/** One framework attribute -> a Schema.Attribute message. */
export function encodeAttribute(name: string, attribute: AttributeSchema): SchemaAttributeMessage {
  return {
    name,
    type: encodeType(attribute.type),
    description: attribute.description,
    description_kind: 'MARKDOWN',
    required: attribute.required === true,
    optional: attribute.optional === true,
    computed: attribute.computed === true,
    sensitive: attribute.sensitive === true,
    deprecated: false,
  };
}

/** A framework block -> a Schema message (attributes sorted by name so the output is stable). */
export function encodeSchema(block: BlockSchema): SchemaMessage {
  const names = Object.keys(block.attributes).sort();
  return {
    version: block.version,
    block: {
      version: block.version,
      attributes: names.map((name) => encodeAttribute(name, block.attributes[name]!)),
      block_types: [],
      description: block.description,
      description_kind: 'MARKDOWN',
      deprecated: false,
    },
  };
}
