/** The plan JSON fixtures (saved from real plans by test/e2e/report.test.ts) and their golden reports. */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { runReport } from '../../provider/report/command';
import type { ResourceChange } from '../../provider/report/parse';

/** The scenarios test/e2e/report.test.ts and report-cdktf.test.ts save, one fixture and one golden markdown report each. */
export const SCENARIOS = [
  'invites',
  'privilege',
  'membership',
  'removals',
  'replacements',
  'drift',
  'unknowns',
  'imports',
  'moved',
  'migration',
  'cdktf',
  'cdktf-moved',
] as const;

/** The text of a saved plan JSON. */
export function fixturePlan(scenario: string): string {
  return readFileSync(path.join(__dirname, 'fixtures', `${scenario}.json`), 'utf8');
}

/** The synthesized CDKTF stack (cdk.tf.json) saved with a scenario's plan, or null for an HCL one. */
export function fixtureStack(scenario: string): string | null {
  const file = path.join(__dirname, 'fixtures', `${scenario}.cdk.tf.json`);
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}

/** What `report` did: its exit code and what it wrote. */
export interface ReportRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `report` on in-memory files ("-" is stdin); a file that is not given cannot be read. */
export function runInMemory(argv: readonly string[], files: Readonly<Record<string, string>>): ReportRun {
  let stdout = '';
  let stderr = '';
  const code = runReport(argv, {
    readInput: (file) => {
      const text = files[file];
      if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${file}'`);
      return text;
    },
    exists: (file) => file in files,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

/** Runs `report` on a scenario's saved plan, or `plan` (and its saved CDKTF stack, when it has one). */
export function reportScenario(
  scenario: string,
  args: readonly string[] = [],
  plan: string = fixturePlan(scenario),
): ReportRun {
  const stack = fixtureStack(scenario);
  const files: Record<string, string> = { 'plan.json': plan };
  if (stack !== null) files['stack/cdk.tf.json'] = stack;
  const config = stack === null ? [] : ['--cdktf-config', 'stack/cdk.tf.json'];
  return runInMemory([...args, ...config, 'plan.json'], files);
}

/** The golden report of a scenario, e.g. golden('invites', 'md'). */
export function golden(scenario: string, extension: string): string {
  return readFileSync(path.join(__dirname, 'golden', `${scenario}.${extension}`), 'utf8');
}

/** A resource change of this provider with the given parts (for tables of small cases). */
export function change(parts: Partial<ResourceChange> & Pick<ResourceChange, 'actions'>): ResourceChange {
  return {
    address: 'apono_user.ada',
    previousAddress: null,
    mode: 'managed',
    type: 'apono_user',
    providerName: 'terraform.local/apono/apono',
    before: null,
    after: null,
    afterUnknown: {},
    actionReason: null,
    importing: false,
    ...parts,
  };
}
