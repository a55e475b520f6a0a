/**
 * `terraform-provider-apono report [--format markdown|text|json] [--fail-on KINDS]
 * [--cdktf-config CDK_TF_JSON] [PLAN_JSON | -]`: reads a plan in Terraform's JSON form from a file
 * or stdin and writes the review of its identity changes to stdout; with --fail-on, exits 1 when
 * the plan holds one of those kinds of change.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { CDKTF_STACK_FILE, parseConstructPaths, type ConstructPaths } from './cdktf';
import { reviewPlan, type Review } from './classify';
import { FAIL_KINDS, failReasons, parseFailKinds, type FailKind } from './fail-on';
import { parsePlan } from './parse';
import { REPORT_FORMATS, renderReview, type ReportFormat } from './render';

/** The help text of `terraform-provider-apono report`. */
export const REPORT_USAGE =
  'Usage: terraform-provider-apono report [--format markdown|text|json] [--fail-on KINDS]\n' +
  '                                       [--cdktf-config CDK_TF_JSON] [PLAN_JSON | -]\n' +
  '\n' +
  "Reviews the identity changes of a plan in Terraform's JSON form (terraform show -json plan.out),\n" +
  'read from PLAN_JSON or stdin ("-" or no argument): privilege, removals, replacements, invites,\n' +
  'membership, drift, imports, moves and values known only after apply.\n' +
  '\n' +
  'Options:\n' +
  '  --format FORMAT             markdown (default, fits a pull-request comment), text or json\n' +
  `  --fail-on KINDS             exit 1 when the plan holds one of these changes (comma-separated):\n` +
  `                              ${FAIL_KINDS.join(', ')}\n` +
  `  --cdktf-config CDK_TF_JSON  a CDKTF stack's ${CDKTF_STACK_FILE}: resources are named by their\n` +
  `                              construct paths (default: the ${CDKTF_STACK_FILE} beside PLAN_JSON,\n` +
  '                              or in the current directory when the plan comes from stdin)\n' +
  '  -h, --help                  print this help and exit\n' +
  '\n' +
  'Exit status: 0 reviewed, 1 a --fail-on kind matched, 2 bad arguments or not a plan.\n';

/** What `report` was asked to do. */
export type ReportCommand =
  | { readonly kind: 'help' }
  | {
      readonly kind: 'report';
      readonly format: ReportFormat;
      readonly failOn: readonly FailKind[];
      readonly input: string;
      /** The cdk.tf.json given with --cdktf-config, or null to look for one beside the plan. */
      readonly cdktfConfig: string | null;
    }
  | { readonly kind: 'usage-error'; readonly message: string };

/** Parses the arguments after `report` (strict: unknown options are errors). */
export function parseReportArgs(argv: readonly string[]): ReportCommand {
  let parsed: {
    values: { format?: string; 'fail-on'?: string; 'cdktf-config'?: string; help?: boolean };
    positionals: string[];
  };
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        format: { type: 'string' },
        'fail-on': { type: 'string' },
        'cdktf-config': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error: unknown) {
    return { kind: 'usage-error', message: error instanceof Error ? error.message : String(error) };
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { kind: 'help' };
  const format = values.format ?? 'markdown';
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
    return {
      kind: 'usage-error',
      message: `--format must be one of ${REPORT_FORMATS.join(', ')}, not "${format}"`,
    };
  }
  let failOn: FailKind[] = [];
  if (values['fail-on'] !== undefined) {
    const { kinds, unknown } = parseFailKinds(values['fail-on']);
    if (unknown.length > 0 || kinds.length === 0) {
      return {
        kind: 'usage-error',
        message: `--fail-on takes a comma-separated list of ${FAIL_KINDS.join(', ')}${unknown.length > 0 ? `; unknown: ${unknown.join(', ')}` : ''}`,
      };
    }
    failOn = kinds;
  }
  if (positionals.length > 1) {
    return {
      kind: 'usage-error',
      message: `expected one plan file, got ${positionals.length}: ${positionals.join(' ')}`,
    };
  }
  return {
    kind: 'report',
    format: format as ReportFormat,
    failOn,
    input: positionals[0] ?? '-',
    cdktfConfig: values['cdktf-config'] ?? null,
  };
}

/** Exit status of a command-line usage error, or of an input that is not a plan. */
export const REPORT_USAGE_EXIT_CODE = 2;
/** Exit status when the plan holds a change named by --fail-on. */
export const REPORT_FAIL_EXIT_CODE = 1;

/** Where `report` reads and writes (the process's by default; tests pass their own). */
export interface ReportIo {
  /** The text of a file, or of stdin for "-"; throws when it cannot be read. */
  readonly readInput: (input: string) => string;
  readonly exists: (file: string) => boolean;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const PROCESS_IO: ReportIo = {
  readInput: (input) => readFileSync(input === '-' ? 0 : input, 'utf8'),
  exists: (file) => existsSync(file),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/**
 * The cdk.tf.json whose construct paths name the plan's resources: the one given, else one beside
 * the plan file (in the current directory for stdin), else none.
 */
export function cdktfConfigFile(
  command: { readonly input: string; readonly cdktfConfig: string | null },
  exists: (file: string) => boolean,
): string | null {
  if (command.cdktfConfig !== null) return command.cdktfConfig;
  const beside =
    command.input === '-' ? CDKTF_STACK_FILE : path.join(path.dirname(command.input), CDKTF_STACK_FILE);
  return exists(beside) ? beside : null;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The review of the plan and the construct paths that name its resources, or why they cannot be read. */
function readInputs(
  command: { readonly input: string; readonly cdktfConfig: string | null },
  io: ReportIo,
): { review: Review; paths: ConstructPaths } | { problem: string } {
  let review: Review;
  try {
    review = reviewPlan(parsePlan(io.readInput(command.input)));
  } catch (error: unknown) {
    const source = command.input === '-' ? 'stdin' : command.input;
    return { problem: `cannot read a plan from ${source}: ${messageOf(error)}` };
  }
  const configFile = cdktfConfigFile(command, io.exists);
  if (configFile === null) return { review, paths: new Map() };
  try {
    return { review, paths: parseConstructPaths(io.readInput(configFile)) };
  } catch (error: unknown) {
    return { problem: `cannot read CDKTF construct paths from ${configFile}: ${messageOf(error)}` };
  }
}

/** Runs `report` with the arguments after it; returns the process exit code. */
export function runReport(argv: readonly string[], io: ReportIo = PROCESS_IO): number {
  const command = parseReportArgs(argv);
  switch (command.kind) {
    case 'help':
      io.stdout(REPORT_USAGE);
      return 0;
    case 'usage-error':
      io.stderr(`terraform-provider-apono report: ${command.message}\n\n${REPORT_USAGE}`);
      return REPORT_USAGE_EXIT_CODE;
    case 'report': {
      const inputs = readInputs(command, io);
      if ('problem' in inputs) {
        io.stderr(`terraform-provider-apono report: ${inputs.problem}\n`);
        return REPORT_USAGE_EXIT_CODE;
      }
      const { review, paths } = inputs;
      io.stdout(renderReview(review, command.format, paths));
      const reasons = failReasons(review, command.failOn, paths);
      if (reasons.length === 0) return 0;
      io.stderr(
        `terraform-provider-apono report: the plan holds changes --fail-on refuses:\n${reasons.map((r) => `  ${r}\n`).join('')}`,
      );
      return REPORT_FAIL_EXIT_CODE;
    }
  }
}
