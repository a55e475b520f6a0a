import { parseReportArgs, runReport } from '../../provider/report/command';
import { fixturePlan } from './plans';

describe('parseReportArgs', () => {
  it.each([
    [[], { kind: 'report', format: 'markdown', failOn: [], input: '-' }],
    [['plan.json'], { kind: 'report', format: 'markdown', failOn: [], input: 'plan.json' }],
    [['--format', 'json', '-'], { kind: 'report', format: 'json', failOn: [], input: '-' }],
    [
      ['--fail-on', 'drift,admin-grant', 'p.json'],
      { kind: 'report', format: 'markdown', failOn: ['drift', 'admin-grant'], input: 'p.json' },
    ],
    [['--help'], { kind: 'help' }],
  ])('GIVEN %j THEN the command is %j', (argv, expected) => {
    expect(parseReportArgs(argv)).toEqual(expected);
  });

  it.each([
    [['--format', 'html'], '--format must be one of markdown, text, json, not "html"'],
    [['--fail-on', 'admins'], 'unknown: admins'],
    [['--fail-on', ''], '--fail-on takes a comma-separated list'],
    [['a.json', 'b.json'], 'expected one plan file, got 2'],
    [['--colour'], "Unknown option '--colour'"],
  ])('GIVEN %j THEN it is a usage error saying %s', (argv, message) => {
    const command = parseReportArgs(argv);

    expect(command.kind).toBe('usage-error');
    expect(command.kind === 'usage-error' ? command.message : '').toContain(message);
  });
});

/** Runs `report` with `input` as the plan text. */
function run(argv: string[], input: string): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runReport(argv, {
    readInput: () => input,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

describe('runReport', () => {
  it('GIVEN a plan with a new Admin and --fail-on admin-grant THEN it prints the report and exits 1 with the reason', () => {
    const result = run(['--fail-on', 'admin-grant'], fixturePlan('invites'));

    expect(result.code).toBe(1);
    expect(result.stdout).toContain('NEW ADMIN');
    expect(result.stderr).toContain('admin-grant: rpt-inv-grace@example.com becomes Admin');
  });

  it('GIVEN a plan without the refused kinds THEN it exits 0', () => {
    expect(run(['--fail-on', 'user-delete,drift'], fixturePlan('invites')).code).toBe(0);
  });

  it.each([
    ['text that is not JSON', 'nope', 'not JSON'],
    ['JSON that is no plan', '{"a":1}', 'not a Terraform plan'],
    ['a state', '{"format_version":"1.0","values":{}}', 'this is Terraform state, not a plan'],
  ])('GIVEN %s THEN it exits 2 and says why, printing no report', (_name, input, why) => {
    const result = run([], input);

    expect(result).toEqual({ code: 2, stdout: '', stderr: expect.stringContaining(why) as string });
  });

  it('GIVEN a bad option THEN it exits 2 with the message and the usage', () => {
    const result = run(['--format', 'html'], '');

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage: terraform-provider-apono report');
  });

  it('GIVEN an empty plan THEN the summary says there are no identity changes', () => {
    const result = run(['--format', 'text'], '{"format_version":"1.2","resource_changes":[]}');

    expect(result.stdout).toBe('Apono identity changes\n\nNo changes to Apono identities.\n');
  });
});
