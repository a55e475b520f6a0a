/**
 * The pure parts of the Actions runner stand-in: expressions, `if:` conditions and the command
 * files steps write. Its jobs run in ci.terraform.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  conditionHolds,
  evaluateExpression,
  interpolate,
  parseCommandFile,
  runJob,
  type Workflow,
} from './workflow-runner';

const CONTEXTS = {
  github: {
    event_name: 'pull_request',
    event: { pull_request: { number: 7, labels: [{ name: 'identities' }] } },
  },
  steps: { reviewed: { outputs: { 'run-id': '1001', pr: '7' } } },
  secrets: { TOKEN: 'secret' },
};

describe('evaluateExpression', () => {
  it.each([
    ['a context path', 'github.event_name', 'pull_request'],
    ['a nested path with a number', 'github.event.pull_request.number', 7],
    ['a name with a hyphen', 'steps.reviewed.outputs.run-id', '1001'],
    ['an index', 'github.event.pull_request.labels[0].name', 'identities'],
    ['a missing property as null', 'steps.other.outputs.pr', null],
    ['a string literal with a quote', "'it''s'", "it's"],
    ['== between strings, ignoring case', "github.event_name == 'PULL_REQUEST'", true],
    ['!= between strings', "github.event_name != 'push'", true],
    ['== between a number and its string', "github.event.pull_request.number == '7'", true],
    ['&& returning its right value', "github.event_name == 'pull_request' && 'yes'", 'yes'],
    ['|| returning the first true value', "steps.other.outputs.pr || 'fallback'", 'fallback'],
    ['! of a value', '!steps.other.outputs.pr', true],
    ['parentheses', "!(github.event_name == 'push')", true],
    ['always()', 'always()', true],
  ])('GIVEN %s WHEN evaluated THEN it gives the value GitHub gives', (_case, expression, expected) => {
    expect(evaluateExpression(expression, CONTEXTS)).toEqual(expected);
  });

  it.each([
    ['an unknown context', 'vars.VERSION', 'unknown context "vars"'],
    ['an unsupported function', 'hashFiles()', 'unsupported function hashFiles()'],
    ['an operator the stand-in lacks', 'github.event.pull_request.number > 3', 'cannot read the expression'],
    ['a trailing token', "github.event_name 'x'", 'unexpected x'],
  ])('GIVEN %s WHEN evaluated THEN it is an error, not a guess', (_case, expression, message) => {
    expect(() => evaluateExpression(expression, CONTEXTS)).toThrow(message);
  });
});

describe('interpolate', () => {
  it('GIVEN text with expressions WHEN interpolated THEN each is replaced by its value, null by nothing', () => {
    expect(
      interpolate('plan-${{ github.event.pull_request.number }}-${{ steps.x.outputs.y }}.', CONTEXTS),
    ).toBe('plan-7-.');
  });
});

describe('conditionHolds', () => {
  it.each([
    ['no condition, job going well', undefined, false, true],
    ['no condition, a step failed', undefined, true, false],
    ['a true condition, a step failed', "github.event_name == 'pull_request'", true, false],
    ['a true condition in ${{ }}', "${{ github.event_name == 'pull_request' }}", false, true],
    ['a false condition', "github.event_name == 'push'", false, false],
    ['always(), a step failed', 'always()', true, true],
    ['failure(), a step failed', 'failure()', true, true],
    ['failure(), job going well', 'failure()', false, false],
  ])(
    'GIVEN %s (if: %s, failed: %s) WHEN checked THEN the step runs: %s',
    (_case, condition, failed, runs) => {
      expect(conditionHolds(condition, CONTEXTS, { failed })).toBe(runs);
    },
  );
});

describe('parseCommandFile', () => {
  it('GIVEN NAME=value lines and a NAME<<DELIMITER block WHEN parsed THEN each name has its value, = kept after the first', () => {
    expect(parseCommandFile('pr=7\nTF_CLI_ARGS=-var=a=b\nBODY<<EOF\nline 1\nline 2\nEOF\n')).toEqual({
      pr: '7',
      TF_CLI_ARGS: '-var=a=b',
      BODY: 'line 1\nline 2',
    });
  });

  it('GIVEN a block whose delimiter never comes WHEN parsed THEN it is an error', () => {
    expect(() => parseCommandFile('BODY<<EOF\nline 1\n')).toThrow('never ends');
  });
});

describe('runJob', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'apono-runner-'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  const workflow = (steps: Workflow['jobs'][string]['steps']): Workflow => ({
    on: 'push',
    env: { GREETING: 'hello' },
    defaults: { run: { shell: 'bash' } },
    jobs: { only: { steps } },
  });
  const run = (steps: Workflow['jobs'][string]['steps']) =>
    runJob({
      workflow: workflow(steps),
      job: 'only',
      github: { event_name: 'push', run_id: 1 },
      secrets: {},
      root,
      baseEnv: { PATH: process.env.PATH },
      actions: {},
    });

  it('GIVEN steps that export env and outputs WHEN the job runs THEN later steps see them', async () => {
    const result = await run([
      { id: 'first', run: 'echo "NAME=ada" >> "$GITHUB_ENV"; echo "count=2" >> "$GITHUB_OUTPUT"' },
      { run: 'echo "$GREETING $NAME ${{ steps.first.outputs.count }}"' },
    ]);
    expect(result.steps.map((step) => step.stdout)).toEqual(['', 'hello ada 2\n']);
  });

  it('GIVEN a failing step WHEN the job runs THEN the job fails, later steps are skipped unless always()', async () => {
    const result = await run([
      { name: 'breaks', run: 'false' },
      { name: 'next', run: 'echo next' },
      { name: 'cleanup', if: 'always()', run: 'echo cleanup' },
    ]);
    expect(result.succeeded).toBe(false);
    expect(result.steps.map((step) => [step.name, step.outcome])).toEqual([
      ['breaks', 'failure'],
      ['next', 'skipped'],
      ['cleanup', 'success'],
    ]);
  });

  it('GIVEN a pipeline whose first command fails WHEN the step runs THEN it fails (pipefail, as on GitHub)', async () => {
    const result = await run([{ run: 'false | cat' }]);
    expect(result.steps[0].outcome).toBe('failure');
  });

  it('GIVEN an action with no emulation WHEN the job runs THEN the run is refused', async () => {
    await expect(run([{ uses: 'actions/cache@v4' }])).rejects.toThrow(
      'no emulation of the action actions/cache@v4',
    );
  });
});
