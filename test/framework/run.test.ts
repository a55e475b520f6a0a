/** What one provider process learns of a run: objects of the state, claims, its own creates. */
import { RunMemory } from '../../provider/framework/run';

describe('RunMemory claims', () => {
  it('GIVEN two creates of one key WHEN claimed THEN the second is refused', () => {
    const run = new RunMemory();
    expect(run.claim('t', 'ada', run.creator(null, false))).toBe(true);
    expect(run.claim('t', 'ada', run.creator(null, false))).toBe(false);
  });

  it('GIVEN one plan that keeps an object WHEN it plans again THEN its own claim is no conflict', () => {
    const run = new RunMemory();
    expect(run.claim('t', 'ada', { kind: 'keep', id: 'u1' })).toBe(true);
    expect(run.claim('t', 'ada', { kind: 'keep', id: 'u1' })).toBe(true);
  });

  it('GIVEN a kept object WHEN another plan creates its key THEN it is declared twice', () => {
    const run = new RunMemory();
    run.claim('t', 'ada', { kind: 'keep', id: 'u1' });
    expect(run.claim('t', 'ada', run.creator('u1', false))).toBe(false);
  });

  it('GIVEN a kept object WHEN another plan replaces it under another key (an alias) THEN it is declared twice', () => {
    const run = new RunMemory();
    run.claim('t', 'ada', { kind: 'keep', id: 'u1' });
    expect(run.claim('t', 'ada.alias', run.creator('u1', false))).toBe(false);
  });

  it('GIVEN the update half of -replace kept the object WHEN its create half replaces it explicitly THEN it takes the claim over', () => {
    const run = new RunMemory();
    run.claim('t', 'ada', { kind: 'keep', id: 'u1' });
    expect(run.claim('t', 'ada', run.creator('u1', true))).toBe(true);
  });

  it('GIVEN claims of two resource types WHEN keys are equal THEN they do not conflict', () => {
    const run = new RunMemory();
    run.claim('apono_user', 'x', run.creator(null, false));
    expect(run.claim('apono_group', 'x', run.creator(null, false))).toBe(true);
  });

  it('GIVEN an unknown key WHEN claimed THEN only the object counts', () => {
    const run = new RunMemory();
    expect(run.claim('t', null, run.creator(null, false))).toBe(true);
    expect(run.claim('t', null, run.creator(null, false))).toBe(true);
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
