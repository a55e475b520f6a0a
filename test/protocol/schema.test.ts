import { BlockSchema, TfType } from '../../provider/framework/types';
import { encodeSchema, encodeType } from '../../provider/protocol/schema';

describe('GIVEN cty types', () => {
  test.each<[TfType, string]>([
    ['string', '"string"'],
    ['number', '"number"'],
    ['bool', '"bool"'],
    [['set', 'string'], '["set","string"]'],
    [['list', ['map', 'number']], '["list",["map","number"]]'],
    [['object', { a: 'string', b: ['set', 'bool'] }], '["object",{"a":"string","b":["set","bool"]}]'],
  ])('WHEN %j is encoded THEN the attribute type bytes are the JSON %s', (type, json) => {
    expect(encodeType(type).toString('utf8')).toBe(json);
  });
});

describe('GIVEN a framework block schema', () => {
  const block: BlockSchema = {
    version: 2,
    description: 'A group.',
    attributes: {
      name: { type: 'string', description: 'Name.', required: true },
      id: { type: 'string', description: 'Id.', computed: true },
      token: { type: 'string', description: 'Token.', optional: true, sensitive: true },
      email: { type: 'string', description: 'Email.', optional: true, computed: true },
    },
  };

  test('WHEN encoded THEN it carries a block with version, its markdown description and attributes sorted by name', () => {
    const schema = encodeSchema(block);
    expect(schema.version).toBe(2);
    expect(schema.block).toMatchObject({ version: 2, description: 'A group.', description_kind: 'MARKDOWN' });
    expect(schema.block?.attributes?.map((attribute) => attribute.name)).toEqual([
      'email',
      'id',
      'name',
      'token',
    ]);
  });

  test('WHEN encoded THEN every attribute description is declared markdown', () => {
    const kinds = (encodeSchema(block).block?.attributes ?? []).map((a) => a.description_kind);
    expect(kinds).toEqual(['MARKDOWN', 'MARKDOWN', 'MARKDOWN', 'MARKDOWN']);
  });

  test('WHEN encoded THEN each attribute carries exactly its required/optional/computed/sensitive flags', () => {
    const flags = Object.fromEntries(
      (encodeSchema(block).block?.attributes ?? []).map((a) => [
        a.name,
        [a.required, a.optional, a.computed, a.sensitive],
      ]),
    );
    expect(flags).toEqual({
      name: [true, false, false, false],
      id: [false, false, true, false],
      token: [false, true, false, true],
      email: [false, true, true, false],
    });
  });
});
