import { readableAddress } from '../../provider/report/render';

describe('readableAddress', () => {
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
