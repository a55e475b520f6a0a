import {
  alsoPlanned,
  configurationAddress,
  containsUnknown,
  distinctEmails,
  forgottenBecause,
  groupsHolding,
  isAponoResource,
  missingEmails,
  privilegeChange,
  replacementReason,
  reviewPlan,
  specificReferences,
} from '../../provider/report/classify';
import { parsePlan } from '../../provider/report/parse';
import { change, fixturePlan } from './plans';

describe('privilegeChange', () => {
  it.each([
    [
      'an invite as Admin',
      change({ actions: ['create'], after: { email: 'a@x.io', role: 'Admin' } }),
      null,
      'Admin',
      true,
    ],
    [
      'an invite as Grantee',
      change({ actions: ['create'], after: { email: 'a@x.io', role: 'Grantee' } }),
      null,
      'Grantee',
      false,
    ],
    [
      'Grantee to Admin',
      change({
        actions: ['update'],
        before: { email: 'a@x.io', role: 'Grantee' },
        after: { email: 'a@x.io', role: 'Admin' },
      }),
      'Grantee',
      'Admin',
      true,
    ],
    [
      'Admin to Viewer',
      change({
        actions: ['update'],
        before: { email: 'a@x.io', role: 'Admin' },
        after: { email: 'a@x.io', role: 'Viewer' },
      }),
      'Admin',
      'Viewer',
      false,
    ],
    [
      'a replacement that makes her Admin',
      change({
        actions: ['delete', 'create'],
        before: { email: 'a@x.io', role: 'Grantee' },
        after: { email: 'b@x.io', role: 'Admin' },
      }),
      'Grantee',
      'Admin',
      true,
    ],
  ])('GIVEN %s THEN it is a role change (from, to, new Admin)', (_name, input, from, to, newAdmin) => {
    expect(privilegeChange(input)).toMatchObject({ from, to, newAdmin });
  });

  it.each([
    [
      'a case-only role change',
      change({ actions: ['update'], before: { role: 'admin' }, after: { role: 'Admin' } }),
    ],
    [
      'an update of the name only',
      change({ actions: ['update'], before: { role: 'Viewer' }, after: { role: 'Viewer' } }),
    ],
    [
      'an import as Admin',
      change({ actions: ['no-op'], importing: true, before: { role: 'Admin' }, after: { role: 'Admin' } }),
    ],
    ['a deletion of an Admin', change({ actions: ['delete'], before: { role: 'Admin' } })],
    [
      'a replacement of an Admin who stays Admin',
      change({ actions: ['delete', 'create'], before: { role: 'Admin' }, after: { role: 'admin' } }),
    ],
  ])('GIVEN %s THEN it is no role change', (_name, input) => {
    expect(privilegeChange(input)).toBeNull();
  });
});

describe('forgottenBecause', () => {
  it.each([
    ['a deletion', change({ actions: ['delete'], before: { keep_on_destroy: false } }), null],
    [
      'a deletion with keep_on_destroy',
      change({ actions: ['delete'], before: { keep_on_destroy: true } }),
      'keep_on_destroy',
    ],
    ['a removed block', change({ actions: ['forget'], before: {} }), 'removed block'],
  ])('GIVEN %s THEN the user is forgotten because: %s', (_name, input, why) => {
    expect(forgottenBecause(input)).toBe(why);
  });
});

describe('replacementReason', () => {
  it.each([
    ['replace_because_tainted', {}, 'tainted'],
    ['replace_by_request', {}, 'replacement requested (-replace)'],
    ['replace_because_cannot_update', {}, 'email changes from a@x.io to b@x.io'],
    [
      'replace_because_cannot_update',
      { email: true },
      'email changes from a@x.io (new one known after apply)',
    ],
  ])(
    'GIVEN action_reason %s (after_unknown %j) THEN the reason is "%s"',
    (actionReason, afterUnknown, reason) => {
      const input = change({
        actions: ['delete', 'create'],
        actionReason,
        before: { email: 'a@x.io' },
        after: { email: 'b@x.io' },
        afterUnknown,
      });

      expect(replacementReason(input)).toBe(reason);
    },
  );
});

describe('small rules', () => {
  it.each([
    [['a@x.io', 'B@x.io'], ['b@x.io'], ['a@x.io']],
    [['b@x.io', 'a@x.io'], [], ['a@x.io', 'b@x.io']],
    [['a@x.io'], ['A@X.IO'], []],
  ])('GIVEN %j and %j THEN the emails missing from the second are %j', (from, to, missing) => {
    expect(missingEmails(from, to)).toEqual(missing);
  });

  it.each([
    [
      ['b@x.io', 'a@x.io', 'B@x.io'],
      ['a@x.io', 'b@x.io'],
    ],
    [[], []],
  ])('GIVEN %j THEN each email once, sorted, is %j', (list, expected) => {
    expect(distinctEmails(list)).toEqual(expected);
  });

  it('GIVEN a deleted group that also loses an apono_group_member THEN the member is removed once', () => {
    const group = change({
      actions: ['delete'],
      address: 'apono_group.eng',
      type: 'apono_group',
      before: { id: 'g1', name: 'eng', members: ['a@x.io'] },
    });
    const membership = change({
      actions: ['delete'],
      address: 'apono_group_member.a',
      type: 'apono_group_member',
      before: { id: 'g1/a@x.io', group_id: 'g1', email: 'A@x.io' },
    });

    const review = reviewPlan({ changes: [group, membership], drift: [], references: new Map() });

    expect(review.membership).toEqual([
      {
        group: 'eng',
        address: 'apono_group.eng',
        status: 'deleted',
        renamedFrom: null,
        added: [],
        removed: ['a@x.io'],
      },
    ]);
  });

  it('GIVEN a group imported with a member added THEN the review lists the added member', () => {
    const group = change({
      actions: ['update'],
      importing: true,
      address: 'apono_group.eng',
      type: 'apono_group',
      before: { id: 'g1', name: 'eng', members: ['a@x.io'] },
      after: { id: 'g1', name: 'eng', members: ['a@x.io', 'b@x.io'] },
    });

    const review = reviewPlan({ changes: [group], drift: [], references: new Map() });

    expect(review.membership.map((entry) => entry.added)).toEqual([['b@x.io']]);
  });

  it.each([
    [true, true],
    [false, false],
    [[false, true], true],
    [{ a: [false] }, false],
    [{ a: { b: true } }, true],
  ])('GIVEN after_unknown %j THEN containsUnknown is %s', (value, expected) => {
    expect(containsUnknown(value)).toBe(expected);
  });

  it.each([
    [['apono_user.ada', 'apono_user.ada.email'], ['apono_user.ada.email']],
    [
      ['var.a', 'local.b'],
      ['local.b', 'var.a'],
    ],
  ])('GIVEN references %j THEN the specific ones are %j', (references, expected) => {
    expect(specificReferences(references)).toEqual(expected);
  });

  it.each([
    ['apono_user.ada', 'apono_user.ada'],
    ['apono_user.team["ada"]', 'apono_user.team'],
    ['module.team[0].apono_user.ada', 'module.team.apono_user.ada'],
  ])('GIVEN address %s THEN its configuration address is %s', (address, expected) => {
    expect(configurationAddress(address)).toBe(expected);
  });

  it.each([
    ['terraform.local/apono/apono', 'managed', 'apono_user', true],
    ['registry.terraform.io/apono/apono', 'managed', 'apono_group', true],
    ['registry.terraform.io/apono-io/apono', 'managed', 'apono_user', false],
    ['terraform.local/apono/apono', 'data', 'apono_user', false],
    ['terraform.io/builtin/terraform', 'managed', 'terraform_data', false],
  ])('GIVEN provider %s, mode %s, type %s THEN it is reviewed: %s', (providerName, mode, type, expected) => {
    expect(isAponoResource(change({ actions: ['create'], providerName, mode, type }))).toBe(expected);
  });
});

describe('reviewPlan: what is not reviewed', () => {
  const BUILTIN = 'terraform.io/builtin/terraform';
  it.each([
    {
      name: 'a terraform_data created',
      count: 1,
      mode: 'managed',
      type: 'terraform_data',
      provider: BUILTIN,
      actions: ['create'],
    },
    {
      name: 'a terraform_data unchanged',
      count: 0,
      mode: 'managed',
      type: 'terraform_data',
      provider: BUILTIN,
      actions: ['no-op'],
    },
    {
      name: 'an apono_user data source read at apply',
      count: 0,
      mode: 'data',
      type: 'apono_user',
      provider: 'terraform.local/apono/apono',
      actions: ['read'],
    },
    {
      name: 'an http data source read at apply',
      count: 0,
      mode: 'data',
      type: 'http',
      provider: 'registry.terraform.io/hashicorp/http',
      actions: ['read'],
    },
  ])(
    'GIVEN $name THEN the count of changes of other providers is $count',
    ({ count, mode, type, provider, actions }) => {
      const review = reviewPlan({
        changes: [change({ address: `${type}.x`, mode, type, providerName: provider, actions })],
        drift: [],
        references: new Map(),
      });

      expect(review.ignored).toBe(count);
    },
  );
});

describe('reviewPlan on real plans', () => {
  it("GIVEN a plan with another provider's resources THEN they are counted, not reviewed", () => {
    const review = reviewPlan(parsePlan(fixturePlan('unknowns')));

    expect(review.ignored).toBe(2);
  });

  it('GIVEN a plan where refresh found changes THEN only the reviewed attributes are listed as drift', () => {
    const review = reviewPlan(parsePlan(fixturePlan('drift')));

    expect(
      review.drift.map((entry) => [entry.address, entry.deleted, entry.attributes.map((a) => a.name)]),
    ).toEqual([
      ['apono_group.eng', false, ['name', 'members']],
      ['apono_group.gone', true, []],
    ]);
  });
});

describe('groupsHolding on a real plan', () => {
  it.each([
    ['rpt-rep-ada@example.com', ['rpt-rep-eng']],
    ['RPT-REP-ALAN@example.com', ['rpt-rep-oncall']],
    ['nobody@example.com', []],
  ])('GIVEN %s THEN the managed groups holding her are %j', (email, groups) => {
    const plan = parsePlan(fixturePlan('replacements'));

    expect(groupsHolding(email, plan.changes)).toEqual(groups);
  });
});

describe('alsoPlanned', () => {
  it.each([
    [
      'a move alone',
      change({
        actions: ['no-op'],
        before: { email: 'a@x.io', role: 'Viewer' },
        after: { email: 'a@x.io', role: 'Viewer' },
      }),
      { attributes: [], replaced: false },
    ],
    [
      'a role change',
      change({
        actions: ['update'],
        before: { email: 'a@x.io', role: 'Viewer' },
        after: { email: 'a@x.io', role: 'Admin' },
      }),
      { attributes: [{ name: 'role', before: 'Viewer', after: 'Admin' }], replaced: false },
    ],
    [
      'members in another order',
      change({
        actions: ['update'],
        type: 'apono_group',
        before: { name: 'eng', members: ['a@x.io', 'b@x.io'] },
        after: { name: 'eng', members: ['b@x.io', 'a@x.io'] },
      }),
      { attributes: [], replaced: false },
    ],
    [
      'members no longer managed (null after the plan)',
      change({
        actions: ['update'],
        type: 'apono_group',
        before: { name: 'eng', members: ['a@x.io'] },
        after: { name: 'eng', members: null },
      }),
      { attributes: [], replaced: false },
    ],
    [
      'a name known only after apply',
      change({
        actions: ['update'],
        type: 'apono_group',
        before: { name: 'eng' },
        after: {},
        afterUnknown: { name: true },
      }),
      { attributes: [], replaced: false },
    ],
    [
      'a replacement',
      change({ actions: ['delete', 'create'], before: { email: 'a@x.io' }, after: { email: 'b@x.io' } }),
      { attributes: [], replaced: true },
    ],
  ])('GIVEN %s THEN what else is planned is %j', (_name, input, expected) => {
    expect(alsoPlanned(input)).toEqual(expected);
  });
});

describe('reviewPlan: imports and moves', () => {
  const group = (parts: Partial<Parameters<typeof change>[0]> & { actions: string[] }) =>
    change({ address: 'apono_group.eng', type: 'apono_group', ...parts });

  it('GIVEN a user imported with no change and a group imported with a new member THEN both are imports, the group with its members change', () => {
    const user = change({
      actions: ['no-op'],
      importing: true,
      before: { email: 'a@x.io' },
      after: { email: 'a@x.io' },
    });
    const eng = group({
      actions: ['update'],
      importing: true,
      before: { id: 'g1', name: 'eng', members: [] },
      after: { id: 'g1', name: 'eng', members: ['a@x.io'] },
    });

    const review = reviewPlan({ changes: [user, eng], drift: [], references: new Map() });

    expect(review.imports).toEqual([
      {
        address: 'apono_group.eng',
        type: 'apono_group',
        identity: 'eng',
        attributes: [{ name: 'members', before: [], after: ['a@x.io'] }],
        replaced: false,
      },
      { address: 'apono_user.ada', type: 'apono_user', identity: 'a@x.io', attributes: [], replaced: false },
    ]);
  });

  it('GIVEN a membership imported THEN its identity is the email in the group its group_id names', () => {
    const eng = group({
      actions: ['no-op'],
      before: { id: 'g1', name: 'eng' },
      after: { id: 'g1', name: 'eng' },
    });
    const membership = change({
      actions: ['no-op'],
      importing: true,
      address: 'apono_group_member.ada',
      type: 'apono_group_member',
      before: { group_id: 'g1', email: 'a@x.io' },
      after: { group_id: 'g1', email: 'a@x.io' },
    });

    const review = reviewPlan({ changes: [eng, membership], drift: [], references: new Map() });

    expect(review.imports.map((entry) => entry.identity)).toEqual(['a@x.io in eng']);
  });

  it.each([
    ['a moved block alone', 'apono_group.old', ['no-op'], 'rpt', []],
    [
      'a moved group also renamed',
      'apono_group.old',
      ['update'],
      'old',
      [{ name: 'name', before: 'old', after: 'rpt' }],
    ],
    [
      "a migration from the official provider's apono_managed_group",
      'apono_managed_group.eng',
      ['no-op'],
      'rpt',
      [],
    ],
  ])(
    'GIVEN %s THEN the move names both addresses and what else changes',
    (_name, from, actions, beforeName, attributes) => {
      const moved = group({
        actions,
        previousAddress: from,
        before: { id: 'g1', name: beforeName, members: [] },
        after: { id: 'g1', name: 'rpt', members: [] },
      });

      const review = reviewPlan({ changes: [moved], drift: [], references: new Map() });

      expect(review.moves).toEqual([
        {
          from,
          address: 'apono_group.eng',
          type: 'apono_group',
          identity: 'rpt',
          attributes,
          replaced: false,
        },
      ]);
    },
  );

  it('GIVEN a resource whose previous address is its own address THEN it is no move', () => {
    const review = reviewPlan({
      changes: [change({ actions: ['no-op'], previousAddress: 'apono_user.ada', before: {}, after: {} })],
      drift: [],
      references: new Map(),
    });

    expect(review.moves).toEqual([]);
  });
});
