import { runReport } from '../../provider/report/command';
import { fixturePlan, golden, SCENARIOS } from './plans';

/** Runs `report` on a saved plan with in-memory streams. */
function reportOf(scenario: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runReport([...args, 'plan.json'], {
    readInput: () => fixturePlan(scenario),
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

describe('report on the saved real plans', () => {
  it.each(SCENARIOS)(
    'GIVEN the %s plan WHEN reported as markdown THEN the report is its golden file',
    (scenario) => {
      const result = reportOf(scenario);

      expect(result).toEqual({ code: 0, stdout: golden(scenario, 'md'), stderr: '' });
    },
  );

  it.each([
    ['invites', 'text', 'txt'],
    ['invites', 'json', 'json'],
    ['membership', 'text', 'txt'],
  ])(
    'GIVEN the %s plan WHEN reported with --format %s THEN the report is its golden file',
    (scenario, format, extension) => {
      const result = reportOf(scenario, '--format', format);

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

      const result = reportOf(scenario, '--format', 'json');
      const reversed = runOn(JSON.stringify(plan));

      expect(reversed).toBe(result.stdout);
    },
  );
});

/** The JSON report of a plan text. */
function runOn(planText: string): string {
  let stdout = '';
  runReport(['--format', 'json', '-'], {
    readInput: () => planText,
    stdout: (text) => (stdout += text),
    stderr: () => undefined,
  });
  return stdout;
}
