import { configurationReferences, parsePlan, parseResourceChange } from '../../provider/report/parse';
import { fixturePlan } from './plans';

describe('parsePlan', () => {
  it('GIVEN a real plan THEN its resource changes keep their actions, values and provider', () => {
    const plan = parsePlan(fixturePlan('privilege'));

    const grace = plan.changes.find((change) => change.address === 'apono_user.grace');
    expect(grace).toMatchObject({
      type: 'apono_user',
      mode: 'managed',
      providerName: 'terraform.local/apono/apono',
      actions: ['update'],
      before: { role: 'Grantee' },
      after: { role: 'Admin' },
    });
  });

  it('GIVEN a real plan after changes outside Terraform THEN resource_drift is read', () => {
    const plan = parsePlan(fixturePlan('drift'));

    expect(plan.drift.map((change) => [change.address, change.actions])).toEqual(
      expect.arrayContaining([['apono_group.gone', ['delete']]]),
    );
  });

  it('GIVEN a real plan with references THEN the expression references are read by address', () => {
    const plan = parsePlan(fixturePlan('unknowns'));

    expect(plan.references.get('apono_user.ada')?.['email']).toEqual(
      expect.arrayContaining(['terraform_data.handle.output']),
    );
  });
});

describe('parseResourceChange', () => {
  it.each([
    ['not an object', 1, 'is not an object'],
    ['no change', { address: 'a.b', type: 'a' }, 'has no "change" object'],
    [
      'actions not strings',
      { address: 'a.b', type: 'a', change: { actions: [1] } },
      '"change.actions" is not a list of strings',
    ],
    ['no address', { type: 'a', change: { actions: [] } }, '"address" is not a string'],
  ])('GIVEN an entry with %s THEN it is refused', (_name, entry, message) => {
    expect(() => parseResourceChange(entry, 'resource_changes[0]')).toThrow(message);
  });

  it('GIVEN an entry replaced because tainted and imported THEN the reason and the import are read', () => {
    const change = parseResourceChange(
      {
        address: 'apono_user.ada',
        type: 'apono_user',
        action_reason: 'replace_because_tainted',
        change: { actions: ['delete', 'create'], importing: { id: 'u1' } },
      },
      'resource_changes[0]',
    );

    expect([change.actionReason, change.importing]).toEqual(['replace_because_tainted', true]);
  });
});

describe('configurationReferences', () => {
  it('GIVEN a module call THEN its resources are keyed by their module address', () => {
    const references = configurationReferences({
      resources: [{ address: 'apono_group.eng', expressions: { name: { constant_value: 'eng' } } }],
      module_calls: {
        team: {
          module: {
            resources: [{ address: 'apono_user.ada', expressions: { email: { references: ['var.email'] } } }],
          },
        },
      },
    });

    expect(Object.fromEntries(references)).toEqual({
      'apono_group.eng': {},
      'module.team.apono_user.ada': { email: ['var.email'] },
    });
  });
});
