import { reviewPlan } from '../../provider/report/classify';
import { parseConstructPaths } from '../../provider/report/cdktf';
import { failReasons, FAIL_KINDS, parseFailKinds } from '../../provider/report/fail-on';
import { parsePlan } from '../../provider/report/parse';
import { fixturePlan, fixtureStack } from './plans';

describe('parseFailKinds', () => {
  it('GIVEN kinds with spaces and repeats THEN each kind is kept once', () => {
    expect(parseFailKinds(' admin-grant, drift,admin-grant')).toEqual({
      kinds: ['admin-grant', 'drift'],
      unknown: [],
    });
  });

  it('GIVEN a word that is no kind THEN it is reported as unknown', () => {
    expect(parseFailKinds('admin-grant,admins').unknown).toEqual(['admins']);
  });
});

describe('failReasons on real plans', () => {
  it.each([
    ['invites', 'admin-grant', ['admin-grant: rpt-inv-grace@example.com becomes Admin (apono_user.grace)']],
    [
      'privilege',
      'role-change',
      [
        'role-change: rpt-priv-grace@example.com Grantee -> Admin (apono_user.grace)',
        'role-change: rpt-priv-ada@example.com Viewer -> Power User (apono_user.ada)',
        'role-change: rpt-priv-alan@example.com Admin -> Grantee (apono_user.alan)',
      ],
    ],
    [
      'removals',
      'user-delete',
      ['user-delete: rpt-rm-ada@example.com is deleted from Apono (apono_user.ada)'],
    ],
    [
      'removals',
      'user-forget',
      [
        'user-forget: rpt-rm-alan@example.com is no longer managed by Terraform (apono_user.alan)',
        'user-forget: rpt-rm-grace@example.com is no longer managed by Terraform (apono_user.grace)',
      ],
    ],
    [
      'replacements',
      'user-replace',
      expect.arrayContaining([
        'user-replace: rpt-rep-alan@example.com is replaced: tainted (apono_user.alan)',
      ]),
    ],
    ['membership', 'group-delete', ['group-delete: group rpt-mem-old is deleted']],
    [
      'membership',
      'member-remove',
      [
        'member-remove: rpt-mem-ada@example.com leaves group rpt-mem-engineering',
        'member-remove: rpt-mem-ada@example.com leaves group rpt-mem-old',
        'member-remove: rpt-mem-alan@example.com leaves group rpt-mem-oncall',
      ],
    ],
    [
      'drift',
      'drift',
      [
        'drift: apono_group.eng changed outside Terraform',
        'drift: apono_group.gone changed outside Terraform',
      ],
    ],
  ])('GIVEN the %s plan and --fail-on %s THEN the reasons name each match', (scenario, kind, reasons) => {
    const review = reviewPlan(parsePlan(fixturePlan(scenario)));

    expect(failReasons(review, [kind as (typeof FAIL_KINDS)[number]])).toEqual(reasons);
  });

  it('GIVEN the invites plan and every kind but admin-grant THEN it passes', () => {
    const review = reviewPlan(parsePlan(fixturePlan('invites')));

    expect(
      failReasons(
        review,
        FAIL_KINDS.filter((kind) => kind !== 'admin-grant'),
      ),
    ).toEqual([]);
  });

  it('GIVEN the CDKTF plan with its construct paths THEN the reason names the user by her construct path', () => {
    const review = reviewPlan(parsePlan(fixturePlan('cdktf')));
    const paths = parseConstructPaths(fixtureStack('cdktf') ?? '');

    expect(failReasons(review, ['admin-grant'], paths)).toEqual([
      'admin-grant: ada@example.com becomes Admin (Directory/Users/ada@example.com)',
    ]);
  });
});
