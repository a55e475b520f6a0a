/**
 * `report` on a plan of a CDKTF stack: the example app of examples/cdktf is synthesized, planned by
 * the real terraform CLI against the sandbox, and the report (construct paths without CDKTF's
 * hashes) is compared with test/report/golden/cdktf.md. REPORT_WRITE_FIXTURES=1 saves the plan as
 * test/report/fixtures/cdktf.json and the report as the golden file instead (see report.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { STACK_NAME } from '../../examples/cdktf/main';
import { packageInfo } from '../../provider/client/package-info';
import { installProvider } from '../../provider/install';
import { SandboxHandle, startSandboxProcess } from '../helpers/sandbox';
import { BIN_DIR, TerraformWorkspace } from './terraform';

const ROOT = packageInfo().root;
const REPORT_DIR = path.resolve(__dirname, '../report');

jest.setTimeout(180_000);

describe('report on the plan of a CDKTF stack', () => {
  let sandbox: SandboxHandle | undefined;
  let tf: TerraformWorkspace | undefined;
  let outdir: string | undefined;

  beforeAll(async () => {
    sandbox = await startSandboxProcess();
    tf = new TerraformWorkspace(sandbox.url, sandbox.token);
    outdir = mkdtempSync(path.join(tmpdir(), 'apono-report-cdktf-'));
    // The compiled example app, as cdktf.json's app command runs it after the build.
    const synth = spawnSync('node', ['dist/examples/cdktf/main.js'], {
      cwd: ROOT,
      env: { ...process.env, CDKTF_OUTDIR: outdir },
      encoding: 'utf8',
    });
    if (synth.status !== 0) throw new Error(`synth failed: ${synth.stderr}`);
    copyFileSync(path.join(outdir, 'stacks', STACK_NAME, 'cdk.tf.json'), path.join(tf.dir, 'cdk.tf.json'));
    const pluginDir = path.join(outdir, 'plugins');
    installProvider(pluginDir);
    await tf.ok([
      'init',
      '-input=false',
      '-no-color',
      `-plugin-dir=${pluginDir}`,
      `-backend-config=path=${path.join(tf.dir, 'terraform.tfstate')}`,
    ]);
  });

  afterAll(async () => {
    await sandbox?.stop();
    tf?.remove();
    if (outdir !== undefined) rmSync(outdir, { recursive: true, force: true });
  });

  it('GIVEN the synthesized example WHEN planned THEN the report shows its invites and groups by readable construct paths', async () => {
    const workspace = tf!;
    await workspace.ok(['plan', '-no-color', '-out=plan.out']);
    const plan = (await workspace.ok(['show', '-json', '-no-color', 'plan.out'])).stdout;
    const run = (): string =>
      spawnSync(path.join(BIN_DIR, 'terraform-provider-apono'), ['report', '-'], {
        input: plan,
        encoding: 'utf8',
      }).stdout;
    if (process.env['REPORT_WRITE_FIXTURES'] === '1') {
      writeFileSync(
        path.join(REPORT_DIR, 'fixtures', 'cdktf.json'),
        `${JSON.stringify(JSON.parse(plan), null, 2)}\n`,
      );
      writeFileSync(path.join(REPORT_DIR, 'golden', 'cdktf.md'), run());
    }

    const report = run();

    expect(report).toBe(readFileSync(path.join(REPORT_DIR, 'golden', 'cdktf.md'), 'utf8'));
  });
});
