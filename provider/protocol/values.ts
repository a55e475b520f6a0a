/**
 * Terraform values on the wire (cty msgpack / JSON) <-> plain TfValues, directed by the schema type.
 * Pure functions: no I/O, no gRPC.
 */
import type { ExtensionCodec } from '@msgpack/msgpack';
import { BlockSchema, TfObject, TfType, TfValue, UNKNOWN } from '../framework/types';
import { DynamicValueMessage } from './proto';

/** A wire value that does not fit its schema type (a provider or protocol bug, never user input). */
export class ValueError extends Error {
  override readonly name = 'ValueError';
}

/** cty writes an unknown as extension 0 with one zero byte (`d4 00 00`). */
const UNKNOWN_EXTENSION_TYPE = 0;
const UNKNOWN_PAYLOAD = new Uint8Array([0]);

/**
 * Reads every extension type as UNKNOWN (Terraform >= 1.6 sends refined unknowns as type 12, and
 * a future CLI may add more); writes UNKNOWN as the plain type-0 unknown.
 */
function unknownCodec(msgpack: MsgpackModule): ExtensionCodec {
  const codec = new msgpack.ExtensionCodec();
  const decodeUnknown = (): typeof UNKNOWN => UNKNOWN;
  for (let type = -128; type <= 127; type++) {
    const encodeUnknown = (value: unknown): Uint8Array | null =>
      type === UNKNOWN_EXTENSION_TYPE && value === UNKNOWN ? UNKNOWN_PAYLOAD : null;
    codec.register({ type, encode: encodeUnknown, decode: decodeUnknown });
  }
  return codec;
}

type MsgpackModule = typeof import('@msgpack/msgpack');

/** One encoder and one decoder for the process: a new pair per value cost ~2% of a plan's CPU. */
interface MsgpackCodecs {
  readonly encoder: InstanceType<MsgpackModule['Encoder']>;
  readonly decoder: InstanceType<MsgpackModule['Decoder']>;
}

let codecs: MsgpackCodecs | undefined;

/**
 * The msgpack encoder and decoder with the unknown-value extensions, made on the first value on the
 * wire: a launch that only hands over the provider schema (Terraform's first of a plan) never needs
 * them. Both are safe to share: encode() returns a copy of its buffer, and a decoder entered again
 * (never, as decoding is synchronous) would decode with a clone.
 */
function msgpackCodecs(): MsgpackCodecs {
  if (codecs === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const msgpack = require('@msgpack/msgpack') as MsgpackModule;
    const extensionCodec = unknownCodec(msgpack);
    codecs = {
      encoder: new msgpack.Encoder({ extensionCodec }),
      decoder: new msgpack.Decoder({ extensionCodec }),
    };
  }
  return codecs;
}

const blockTypes = new WeakMap<BlockSchema, TfType>();

/** The cty object type of a schema block: one attribute per schema attribute (made once per schema). */
export function blockType(schema: BlockSchema): TfType {
  let type = blockTypes.get(schema);
  if (type === undefined) {
    const attributes: Record<string, TfType> = {};
    for (const [name, attribute] of Object.entries(schema.attributes)) attributes[name] = attribute.type;
    type = ['object', attributes];
    blockTypes.set(schema, type);
  }
  return type;
}

function describe(raw: unknown): string {
  if (raw === UNKNOWN) return 'unknown';
  if (Array.isArray(raw)) return 'array';
  if (raw instanceof Uint8Array) return 'bytes';
  return typeof raw;
}

function mismatch(path: string, expected: string, raw: unknown): ValueError {
  return new ValueError(`value at ${path || '(root)'}: expected ${expected}, got ${describe(raw)}`);
}

function isPlainObject(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) && !(raw instanceof Uint8Array);
}

function conformNumber(raw: unknown, path: string): number {
  if (typeof raw === 'number') return raw;
  // cty writes numbers that do not fit an int64 or a float64 exactly as decimal strings.
  if (typeof raw === 'string' && raw.trim() !== '' && !Number.isNaN(Number(raw))) return Number(raw);
  throw mismatch(path, 'number', raw);
}

function conformPrimitive(type: 'string' | 'number' | 'bool', raw: unknown, path: string): TfValue {
  switch (type) {
    case 'string':
      if (typeof raw === 'string') return raw;
      throw mismatch(path, 'string', raw);
    case 'number':
      return conformNumber(raw, path);
    case 'bool':
      if (typeof raw === 'boolean') return raw;
      throw mismatch(path, 'bool', raw);
  }
}

/**
 * Shapes a decoded wire value (msgpack or JSON) into a TfValue of `type`: objects get exactly the
 * type's attributes (missing -> null, extra dropped), numbers given as strings become numbers,
 * UNKNOWN stays UNKNOWN at any depth.
 */
export function conformValue(type: TfType, raw: unknown, path = ''): TfValue {
  if (raw === UNKNOWN) return UNKNOWN;
  if (raw === null || raw === undefined) return null;
  if (typeof type === 'string') return conformPrimitive(type, raw, path);
  const [kind, inner] = type;
  switch (kind) {
    case 'list':
    case 'set':
      if (!Array.isArray(raw)) throw mismatch(path, kind, raw);
      return raw.map((element, index) => conformValue(inner, element, `${path}[${index}]`));
    case 'map':
      if (!isPlainObject(raw)) throw mismatch(path, 'map', raw);
      return Object.fromEntries(
        Object.entries(raw).map(([key, element]) => [key, conformValue(inner, element, `${path}["${key}"]`)]),
      );
    case 'object': {
      if (!isPlainObject(raw)) throw mismatch(path, 'object', raw);
      return Object.fromEntries(
        Object.entries(inner).map(([name, attributeType]) => [
          name,
          conformValue(attributeType, Object.hasOwn(raw, name) ? raw[name] : null, `${path}.${name}`),
        ]),
      );
    }
  }
}

function wirePrimitive(type: 'string' | 'number' | 'bool', value: TfValue, path: string): unknown {
  const expected = type === 'bool' ? 'boolean' : type;
  if (typeof value !== expected) throw mismatch(path, type, value);
  if (typeof value === 'number' && Number.isNaN(value)) throw mismatch(path, 'number', 'NaN');
  return value;
}

/**
 * Turns a TfValue into the msgpack-ready tree cty expects for `type`: objects with exactly one key
 * per attribute (absent -> null, extra dropped), sets and lists as arrays, UNKNOWN kept for the codec.
 */
export function toWire(type: TfType, value: TfValue | undefined, path = ''): unknown {
  if (value === undefined || value === null) return null;
  if (value === UNKNOWN) return UNKNOWN;
  if (typeof type === 'string') return wirePrimitive(type, value, path);
  const [kind, inner] = type;
  switch (kind) {
    case 'list':
    case 'set':
      if (!Array.isArray(value)) throw mismatch(path, kind, value);
      return value.map((element, index) => toWire(inner, element, `${path}[${index}]`));
    case 'map':
      if (!isPlainObject(value)) throw mismatch(path, 'map', value);
      return Object.fromEntries(
        Object.entries(value).map(([key, element]) => [key, toWire(inner, element, `${path}["${key}"]`)]),
      );
    case 'object': {
      if (!isPlainObject(value)) throw mismatch(path, 'object', value);
      const object = value as TfObject;
      return Object.fromEntries(
        Object.entries(inner).map(([name, attributeType]) => [
          name,
          toWire(attributeType, Object.hasOwn(object, name) ? object[name] : null, `${path}.${name}`),
        ]),
      );
    }
  }
}

/** Encodes a TfValue of `type` as cty msgpack bytes. */
export function encodeMsgpack(type: TfType, value: TfValue): Buffer {
  const bytes = msgpackCodecs().encoder.encode(toWire(type, value));
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Decodes cty msgpack bytes into a TfValue of `type` (every extension value -> UNKNOWN). */
export function decodeMsgpack(type: TfType, bytes: Uint8Array): TfValue {
  return conformValue(type, msgpackCodecs().decoder.decode(bytes));
}

/** Decodes cty JSON bytes (no unknowns possible) into a TfValue of `type`. */
export function decodeJson(type: TfType, bytes: Uint8Array): TfValue {
  return conformValue(type, JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown);
}

/** The bytes of a bytes field in any form proto-loader accepts (a string is base64); null when empty. */
function fieldBytes(field: Uint8Array | string | null | undefined): Uint8Array | null {
  const bytes = typeof field === 'string' ? Buffer.from(field, 'base64') : field;
  return bytes === null || bytes === undefined || bytes.length === 0 ? null : bytes;
}

/**
 * Decodes a DynamicValue (msgpack preferred, JSON accepted); an absent or empty one is null. Takes
 * the message in any form: as received (Buffers) or as built (e.g. by encodeDynamicValue).
 */
export function decodeDynamicValue(type: TfType, value: DynamicValueMessage | null | undefined): TfValue {
  if (!value) return null;
  const msgpack = fieldBytes(value.msgpack);
  if (msgpack !== null) return decodeMsgpack(type, msgpack);
  const json = fieldBytes(value.json);
  if (json !== null) return decodeJson(type, json);
  return null;
}

/** Encodes a TfValue as a msgpack DynamicValue (what Terraform always accepts). */
export function encodeDynamicValue(type: TfType, value: TfValue): { msgpack: Buffer } {
  return { msgpack: encodeMsgpack(type, value) };
}

/** Decodes a DynamicValue holding an object of `schema` (or null). */
export function decodeBlockValue(
  schema: BlockSchema,
  value: DynamicValueMessage | null | undefined,
): TfObject | null {
  const decoded = decodeDynamicValue(blockType(schema), value);
  if (decoded === null) return null;
  if (decoded === UNKNOWN) throw new ValueError('value at (root): expected object, got unknown');
  return decoded as TfObject;
}

/** Encodes an object of `schema` (or null) as a msgpack DynamicValue. */
export function encodeBlockValue(schema: BlockSchema, value: TfObject | null): { msgpack: Buffer } {
  return encodeDynamicValue(blockType(schema), value);
}
