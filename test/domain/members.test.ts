import { diffMembers, planMemberWrites } from '../../provider/domain/members';

describe('diffMembers', () => {
  it.each([
    { current: [], desired: ['a@x.io'], add: ['a@x.io'], remove: [] },
    { current: ['a@x.io'], desired: [], add: [], remove: ['a@x.io'] },
    { current: ['A@x.io', 'b@x.io'], desired: ['a@X.io', 'c@x.io'], add: ['c@x.io'], remove: ['b@x.io'] },
    { current: ['a@x.io'], desired: ['A@X.IO'], add: [], remove: [] },
  ])('GIVEN $current WHEN $desired is wanted THEN adds $add and removes $remove', (row) => {
    expect(diffMembers(row.current, row.desired)).toEqual({ add: row.add, remove: row.remove });
  });
});

describe('planMemberWrites', () => {
  it('GIVEN a case-only difference WHEN planned THEN no call is made', () => {
    expect(planMemberWrites(['a@x.io'], ['A@x.io'])).toEqual({ kind: 'none' });
  });

  it('GIVEN one added member WHEN planned THEN one targeted call is made', () => {
    expect(planMemberWrites(['a@x.io'], ['a@x.io', 'b@x.io'])).toEqual({
      kind: 'single',
      add: ['b@x.io'],
      remove: [],
    });
  });

  it('GIVEN one removed member WHEN planned THEN one targeted call is made', () => {
    expect(planMemberWrites(['a@x.io', 'b@x.io'], ['a@x.io'])).toEqual({
      kind: 'single',
      add: [],
      remove: ['b@x.io'],
    });
  });

  it('GIVEN several changes WHEN planned THEN the whole list is replaced in one call', () => {
    expect(planMemberWrites(['a@x.io'], ['b@x.io', 'c@x.io'])).toEqual({
      kind: 'replace',
      members: ['b@x.io', 'c@x.io'],
    });
  });
});
