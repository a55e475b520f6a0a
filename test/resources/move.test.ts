/**
 * apono_group takes over apono_managed_group objects of Apono's official provider with a `moved`
 * block: their stored state (schema version 0: id, name, members) becomes an apono_group state
 * without any request (Terraform has not configured the provider when it asks).
 */
import { MoveRequest } from '../../provider/framework/types';
import { groupResource, OFFICIAL_PROVIDER } from '../../provider/resources/group';

/** The state of an apono_managed_group as Apono's provider writes it. */
const managedGroup = {
  id: 'g_123',
  name: 'engineering',
  members: ['Ada@Example.com', 'grace@example.com'],
};

function move(overrides: Partial<MoveRequest> = {}) {
  const moveState = groupResource.moveState;
  if (moveState === undefined) throw new Error('apono_group declares no move');
  return moveState({
    sourceProvider: OFFICIAL_PROVIDER,
    sourceType: 'apono_managed_group',
    sourceSchemaVersion: 0,
    sourceState: managedGroup,
    ...overrides,
  });
}

describe('GIVEN an apono_managed_group of registry.terraform.io/apono-io/apono moved to apono_group', () => {
  test('WHEN converted THEN id, name and members carry over as stored and the source is "apono"', () => {
    expect(move()).toEqual({
      state: {
        id: 'g_123',
        name: 'engineering',
        members: ['Ada@Example.com', 'grace@example.com'],
        source: 'apono',
      },
    });
  });

  test('WHEN its state has no members attribute THEN the group state has no members (the refresh reads them)', () => {
    expect(move({ sourceState: { id: 'g_1', name: 'ops' } }).state).toMatchObject({ members: [] });
  });

  test('WHEN its state has no id THEN the move fails and says so', () => {
    const moved = move({ sourceState: { name: 'ops', members: [] } });
    expect(moved.state).toBeNull();
    expect(moved.diagnostics?.[0]).toMatchObject({
      severity: 'error',
      summary: 'Cannot move apono_managed_group to apono_group',
    });
    expect(moved.diagnostics?.[0]?.detail).toContain('attribute "id" is missing');
  });

  test('WHEN its state has a schema version other than 0 THEN the move fails naming both versions', () => {
    const moved = move({ sourceSchemaVersion: 1 });
    expect(moved.state).toBeNull();
    expect(moved.diagnostics?.[0]?.detail).toContain(
      'it has schema version 1, and this provider reads version 0',
    );
  });
});

describe('GIVEN a moved block to apono_group from a source it does not know', () => {
  test.each([
    ['another resource of the official provider', OFFICIAL_PROVIDER, 'apono_access_scope'],
    ['apono_managed_group of another provider', 'registry.terraform.io/someone/apono', 'apono_managed_group'],
    ['a resource of this provider', 'terraform.local/apono/apono', 'apono_group_member'],
  ])(
    'WHEN the source is %s THEN the error names the one source apono_group accepts',
    (_case, sourceProvider, sourceType) => {
      const moved = move({ sourceProvider, sourceType });
      expect(moved.state).toBeNull();
      expect(moved.diagnostics).toEqual([
        expect.objectContaining({ severity: 'error', summary: `Cannot move ${sourceType} to apono_group` }),
      ]);
      expect(moved.diagnostics?.[0]?.detail).toContain(
        'apono_group accepts a moved block only from: apono_managed_group of registry.terraform.io/apono-io/apono.',
      );
    },
  );
});
