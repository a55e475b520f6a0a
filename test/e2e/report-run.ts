/**
 * What the real-plan suites of `report` share: planning in a workspace, running the built
 * executable, and (with REPORT_WRITE_FIXTURES=1) saving a scenario's plan JSON, CDKTF stack and
 * markdown report as the fixtures and golden files of test/report/, to be read and checked by a
 * person before they are committed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { runProviderExecutable, type ProcessRun } from '../helpers/run-process';
import { TerraformWorkspace } from './terraform';

/** test/report: fixtures/ (plans) and golden/ (reports). */
export const REPORT_DIR = path.resolve(__dirname, '../report');

/** True when the suites save fixtures and goldens instead of only comparing. */
export const WRITING_FIXTURES = process.env['REPORT_WRITE_FIXTURES'] === '1';

/** Runs the built `terraform-provider-apono report` with `args`, and `stdin` as its input. */
export function runReportExecutable(args: readonly string[], stdin = ''): ProcessRun {
  return runProviderExecutable(['report', ...args], { stdin });
}

/** The JSON of a plan of the workspace's configuration (`terraform show -json plan.out`). */
export async function showPlan(tf: TerraformWorkspace, ...extra: string[]): Promise<string> {
  await tf.ok(['plan', '-no-color', '-out=plan.out', ...extra]);
  return (await tf.ok(['show', '-json', '-no-color', 'plan.out'])).stdout;
}

/** JSON written as the fixtures are: two-space indents and a final newline. */
function pretty(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * With REPORT_WRITE_FIXTURES=1, saves the scenario's plan (and the CDKTF stack whose construct
 * paths name its resources, without its machine-specific backend) as fixtures, and the report of
 * them as the golden markdown file.
 */
export function saveScenario(scenario: string, plan: string, stackFile?: string): void {
  if (!WRITING_FIXTURES) return;
  const planFile = path.join(REPORT_DIR, 'fixtures', `${scenario}.json`);
  writeFileSync(planFile, pretty(JSON.parse(plan)));
  const args = [planFile];
  if (stackFile !== undefined) {
    const stack = JSON.parse(readFileSync(stackFile, 'utf8')) as { terraform?: Record<string, unknown> };
    delete stack.terraform?.['backend'];
    const savedStack = path.join(REPORT_DIR, 'fixtures', `${scenario}.cdk.tf.json`);
    writeFileSync(savedStack, pretty(stack));
    args.unshift('--cdktf-config', savedStack);
  }
  writeFileSync(path.join(REPORT_DIR, 'golden', `${scenario}.md`), runReportExecutable(args).stdout);
}

/** The scenario's golden markdown report. */
export function goldenReport(scenario: string): string {
  return readFileSync(path.join(REPORT_DIR, 'golden', `${scenario}.md`), 'utf8');
}
