/**
 * A small stand-in for a GitHub Actions runner, enough to run the jobs of examples/ci's workflow
 * on this machine: `${{ }}` expressions over the github, secrets, env and steps contexts, job and
 * step `if:`, env layering with GITHUB_ENV, GITHUB_OUTPUT and GITHUB_PATH, and `run:` steps executed
 * by bash as GitHub's runner does. `uses:` steps are emulated by handlers the caller supplies, one
 * per action it knows; an unknown action or an unknown context fails the run, so the emulation
 * never passes over a step it cannot perform.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { runProcess, type ProcessRun } from '../helpers/run-process';

/** One step of a job, as the workflow file writes it. */
export interface WorkflowStep {
  readonly name?: string;
  readonly id?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Readonly<Record<string, string | number | boolean>>;
  readonly env?: Readonly<Record<string, string | number | boolean>>;
  readonly shell?: string;
  readonly 'working-directory'?: string;
}

/** One job of a workflow. */
export interface WorkflowJob {
  readonly if?: string;
  readonly 'runs-on'?: string;
  readonly permissions?: Readonly<Record<string, string>>;
  readonly concurrency?: { readonly group: string; readonly 'cancel-in-progress'?: boolean };
  readonly env?: Readonly<Record<string, string | number | boolean>>;
  readonly defaults?: { readonly run?: { readonly shell?: string; readonly 'working-directory'?: string } };
  readonly steps: readonly WorkflowStep[];
}

/** A workflow file. */
export interface Workflow {
  readonly name?: string;
  readonly on: unknown;
  readonly permissions?: Readonly<Record<string, string>>;
  readonly env?: Readonly<Record<string, string | number | boolean>>;
  readonly defaults?: { readonly run?: { readonly shell?: string; readonly 'working-directory'?: string } };
  readonly jobs: Readonly<Record<string, WorkflowJob>>;
}

/** Reads and parses a workflow file. */
export function readWorkflow(file: string): Workflow {
  const workflow = parse(readFileSync(file, 'utf8')) as Workflow;
  if (typeof workflow?.jobs !== 'object' || workflow.jobs === null)
    throw new Error(`${file} has no jobs: not a workflow`);
  return workflow;
}

/** The contexts an expression can read (github, secrets, env, steps, ...). */
export type Contexts = Readonly<Record<string, unknown>>;

/** Whether the job has failed so far, for the status functions of `if:` expressions. */
export interface JobStatus {
  readonly failed: boolean;
}

type Token =
  | { readonly kind: 'string' | 'number' | 'name'; readonly text: string }
  | { readonly kind: 'op'; readonly text: string };

/** Splits an expression into literals, names (dotted paths) and operators. */
export function tokenizeExpression(expression: string): Token[] {
  const tokens: Token[] = [];
  const pattern =
    /\s*(?:'((?:[^']|'')*)'|(-?\d+(?:\.\d+)?)\b|([A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*|\[\d+\])*)|(==|!=|&&|\|\||!|\(|\)))/y;
  let index = 0;
  while (index < expression.length) {
    if (/^\s*$/.test(expression.slice(index))) break;
    pattern.lastIndex = index;
    const match = pattern.exec(expression);
    if (match === null)
      throw new Error(`cannot read the expression ${JSON.stringify(expression)} at ${index}`);
    index = pattern.lastIndex;
    if (match[1] !== undefined) tokens.push({ kind: 'string', text: match[1].replace(/''/g, "'") });
    else if (match[2] !== undefined) tokens.push({ kind: 'number', text: match[2] });
    else if (match[3] !== undefined) tokens.push({ kind: 'name', text: match[3] });
    else tokens.push({ kind: 'op', text: match[4] });
  }
  return tokens;
}

/** GitHub's loose equality: strings compare case-insensitively, numbers and strings as numbers. */
function looselyEqual(left: unknown, right: unknown): boolean {
  if (typeof left === 'string' && typeof right === 'string')
    return left.toLowerCase() === right.toLowerCase();
  if (typeof left === 'number' || typeof right === 'number') return Number(left) === Number(right);
  return left === right;
}

/** Whether a value counts as true in an `if:` (GitHub's coercion: '', 0, null and false are false). */
export function truthy(value: unknown): boolean {
  return !(value === '' || value === 0 || value === null || value === undefined || value === false);
}

/** Looks up `a.b[0].c` in the contexts: an unknown context is an error, a missing property null. */
function lookup(name: string, contexts: Contexts): unknown {
  const parts = name.split(/\.|(?=\[)/);
  const [context, ...rest] = parts;
  if (!(context in contexts)) throw new Error(`unknown context "${context}" in ${name}`);
  let value: unknown = contexts[context];
  for (const part of rest) {
    if (value === null || typeof value !== 'object') return null;
    const key = part.startsWith('[') ? part.slice(1, -1) : part;
    value = (value as Record<string, unknown>)[key] ?? null;
  }
  return value;
}

/**
 * Evaluates the subset of GitHub's expression language the example uses: literals, context paths,
 * `==`, `!=`, `!`, `&&`, `||`, parentheses and the status functions always(), success(), failure(),
 * cancelled(). Anything else is an error.
 */
export function evaluateExpression(
  expression: string,
  contexts: Contexts,
  status: JobStatus = { failed: false },
): unknown {
  const tokens = tokenizeExpression(expression);
  let position = 0;
  const peek = (): Token | undefined => tokens[position];
  const takeOp = (text: string): boolean => {
    const token = peek();
    if (token?.kind === 'op' && token.text === text) {
      position++;
      return true;
    }
    return false;
  };
  const functions: Record<string, () => unknown> = {
    always: () => true,
    success: () => !status.failed,
    failure: () => status.failed,
    cancelled: () => false,
  };
  const primary = (): unknown => {
    const token = tokens[position++];
    if (token === undefined) throw new Error(`the expression ${JSON.stringify(expression)} ends early`);
    if (token.kind === 'string') return token.text;
    if (token.kind === 'number') return Number(token.text);
    if (token.kind === 'op') {
      if (token.text === '!') return !truthy(primary());
      if (token.text === '(') {
        const inner = or();
        if (!takeOp(')')) throw new Error(`missing ) in ${JSON.stringify(expression)}`);
        return inner;
      }
      throw new Error(`unexpected ${token.text} in ${JSON.stringify(expression)}`);
    }
    if (takeOp('(')) {
      const call = functions[token.text];
      if (call === undefined || !takeOp(')'))
        throw new Error(`unsupported function ${token.text}() in ${JSON.stringify(expression)}`);
      return call();
    }
    if (token.text === 'true' || token.text === 'false') return token.text === 'true';
    if (token.text === 'null') return null;
    return lookup(token.text, contexts);
  };
  const comparison = (): unknown => {
    let left = primary();
    for (;;) {
      if (takeOp('==')) left = looselyEqual(left, primary());
      else if (takeOp('!=')) left = !looselyEqual(left, primary());
      else return left;
    }
  };
  const and = (): unknown => {
    let left = comparison();
    while (takeOp('&&')) {
      const right = comparison();
      left = truthy(left) ? right : left;
    }
    return left;
  };
  const or = (): unknown => {
    let left = and();
    while (takeOp('||')) {
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  };
  const value = or();
  if (position !== tokens.length)
    throw new Error(`unexpected ${tokens[position].text} in ${JSON.stringify(expression)}`);
  return value;
}

/** A value as `${{ }}` writes it into text: null as '', objects as JSON. */
function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Replaces every `${{ expression }}` in `text` by its value. */
export function interpolate(text: string, contexts: Contexts, status?: JobStatus): string {
  return text.replace(/\$\{\{(.*?)\}\}/gs, (_whole, expression: string) =>
    asText(evaluateExpression(expression, contexts, status)),
  );
}

/** An `if:` condition: `${{ }}` optional, and with no status function, success() is implied. */
export function conditionHolds(
  condition: string | undefined,
  contexts: Contexts,
  status: JobStatus,
): boolean {
  if (condition === undefined) return !status.failed;
  const bare = condition.trim().replace(/^\$\{\{(.*)\}\}$/s, '$1');
  const usesStatus = /\b(always|success|failure|cancelled)\s*\(/.test(bare);
  return truthy(evaluateExpression(bare, contexts, status)) && (usesStatus || !status.failed);
}

/** Parses a GITHUB_ENV or GITHUB_OUTPUT file: `NAME=value` lines and `NAME<<DELIMITER` blocks. */
export function parseCommandFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc !== null) {
      const end = lines.indexOf(heredoc[2], index + 1);
      if (end < 0) throw new Error(`${heredoc[1]}: the delimiter ${heredoc[2]} never ends the value`);
      values[heredoc[1]] = lines.slice(index + 1, end).join('\n');
      index = end;
      continue;
    }
    const equals = line.indexOf('=');
    if (equals <= 0) throw new Error(`not NAME=value: ${JSON.stringify(line)}`);
    values[line.slice(0, equals)] = line.slice(equals + 1);
  }
  return values;
}

/** What one step did. */
export interface StepResult {
  readonly name: string;
  readonly outcome: 'success' | 'failure' | 'skipped';
  /** The exit code of a `run:` step (0 for an action that succeeded, undefined when skipped). */
  readonly exitCode?: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** What a job did, and where, so that a test can run more commands in its context. */
export interface JobResult {
  readonly job: string;
  readonly succeeded: boolean;
  readonly steps: readonly StepResult[];
  readonly workspace: string;
  /** The environment of a `run:` step after the last step (GITHUB_ENV and GITHUB_PATH applied). */
  readonly env: NodeJS.ProcessEnv;
}

/** The `with:` inputs of a `uses:` step, expressions evaluated, and where the job runs. */
export interface ActionCall {
  readonly inputs: Readonly<Record<string, string>>;
  readonly workspace: string;
  readonly contexts: Contexts;
}

/** Emulates one action; throws (with a message for the log) to fail the step. */
export type ActionHandler = (call: ActionCall) => void;

/** Where and how to run a job. */
export interface JobRun {
  readonly workflow: Workflow;
  readonly job: string;
  /** The github context (event_name, event, sha, repository, run_id, token, ...). */
  readonly github: Readonly<Record<string, unknown>>;
  readonly secrets: Readonly<Record<string, string>>;
  /** An empty folder for this job: the workspace, the runner's temp folder and HOME go under it. */
  readonly root: string;
  /** The environment every step starts from (PATH and anything the machine needs). */
  readonly baseEnv: NodeJS.ProcessEnv;
  /** Handlers by action, e.g. `actions/checkout@v4`. */
  readonly actions: Readonly<Record<string, ActionHandler>>;
}

const stepName = (step: WorkflowStep): string =>
  step.name ?? step.uses ?? step.run?.split('\n')[0] ?? '(step)';

/** Evaluates the expressions of a map of values (env, with). */
function interpolateAll(
  values: Readonly<Record<string, string | number | boolean>> | undefined,
  contexts: Contexts,
  status: JobStatus,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values ?? {}).map(([key, value]) => [key, interpolate(String(value), contexts, status)]),
  );
}

/** Runs a script file with bash as GitHub's runner does for `shell: bash`. */
function runBash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<ProcessRun> {
  return runProcess('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env });
}

/** Whether a job runs for the event of `github` (its `if:`, evaluated). */
export function jobRuns(workflow: Workflow, job: string, github: Readonly<Record<string, unknown>>): boolean {
  return conditionHolds(workflow.jobs[job].if, { github, secrets: {}, env: {}, vars: {} }, { failed: false });
}

/** Runs the steps of one job in order, as a runner would; resolves when the job has finished. */
export async function runJob(run: JobRun): Promise<JobResult> {
  const job = run.workflow.jobs[run.job];
  if (job === undefined) throw new Error(`the workflow has no job ${run.job}`);
  const workspace = path.join(run.root, 'workspace');
  const temp = path.join(run.root, 'runner-temp');
  const home = path.join(run.root, 'home');
  for (const dir of [workspace, temp, home]) mkdirSync(dir, { recursive: true });
  const githubEnvFile = path.join(temp, 'github-env');
  const githubPathFile = path.join(temp, 'github-path');
  writeFileSync(githubEnvFile, '');
  writeFileSync(githubPathFile, '');
  const runnerEnv: NodeJS.ProcessEnv = {
    ...run.baseEnv,
    HOME: home,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: asText(run.github.repository),
    GITHUB_SHA: asText(run.github.sha),
    GITHUB_REF: asText(run.github.ref),
    GITHUB_RUN_ID: asText(run.github.run_id),
    GITHUB_EVENT_NAME: asText(run.github.event_name),
    RUNNER_TEMP: temp,
    RUNNER_OS: 'Linux',
    GITHUB_ENV: githubEnvFile,
    GITHUB_PATH: githubPathFile,
  };
  const steps: Record<string, { outputs: Record<string, string>; outcome: string; conclusion: string }> = {};
  const results: StepResult[] = [];
  let failed = false;
  const contextsFor = (env: Readonly<Record<string, string>>): Contexts => ({
    github: run.github,
    secrets: run.secrets,
    vars: {},
    env,
    steps,
    runner: { os: 'Linux', temp },
  });
  const status = (): JobStatus => ({ failed });
  // Workflow env, then job env, each evaluated with what came before it.
  const workflowEnv = interpolateAll(run.workflow.env, contextsFor({}), status());
  const jobEnv = { ...workflowEnv, ...interpolateAll(job.env, contextsFor(workflowEnv), status()) };
  // The concurrency group is an expression too: a wrong context in it fails the run, as on GitHub.
  if (job.concurrency !== undefined) interpolate(job.concurrency.group, contextsFor(jobEnv), status());
  const stepEnv = (step: WorkflowStep): Record<string, string> => {
    const exported = parseCommandFile(readFileSync(githubEnvFile, 'utf8'));
    const before = { ...jobEnv, ...exported };
    return { ...before, ...interpolateAll(step.env, contextsFor(before), status()) };
  };
  const processEnv = (env: Readonly<Record<string, string>>): NodeJS.ProcessEnv => {
    const added = readFileSync(githubPathFile, 'utf8')
      .split('\n')
      .filter((line) => line !== '');
    const pathValue = [...added.reverse(), runnerEnv.PATH ?? ''].join(path.delimiter);
    return { ...runnerEnv, ...env, PATH: pathValue };
  };

  for (const [index, step] of job.steps.entries()) {
    const name = stepName(step);
    const env = stepEnv(step);
    const contexts = contextsFor(env);
    if (!conditionHolds(step.if, contexts, status())) {
      results.push({ name, outcome: 'skipped', stdout: '', stderr: '' });
      if (step.id !== undefined) steps[step.id] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
      continue;
    }
    const outputFile = path.join(temp, `github-output-${index}`);
    writeFileSync(outputFile, '');
    let result: StepResult;
    if (step.run !== undefined) {
      const script = path.join(temp, `step-${index}.sh`);
      writeFileSync(script, interpolate(step.run, contexts, status()));
      const shell = step.shell ?? job.defaults?.run?.shell ?? run.workflow.defaults?.run?.shell ?? 'bash';
      if (shell !== 'bash') throw new Error(`step "${name}": only shell: bash is emulated, not ${shell}`);
      const directory =
        step['working-directory'] ??
        job.defaults?.run?.['working-directory'] ??
        run.workflow.defaults?.run?.['working-directory'] ??
        '.';
      const ran = await runBash(script, path.resolve(workspace, directory), {
        ...processEnv(env),
        GITHUB_OUTPUT: outputFile,
      });
      result = {
        name,
        outcome: ran.code === 0 ? 'success' : 'failure',
        exitCode: ran.code,
        stdout: ran.stdout,
        stderr: ran.stderr,
      };
    } else if (step.uses !== undefined) {
      const handler = run.actions[step.uses];
      if (handler === undefined) throw new Error(`step "${name}": no emulation of the action ${step.uses}`);
      try {
        handler({ inputs: interpolateAll(step.with, contexts, status()), workspace, contexts });
        result = { name, outcome: 'success', exitCode: 0, stdout: '', stderr: '' };
      } catch (error: unknown) {
        const message = error instanceof Error ? error.message : String(error);
        result = { name, outcome: 'failure', exitCode: 1, stdout: '', stderr: message };
      }
    } else {
      throw new Error(`step ${index} of ${run.job} has neither run nor uses`);
    }
    results.push(result);
    if (result.outcome === 'failure') failed = true;
    if (step.id !== undefined) {
      steps[step.id] = {
        outputs: parseCommandFile(readFileSync(outputFile, 'utf8')),
        outcome: result.outcome,
        conclusion: result.outcome,
      };
    }
  }
  return {
    job: run.job,
    succeeded: !failed,
    steps: results,
    workspace,
    env: processEnv(stepEnv({})),
  };
}
