/**
 * Installs the self-contained provider executable into a Terraform filesystem mirror (by default
 * the implied local mirror ~/.terraform.d/plugins), so that `terraform init` finds
 * terraform.local/apono/apono and writes a lock file, with no dev_overrides. Run from a checkout or
 * the npm package, it installs the bundle of `npm run build` (a script that needs `node`); run as a
 * release's single executable, it installs a copy of itself. The installed file points nowhere: its
 * lock-file hash is the same from any checkout or package (the bundle), or release zip (its executable).
 * It also prints the setting the cdktf CLI needs: `cdktf diff`, `deploy` and `destroy` run
 * `terraform providers lock -platform=linux_amd64`, which asks the registry of terraform.local
 * (there is none) unless TF_CLI_ARGS_providers_lock names the mirror.
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { packageInfo } from './client/package-info';
import { embeddedAssets } from './embedded';

const ARCHES: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' };

/** Terraform's name of this platform, e.g. linux_amd64. */
export function terraformPlatform(platform: string = process.platform, arch: string = process.arch): string {
  return `${platform}_${ARCHES[arch] ?? arch}`;
}

/** The self-contained executable to install: this one when running bundled, else the package's. */
export function selfContainedExecutable(): string {
  const embedded = embeddedAssets();
  if (embedded) return embedded.executable;
  const bundle = path.join(packageInfo().root, 'dist', 'bundle', 'terraform-provider-apono');
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run npm run build first`);
  return bundle;
}

/**
 * The platform the cdktf CLI locks: `cdktf diff` and `deploy` run `terraform providers lock
 * -platform=linux_amd64` on every machine (cdktf-cli 0.21), so the mirror must hold that platform.
 */
export const CDKTF_LOCK_PLATFORM = 'linux_amd64';

/**
 * The platforms `install` writes: this machine's, and, when the executable is the JavaScript bundle
 * (the same file for every platform, so each copy has the same lock-file hash), the one the cdktf
 * CLI locks. A single executable is native code for this platform only: it is never written under
 * another platform's name.
 */
export function installPlatforms(platform: string = terraformPlatform(), portable = true): string[] {
  return portable ? [...new Set([platform, CDKTF_LOCK_PLATFORM])] : [platform];
}

/** Whether the running provider is a release's single executable (native code, not the bundle). */
function runningAsSingleExecutable(): boolean {
  return embeddedAssets()?.executable === process.execPath;
}

/**
 * Copies the self-contained provider executable into `mirrorDir`, for `platform` (default this
 * machine's) and the cdktf CLI's lock platform, and returns the path of the copy for `platform`.
 */
export function installProvider(mirrorDir: string, platform: string = terraformPlatform()): string {
  const { version } = packageInfo();
  const source = selfContainedExecutable();
  const executables = installPlatforms(platform, !runningAsSingleExecutable()).map((target) => {
    const dir = path.join(mirrorDir, 'terraform.local', 'apono', 'apono', version, target);
    mkdirSync(dir, { recursive: true });
    const executable = path.join(dir, `terraform-provider-apono_v${version}`);
    copyFileSync(source, executable);
    chmodSync(executable, 0o755);
    return executable;
  });
  return executables[0];
}

/** The environment variable Terraform adds to the arguments of `terraform providers lock`. */
export const PROVIDERS_LOCK_VARIABLE = 'TF_CLI_ARGS_providers_lock';

/** Characters a word may hold and stay unquoted for both a POSIX shell and Terraform's parser. */
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * `word` as one argument for Terraform's TF_CLI_ARGS parser (go-shellwords, no variable
 * expansion): as is when plain, else in double quotes with `"` and `\` escaped by a backslash.
 */
export function quoteTerraformArgument(word: string): string {
  return PLAIN_WORD.test(word) ? word : `"${word.replace(/["\\]/g, '\\$&')}"`;
}

/** `word` as one word for a POSIX shell: as is when plain, else in single quotes. */
export function quoteShellWord(word: string): string {
  return PLAIN_WORD.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The value of TF_CLI_ARGS_providers_lock that makes `terraform providers lock` (as the cdktf CLI
 * runs it) read the filesystem mirror `mirrorDir` instead of asking terraform.local's registry.
 */
export function providersLockArguments(mirrorDir: string): string {
  return `-fs-mirror=${quoteTerraformArgument(mirrorDir)}`;
}

/** The shell line that exports the cdktf CLI's setting for the mirror `mirrorDir`. */
export function providersLockExportLine(mirrorDir: string): string {
  return `export ${PROVIDERS_LOCK_VARIABLE}=${quoteShellWord(providersLockArguments(mirrorDir))}`;
}

/** The help text of `terraform-provider-apono install`. */
export const INSTALL_USAGE =
  'Usage: terraform-provider-apono install [--dir DIR]\n' +
  '\n' +
  'Installs this provider as terraform.local/apono/apono into a Terraform filesystem mirror, for\n' +
  'this platform and linux_amd64 (the platform cdktf locks), and prints the\n' +
  'TF_CLI_ARGS_providers_lock setting that cdktf diff, deploy and destroy need.\n' +
  '\n' +
  'Options:\n' +
  '  --dir DIR   the mirror directory (default: ~/.terraform.d/plugins, the implied local mirror)\n' +
  '  -h, --help  print this help and exit\n';

/** What `install` was asked to do: print the help, install into a mirror, or refuse the arguments. */
export type InstallCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'install'; readonly mirrorDir: string }
  | { readonly kind: 'usage-error'; readonly message: string };

/** Parses the arguments after `install` (strict: unknown options and positionals are errors). */
export function parseInstallArgs(argv: readonly string[], home: string = homedir()): InstallCommand {
  let values: { dir?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { dir: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error: unknown) {
    return { kind: 'usage-error', message: error instanceof Error ? error.message : String(error) };
  }
  if (values.help === true) return { kind: 'help' };
  if (values.dir === undefined)
    return { kind: 'install', mirrorDir: path.join(home, '.terraform.d', 'plugins') };
  if (values.dir === '') return { kind: 'usage-error', message: '--dir needs a directory' };
  return { kind: 'install', mirrorDir: path.resolve(values.dir) };
}

/** Exit status of a command-line usage error (as getopt-style tools use it). */
export const USAGE_ERROR_EXIT_CODE = 2;

/**
 * `terraform-provider-apono install [--dir DIR]`: installs into DIR or the implied local mirror.
 * Returns the process exit code: 0 (installed or help printed) or 2 (bad arguments, nothing installed).
 */
export function runInstall(argv: readonly string[]): number {
  const command = parseInstallArgs(argv);
  switch (command.kind) {
    case 'help':
      process.stdout.write(INSTALL_USAGE);
      return 0;
    case 'usage-error':
      process.stderr.write(`terraform-provider-apono install: ${command.message}\n\n${INSTALL_USAGE}`);
      return USAGE_ERROR_EXIT_CODE;
    case 'install': {
      const executable = installProvider(command.mirrorDir);
      process.stderr.write(
        `Installed terraform.local/apono/apono ${packageInfo().version} at ${executable}\n` +
          'Use it with: terraform { required_providers { apono = { source = "terraform.local/apono/apono" } } }\n' +
          'For cdktf diff, deploy and destroy (they run `terraform providers lock`, which reads no mirror\n' +
          'by itself), set in your shell profile or CI environment:\n' +
          `  ${providersLockExportLine(command.mirrorDir)}\n`,
      );
      return 0;
    }
  }
}
