import { fixturePlan, golden, reportScenario, SCENARIOS } from './plans';

describe('report on the saved real plans', () => {
  it.each(SCENARIOS)(
    'GIVEN the %s plan WHEN reported as markdown THEN the report is its golden file',
    (scenario) => {
      const result = reportScenario(scenario);

      expect(result).toEqual({ code: 0, stdout: golden(scenario, 'md'), stderr: '' });
    },
  );

  it.each([
    ['invites', 'text', 'txt'],
    ['invites', 'json', 'json'],
    ['membership', 'text', 'txt'],
    ['cdktf', 'json', 'json'],
  ])(
    'GIVEN the %s plan WHEN reported with --format %s THEN the report is its golden file',
    (scenario, format, extension) => {
      const result = reportScenario(scenario, ['--format', format]);

      expect(result.stdout).toBe(golden(scenario, extension));
    },
  );

  it.each(SCENARIOS)(
    'GIVEN the %s plan with its resource changes in reverse order WHEN reported THEN the report is the same',
    (scenario) => {
      const plan = JSON.parse(fixturePlan(scenario)) as {
        resource_changes?: unknown[];
        resource_drift?: unknown[];
      };
      plan.resource_changes?.reverse();
      plan.resource_drift?.reverse();

      const result = reportScenario(scenario, ['--format', 'json']);
      const reversed = reportScenario(scenario, ['--format', 'json'], JSON.stringify(plan));

      expect(reversed.stdout).toBe(result.stdout);
    },
  );
});
