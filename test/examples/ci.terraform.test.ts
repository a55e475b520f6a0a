/**
 * examples/ci as a team runs it: the workflow's jobs, read from the workflow file, run step by step
 * (workflow-runner.ts) against apono-sandbox with the real terraform CLI and the provider installed
 * from a release made here, published on a fake GitHub (fake-gh: releases, pull-request comments,
 * the API answers find-reviewed-plan.sh asks for). Every `run:` step runs as written, so a broken
 * script or command fails these tests; `uses:` steps are emulated (checkout copies the branch,
 * artifacts go to a folder of the fake GitHub).
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { terraformPlatform } from '../../provider/install';
import { releaseNames, writeRelease, type Release } from '../../scripts/release';
import { useSandboxSuite, type SandboxSuite } from '../e2e/harness';
import { jobRuns, readWorkflow, runJob, type ActionHandler, type JobResult } from './workflow-runner';

jest.setTimeout(240_000);

const EXAMPLE_DIR = path.resolve(__dirname, '../../examples/ci');
const WORKFLOW_FILE_NAME = 'identities.yml';
const WORKFLOW_PATH = path.join('.github', 'workflows', WORKFLOW_FILE_NAME);
const WORKFLOW = readWorkflow(path.join(EXAMPLE_DIR, WORKFLOW_PATH));
const VERSION = String(WORKFLOW.env?.APONO_PROVIDER_VERSION);
const PROVIDER_REPO = String(WORKFLOW.env?.APONO_PROVIDER_REPO);
const REPOSITORY = 'acme/identities';
const FAKE_GH = path.join(__dirname, 'fake-gh');
/** Files of a checkout that are never committed (what a developer's runs may have left in examples/ci). */
const UNTRACKED =
  /(^|\/)(\.terraform|[^/]*\.tfstate[^/]*|plan\.out|plan\.json|report\.md|\.terraform\.lock\.hcl)$/;

let scratch: string;
let release: Release;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'apono-ci-example-'));
  // The bundle runtime: small and quick to zip; the lock-file steps are the same for a single executable.
  release = await writeRelease({
    outDir: path.join(scratch, 'release'),
    runtime: 'node',
    version: VERSION,
    platforms: [...new Set([terraformPlatform(), 'linux_amd64'])],
  });
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

const sha = (seed: string): string => createHash('sha1').update(seed).digest('hex');

/** The key under which fake-gh finds the answer to a call: its arguments, one a line. */
const answerKey = (args: readonly string[]): string =>
  createHash('sha256')
    .update(args.map((arg) => `${arg}\n`).join(''))
    .digest('hex');

/** The installed terraform's version, e.g. 1.11.4. */
const terraformVersion = (): string =>
  (
    JSON.parse(
      execFileSync('terraform', ['version', '-json'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    ) as {
      terraform_version: string;
    }
  ).terraform_version;

/** A plan job's run, as GitHub remembers it. */
interface PlanRun {
  readonly pr: number;
  readonly headSha: string;
  readonly runId: number;
  readonly result: JobResult;
}

/**
 * An identities repository made from examples/ci (its backend settings pointed at a state file of
 * its own, as a user replaces backend.hcl), a fake GitHub hosting it and the provider's release,
 * and the runs of its workflow.
 */
class CiRepository {
  readonly root: string;
  /** The default branch's files. */
  readonly main: string;
  readonly github: string;
  private readonly branches = new Map<number, string>();
  private runCount = 0;

  constructor(private readonly suite: SandboxSuite) {
    this.root = mkdtempSync(path.join(scratch, 'repository-'));
    this.main = path.join(this.root, 'main');
    this.github = path.join(this.root, 'github');
    cpSync(EXAMPLE_DIR, this.main, { recursive: true, filter: (source) => !UNTRACKED.test(source) });
    writeFileSync(
      path.join(this.main, 'backend.hcl'),
      `path = ${JSON.stringify(path.join(this.root, 'state', 'terraform.tfstate'))}\n`,
    );
    for (const dir of ['answers', 'artifacts', 'comments'])
      mkdirSync(path.join(this.github, dir), { recursive: true });
    mkdirSync(path.join(this.root, 'state'));
    const assets = path.join(this.github, 'releases', PROVIDER_REPO, `v${VERSION}`);
    mkdirSync(assets, { recursive: true });
    for (const file of [...Object.values(release.zips), releaseNames.sums(VERSION)])
      cpSync(path.join(release.outDir, file), path.join(assets, file));
    writeFileSync(path.join(this.github, 'calls.log'), '');
    mkdirSync(path.join(this.root, 'bin'));
    cpSync(FAKE_GH, path.join(this.root, 'bin', 'gh'));
  }

  /** The environment outside the workflow: PATH with the fake gh first. */
  private get baseEnv(): NodeJS.ProcessEnv {
    return {
      PATH: `${path.join(this.root, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
      FAKE_GITHUB_DIR: this.github,
    };
  }

  /**
   * The README's first-time setup, run in the default branch with the workflow's settings:
   * scripts/lock-providers.sh writes .terraform.lock.hcl (then committed).
   */
  lockProviders(): void {
    const home = path.join(this.root, 'setup');
    mkdirSync(home);
    execFileSync('scripts/lock-providers.sh', [], {
      cwd: this.main,
      env: {
        ...this.baseEnv,
        HOME: home,
        APONO_PROVIDER_HOME: path.join(home, 'apono-provider'),
        APONO_PROVIDER_VERSION: VERSION,
        APONO_PROVIDER_REPO: PROVIDER_REPO,
        GH_TOKEN: 'ghp_fake',
      },
      stdio: 'pipe',
    });
  }

  /** Flips a byte of this platform's zip in the release, as a corrupted download or a swapped asset would. */
  tamperWithRelease(): void {
    const zip = path.join(
      this.github,
      'releases',
      PROVIDER_REPO,
      `v${VERSION}`,
      release.zips[terraformPlatform()],
    );
    const bytes = readFileSync(zip);
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(zip, bytes);
  }

  /** Opens pull request `pr`: the default branch's files, with `edits` applied (by file path). */
  openPullRequest(pr: number, edits: Readonly<Record<string, (text: string) => string>> = {}): void {
    const branch = path.join(this.root, `pr-${pr}`);
    cpSync(this.main, branch, { recursive: true });
    for (const [file, edit] of Object.entries(edits)) {
      const before = readFileSync(path.join(branch, file), 'utf8');
      const after = edit(before);
      if (after === before) throw new Error(`the edit of ${file} changed nothing`);
      writeFileSync(path.join(branch, file), after);
    }
    this.branches.set(pr, branch);
  }

  /** Runs the jobs of the workflow for `github`: exactly one runs for each event. */
  private async runWorkflow(github: Record<string, unknown>, checkout: string): Promise<JobResult> {
    // GitHub runs the workflow file of the commit it runs for (a pull request's own, on a pull request).
    const workflow = readWorkflow(path.join(checkout, WORKFLOW_PATH));
    const jobs = Object.keys(workflow.jobs).filter((job) => jobRuns(workflow, job, github));
    expect(jobs).toHaveLength(1);
    const root = path.join(this.root, 'runs', String(github.run_id));
    return runJob({
      workflow,
      job: jobs[0],
      github,
      secrets: { APONO_ENDPOINT: this.suite.sandbox.url, APONO_PERSONAL_TOKEN: this.suite.sandbox.token },
      root,
      baseEnv: this.baseEnv,
      actions: this.actions(checkout, Number(github.run_id)),
    });
  }

  /** The workflow on a push of pull request `pr`'s branch: the plan job. */
  async pullRequestRun(pr: number): Promise<PlanRun> {
    const branch = this.branches.get(pr);
    if (branch === undefined) throw new Error(`no pull request ${pr}`);
    const runId = 1000 + ++this.runCount;
    const headSha = sha(`${branch}:${runId}`);
    const result = await this.runWorkflow(
      {
        event_name: 'pull_request',
        event: { pull_request: { number: pr, head: { sha: headSha } } },
        sha: sha(`merge:${headSha}`),
        ref: `refs/pull/${pr}/merge`,
        repository: REPOSITORY,
        run_id: runId,
        token: 'ghs_fake',
      },
      branch,
    );
    const run = { pr, headSha, runId, result };
    // GitHub lists the run as successful at the head commit only when every job succeeded.
    this.answer(['api', `repos/${REPOSITORY}/pulls/${pr}`, '--jq', '.head.sha'], `${headSha}\n`);
    this.answer(this.runListCall(headSha), result.succeeded ? `${runId}\n` : '\n');
    return run;
  }

  /** Merges pull request `pr` (its files become the default branch's); returns the merge commit. */
  merge(pr: number): string {
    const branch = this.branches.get(pr);
    if (branch === undefined) throw new Error(`no pull request ${pr}`);
    rmSync(this.main, { recursive: true });
    cpSync(branch, this.main, { recursive: true });
    const mergeSha = sha(`merged:${pr}`);
    this.answer(
      ['api', `repos/${REPOSITORY}/commits/${mergeSha}/pulls`, '--jq', '.[0].number // empty'],
      `${pr}\n`,
    );
    return mergeSha;
  }

  /** A push to the default branch that merged no pull request; returns its commit. */
  pushWithoutPullRequest(): string {
    const pushSha = sha('pushed directly');
    this.answer(
      ['api', `repos/${REPOSITORY}/commits/${pushSha}/pulls`, '--jq', '.[0].number // empty'],
      '\n',
    );
    return pushSha;
  }

  /** The workflow on a push of `commit` to the default branch: the apply job. */
  pushRun(commit: string): Promise<JobResult> {
    const runId = 1000 + ++this.runCount;
    return this.runWorkflow(
      {
        event_name: 'push',
        event: {},
        sha: commit,
        ref: 'refs/heads/main',
        repository: REPOSITORY,
        run_id: runId,
        token: 'ghs_fake',
      },
      this.main,
    );
  }

  /** The comments posted on pull request `pr`, oldest first. */
  comments(pr: number): string[] {
    const dir = path.join(this.github, 'comments', String(pr));
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .sort((a, b) => parseInt(a, 10) - parseInt(b, 10))
      .map((file) => readFileSync(path.join(dir, file), 'utf8'));
  }

  /** The files of an artifact uploaded by run `runId`. */
  artifact(runId: number, name: string): string[] {
    const dir = path.join(this.github, 'artifacts', String(runId), name);
    return existsSync(dir) ? readdirSync(dir).sort() : [];
  }

  /** Runs a command in the workspace of a finished job, with the environment its next step would have. */
  inJob(result: JobResult, command: string, args: readonly string[]): { code: number; output: string } {
    try {
      const output = execFileSync(command, [...args], {
        cwd: result.workspace,
        env: result.env,
        encoding: 'utf8',
      });
      return { code: 0, output };
    } catch (error: unknown) {
      const failed = error as { status: number; stdout: string; stderr: string };
      return { code: failed.status, output: `${failed.stdout}${failed.stderr}` };
    }
  }

  private runListCall(headSha: string): string[] {
    return [
      'run',
      'list',
      '--repo',
      REPOSITORY,
      '--workflow',
      WORKFLOW_FILE_NAME,
      '--event',
      'pull_request',
      '--commit',
      headSha,
      '--status',
      'success',
      '--limit',
      '1',
      '--json',
      'databaseId',
      '--jq',
      '.[0].databaseId // empty',
    ];
  }

  /** Stores what the fake GitHub answers to `gh <args>`. */
  private answer(args: readonly string[], stdout: string): void {
    writeFileSync(path.join(this.github, 'answers', answerKey(args)), stdout);
  }

  /** The emulated actions of the workflow. */
  private actions(checkout: string, runId: number): Record<string, ActionHandler> {
    const artifacts = path.join(this.github, 'artifacts');
    return {
      'actions/checkout@v4': ({ workspace }) => cpSync(checkout, workspace, { recursive: true }),
      'hashicorp/setup-terraform@v3': ({ inputs }) => {
        // The machine's terraform runs: it must be the version the workflow asks for, unwrapped.
        const wanted = inputs.terraform_version.replace(/x$/, '');
        if (!terraformVersion().startsWith(wanted))
          throw new Error(`terraform ${terraformVersion()} is not ${inputs.terraform_version}`);
        if (inputs.terraform_wrapper !== 'false')
          throw new Error(
            'terraform_wrapper must be false: the scripts read terraform output and exit codes',
          );
      },
      'actions/setup-node@v4': () => undefined,
      'actions/upload-artifact@v4': ({ inputs, workspace }) => {
        const source = path.join(workspace, inputs.path);
        if (!existsSync(source))
          throw new Error(`No files were found with the provided path: ${inputs.path}`);
        const target = path.join(artifacts, String(runId), inputs.name);
        if (existsSync(target))
          throw new Error(`an artifact named ${inputs.name} already exists in this run`);
        mkdirSync(target, { recursive: true });
        cpSync(source, path.join(target, path.basename(source)));
      },
      'actions/download-artifact@v4': ({ inputs, workspace }) => {
        const source = path.join(artifacts, inputs['run-id'] || String(runId), inputs.name);
        if (!existsSync(source))
          throw new Error(`Unable to download artifact(s): Artifact not found for name: ${inputs.name}`);
        cpSync(source, path.join(workspace, inputs.path ?? '.'), { recursive: true });
      },
    };
  }
}

/** The outcome of each step, by name. */
const outcomes = (result: JobResult): Record<string, string> =>
  Object.fromEntries(result.steps.map((step) => [step.name, step.outcome]));

/** The step named `name`; fails the test when there is none. */
const step = (result: JobResult, name: string): JobResult['steps'][number] => {
  const found = result.steps.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`the job has no step "${name}"`);
  return found;
};

/** Terraform's output without colours and diagnostic frames, every run of whitespace one space. */
const plainText = (output: string): string =>
  output
    // eslint-disable-next-line no-control-regex
    .replace(/\x1b\[[0-9;]*m/g, '')
    .replace(/[│╷╵]/g, ' ')
    .replace(/\s+/g, ' ');

/** The steps that failed, with their output: `[]` for a job that succeeded, its log otherwise. */
const failedSteps = (result: JobResult): string[] =>
  result.steps
    .filter((candidate) => candidate.outcome === 'failure')
    .map((failed) => `${failed.name} (exit ${failed.exitCode}):\n${failed.stdout}${failed.stderr}`);

const EXAMPLE_EMAILS = ['ada@example.com', 'grace@example.com'];

/** main.tf with grace's role changed from Grantee to Admin. */
const graceBecomesAdmin = (mainTf: string): string =>
  mainTf.replace(/(email\s*=\s*"grace[^"]*@example\.com"[^}]*role\s*=\s*)"Grantee"/, '$1"Admin"');

/** main.tf with emails and group names of its own (ada.<tag>@example.com, platform-<tag>), for a second test on one sandbox. */
const ownIdentities =
  (tag: string) =>
  (mainTf: string): string =>
    mainTf
      .replace(/"(ada|grace)@example\.com"/g, `"$1.${tag}@example.com"`)
      .replace(/"platform"/g, `"platform-${tag}"`);

describe('examples/ci: the workflow file', () => {
  it('GIVEN the workflow WHEN its jobs are read THEN the plan job may comment on pull requests and read the code, and the apply job may read runs and their artifacts', () => {
    expect(WORKFLOW.permissions).toEqual({ contents: 'read' });
    expect(WORKFLOW.jobs.plan.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(WORKFLOW.jobs.apply.permissions).toEqual({
      contents: 'read',
      actions: 'read',
      'pull-requests': 'read',
    });
  });

  it('GIVEN the workflow WHEN its jobs are read THEN applies share one concurrency group and are never cancelled in progress', () => {
    expect(WORKFLOW.jobs.apply.concurrency).toEqual({
      group: 'identities-apply',
      'cancel-in-progress': false,
    });
  });
});

describe('examples/ci: the pull-request job', () => {
  const suite = useSandboxSuite();

  it('GIVEN the example with its lock file WHEN a pull request runs the workflow THEN the plan job posts a review listing the invites, keeps the plan and passes the gate', async () => {
    const repository = new CiRepository(suite);
    repository.lockProviders();
    repository.openPullRequest(1);

    const run = await repository.pullRequestRun(1);

    expect(failedSteps(run.result)).toEqual([]);
    expect(repository.comments(1)).toHaveLength(1);
    const review = repository.comments(1)[0];
    expect(review).toContain('#### Invites');
    expect(review).toContain('- ada@example.com: Ada Lovelace, Grantee (`apono_user.ada`)');
    expect(review).toContain('- grace@example.com: Grace Hopper, Grantee (`apono_user.grace`)');
    expect(review).toContain('**platform** (created, `apono_group.platform`)');
    expect(review).not.toContain(suite.sandbox.token);
    expect(repository.artifact(run.runId, 'apono-plan-1')).toEqual(['plan.out']);
    expect(await suite.usersWithEmails(...EXAMPLE_EMAILS)).toEqual([]);
  });

  it('GIVEN no lock file committed WHEN a pull request runs the workflow THEN init fails naming the setup script, and nothing is planned or posted', async () => {
    const repository = new CiRepository(suite);
    repository.openPullRequest(2);

    const run = await repository.pullRequestRun(2);

    expect(run.result.succeeded).toBe(false);
    expect(outcomes(run.result)).toMatchObject({
      'Install it into a filesystem mirror': 'success',
      'terraform init from the lock file': 'failure',
      'Plan and review': 'skipped',
      'Post the review': 'skipped',
      'Policy gate': 'skipped',
    });
    expect(step(run.result, 'terraform init from the lock file').stderr).toContain(
      'run scripts/lock-providers.sh once and commit it',
    );
    expect(repository.comments(2)).toEqual([]);
  });

  it('GIVEN a committed lock file naming another package WHEN a pull request runs the workflow THEN init refuses the release, and nothing is planned or posted', async () => {
    const repository = new CiRepository(suite);
    repository.lockProviders();
    const lockFile = path.join(repository.main, '.terraform.lock.hcl');
    const locked = readFileSync(lockFile, 'utf8');
    const foreign = locked.replace(/"h1:[^"]+"/g, `"h1:${Buffer.alloc(32, 1).toString('base64')}"`);
    expect(foreign).not.toBe(locked);
    writeFileSync(lockFile, foreign);
    repository.openPullRequest(10);

    const run = await repository.pullRequestRun(10);

    expect(outcomes(run.result)).toMatchObject({
      'terraform init from the lock file': 'failure',
      'Plan and review': 'skipped',
      'Post the review': 'skipped',
    });
    expect(plainText(step(run.result, 'terraform init from the lock file').stderr)).toContain(
      "doesn't match any of the checksums",
    );
    expect(repository.comments(10)).toEqual([]);
  });

  it('GIVEN a release zip that does not match its SHA256SUMS WHEN a pull request runs the workflow THEN the install step fails and nothing is planned', async () => {
    const repository = new CiRepository(suite);
    repository.lockProviders();
    repository.tamperWithRelease();
    repository.openPullRequest(11);

    const run = await repository.pullRequestRun(11);

    expect(outcomes(run.result)).toMatchObject({
      'Download the provider release': 'success',
      'Install it into a filesystem mirror': 'failure',
      'Plan and review': 'skipped',
    });
    expect(step(run.result, 'Install it into a filesystem mirror').stdout).toContain(
      `${release.zips[terraformPlatform()]}: FAILED`,
    );
    expect(repository.comments(11)).toEqual([]);
  });
});

describe('examples/ci: the merge', () => {
  const suite = useSandboxSuite();

  it('GIVEN a reviewed pull request WHEN it is merged THEN the apply job applies its plan, the users exist and a new plan shows no changes', async () => {
    const repository = new CiRepository(suite);
    repository.lockProviders();
    repository.openPullRequest(3);
    const reviewed = await repository.pullRequestRun(3);
    expect(failedSteps(reviewed.result)).toEqual([]);

    const applied = await repository.pushRun(repository.merge(3));

    expect(failedSteps(applied)).toEqual([]);
    expect(step(applied, 'Find the reviewed plan').stdout).toContain(
      `Applying the plan reviewed in pull request #3 (run ${reviewed.runId}, commit ${reviewed.headSha})`,
    );
    expect(step(applied, 'Apply the reviewed plan').stdout).toContain(
      'Apply complete! Resources: 3 added, 0 changed, 0 destroyed.',
    );
    const users = await suite.usersWithEmails(...EXAMPLE_EMAILS);
    expect(users.map((user) => user.email).sort()).toEqual(EXAMPLE_EMAILS);
    const group = await suite.group('platform');
    expect(group).toBeDefined();
    expect(await suite.members(group?.id ?? '')).toEqual(EXAMPLE_EMAILS);
    const again = repository.inJob(applied, 'terraform', [
      'plan',
      '-detailed-exitcode',
      '-input=false',
      '-no-color',
    ]);
    expect(again).toMatchObject({ code: 0 });
    expect(again.output).toContain('No changes.');
  });

  it('GIVEN a push that merged no pull request WHEN the workflow runs THEN the apply job finds no reviewed plan and applies nothing', async () => {
    const repository = new CiRepository(suite);
    repository.lockProviders();
    const writesBefore = await suite.writes();

    const run = await repository.pushRun(repository.pushWithoutPullRequest());

    expect(run.succeeded).toBe(false);
    expect(outcomes(run)).toMatchObject({
      'terraform init from the lock file': 'success',
      'Find the reviewed plan': 'failure',
      'Download the reviewed plan': 'skipped',
      'Apply the reviewed plan': 'skipped',
    });
    expect(step(run, 'Find the reviewed plan').stderr).toContain('there is no reviewed plan to apply');
    expect(await suite.writes()).toBe(writesBefore);
  });
});

describe('examples/ci: the policy gate', () => {
  const suite = useSandboxSuite();

  it('GIVEN the identities applied WHEN a pull request makes a user Admin THEN the review is posted and the gate step fails with the reason', async () => {
    const repository = new CiRepository(suite);
    repository.lockProviders();
    repository.openPullRequest(4);
    await repository.pullRequestRun(4);
    const setup = await repository.pushRun(repository.merge(4));
    expect(failedSteps(setup)).toEqual([]);
    repository.openPullRequest(5, { 'main.tf': graceBecomesAdmin });

    const run = await repository.pullRequestRun(5);

    expect(run.result.succeeded).toBe(false);
    expect(outcomes(run.result)).toMatchObject({
      'Plan and review': 'success',
      'Keep the plan for the merge': 'success',
      'Post the review': 'success',
      'Policy gate': 'failure',
    });
    const gate = step(run.result, 'Policy gate');
    expect(gate.exitCode).toBe(1);
    expect(gate.stderr).toContain('admin-grant: grace@example.com becomes Admin (apono_user.grace)');
    expect(repository.comments(5)).toHaveLength(1);
    expect(repository.comments(5)[0]).toContain('#### Privilege');
    expect(repository.comments(5)[0]).toContain('grace@example.com');
  });

  it('GIVEN the identities applied WHEN a pull request makes a user Admin and takes that kind out of APONO_FAIL_ON THEN its gate passes and the merge applies the new role', async () => {
    const repository = new CiRepository(suite);
    repository.lockProviders();
    repository.openPullRequest(8, { 'main.tf': ownIdentities('override') });
    await repository.pullRequestRun(8);
    const setup = await repository.pushRun(repository.merge(8));
    expect(failedSteps(setup)).toEqual([]);
    repository.openPullRequest(9, {
      'main.tf': graceBecomesAdmin,
      [WORKFLOW_PATH]: (workflow) =>
        workflow.replace('APONO_FAIL_ON: admin-grant,role-change,', 'APONO_FAIL_ON: '),
    });

    const run = await repository.pullRequestRun(9);
    const applied = await repository.pushRun(repository.merge(9));

    expect(failedSteps(run.result)).toEqual([]);
    expect(repository.comments(9)[0]).toContain('#### Privilege');
    expect(failedSteps(applied)).toEqual([]);
    const [grace] = await suite.usersWithEmails('grace.override@example.com');
    expect(grace.roles).toEqual(['Admin']);
  });
});

describe('examples/ci: two pull requests planned against the same state', () => {
  const suite = useSandboxSuite();

  it('GIVEN two reviewed pull requests WHEN both are merged THEN the second apply refuses its stale plan and changes nothing', async () => {
    const repository = new CiRepository(suite);
    repository.lockProviders();
    const addUser = (email: string) => (mainTf: string) =>
      `${mainTf}\nresource "apono_user" "extra" {\n  email     = "${email}"\n  full_name = "Extra User"\n}\n`;
    repository.openPullRequest(6, { 'main.tf': addUser('first.extra@example.com') });
    repository.openPullRequest(7, { 'main.tf': addUser('second.extra@example.com') });
    await repository.pullRequestRun(6);
    await repository.pullRequestRun(7);
    const first = await repository.pushRun(repository.merge(6));
    expect(failedSteps(first)).toEqual([]);

    const second = await repository.pushRun(repository.merge(7));

    expect(second.succeeded).toBe(false);
    expect(outcomes(second)).toMatchObject({ 'Apply the reviewed plan': 'failure' });
    expect(step(second, 'Apply the reviewed plan').stderr).toContain('Saved plan is stale');
    expect(await suite.usersWithEmails('second.extra@example.com')).toEqual([]);
  });
});
