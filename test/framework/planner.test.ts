/** The default planner: Terraform's plan rules from attribute declarations, as pure functions. */
import {
  computedString,
  computedStringList,
  optionalBool,
  optionalComputedString,
  optionalComputedNullableStringSet,
  optionalComputedStringSet,
  optionalString,
  requiredString,
} from '../../provider/framework/attributes';
import {
  AttributeTable,
  changedInputs,
  equivalentValues,
  planComputed,
  planInputs,
  preferSpelling,
  replacePaths,
  sameMultiset,
  sameValue,
} from '../../provider/framework/planner';
import { TfObject, TfValue, UNKNOWN } from '../../provider/framework/types';

const caseless = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

const ATTRIBUTES: AttributeTable = {
  id: computedString({ description: 'id' }),
  kind: computedString({ description: 'known on create', onCreate: 'native' }),
  email: requiredString({ description: 'e', requiresReplace: true, equivalent: caseless }),
  nickname: optionalString({ description: 'n' }),
  role: optionalComputedString({ description: 'r', defaultOnCreate: 'Grantee', equivalent: caseless }),
  members: optionalComputedStringSet({ description: 'm', defaultOnCreate: [], equivalent: caseless }),
  keep: optionalBool({ description: 'k', stateOnly: true }),
};

const PRIOR: TfObject = {
  id: 'x1',
  kind: 'native',
  email: 'Ada@Example.com',
  nickname: null,
  role: 'Admin',
  members: ['a@x.io', 'B@x.io'],
  keep: null,
};

function config(values: Partial<TfObject>): TfObject {
  return {
    id: null,
    kind: null,
    email: 'Ada@Example.com',
    nickname: null,
    role: null,
    members: null,
    keep: null,
    ...values,
  };
}

describe('planInputs', () => {
  it.each<[string, Partial<TfObject>, Partial<TfObject>]>([
    [
      'a case-only change keeps the prior spelling',
      { email: 'ADA@example.COM' },
      { email: 'Ada@Example.com' },
    ],
    [
      'a real change takes the configured value',
      { email: 'grace@example.com' },
      { email: 'grace@example.com' },
    ],
    ['an omitted optional-computed input keeps the state (not managed)', { role: null }, { role: 'Admin' }],
    [
      'an equivalent set keeps the prior spellings',
      { members: ['b@X.io', 'A@x.io'] },
      { members: ['a@x.io', 'B@x.io'] },
    ],
    ['a changed set takes the configured value', { members: ['c@x.io'] }, { members: ['c@x.io'] }],
    ['an unknown value stays unknown', { email: UNKNOWN }, { email: UNKNOWN }],
    [
      'a set with an unknown element is not equivalent',
      { members: ['a@x.io', UNKNOWN] },
      { members: ['a@x.io', UNKNOWN] },
    ],
  ])('GIVEN an update WHEN %s', (_name, values, expected) => {
    expect(planInputs(ATTRIBUTES, PRIOR, config(values))).toMatchObject(expected);
  });

  it('GIVEN a create WHEN optional-computed inputs are omitted THEN their defaults are planned, else unknown', () => {
    const noDefault: AttributeTable = { tier: optionalComputedString({ description: 't' }) };
    expect(planInputs(ATTRIBUTES, null, config({}))).toMatchObject({ role: 'Grantee', members: [] });
    expect(planInputs(noDefault, null, { tier: null })).toEqual({ tier: UNKNOWN });
  });

  it('GIVEN a create WHEN an omitted set defaults to null THEN null is planned, not unknown', () => {
    const unmanaged: AttributeTable = {
      tags: optionalComputedNullableStringSet({ description: 't', defaultOnCreate: null }),
    };
    expect(planInputs(unmanaged, null, { tags: null })).toEqual({ tags: null });
  });

  it('GIVEN an update WHEN a set that defaults to null is removed from the configuration THEN null is planned (no longer managed)', () => {
    const unmanaged: AttributeTable = {
      tags: optionalComputedNullableStringSet({ description: 't', defaultOnCreate: null }),
    };
    expect(planInputs(unmanaged, { tags: ['a'] }, { tags: null })).toEqual({ tags: null });
  });

  it('GIVEN computed attributes WHEN inputs are planned THEN they are left out', () => {
    expect(Object.keys(planInputs(ATTRIBUTES, PRIOR, config({})))).not.toContain('id');
  });
});

describe('replacePaths, planComputed and changedInputs', () => {
  it('GIVEN a changed requires-replace input WHEN compared THEN its path is returned', () => {
    expect(replacePaths(ATTRIBUTES, PRIOR, { ...PRIOR, email: 'grace@example.com' })).toEqual([['email']]);
    expect(replacePaths(ATTRIBUTES, PRIOR, { ...PRIOR, email: UNKNOWN })).toEqual([['email']]);
    expect(replacePaths(ATTRIBUTES, PRIOR, { ...PRIOR, role: 'Viewer' })).toEqual([]);
  });

  it.each<[string, TfObject | null, boolean, TfObject]>([
    ['an object that stays keeps its computed values', PRIOR, false, { id: 'x1', kind: 'native' }],
    ['a replacement knows only what is known on create', PRIOR, true, { id: UNKNOWN, kind: 'native' }],
    ['a create knows only what is known on create', null, true, { id: UNKNOWN, kind: 'native' }],
  ])('GIVEN %s', (_name, prior, newObject, expected) => {
    expect(planComputed(ATTRIBUTES, prior, newObject)).toEqual(expected);
  });

  it.each<[string, string[], TfValue]>([
    ['an input it changes with changes', ['nickname', 'role'], UNKNOWN],
    ['only another input changes', ['nickname'], ['Admin']],
    ['nothing changes', [], ['Admin']],
  ])(
    'GIVEN a computed attribute that changes with role WHEN %s THEN it plans %j',
    (_name, changed, expected) => {
      const attributes = { roles: computedStringList({ description: 'r', changesWith: ['role'] }) };
      expect(planComputed(attributes, { roles: ['Admin'] }, false, changed)).toEqual({ roles: expected });
    },
  );

  it('GIVEN a state-only change and a role change WHEN the changed inputs are listed THEN only the role is', () => {
    expect(changedInputs(ATTRIBUTES, PRIOR, { ...PRIOR, keep: true, role: 'Viewer' })).toEqual(['role']);
  });
});

describe('equality', () => {
  const members = ATTRIBUTES.members as Parameters<typeof equivalentValues>[0];

  it.each<[TfValue, TfValue, boolean]>([
    [['a', 'b'], ['b', 'a'], true],
    [['a'], ['a', 'b'], false],
    [{ x: ['a'] }, { x: ['a'] }, true],
    [null, 'a', false],
  ])('GIVEN %j and %j WHEN compared as sets THEN equal is %s', (a, b, equal) => {
    expect(sameValue(a, b, true)).toBe(equal);
  });

  /** The same set, declared with a normal form instead of a pairwise equality. */
  const byCanonical = optionalComputedStringSet({
    description: 'm',
    canonical: (value) => value.toLowerCase(),
  }) as Parameters<typeof equivalentValues>[0];

  it.each([
    ['a pairwise equality', members],
    ['a normal form', byCanonical],
  ])(
    'GIVEN sets that differ only by case, declared with %s, WHEN compared semantically THEN they are equivalent',
    (_name, attribute) => {
      expect(equivalentValues(attribute, ['A@x.io', 'b@x.io'], ['B@X.io', 'a@x.io'])).toBe(true);
      expect(equivalentValues(attribute, ['A@x.io'], ['A@x.io', 'c@x.io'])).toBe(false);
      expect(equivalentValues(attribute, ['A@x.io', 'b@x.io'], ['a@x.io', 'c@x.io'])).toBe(false);
    },
  );

  it.each([
    ['a pairwise equality', members],
    ['a normal form', byCanonical],
  ])(
    'GIVEN an API answer in other cases, declared with %s, WHEN spellings are preferred THEN each known element keeps the preferred one',
    (_name, attribute) => {
      expect(preferSpelling(attribute, ['a@x.io', 'new@x.io'], ['A@X.io', 'old@x.io'])).toEqual([
        'A@X.io',
        'new@x.io',
      ]);
    },
  );

  it.each<[string[], string[], boolean]>([
    [['a', 'b', 'c'], ['c', 'b', 'a'], true],
    [['a', 'a', 'b'], ['a', 'b', 'b'], false],
    [['a', 'b'], ['a', 'B'], false],
  ])('GIVEN string lists %j and %j WHEN compared as multisets THEN equal is %s', (a, b, equal) => {
    expect(sameMultiset(a, b, (value) => value)).toBe(equal);
  });
});
