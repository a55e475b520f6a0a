import { assignTerraformNames, baseTerraformName, isTerraformIdentifier } from '../../provider/export/naming';

describe('baseTerraformName', () => {
  it.each([
    ['ada@example.com', 'ada_example_com'],
    ['Platform Team (EU)', 'platform_team_eu'],
    ['on-call', 'on-call'],
    ['2fa admins', 'group_2fa_admins'],
    ['-dash-first', 'group_-dash-first'],
    ['Café Crème', 'cafe_creme'],
    ['say "hi" ${there} %{x} \\o/', 'say_hi_there_x_o'],
    ['__x__', 'x'],
    ['日本', 'group'],
    ['!!!', 'group'],
  ])('GIVEN %j THEN the name is %s', (text, expected) => {
    expect(baseTerraformName(text, 'group_', 'group')).toBe(expected);
  });

  it.each(['ada@example.com', '2fa', '-', '日本', 'a b', '$${x}', 'ÅNGSTRÖM', '9'])(
    'GIVEN %j THEN the name is a Terraform identifier',
    (text) => {
      expect(isTerraformIdentifier(baseTerraformName(text, 'user_', 'user'))).toBe(true);
    },
  );
});

describe('assignTerraformNames', () => {
  it('GIVEN two emails with one base name THEN the first in sorted order keeps it and the other gets _2', () => {
    const names = assignTerraformNames(['a_b@example.com', 'a.b@example.com'], 'user_', 'user');

    expect(Object.fromEntries(names)).toEqual({
      'a.b@example.com': 'a_b_example_com',
      'a_b@example.com': 'a_b_example_com_2',
    });
  });

  it('GIVEN the same keys in another order THEN every key gets the same name', () => {
    const keys = ['eng!', 'eng', 'eng?', 'ops', 'eng 2'];

    const forward = assignTerraformNames(keys, 'group_', 'group');
    const backward = assignTerraformNames([...keys].reverse(), 'group_', 'group');

    expect(Object.fromEntries(backward)).toEqual(Object.fromEntries(forward));
  });

  it("GIVEN a collision whose _2 is another key's own name THEN the suffix skips it", () => {
    const names = assignTerraformNames(['eng', 'eng!', 'eng 2'], 'group_', 'group');

    expect(Object.fromEntries(names)).toEqual({ eng: 'eng', 'eng 2': 'eng_2', 'eng!': 'eng_3' });
  });

  it('GIVEN many keys that collide THEN every name is unique', () => {
    const keys = ['x', 'X!', 'x?', 'x.', 'x_2', 'x 3', '(x)', 'x__'];

    const names = [...assignTerraformNames(keys, 'g_', 'g').values()];

    expect(new Set(names).size).toBe(keys.length);
  });
});
