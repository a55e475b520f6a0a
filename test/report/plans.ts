/** The plan JSON fixtures (saved from real plans by test/e2e/report.test.ts) and their golden reports. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
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
  'cdktf',
] as const;

/** The text of a saved plan JSON. */
export function fixturePlan(scenario: string): string {
  return readFileSync(path.join(__dirname, 'fixtures', `${scenario}.json`), 'utf8');
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
