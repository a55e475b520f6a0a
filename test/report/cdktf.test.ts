import { parseConstructPaths, readableAddress } from '../../provider/report/cdktf';
import { fixtureStack } from './plans';

describe('readableAddress without construct paths', () => {
  it.each([
    ['apono_user.ada', 'apono_user.ada'],
    ['apono_user.team_ada_1A2B3C4D', 'apono_user.team_ada'],
    ['apono_user.team_ada_1A2B3C4D["x"]', 'apono_user.team_ada["x"]'],
    ['module.team.apono_group.eng_oncall_0F0F0F0F', 'module.team.apono_group.eng_oncall'],
    ['apono_user.ada_deadbeef', 'apono_user.ada_deadbeef'],
  ])('GIVEN address %s THEN it reads %s', (address, expected) => {
    expect(readableAddress(address)).toBe(expected);
  });
});

describe('readableAddress with the construct paths of a stack', () => {
  const paths = new Map([
    ['apono_user.Directory_Users_adaexamplecom_9606741A', 'Directory/Users/ada@example.com'],
    ['apono_group.OnCall_0B2745F4', 'OnCall/Resource'],
  ]);

  it.each([
    ['apono_user.Directory_Users_adaexamplecom_9606741A', 'Directory/Users/ada@example.com'],
    ['apono_user.Directory_Users_adaexamplecom_9606741A.email', 'Directory/Users/ada@example.com.email'],
    ['apono_group.OnCall_0B2745F4[0]', 'OnCall/Resource[0]'],
    ['apono_user.Directory_Users_gonexamplecom_0123ABCD', 'apono_user.Directory_Users_gonexamplecom'],
    ['module.m.apono_group.OnCall_0B2745F4', 'module.m.apono_group.OnCall'],
    ['var.email', 'var.email'],
  ])('GIVEN address %s THEN it reads %s', (address, expected) => {
    expect(readableAddress(address, paths)).toBe(expected);
  });
});

describe('parseConstructPaths', () => {
  it('GIVEN the synthesized example stack THEN each resource maps to its construct path below the stack', () => {
    const paths = parseConstructPaths(fixtureStack('cdktf') ?? '');

    expect(Object.fromEntries(paths)).toEqual({
      'apono_group.Directory_Groups_admins_D1F732F4': 'Directory/Groups/admins',
      'apono_group.Directory_Groups_engineering_D2EA3FD5': 'Directory/Groups/engineering',
      'apono_group.OnCall_0B2745F4': 'OnCall/Resource',
      'apono_user.Directory_Users_adaexamplecom_9606741A': 'Directory/Users/ada@example.com',
      'apono_user.Directory_Users_alanexamplecom_9884AB20': 'Directory/Users/alan@example.com',
      'apono_user.Directory_Users_graceexamplecom_B0750D21': 'Directory/Users/grace@example.com',
      'apono_user.OnCall_linusexamplecom_05258F08': 'OnCall/linus@example.com',
    });
  });

  it('GIVEN a stack whose resource has no metadata THEN that resource has no path', () => {
    const paths = parseConstructPaths('{"//":{},"resource":{"apono_user":{"ada":{"email":"a@x.io"}}}}');

    expect(paths.size).toBe(0);
  });

  it.each([
    ['text that is not JSON', '{', 'not JSON'],
    ['a plan', '{"format_version":"1.2","resource_changes":[]}', 'not a synthesized CDKTF stack'],
  ])('GIVEN %s THEN it is refused', (_name, text, message) => {
    expect(() => parseConstructPaths(text)).toThrow(message);
  });
});
