import { decode, ExtData, encode } from '@msgpack/msgpack';
import { BlockSchema, TfType, TfValue, UNKNOWN } from '../../provider/framework/types';
import {
  blockType,
  conformValue,
  decodeBlockValue,
  decodeDynamicValue,
  decodeMsgpack,
  encodeBlockValue,
  encodeMsgpack,
  ValueError,
} from '../../provider/protocol/values';

const schema: BlockSchema = {
  version: 0,
  description: 'x',
  attributes: {
    id: { type: 'string', description: 'id', computed: true },
    count: { type: 'number', description: 'n', optional: true },
    enabled: { type: 'bool', description: 'b', optional: true },
    members: { type: ['set', 'string'], description: 's', optional: true },
    labels: { type: ['map', 'string'], description: 'm', optional: true },
    rules: {
      type: ['list', ['object', { name: 'string', emails: ['set', 'string'] }]],
      description: 'l',
      optional: true,
    },
  },
};
const type = blockType(schema);

describe('GIVEN cty msgpack values of a schema type', () => {
  test.each<[string, TfType, TfValue]>([
    ['a string', 'string', 'hello'],
    ['a number', 'number', 42.5],
    ['a bool', 'bool', false],
    ['null', 'string', null],
    ['an unknown', ['set', 'string'], UNKNOWN],
    ['a set with an unknown element', ['set', 'string'], ['a', UNKNOWN]],
    ['a map', ['map', 'number'], { a: 1, b: 2 }],
    [
      'a nested object with sets and unknowns',
      type,
      {
        id: UNKNOWN,
        count: 3,
        enabled: true,
        members: ['a@x.io', 'b@x.io'],
        labels: null,
        rules: [{ name: 'r1', emails: [UNKNOWN] }],
      },
    ],
  ])('WHEN %s is encoded and decoded THEN it round-trips unchanged', (_name, valueType, value) => {
    expect(decodeMsgpack(valueType, encodeMsgpack(valueType, value))).toEqual(value);
  });

  test('WHEN an unknown is encoded THEN it is extension 0 with one zero byte (d4 00 00)', () => {
    expect([...encodeMsgpack('string', UNKNOWN)]).toEqual([0xd4, 0x00, 0x00]);
  });

  test.each([0, 12, 1, 127])(
    'WHEN Terraform sends extension type %i THEN it decodes as UNKNOWN',
    (extType) => {
      const bytes = encode(new ExtData(extType, new Uint8Array([1, 2, 3])));
      expect(decodeMsgpack(['set', 'string'], bytes)).toBe(UNKNOWN);
    },
  );

  test('WHEN a number arrives as a decimal string THEN it decodes as a number', () => {
    expect(decodeMsgpack('number', encode('1e+21'))).toBe(1e21);
    expect(decodeMsgpack('number', encode('-0.125'))).toBe(-0.125);
  });

  test('WHEN an object misses attributes or has extra ones THEN missing become null and extras are dropped', () => {
    const bytes = encode({ id: 'x', surprise: 1 });
    expect(decodeMsgpack(type, bytes)).toEqual({
      id: 'x',
      count: null,
      enabled: null,
      members: null,
      labels: null,
      rules: null,
    });
  });

  test('WHEN encoding an object THEN it has exactly one key per schema attribute', () => {
    const wire = decode(encodeBlockValue(schema, { id: 'x', extra: 'dropped' }).msgpack) as Record<
      string,
      unknown
    >;
    expect(Object.keys(wire).sort()).toEqual(['count', 'enabled', 'id', 'labels', 'members', 'rules']);
    expect(wire).toMatchObject({ id: 'x', count: null, members: null });
  });

  test('WHEN a second value is encoded THEN the bytes of the first are unchanged (one encoder is shared)', () => {
    const first = encodeMsgpack('string', 'first value');
    const copy = Buffer.from(first);
    encodeMsgpack(['list', 'string'], ['a longer second value that reuses the buffer', 'x'.repeat(300)]);
    expect(first.equals(copy)).toBe(true);
    expect(decodeMsgpack('string', first)).toBe('first value');
  });

  test('WHEN a value does not fit its type THEN encoding fails with the attribute path', () => {
    expect(() => encodeBlockValue(schema, { count: 'three' })).toThrow(ValueError);
    expect(() => encodeBlockValue(schema, { count: 'three' })).toThrow('.count');
  });
});

describe('GIVEN DynamicValue messages', () => {
  test.each([
    ['absent', undefined],
    ['null', null],
    ['empty', { msgpack: Buffer.alloc(0), json: Buffer.alloc(0) }],
  ])('WHEN the DynamicValue is %s THEN it decodes as null', (_name, message) => {
    expect(decodeDynamicValue(type, message)).toBeNull();
    expect(decodeBlockValue(schema, message)).toBeNull();
  });

  test('WHEN only json is set THEN it is decoded and shaped by the schema', () => {
    const json = Buffer.from(JSON.stringify({ id: 'a', members: ['m'], legacy_field: true }));
    expect(decodeBlockValue(schema, { msgpack: Buffer.alloc(0), json })).toEqual({
      id: 'a',
      count: null,
      enabled: null,
      members: ['m'],
      labels: null,
      rules: null,
    });
  });

  test('WHEN msgpack encodes null THEN the block value is null', () => {
    expect(decodeBlockValue(schema, encodeBlockValue(schema, null))).toBeNull();
  });

  const plain = { id: 'a', count: 2, enabled: true, members: ['m'], labels: null, rules: null };
  test.each([
    ['msgpack', { msgpack: encodeBlockValue(schema, plain).msgpack.toString('base64') }],
    ['json', { json: Buffer.from(JSON.stringify(plain)).toString('base64') }],
  ])(
    'WHEN %s is a base64 string (proto-loader input form) THEN it decodes like the bytes',
    (_field, message) => {
      expect(decodeBlockValue(schema, message)).toEqual(plain);
    },
  );
});

describe('GIVEN raw JSON state from an older schema', () => {
  test('WHEN conformed THEN nested objects gain null attributes and lose unknown ones', () => {
    const raw = { id: 'a', rules: [{ name: 'r', old: 1 }], gone: 'x' };
    expect(conformValue(type, raw)).toEqual({
      id: 'a',
      count: null,
      enabled: null,
      members: null,
      labels: null,
      rules: [{ name: 'r', emails: null }],
    });
  });
});
