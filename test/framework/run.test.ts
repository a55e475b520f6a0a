/** What one provider process learns of a run: objects of the state, claims, its own creates. */
import { RunMemory } from '../../provider/framework/run';

describe('RunMemory claims', () => {
  it('GIVEN two creates of one key WHEN claimed THEN the second is refused on the key', () => {
    const run = new RunMemory();
    expect(run.claim('t', 'ada', run.creator(null, false))).toBeNull();
    expect(run.claim('t', 'ada', run.creator(null, false))).toEqual({ on: 'key', by: 'create' });
  });

  it('GIVEN one plan that keeps an object WHEN it plans again THEN its own claim is no conflict', () => {
    const run = new RunMemory();
    expect(run.claim('t', 'ada', { kind: 'keep', id: 'u1' })).toBeNull();
    expect(run.claim('t', 'ada', { kind: 'keep', id: 'u1' })).toBeNull();
  });

  it('GIVEN a kept object WHEN another plan creates its key THEN the key is declared twice', () => {
    const run = new RunMemory();
    run.claim('t', 'ada', { kind: 'keep', id: 'u1' });
    expect(run.claim('t', 'ada', run.creator('u1', false))).toEqual({ on: 'key', by: 'keep' });
  });

  it('GIVEN a kept object WHEN another plan takes it over under another key (an alias, a rename) THEN the object is held', () => {
    const run = new RunMemory();
    run.claim('t', 'ada', { kind: 'keep', id: 'u1' });
    expect(run.claim('t', 'ada.alias', run.creator('u1', false))).toEqual({ on: 'object', by: 'keep' });
  });

  it('GIVEN the update half of -replace kept the object WHEN its create half replaces it explicitly THEN it takes the claim over', () => {
    const run = new RunMemory();
    run.claim('t', 'ada', { kind: 'keep', id: 'u1' });
    expect(run.claim('t', 'ada', run.creator('u1', true))).toBeNull();
  });

  it.each([
    ['the destroy first', true],
    ['the create first', false],
  ])(
    'GIVEN one address destroys an object another takes over, %s, WHEN claimed THEN the second conflicts',
    (_order, destroyFirst) => {
      const run = new RunMemory();
      const destroy = { kind: 'destroy', id: 'u1' } as const;
      const create = run.creator('u1', false);
      const first = destroyFirst ? run.claim('t', null, destroy) : run.claim('t', 'ada', create);
      const second = destroyFirst ? run.claim('t', 'ada', create) : run.claim('t', null, destroy);
      expect(first).toBeNull();
      expect(second).toEqual({ on: 'object', by: destroyFirst ? 'destroy' : 'create' });
    },
  );

  it('GIVEN claims of two resource types WHEN keys are equal THEN they do not conflict', () => {
    const run = new RunMemory();
    run.claim('apono_user', 'x', run.creator(null, false));
    expect(run.claim('apono_group', 'x', run.creator(null, false))).toBeNull();
  });

  it('GIVEN an unknown key WHEN claimed THEN only the object counts', () => {
    const run = new RunMemory();
    expect(run.claim('t', null, run.creator(null, false))).toBeNull();
    expect(run.claim('t', null, run.creator(null, false))).toBeNull();
  });
});

describe('RunMemory objects', () => {
  it('GIVEN objects noted, forgotten and created WHEN asked THEN each answer follows', () => {
    const run = new RunMemory();
    run.noteInState('t', 'a');
    run.noteCreated('t', 'b');
    run.forget('t', 'a');
    expect(run.isInState('t', 'a')).toBe(false);
    expect(run.isInState('t', 'b')).toBe(true);
    expect(run.wasCreated('t', 'b')).toBe(true);
    expect(run.wasCreated('u', 'b')).toBe(false);
  });
});
