/**
 * `report` on plans of CDKTF stacks, planned by the real terraform CLI against the sandbox: the
 * example app of examples/cdktf as synthesized, and a stack whose identity directory is renamed
 * (every resource moved with moveFromId, a group also renamed). Resources are named by the
 * construct paths of the stack's cdk.tf.json. REPORT_WRITE_FIXTURES=1 saves the plans, the stacks
 * and the reports as fixtures and golden files instead (see report-run.ts).
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { IdentityDirectory, provider, type IdentityDirectorySpec } from '../../constructs';
import { parseConstructPaths } from '../../provider/report/cdktf';
import { initStackWorkspace, STACK_FILE, synthesizeExample } from '../helpers/cdktf-stack';
import { SandboxHandle, startSandboxProcess } from '../helpers/sandbox';
import { goldenReport, runReportExecutable, saveScenario, showPlan } from './report-run';
import { TerraformWorkspace } from './terraform';

jest.setTimeout(180_000);

describe('report on plans of CDKTF stacks', () => {
  let sandbox: SandboxHandle | undefined;
  let outdir: string | undefined;
  const workspaces: TerraformWorkspace[] = [];

  beforeAll(async () => {
    sandbox = await startSandboxProcess();
    outdir = mkdtempSync(path.join(tmpdir(), 'apono-report-cdktf-'));
  });

  afterAll(async () => {
    await sandbox?.stop();
    for (const tf of workspaces) tf.remove();
    if (outdir !== undefined) rmSync(outdir, { recursive: true, force: true });
  });

  /** A workspace of its own, removed after the suite. */
  function workspace(): TerraformWorkspace {
    if (sandbox === undefined) throw new Error('the sandbox is not running');
    const tf = new TerraformWorkspace(sandbox.url, sandbox.token);
    workspaces.push(tf);
    return tf;
  }

  /** The report of the plan saved beside the stack's cdk.tf.json in the workspace (found there). */
  function reportBeside(tf: TerraformWorkspace, plan: string): string {
    const planFile = path.join(tf.dir, 'plan.json');
    writeFileSync(planFile, plan);
    return runReportExecutable([planFile]).stdout;
  }

  it('GIVEN the synthesized example WHEN planned THEN the report shows its invites and groups by construct path', async () => {
    const tf = workspace();
    const stackFile = await synthesizeExample(path.join(outdir!, 'example'));
    await initStackWorkspace(tf, stackFile, path.join(outdir!, 'plugins'));
    const plan = await showPlan(tf);
    saveScenario('cdktf', plan, stackFile);

    const report = reportBeside(tf, plan);

    expect(report).toBe(goldenReport('cdktf'));
  });

  /** Synthesizes a stack holding one identity directory with construct id `id`; returns its cdk.tf.json. */
  function synthesizeDirectory(
    name: string,
    id: string,
    directory: IdentityDirectorySpec,
    moves: (directory: IdentityDirectory) => void = () => undefined,
  ): string {
    const app = new App({ outdir: path.join(outdir!, name) });
    const stack = new TerraformStack(app, 'report-moves');
    new provider.AponoProvider(stack, 'apono');
    moves(new IdentityDirectory(stack, id, { directory }));
    app.synth();
    return path.join(outdir!, name, 'stacks', 'report-moves', STACK_FILE);
  }

  it('GIVEN a renamed directory construct whose resources move with moveFromId WHEN planned THEN the report lists the moves by construct path', async () => {
    const tf = workspace();
    const users = [
      { email: 'rpt-cdk-ada@example.com', fullName: 'Test ada' },
      { email: 'rpt-cdk-grace@example.com', fullName: 'Test grace' },
    ];
    const before = synthesizeDirectory('before', 'Directory', {
      users,
      groups: [{ name: 'rpt-cdk-eng', members: ['rpt-cdk-ada@example.com'] }],
    });
    await initStackWorkspace(tf, before, path.join(outdir!, 'plugins'));
    await tf.apply();
    // The logical ids the state knows, by construct path.
    const oldIds = new Map(
      [...parseConstructPaths(readFileSync(before, 'utf8'))].map(([address, at]) => [at, address]),
    );
    const after = synthesizeDirectory(
      'after',
      'People',
      {
        users,
        groups: [{ name: 'rpt-cdk-engineering', members: users.map((u) => u.email) }],
      },
      (people) => {
        for (const { email } of users) {
          people.user(email).moveFromId(oldIds.get(`Directory/Users/${email}`)!);
        }
        people.group('rpt-cdk-engineering').moveFromId(oldIds.get('Directory/Groups/rpt-cdk-eng')!);
      },
    );
    copyFileSync(after, path.join(tf.dir, STACK_FILE));
    const plan = await showPlan(tf);
    saveScenario('cdktf-moved', plan, after);

    const report = reportBeside(tf, plan);

    expect(report).toBe(goldenReport('cdktf-moved'));
  });
});
