/**
 * Moves from another resource type (MoveResourceState): a resource converts only the sources it
 * declares, with no context (Terraform has not configured the provider), and says which sources it
 * accepts when asked for another one.
 */
import {
  Attributes,
  computedString,
  optionalStringSet,
  requiredString,
} from '../../provider/framework/attributes';
import { defineResource } from '../../provider/framework/resource';
import {
  findMoveSource,
  MoveSource,
  SourceState,
  sourceString,
  sourceStrings,
} from '../../provider/framework/move';
import { MoveRequest } from '../../provider/framework/types';

interface GadgetArgs {
  readonly label: string;
  readonly parts: string[] | null;
}
interface GadgetModel extends GadgetArgs {
  readonly id: string;
  readonly origin: string;
}

const attributes: Attributes<GadgetArgs, GadgetModel> = {
  id: computedString({ description: 'id' }),
  label: requiredString({ description: 'label' }),
  parts: optionalStringSet({ description: 'parts' }),
  origin: computedString({ description: 'origin' }),
};

const OTHER = 'registry.terraform.io/acme/acme';

const acmeWidget: MoveSource<GadgetModel> = {
  provider: OTHER,
  type: 'acme_widget',
  schemaVersion: 2,
  convert: (source) => ({
    id: sourceString(source, 'id'),
    label: sourceString(source, 'title'),
    parts: sourceStrings(source, 'components'),
    origin: 'acme',
  }),
};

const unreachable = async (): Promise<never> => Promise.reject(new Error('no I/O in a move'));

function gadget(moveFrom?: ReadonlyArray<MoveSource<GadgetModel>>) {
  return defineResource<GadgetArgs, GadgetModel, never>({
    typeName: 'test_gadget',
    description: 'A gadget.',
    noun: 'gadget',
    attributes,
    create: unreachable,
    read: unreachable,
    update: unreachable,
    delete: unreachable,
    importState: unreachable,
    ...(moveFrom === undefined ? {} : { moveFrom }),
  });
}

function request(overrides: Partial<MoveRequest> = {}): MoveRequest {
  return {
    sourceProvider: OTHER,
    sourceType: 'acme_widget',
    sourceSchemaVersion: 2,
    sourceState: { id: 'w-7', title: 'Seven', components: ['b', 'a'], colour: 'red' },
    ...overrides,
  };
}

describe('GIVEN a resource that declares a move source', () => {
  const resource = gadget([acmeWidget]);

  test('WHEN Terraform moves an object of that source THEN the state is the converted model, every attribute set', () => {
    expect(resource.moveState?.(request())).toEqual({
      state: { id: 'w-7', label: 'Seven', parts: ['b', 'a'], origin: 'acme' },
    });
  });

  test('WHEN the source provider address differs only by case THEN it is the same source', () => {
    const moved = resource.moveState?.(request({ sourceProvider: 'registry.terraform.io/ACME/acme' }));
    expect(moved?.state).toMatchObject({ id: 'w-7' });
  });

  test.each([
    [
      'another type of the same provider',
      { sourceType: 'acme_gizmo' },
      'acme_gizmo of registry.terraform.io/acme/acme',
    ],
    [
      'the same type of another provider',
      { sourceProvider: 'registry.terraform.io/other/acme' },
      'acme_widget of registry.terraform.io/other/acme',
    ],
  ])(
    'WHEN the source is %s THEN the error names it and the one source accepted, and no state is returned',
    (_case, overrides, named) => {
      const moved = resource.moveState?.(request(overrides));
      expect(moved?.state).toBeNull();
      expect(moved?.diagnostics).toHaveLength(1);
      const [diagnostic] = moved?.diagnostics ?? [];
      expect(diagnostic).toMatchObject({ severity: 'error' });
      expect(diagnostic?.detail).toContain(named);
      expect(diagnostic?.detail).toContain(
        'test_gadget accepts a moved block only from: acme_widget of registry.terraform.io/acme/acme.',
      );
      expect(diagnostic?.detail).toContain('`removed` block with `lifecycle { destroy = false }`');
    },
  );

  test('WHEN the source state has another schema version THEN the error names both versions', () => {
    const moved = resource.moveState?.(request({ sourceSchemaVersion: 3 }));
    expect(moved?.state).toBeNull();
    expect(moved?.diagnostics?.[0]).toMatchObject({
      severity: 'error',
      summary: 'Cannot move acme_widget to test_gadget',
    });
    expect(moved?.diagnostics?.[0]?.detail).toContain(
      'it has schema version 3, and this provider reads version 2',
    );
  });

  test.each<[string, SourceState, string]>([
    ['a missing attribute', { title: 'Seven' }, 'attribute "id" is missing'],
    ['an empty string', { id: '', title: 'Seven' }, 'attribute "id" is not a non-empty string'],
    ['a number for a string', { id: 7, title: 'Seven' }, 'attribute "id" is not a non-empty string'],
    [
      'a list with a non-string',
      { id: 'w', title: 'T', components: ['a', 1] },
      'attribute "components" is not a list of strings',
    ],
    [
      'a string for a list',
      { id: 'w', title: 'T', components: 'a' },
      'attribute "components" is not a list of strings',
    ],
  ])(
    'WHEN the source state has %s THEN the move fails saying which attribute',
    (_case, sourceState, reason) => {
      const moved = resource.moveState?.(request({ sourceState }));
      expect(moved?.state).toBeNull();
      expect(moved?.diagnostics?.[0]?.detail).toContain(reason);
    },
  );

  test('WHEN the source list is null THEN the converted list is empty', () => {
    const moved = resource.moveState?.(request({ sourceState: { id: 'w', title: 'T', components: null } }));
    expect(moved?.state).toMatchObject({ parts: [] });
  });
});

describe('GIVEN a resource that declares no move source', () => {
  test('WHEN Terraform moves anything to it THEN the error says it accepts no moved block', () => {
    const moved = gadget().moveState?.(request());
    expect(moved?.state).toBeNull();
    expect(moved?.diagnostics?.[0]?.detail).toContain(
      'test_gadget accepts no moved block from another resource type.',
    );
  });
});

describe('findMoveSource', () => {
  test.each([
    ['the declared type and provider', true, OTHER, 'acme_widget'],
    ['the provider in upper case', true, OTHER.toUpperCase(), 'acme_widget'],
    ['the type in upper case', false, OTHER, 'ACME_WIDGET'],
    ['another provider', false, 'registry.terraform.io/hashicorp/acme', 'acme_widget'],
  ])('GIVEN %s THEN found is %p', (_case, found, sourceProvider, sourceType) => {
    expect(findMoveSource([acmeWidget], { sourceProvider, sourceType })).toBe(found ? acmeWidget : null);
  });
});
