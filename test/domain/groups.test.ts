import { groupNameProblem } from '../../provider/domain/groups';
import { GROUP_NAME_CASES } from './identity-cases';

describe('group names', () => {
  it.each(GROUP_NAME_CASES)('GIVEN %j WHEN validated THEN the problem mentions %j', (name, problem) => {
    const found = groupNameProblem(name);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });
});
