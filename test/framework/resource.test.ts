/**
 * The lifecycle rules defineResource() applies to every resource, shown on a small in-memory
 * resource: errors become diagnostics in every RPC, results agree with the plan, state-only
 * attributes stay in the state, and what the run knows decides replacements.
 */
import {
  Attributes,
  computedString,
  optionalBool,
  requiredString,
} from '../../provider/framework/attributes';
import { errorDiagnostic, Problem } from '../../provider/framework/diagnostics';
import {
  defineResource,
  PlannedWrite,
  Resource,
  settleApplied,
  settleRead,
} from '../../provider/framework/resource';
import { RunMemory } from '../../provider/framework/run';
import { TfObject, UNKNOWN } from '../../provider/framework/types';
import { sessionOf } from '../helpers/sessions';

interface WidgetArgs {
  readonly name: string;
  readonly keep: boolean | null;
}
interface WidgetModel extends WidgetArgs {
  readonly id: string;
  readonly owner: string;
}

interface Store {
  readonly widgets: Map<string, WidgetModel>;
  failWith?: unknown;
  deletes: number;
}

const caseless = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

const attributes: Attributes<WidgetArgs, WidgetModel> = {
  id: computedString({ description: 'id' }),
  name: requiredString({ description: 'name', requiresReplace: true, equivalent: caseless }),
  keep: optionalBool({ description: 'state only', stateOnly: true }),
  owner: computedString({ description: 'owner', onCreate: 'us' }),
};

const declaration: Resource<WidgetArgs, WidgetModel, Store> = {
  typeName: 'test_widget',
  description: 'A widget.',
  noun: 'widget',
  attributes,
  identity: {
    attribute: 'name',
    key: (config) => (typeof config.name === 'string' ? config.name.toLowerCase() : null),
    async find(name, store) {
      return [...store.widgets.values()].find((w) => caseless(w.name, name)) ?? null;
    },
    refusal: (existing) =>
      existing.owner === 'us' ? null : { why: 'owned by someone else', detail: 'Not ours.' },
  },
  async modifyPlan(_draft, store) {
    if (store.failWith !== undefined) throw store.failWith;
  },
  async create(args, store) {
    const created = { ...args, id: `w${store.widgets.size + 1}`, name: args.name.toUpperCase(), owner: 'us' };
    store.widgets.set(created.id, created);
    return { state: created };
  },
  async read(state, store) {
    if (store.failWith !== undefined) throw store.failWith;
    return store.widgets.get(state.id) ?? null;
  },
  async update(prior, args) {
    return { state: { ...prior, ...args } };
  },
  async delete(prior, store) {
    store.deletes += 1;
    store.widgets.delete(prior.id);
  },
  async importState(id, store) {
    return store.widgets.get(id) ?? null;
  },
};
const widget = defineResource(declaration);

function store(...widgets: WidgetModel[]): Store {
  return { widgets: new Map(widgets.map((w) => [w.id, w])), deletes: 0 };
}

const CONFIG: TfObject = { id: null, name: 'Gear', keep: true, owner: null };
const STATE: TfObject = { id: 'w1', name: 'Gear', keep: true, owner: 'us' };

describe('defineResource: errors are diagnostics in every RPC', () => {
  it('GIVEN a plan hook that throws WHEN planned THEN the provider describes the error (no "Unexpected error in PlanResourceChange")', async () => {
    const result = await widget.plan(
      { prior: null, proposed: CONFIG, config: CONFIG },
      sessionOf({ ...store(), failWith: new Error('the API is down') }),
    );
    expect(result.planned).toBeNull();
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        summary: 'Unexpected error while planning a widget',
        detail: 'the API is down',
      }),
    ]);
  });

  it('GIVEN a hook that throws a Problem WHEN read THEN exactly its diagnostics are returned with the prior state', async () => {
    const problem = new Problem(errorDiagnostic('Gone fishing', 'try later'));
    const result = await widget.read(STATE, sessionOf({ ...store(), failWith: problem }));
    expect(result).toEqual({ state: STATE, diagnostics: [problem.diagnostics[0]] });
  });
});

describe('defineResource: results agree with the plan and the prior state', () => {
  it('GIVEN a create WHEN the remote object spells the name otherwise THEN the planned spelling, known values and state-only inputs stay', async () => {
    const planned: TfObject = { id: UNKNOWN, name: 'Gear', keep: true, owner: 'us' };
    const result = await widget.apply({ prior: null, planned, config: CONFIG }, sessionOf(store()));
    expect(result.state).toEqual({ id: 'w1', name: 'Gear', keep: true, owner: 'us' });
  });

  it('GIVEN a read WHEN the remote object has another case THEN the prior spelling and state-only value stay', async () => {
    const result = await widget.read(
      STATE,
      sessionOf(store({ id: 'w1', name: 'GEAR', keep: null, owner: 'us' })),
    );
    expect(result.state).toEqual(STATE);
  });

  it.each<[string, TfObject, TfObject, TfObject]>([
    [
      'a computed value planned known wins',
      { id: 'a', name: 'n', keep: null, owner: 'us' },
      { id: 'a', name: 'n', keep: null, owner: 'them' },
      { owner: 'us' },
    ],
    [
      'an unknown computed value takes the result',
      { id: UNKNOWN, name: 'n', keep: null, owner: UNKNOWN },
      { id: 'b', name: 'n', keep: null, owner: 'them' },
      { id: 'b', owner: 'them' },
    ],
    [
      'a non-equivalent input takes the result',
      { id: 'a', name: 'n', keep: null, owner: 'us' },
      { id: 'a', name: 'm', keep: null, owner: 'us' },
      { name: 'm' },
    ],
  ])('GIVEN %s WHEN settled after apply', (_name, planned, returned, expected) => {
    expect(settleApplied(attributes as never, planned, returned)).toMatchObject(expected);
  });

  it('GIVEN a read WHEN settled THEN computed values come from the read', () => {
    expect(settleRead(attributes as never, STATE, { ...STATE, owner: 'them', keep: null })).toEqual({
      ...STATE,
      owner: 'them',
    });
  });
});

describe('defineResource: import, replacement and the run', () => {
  it('GIVEN an import WHEN the object exists THEN state-only inputs are null, and a refused one is named', async () => {
    const session = sessionOf(
      store(
        { id: 'w1', name: 'Gear', keep: null, owner: 'us' },
        { id: 'w2', name: 'Cog', keep: null, owner: 'them' },
      ),
    );
    expect((await widget.importState('w1', session)).state).toEqual({
      id: 'w1',
      name: 'Gear',
      keep: null,
      owner: 'us',
    });
    const refused = await widget.importState('w2', session);
    expect(refused.diagnostics?.[0]).toMatchObject({
      summary: 'Cannot import a widget owned by someone else',
      detail: 'Not ours.',
    });
    expect((await widget.importState('w9', session)).state).toBeNull();
  });

  it('GIVEN an object created by this run WHEN an older object with its id is destroyed THEN nothing is deleted', async () => {
    const run = new RunMemory();
    const widgets = store();
    const session = sessionOf(widgets, { run });
    run.noteCreated('test_widget', 'w1');
    await widget.apply({ prior: STATE, planned: null, config: null }, session);
    expect(widgets.deletes).toBe(0);
  });

  it('GIVEN a state object noted at upgrade WHEN a create plans its key THEN it is a replacement of that object', async () => {
    const run = new RunMemory();
    const session = sessionOf(store({ id: 'w1', name: 'gear', keep: null, owner: 'us' }), { run });
    widget.noteStateObject?.(STATE, session);
    const result = await widget.plan({ prior: null, proposed: CONFIG, config: CONFIG }, session);
    expect(result.diagnostics).toEqual([]);
    expect(result.plannedPrivate).toEqual({ replacement: { of: 'w1', successorKey: 'gear' } });
  });

  it('GIVEN an object owned by someone else WHEN a create plans its key THEN the refusal says why', async () => {
    const session = sessionOf(store({ id: 'w1', name: 'gear', keep: null, owner: 'them' }));
    const result = await widget.plan({ prior: null, proposed: CONFIG, config: CONFIG }, session);
    expect(result.diagnostics?.[0]).toMatchObject({
      summary: 'A widget with this name already exists in Apono',
      path: ['name'],
    });
    expect(result.diagnostics?.[0]?.detail).toContain('Not ours.');
  });
});

describe('defineResource: a resource vetoes planned writes before anything is sent', () => {
  interface GuardedStore extends Store {
    readonly checked: PlannedWrite[];
    refuse: boolean;
  }
  const guarded = defineResource<WidgetArgs, WidgetModel, GuardedStore>({
    ...(declaration as unknown as Resource<WidgetArgs, WidgetModel, GuardedStore>),
    forgetsOnDestroy: (prior) => prior.keep === true,
    async checkPlannedWrite(write, store) {
      store.checked.push(write);
      return store.refuse ? [errorDiagnostic(`No ${write} here`, 'The service cannot write widgets.')] : [];
    },
  });
  const guardedStore = (refuse: boolean, ...widgets: WidgetModel[]): GuardedStore => ({
    ...store(...widgets),
    checked: [],
    refuse,
  });
  const GEAR: WidgetModel = { id: 'w1', name: 'Gear', keep: null, owner: 'us' };
  const PRIOR: TfObject = { ...GEAR };
  const config = (changes: Partial<TfObject>): TfObject => ({ ...CONFIG, keep: null, ...changes });

  it.each<[string, TfObject | null, TfObject | null, PlannedWrite[]]>([
    ['a create', null, config({ name: 'Cog' }), ['create']],
    ['a create whose name is not known yet', null, config({ name: UNKNOWN }), ['create']],
    ['a change of a state-only input', PRIOR, config({ name: 'GEAR', keep: true }), []],
    ['a replacement', PRIOR, config({ name: 'Cog' }), ['replace']],
    ['a destroy', PRIOR, null, ['delete']],
    ['a destroy that only forgets', { ...PRIOR, keep: true }, null, []],
    ['no change', PRIOR, config({}), []],
  ])(
    'GIVEN %s WHEN planned THEN only the writes it sends are checked',
    async (_name, prior, planConfig, writes) => {
      const ctx = guardedStore(false, GEAR);
      await guarded.plan({ prior, proposed: planConfig, config: planConfig }, sessionOf(ctx));
      expect(ctx.checked).toEqual(writes);
    },
  );

  it('GIVEN an input change WHEN planned THEN an update is checked', async () => {
    const ctx = guardedStore(false, GEAR);
    const changed = defineResource<WidgetArgs, WidgetModel, GuardedStore>({
      ...(declaration as unknown as Resource<WidgetArgs, WidgetModel, GuardedStore>),
      attributes: { ...attributes, name: requiredString({ description: 'name', equivalent: caseless }) },
      checkPlannedWrite: async (write, store) => (store.checked.push(write), []),
    });
    const planConfig = config({ name: 'Cog' });
    await changed.plan({ prior: PRIOR, proposed: planConfig, config: planConfig }, sessionOf(ctx));
    expect(ctx.checked).toEqual(['update']);
  });

  it.each([
    ['sends nothing', false, []],
    ['sends something', true, ['update']],
  ])(
    'GIVEN an input change the resource says %s WHEN planned THEN checks are asked accordingly',
    async (_case, sends, checked) => {
      const ctx = guardedStore(false, GEAR);
      const seen: string[][] = [];
      const changed = defineResource<WidgetArgs, WidgetModel, GuardedStore>({
        ...(declaration as unknown as Resource<WidgetArgs, WidgetModel, GuardedStore>),
        attributes: { ...attributes, name: requiredString({ description: 'name', equivalent: caseless }) },
        checkPlannedWrite: async (write, store) => (store.checked.push(write), []),
        updateSends: (_prior, _planned, changes) => (seen.push([...changes]), sends),
      });
      const planConfig = config({ name: 'Cog' });
      await changed.plan({ prior: PRIOR, proposed: planConfig, config: planConfig }, sessionOf(ctx));
      expect(seen).toEqual([['name']]);
      expect(ctx.checked).toEqual(checked);
    },
  );

  it('GIVEN an existing object equal to the config WHEN a create adopts it THEN no write is checked', async () => {
    const ctx = guardedStore(true, GEAR);
    const planConfig = config({ name: 'gear' });
    const result = await guarded.plan(
      { prior: null, proposed: planConfig, config: planConfig },
      sessionOf(ctx, { adoptExisting: true }),
    );
    expect(ctx.checked).toEqual([]);
    expect(result.planned).not.toBeNull();
  });

  it.each<[string, TfObject | null, TfObject | null, string]>([
    ['a create', null, config({ name: 'Cog' }), 'No create here'],
    ['a replacement', PRIOR, config({ name: 'Cog' }), 'No replace here'],
    ['a destroy', PRIOR, null, 'No delete here'],
  ])(
    'GIVEN a refusing check WHEN %s is planned THEN the plan fails with exactly its diagnostic',
    async (_name, prior, planConfig, summary) => {
      const ctx = guardedStore(true, GEAR);
      const result = await guarded.plan({ prior, proposed: planConfig, config: planConfig }, sessionOf(ctx));
      expect(result.planned).toBeNull();
      expect(result.diagnostics).toEqual([
        { severity: 'error', summary, detail: 'The service cannot write widgets.' },
      ]);
      expect(ctx.deletes).toBe(0);
    },
  );
});
