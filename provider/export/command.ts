/**
 * `terraform-provider-apono export --format hcl|yaml [--out DIR]`: reads the tenant named by
 * APONO_ENDPOINT / APONO_PERSONAL_TOKEN and writes code that manages what is there, to stdout or
 * into DIR: a Terraform configuration with import blocks, or an IdentityDirectory file for CDKTF.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { AponoClient } from '../client';
import { clientSettings, resolveSettings, settingsProblems } from '../settings';
import { describeApiError } from '../tenant/diagnostics';
import { count, renderHcl, renderHclText } from './hcl';
import { exportTenant, type TenantExport } from './model';
import { readTenant } from './read';
import { renderYaml } from './yaml';

/** The formats of `export`. */
export const EXPORT_FORMATS = ['hcl', 'yaml'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The file `--format yaml --out DIR` writes. */
export const DIRECTORY_FILE = 'identities.yaml';

/** The help text of `terraform-provider-apono export`. */
export const EXPORT_USAGE =
  'Usage: terraform-provider-apono export --format hcl|yaml [--out DIR]\n' +
  '\n' +
  'Reads the Apono tenant of APONO_ENDPOINT (default https://api.apono.io) with APONO_PERSONAL_TOKEN\n' +
  'and writes code that manages it:\n' +
  '  hcl   a Terraform configuration: apono_user and apono_group resources for the identities\n' +
  '        created in Apono, each with an import block, and data sources for the identities synced\n' +
  '        from an identity provider. With --out: main.tf, users.tf, groups.tf, idp.tf, imports.tf.\n' +
  '  yaml  an IdentityDirectory file for CDKTF, every entry with `import: true`; IdP users are\n' +
  `        listed in external. With --out: ${DIRECTORY_FILE}.\n` +
  '\n' +
  'Options:\n' +
  '  --format FORMAT  hcl or yaml (required)\n' +
  '  --out DIR        write the files into DIR (created if missing; existing files are not\n' +
  '                   overwritten) instead of printing them\n' +
  '  -h, --help       print this help and exit\n' +
  '\n' +
  'Progress lines go to stderr for tenants of more than 1,000 users or 100 groups.\n' +
  'Exit status: 0 exported, 1 the tenant could not be read or the files not written, 2 bad arguments.\n';

/** What `export` was asked to do. */
export type ExportCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'export'; readonly format: ExportFormat; readonly out: string | null }
  | { readonly kind: 'usage-error'; readonly message: string };

/** Parses the arguments after `export` (strict: unknown options and positionals are errors). */
export function parseExportArgs(argv: readonly string[]): ExportCommand {
  let values: { format?: string; out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        format: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error: unknown) {
    return { kind: 'usage-error', message: error instanceof Error ? error.message : String(error) };
  }
  if (values.help === true) return { kind: 'help' };
  if (values.format === undefined) return { kind: 'usage-error', message: '--format hcl|yaml is required' };
  if (!(EXPORT_FORMATS as readonly string[]).includes(values.format)) {
    return {
      kind: 'usage-error',
      message: `--format must be one of ${EXPORT_FORMATS.join(', ')}, not "${values.format}"`,
    };
  }
  if (values.out === '') return { kind: 'usage-error', message: '--out needs a directory' };
  return { kind: 'export', format: values.format as ExportFormat, out: values.out ?? null };
}

/** Exit status of a command-line usage error. */
export const EXPORT_USAGE_EXIT_CODE = 2;
/** Exit status when the tenant cannot be read or the files cannot be written. */
export const EXPORT_FAILURE_EXIT_CODE = 1;

/** Where `export` reads its settings and writes (the process's by default; tests pass their own). */
export interface ExportIo {
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const PROCESS_IO: ExportIo = {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** The files of an export, by name. */
export function exportFiles(tenant: TenantExport, format: ExportFormat): Array<[string, string]> {
  return format === 'hcl' ? renderHcl(tenant) : [[DIRECTORY_FILE, renderYaml(tenant)]];
}

/** The client for the tenant of the environment, or the one line that says what to fix. */
export function clientFromEnv(env: NodeJS.ProcessEnv): AponoClient | string {
  const settings = resolveSettings({}, env);
  if (settings.token === null)
    return 'APONO_PERSONAL_TOKEN is not set: export it with your Apono personal token';
  // adopt_existing only matters to applies.
  const problem = settingsProblems(settings).find((diagnostic) => diagnostic.path?.[0] !== 'adopt_existing');
  if (problem !== undefined) return `${problem.summary}: ${problem.detail ?? ''}`.trim();
  return new AponoClient(clientSettings({ ...settings, token: settings.token }));
}

/** Writes the files into `dir` (created when missing); refuses to overwrite any. Returns the paths. */
function writeFiles(dir: string, files: ReadonlyArray<[string, string]>): string[] {
  const targets = files.map(([name]) => path.join(dir, name));
  const existing = targets.filter((target) => fs.existsSync(target));
  if (existing.length > 0) {
    throw new Error(
      `${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}; remove or choose another --out`,
    );
  }
  fs.mkdirSync(dir, { recursive: true });
  files.forEach(([, text], index) => fs.writeFileSync(targets[index]!, text, { flag: 'wx' }));
  return targets;
}

function summary(tenant: TenantExport): string {
  const managed = (items: readonly { readonly readOnly: unknown }[]): number =>
    items.filter((item) => item.readOnly === null).length;
  const users = managed(tenant.users);
  const groups = managed(tenant.groups);
  return (
    `exported ${count(users, 'user')} and ${count(groups, 'group')} to import; ` +
    `${count(tenant.users.length - users, 'user')} and ${count(tenant.groups.length - groups, 'group')} only read`
  );
}

/** Runs `export` with the arguments after it; resolves to the process exit code. */
export async function runExport(argv: readonly string[], io: ExportIo = PROCESS_IO): Promise<number> {
  const command = parseExportArgs(argv);
  const fail = (message: string): number => {
    io.stderr(`terraform-provider-apono export: ${message}\n`);
    return EXPORT_FAILURE_EXIT_CODE;
  };
  switch (command.kind) {
    case 'help':
      io.stdout(EXPORT_USAGE);
      return 0;
    case 'usage-error':
      io.stderr(`terraform-provider-apono export: ${command.message}\n\n${EXPORT_USAGE}`);
      return EXPORT_USAGE_EXIT_CODE;
    case 'export': {
      const client = clientFromEnv(io.env);
      if (typeof client === 'string') return fail(client);
      let tenant: TenantExport;
      try {
        tenant = exportTenant(
          await readTenant(client, (line) => io.stderr(`terraform-provider-apono export: ${line}\n`)),
        );
      } catch (error: unknown) {
        const problem = describeApiError(error, 'reading the tenant');
        return fail(`${problem.summary}: ${problem.detail ?? ''}`.replace(/\s+/g, ' ').trim());
      } finally {
        client.stop();
      }
      if (command.out === null) {
        io.stdout(command.format === 'hcl' ? renderHclText(tenant) : renderYaml(tenant));
      } else {
        try {
          const written = writeFiles(command.out, exportFiles(tenant, command.format));
          io.stderr(`terraform-provider-apono export: wrote ${written.join(', ')}\n`);
        } catch (error: unknown) {
          return fail(error instanceof Error ? error.message : String(error));
        }
      }
      io.stderr(`terraform-provider-apono export: ${summary(tenant)}\n`);
      return 0;
    }
  }
}
