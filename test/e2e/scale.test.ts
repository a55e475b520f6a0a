import { useSandboxSuite } from './harness';

function usersConfig(count: number, prefix: string): string {
  return `resource "apono_user" "u" {
  count     = ${count}
  email     = "${prefix}\${count.index}@example.com"
  full_name = "User \${count.index}"
}
`;
}

// Each step runs the real terraform binary (several provider launches): allow for a loaded machine.
jest.setTimeout(180_000);

describe('the provider at scale and under faults, with the real terraform CLI', () => {
  const suite = useSandboxSuite({ seedIdp: false });

  it('GIVEN 20 users and 3 groups WHEN applied under 503s, 429s and resets THEN it converges with no duplicates', async () => {
    const { sandbox } = suite;
    const tf = suite.workspace({ APONO_MAX_RETRIES: '20' });
    tf.write(
      usersConfig(20, 'faulty') +
        [0, 1, 2]
          .map(
            (g) =>
              `resource "apono_group" "g${g}" {\n  name    = "faulty-${g}"\n  members = [for i in range(${g * 5}, ${g * 5 + 8}) : apono_user.u[i].email]\n}\n`,
          )
          .join(''),
    );
    await sandbox.control.resetStats();
    await sandbox.control.setFaults({ error_rate: 0.3, rate_limit_rps: 10, reset_rate: 0.05 });
    await tf.apply();
    await sandbox.control.setFaults({});
    // The faults really were served: the provider converged through them, not around them.
    const served = await sandbox.control.faultsServed();
    expect(served['503']).toBeGreaterThan(0);
    expect(served['429']).toBeGreaterThan(0);
    expect(served['reset'] ?? 0).toBeGreaterThan(0);
    const users = (await suite.api('GET', '/api/admin/v3/users?limit=1000')) as {
      items: { email: string }[];
    };
    const emails = users.items.map((user) => user.email).sort();
    expect(emails).toEqual(Array.from({ length: 20 }, (_, i) => `faulty${i}@example.com`).sort());
    const groups = (await suite.api('GET', '/api/admin/v1/groups?limit=1000')) as {
      items: { id: string; name: string }[];
    };
    expect(groups.items.map((group) => group.name).sort()).toEqual(['faulty-0', 'faulty-1', 'faulty-2']);
    for (const group of groups.items) {
      const g = Number(group.name.slice('faulty-'.length));
      const members = (await suite.api('GET', `/api/admin/v1/groups/${group.id}/members`)) as {
        items: { email: string }[];
      };
      const expected = Array.from({ length: 8 }, (_, i) => `faulty${g * 5 + i}@example.com`).sort();
      expect(members.items.map((member) => member.email).sort()).toEqual(expected);
    }
    expect((await tf.plan()).code).toBe(0);
    await tf.destroy();
  });

  it('GIVEN 500 managed users WHEN a plan refreshes them THEN it reads a handful of pages, not one user at a time', async () => {
    const { sandbox } = suite;
    const tf = suite.workspace();
    tf.write(usersConfig(500, 'scale'));
    await sandbox.control.resetStats();
    await tf.apply('-parallelism=20');
    // Writes are recorded into the shared listing: creating 500 users does not re-list the tenant per user.
    expect((await sandbox.control.stats())['GET /api/admin/v3/users'] ?? 0).toBeLessThanOrEqual(5);
    await sandbox.control.resetStats();
    const plan = await tf.plan();
    expect(plan.code).toBe(0);
    const stats = await sandbox.control.stats();
    expect(stats['GET /api/admin/v3/users'] ?? 0).toBeGreaterThanOrEqual(1);
    expect(stats['GET /api/admin/v3/users'] ?? 0).toBeLessThanOrEqual(5);
    expect(stats['GET /api/admin/v3/users/{id}'] ?? 0).toBe(0);
    await tf.destroy();
  });
});
