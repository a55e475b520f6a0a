import { parse } from 'yaml';
import { exportTenant } from '../../provider/export/model';
import { renderYaml, yamlScalar } from '../../provider/export/yaml';
import { aponoGroup, aponoUser, smallTenant } from './snapshot';

describe('renderYaml', () => {
  it('GIVEN a tenant THEN the directory imports the Apono users and groups and lists IdP users as external', () => {
    expect(parse(renderYaml(exportTenant(smallTenant())))).toEqual({
      users: [
        {
          email: 'ada@example.com',
          fullName: 'Ada Lovelace',
          role: 'Admin',
          phoneNumber: '+442079460958',
          import: true,
        },
        { email: 'grace@example.com', fullName: 'Grace Hopper', role: 'Viewer', import: true },
      ],
      groups: [
        { name: 'empty', members: [], import: true },
        { name: 'engineering', members: ['ada@example.com', 'okta.user@example.com'], import: true },
      ],
      external: ['okta.user@example.com'],
    });
  });

  it('GIVEN an IdP group THEN a trailing comment names it', () => {
    expect(renderYaml(exportTenant(smallTenant()))).toContain(
      '# read them with the apono_group data source:\n# - "okta-engineering" (synced from "Okta")\n',
    );
  });

  it('GIVEN names YAML would misread THEN they read back as the same strings', () => {
    const awkward = ['yes', '2fa', 'a: b # c', '"quoted" ${x} \\z', '- dash', 'null'];
    const tenant = exportTenant({
      users: [
        aponoUser({
          email: 'a@example.com',
          first_name: 'O"Brien',
          last_name: '${x} #1',
          phone_number: '+14155550100',
        }),
      ],
      groups: awkward.map((name, index) => ({ group: aponoGroup(name, `g${index}`), members: [] })),
    });

    const read = parse(renderYaml(tenant)) as {
      users: { fullName: string; phoneNumber: string }[];
      groups: { name: string }[];
    };

    expect(read.users[0]).toMatchObject({ fullName: 'O"Brien ${x} #1', phoneNumber: '+14155550100' });
    expect(read.groups.map((group) => group.name).sort()).toEqual([...awkward].sort());
  });
});

describe('yamlScalar', () => {
  it.each([
    '2fa',
    '1e3',
    '0x1F',
    '+14155550100',
    '.5',
    'yes',
    'No',
    'ON',
    '~',
    'null',
    '',
    ' lead',
    'trail ',
    'a: b',
    'a #b',
    '- x',
    '[x]',
    '{x}',
    '*alias',
    '&anchor',
    '!tag',
    '%x',
    '@x',
    '`x',
    "'q'",
    'O"Brien',
    'back\\slash',
    'tab\there',
    'line\nbreak',
    '${x} %{y}',
    'ünï',
    'a,b',
    '? x',
    '|',
    '>',
  ])('GIVEN %j THEN YAML reads the scalar back as the same string', (text) => {
    expect((parse(`v: ${yamlScalar(text)}`) as { v: unknown }).v).toBe(text);
  });

  it.each(['ada@example.com', 'Power User', 'Team 1 (export bench)', 'a.b_c-d/e+f'])(
    'GIVEN the ordinary %j THEN it stays a plain scalar',
    (text) => {
      expect(yamlScalar(text)).toBe(text);
    },
  );
});
