import { useSandboxSuite } from './harness';
import { TerraformWorkspace } from './terraform';

const ADA = 'apono_user.ada.email';

/** The route a members listing reads (one request per page). */
const LIST_MEMBERS = 'GET /api/admin/v1/groups/{id}/members';

/**
 * Two users whose emails start with `prefix` (ada, grace) and the group `name`, with `members` (HCL
 * expressions) or without.
 */
function config(prefix: string, name: string, members: string[] | null): string {
  const users = ['ada', 'grace']
    .map(
      (user) =>
        `resource "apono_user" "${user}" {\n  email     = "${prefix}-${user}@example.com"\n  full_name = "Test ${user}"\n}\n`,
    )
    .join('');
  const list = members === null ? '' : `  members = [${members.join(', ')}]\n`;
  return `${users}\nresource "apono_group" "team" {\n  name = "${name}"\n${list}}\n`;
}

// Each step runs the real terraform binary (several provider launches): allow for a loaded machine.
jest.setTimeout(180_000);

describe('apono_group reads its members only when `members` is set, with the real terraform CLI', () => {
  const suite = useSandboxSuite({ seedIdp: false });

  async function applied(hcl: string): Promise<TerraformWorkspace> {
    const tf = suite.workspace();
    tf.write(hcl);
    await tf.apply();
    return tf;
  }

  /** Adds `email` to the group outside Terraform. */
  async function addOutside(groupId: string, email: string): Promise<void> {
    await suite.api('PUT', `/api/admin/v1/groups/${groupId}/members/${encodeURIComponent(email)}`);
  }

  it('GIVEN a group without members WHEN planned with refresh THEN its members are not listed and nothing changes', async () => {
    const tf = await applied(config('unread', 'unread-team', null));
    const groupId = String((await tf.state())['apono_group.team'].id);
    await addOutside(groupId, 'unread-ada@example.com');
    await suite.sandbox.control.resetStats();
    const plan = await tf.plan();
    expect(plan.code).toBe(0);
    expect((await suite.sandbox.control.stats())[LIST_MEMBERS]).toBeUndefined();
  });

  it('GIVEN a group imported with no members in the configuration WHEN planned and applied THEN members go to null once, nobody is removed, and they are not listed from then on', async () => {
    await suite.api('POST', '/api/admin/v3/users', {
      email: 'imported-outsider@example.com',
      first_name: 'Imported',
      last_name: 'Outsider',
      roles: ['Grantee'],
    });
    const group = (await suite.api('POST', '/api/admin/v1/groups', {
      name: 'imported-team',
      members_emails: ['imported-outsider@example.com'],
    })) as { id: string };
    const tf = suite.workspace();
    tf.write(config('imported', 'imported-team', null));
    await tf.apply('-target=apono_user.ada', '-target=apono_user.grace');
    await tf.ok(['import', '-no-color', 'apono_group.team', 'imported-team']);
    expect((await tf.state())['apono_group.team'].id).toBe(group.id);
    const release = await tf.plan();
    expect(release.code).toBe(2);
    expect(release.stdout).toContain('Group members are no longer managed');
    await suite.sandbox.control.resetStats();
    await tf.apply();
    expect(await suite.writes()).toBe(0);
    expect((await tf.state())['apono_group.team'].members).toBeNull();
    await suite.sandbox.control.resetStats();
    const plan = await tf.plan();
    expect(plan.code).toBe(0);
    expect((await suite.sandbox.control.stats())[LIST_MEMBERS]).toBeUndefined();
    expect(await suite.members(group.id)).toEqual(['imported-outsider@example.com']);
  });

  it('GIVEN a group without members WHEN members are added to the configuration THEN the list becomes exactly them and is read from then on', async () => {
    const tf = await applied(config('adopted', 'adopted-team', null));
    const groupId = String((await tf.state())['apono_group.team'].id);
    await addOutside(groupId, 'adopted-grace@example.com');
    tf.write(config('adopted', 'adopted-team', [ADA]));
    const plan = await tf.plan();
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('adopted-ada@example.com');
    // The one member the list drops is named before anything is sent.
    expect(plan.stdout).toContain('adopted-grace@example.com');
    await tf.apply();
    expect(await suite.members(groupId)).toEqual(['adopted-ada@example.com']);
    await addOutside(groupId, 'adopted-grace@example.com');
    await suite.sandbox.control.resetStats();
    const drift = await tf.plan();
    expect(drift.code).toBe(2);
    expect((await suite.sandbox.control.stats())[LIST_MEMBERS]).toBeGreaterThanOrEqual(1);
  });

  it('GIVEN a group with members WHEN members are removed from the configuration THEN the plan warns, the apply removes nobody, and members are not listed from then on', async () => {
    const tf = await applied(config('released', 'released-team', [ADA]));
    const groupId = String((await tf.state())['apono_group.team'].id);
    tf.write(config('released', 'released-team', null));
    const release = await tf.plan();
    expect(release.code).toBe(2);
    expect(release.stdout).toContain('Group members are no longer managed');
    await suite.sandbox.control.resetStats();
    await tf.apply();
    expect(await suite.writes()).toBe(0);
    expect(await suite.members(groupId)).toEqual(['released-ada@example.com']);
    await addOutside(groupId, 'released-grace@example.com');
    await suite.sandbox.control.resetStats();
    expect((await tf.plan()).code).toBe(0);
    expect((await suite.sandbox.control.stats())[LIST_MEMBERS]).toBeUndefined();
  });
});
