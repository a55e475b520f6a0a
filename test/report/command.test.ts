import { cdktfConfigFile, parseReportArgs } from '../../provider/report/command';
import { fixturePlan, fixtureStack, runInMemory } from './plans';

describe('parseReportArgs', () => {
  it.each([
    [[], { kind: 'report', format: 'markdown', failOn: [], input: '-', cdktfConfig: null }],
    [
      ['plan.json'],
      { kind: 'report', format: 'markdown', failOn: [], input: 'plan.json', cdktfConfig: null },
    ],
    [
      ['--format', 'json', '-'],
      { kind: 'report', format: 'json', failOn: [], input: '-', cdktfConfig: null },
    ],
    [
      ['--fail-on', 'drift,admin-grant', 'p.json'],
      {
        kind: 'report',
        format: 'markdown',
        failOn: ['drift', 'admin-grant'],
        input: 'p.json',
        cdktfConfig: null,
      },
    ],
    [
      ['--cdktf-config', 'out/cdk.tf.json', 'p.json'],
      { kind: 'report', format: 'markdown', failOn: [], input: 'p.json', cdktfConfig: 'out/cdk.tf.json' },
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

/** Runs `report` with `input` as the plan text on stdin. */
function run(argv: string[], input: string): ReturnType<typeof runInMemory> {
  return runInMemory(argv, { '-': input });
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

  it.each([
    ['a plan file that does not exist', ['missing.json'], {}, 'cannot read a plan from missing.json: ENOENT'],
    [
      'a --cdktf-config that does not exist',
      ['--cdktf-config', 'missing/cdk.tf.json', 'plan.json'],
      {},
      'cannot read CDKTF construct paths from missing/cdk.tf.json: ENOENT',
    ],
    [
      'a --cdktf-config that is a plan, not a stack',
      ['--cdktf-config', 'other.json', 'plan.json'],
      { 'other.json': '{"format_version":"1.2"}' },
      'not a synthesized CDKTF stack',
    ],
    [
      'a cdk.tf.json beside the plan that is not JSON',
      ['plan.json'],
      { 'cdk.tf.json': '{' },
      'cannot read CDKTF construct paths from cdk.tf.json: not JSON',
    ],
  ])('GIVEN %s THEN it exits 2 and says why, printing no report', (_name, argv, files, why) => {
    const result = runInMemory(argv, { 'plan.json': fixturePlan('invites'), ...files });

    expect(result).toEqual({ code: 2, stdout: '', stderr: expect.stringContaining(why) as string });
  });

  it('GIVEN the CDKTF plan and the cdk.tf.json beside it THEN resources are named by their construct paths', () => {
    const result = runInMemory(['out/plan.json'], {
      'out/plan.json': fixturePlan('cdktf'),
      'out/cdk.tf.json': fixtureStack('cdktf') ?? '',
    });

    expect(result.stdout).toContain(
      'ada@example.com: Ada Lovelace, Admin (`Directory/Users/ada@example.com`)',
    );
  });
});

describe('cdktfConfigFile', () => {
  it.each([
    ['--cdktf-config given', { input: 'plan.json', cdktfConfig: 'a/cdk.tf.json' }, [], 'a/cdk.tf.json'],
    [
      'a plan file with cdk.tf.json beside it',
      { input: 'out/plan.json', cdktfConfig: null },
      ['out/cdk.tf.json'],
      'out/cdk.tf.json',
    ],
    [
      'a plan file with cdk.tf.json elsewhere',
      { input: 'out/plan.json', cdktfConfig: null },
      ['cdk.tf.json'],
      null,
    ],
    [
      'stdin with cdk.tf.json in the current directory',
      { input: '-', cdktfConfig: null },
      ['cdk.tf.json'],
      'cdk.tf.json',
    ],
    ['stdin and no cdk.tf.json', { input: '-', cdktfConfig: null }, [], null],
  ])('GIVEN %s THEN the construct paths come from %s', (_name, command, existing, expected) => {
    expect(cdktfConfigFile(command, (file) => (existing as string[]).includes(file))).toBe(expected);
  });
});
