/**
 * Installs the built provider into a Terraform filesystem mirror (by default the implied local
 * mirror ~/.terraform.d/plugins), so that `terraform init` finds terraform.local/apono/apono and
 * writes a lock file, with no dev_overrides.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { packageInfo } from './client/package-info';

const ARCHES: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' };

/** Terraform's name of this platform, e.g. linux_amd64. */
export function terraformPlatform(platform: string = process.platform, arch: string = process.arch): string {
  return `${platform}_${ARCHES[arch] ?? arch}`;
}

/** Writes the provider executable into `mirrorDir` and returns its path. */
export function installProvider(mirrorDir: string): string {
  const { root, version } = packageInfo();
  const target = path.join(mirrorDir, 'terraform.local', 'apono', 'apono', version, terraformPlatform());
  mkdirSync(target, { recursive: true });
  const executable = path.join(target, `terraform-provider-apono_v${version}`);
  const entry = path.join(root, 'bin', 'terraform-provider-apono');
  // exec keeps one process: a SIGKILL from Terraform reaches node, and the file's hash stays stable.
  writeFileSync(executable, `#!/bin/sh\nexec node ${JSON.stringify(entry)} "$@"\n`);
  chmodSync(executable, 0o755);
  return executable;
}

/** `terraform-provider-apono install [--dir DIR]`: installs into DIR or the implied local mirror. */
export function runInstall(argv: readonly string[]): void {
  const dirFlag = argv.indexOf('--dir');
  const mirrorDir =
    dirFlag >= 0 && argv[dirFlag + 1] !== undefined
      ? path.resolve(argv[dirFlag + 1])
      : path.join(homedir(), '.terraform.d', 'plugins');
  const executable = installProvider(mirrorDir);
  process.stderr.write(
    `Installed terraform.local/apono/apono ${packageInfo().version} at ${executable}\n` +
      'Use it with: terraform { required_providers { apono = { source = "terraform.local/apono/apono" } } }\n',
  );
}
