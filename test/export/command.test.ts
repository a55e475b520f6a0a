import { clientFromEnv, parseExportArgs, runExport } from '../../provider/export/command';

describe('parseExportArgs', () => {
  it.each([
    [['--format', 'hcl'], { kind: 'export', format: 'hcl', out: null }],
    [['--format=yaml', '--out', 'dir'], { kind: 'export', format: 'yaml', out: 'dir' }],
    [['-h'], { kind: 'help' }],
  ])('GIVEN %j THEN the command is %j', (argv, expected) => {
    expect(parseExportArgs(argv)).toEqual(expected);
  });

  it.each([
    [[], '--format hcl|yaml is required'],
    [['--format', 'json'], '--format must be one of hcl, yaml, not "json"'],
    [['--format', 'hcl', '--out', ''], '--out needs a directory'],
    [['--format', 'hcl', 'extra'], "Unexpected argument 'extra'"],
    [['--fromat', 'hcl'], "Unknown option '--fromat'"],
  ])('GIVEN %j THEN it is a usage error saying %s', (argv, message) => {
    const command = parseExportArgs(argv);

    expect(command.kind).toBe('usage-error');
    expect(command.kind === 'usage-error' ? command.message : '').toContain(message);
  });
});

describe('runExport', () => {
  it('GIVEN a bad argument THEN it prints the usage on stderr and exits 2', async () => {
    let stderr = '';

    const code = await runExport(['--format', 'toml'], {
      env: {},
      stdout: () => undefined,
      stderr: (t) => (stderr += t),
    });

    expect(code).toBe(2);
    expect(stderr).toContain('Usage: terraform-provider-apono export --format hcl|yaml [--out DIR]');
  });

  it('GIVEN no token THEN it says so in one line and exits 1', async () => {
    let stderr = '';

    const code = await runExport(['--format', 'hcl'], {
      env: {},
      stdout: () => undefined,
      stderr: (t) => (stderr += t),
    });

    expect({ code, stderr }).toEqual({
      code: 1,
      stderr:
        'terraform-provider-apono export: APONO_PERSONAL_TOKEN is not set: export it with your Apono personal token\n',
    });
  });
});

describe('clientFromEnv', () => {
  it('GIVEN an http endpoint that is not loopback THEN the problem names APONO_ENDPOINT and not the token', () => {
    const problem = clientFromEnv({
      APONO_ENDPOINT: 'http://apono.example.com',
      APONO_PERSONAL_TOKEN: 'tok_secret_9',
    });

    expect(typeof problem).toBe('string');
    expect(problem).toContain('APONO_ENDPOINT');
    expect(problem).not.toContain('tok_secret_9');
  });
});
