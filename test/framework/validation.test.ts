/** Static checks of configurations from attribute declarations. */
import {
  optionalComputedStringSet,
  optionalString,
  requiredString,
} from '../../provider/framework/attributes';
import { AttributeTable } from '../../provider/framework/planner';
import { TfObject, UNKNOWN } from '../../provider/framework/types';
import { pathText, unresolvedInputs, validateInputs } from '../../provider/framework/validation';

const noX = (value: string) => (value.includes('x') ? 'must not contain x' : null);

const ATTRIBUTES: AttributeTable = {
  name: requiredString({ description: 'n', rules: [noX] }),
  note: optionalString({ description: 'o', rules: [noX] }),
  tags: optionalComputedStringSet({
    description: 't',
    rules: [noX],
    invalidSummary: 'Invalid tag',
    collectionRule: (values) =>
      new Set(values).size === values.length ? [] : [{ summary: 'Duplicate tag', detail: 'tags repeat' }],
  }),
};

function config(values: Partial<TfObject>): TfObject {
  return { name: 'ok', note: null, tags: null, ...values };
}

describe('validateInputs', () => {
  it.each<[string, Partial<TfObject>, Array<Record<string, unknown>>]>([
    ['a valid configuration', {}, []],
    ['unknown values', { name: UNKNOWN, tags: [UNKNOWN, 'a'] }, []],
    [
      'a rule broken by a scalar',
      { note: 'xyz' },
      [{ summary: 'Invalid note', detail: 'note must not contain x.', path: ['note'] }],
    ],
    [
      'a null element',
      { tags: ['a', null] },
      [{ summary: 'Invalid tag', detail: 'tags[1] must not be null.', path: ['tags', 1] }],
    ],
    [
      'a rule broken by an element',
      { tags: ['a', 'x'] },
      [{ summary: 'Invalid tag', detail: 'tags[1] ("x") must not contain x.', path: ['tags', 1] }],
    ],
    ['a collection rule', { tags: ['a', 'a'] }, [{ summary: 'Duplicate tag', path: ['tags'] }]],
    [
      'a required input that is null (an expression can be)',
      { name: null },
      [{ summary: 'Invalid name', detail: 'name must not be null.', path: ['name'] }],
    ],
  ])('GIVEN %s WHEN validated THEN the problems are as expected', (_name, values, expected) => {
    expect(validateInputs(ATTRIBUTES, config(values))).toEqual(
      expected.map((e) => expect.objectContaining(e)),
    );
  });
});

describe('unresolvedInputs', () => {
  it.each<[string, Partial<TfObject>, string[]]>([
    ['a resolved plan', {}, []],
    ['an unknown input', { note: UNKNOWN }, ['note']],
    ['a null required input', { name: null }, ['name']],
    ['a null element', { tags: ['a', null] }, ['tags']],
    ['an unknown element', { tags: [UNKNOWN] }, ['tags']],
  ])('GIVEN %s at apply WHEN checked THEN these inputs block the write: %j', (_name, values, names) => {
    expect(unresolvedInputs(ATTRIBUTES, config(values))).toEqual(names);
  });
});

describe('pathText', () => {
  it('GIVEN a path with an index WHEN shown THEN it reads like HCL', () => {
    expect(pathText(['members', 1])).toBe('members[1]');
    expect(pathText(['a', 'b'])).toBe('a.b');
  });
});
