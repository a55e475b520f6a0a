/**
 * The release as a team uses it, with the real terraform CLI: `terraform init` from the packed
 * filesystem mirror and from the network mirror (served over HTTPS with a self-signed certificate
 * trusted through SSL_CERT_FILE), lock files that verify against a second copy of the release made
 * at another path, `terraform providers lock -fs-mirror`, and a plan run by the released executable.
 * These releases use the `node` runtime (the bundle): the lock-file behaviour is the same for both
 * runtimes and the bundle fits two platforms; single-executable.terraform.test.ts covers the default one.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { packageInfo } from '../../provider/client/package-info';
import { terraformPlatform } from '../../provider/install';
import { createSigningKey } from '../helpers/gpg';
import { runProcess, type ProcessRun } from '../helpers/run-process';
import { serveStaticHttps, type StaticHttpsServer } from '../helpers/static-https';
import { releaseNames, writeRelease, type Release } from '../../scripts/release';
import { useSandboxSuite } from '../e2e/harness';

jest.setTimeout(120_000);

const VERSION = packageInfo().version;
const PLATFORM = terraformPlatform();
const OTHER_PLATFORM = PLATFORM === 'darwin_arm64' ? 'linux_amd64' : 'darwin_arm64';
const SOURCE = 'terraform.local/apono/apono';
const REQUIRED_PROVIDERS = `terraform {\n  required_providers {\n    apono = { source = "${SOURCE}" }\n  }\n}\n`;

/** Runs the real terraform in `cwd` with only the given environment (plus PATH). */
function terraform(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<ProcessRun> {
  return runProcess('terraform', [...args, '-no-color'], {
    cwd,
    env: { PATH: process.env.PATH, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', ...env },
  });
}

/** The `hashes` of this provider in a lock file, sorted. */
function lockedHashes(lockFile: string): string[] {
  const text = readFileSync(lockFile, 'utf8');
  const block = text.slice(text.indexOf(`provider "${SOURCE}"`));
  const list = block.slice(block.indexOf('hashes = ['), block.indexOf(']'));
  return [...list.matchAll(/"([a-z0-9]+:[^"]+)"/g)].map((match) => match[1]).sort();
}

/** CLI configuration that installs this provider only from a filesystem mirror. */
const filesystemMirrorConfig = (mirror: string): string =>
  `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["${SOURCE}"]\n  }\n}\n`;

/** CLI configuration that installs this provider only from a network mirror. */
const networkMirrorConfig = (url: string): string =>
  `provider_installation {\n  network_mirror {\n    url     = "${url}"\n    include = ["${SOURCE}"]\n  }\n}\n`;

/** CLI configuration that makes terraform.local's provider registry the signed static one. */
const registryConfig = (url: string): string =>
  `host "terraform.local" {\n  services = {\n    "providers.v1" = "${url}"\n  }\n}\n`;

const zhOf = (file: string): string => `zh:${createHash('sha256').update(readFileSync(file)).digest('hex')}`;

describe('the release with terraform init and lock files', () => {
  let scratch: string;
  let first: Release;
  let second: Release;
  let server: StaticHttpsServer | undefined;
  let networkMirrorUrl: string;
  let registryUrl: string;
  /** The HTTPS server's origin: it serves every file under the scratch folder. */
  let origin: string;
  let certFile: string;
  let workspaceCount = 0;

  beforeAll(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'apono-release-lock-'));
    const gnupgHome = path.join(scratch, 'gnupg');
    createSigningKey(gnupgHome, 'Apono Release Test <release@example.invalid>');
    first = await writeRelease({
      outDir: path.join(scratch, 'first-checkout', 'dist', 'release'),
      platforms: [PLATFORM, OTHER_PLATFORM],
      runtime: 'node',
      signingKey: 'release@example.invalid',
      gnupgHome,
    });
    second = await writeRelease({
      outDir: path.join(scratch, 'another', 'path', 'release'),
      runtime: 'node',
    });
    server = await serveStaticHttps(scratch, path.join(scratch, 'mirror-ca.pem'));
    certFile = server.certFile;
    origin = server.origin;
    const served = `${origin}/${path.relative(scratch, first.outDir).split(path.sep).join('/')}`;
    networkMirrorUrl = `${served}/mirror/network/`;
    registryUrl = `${served}/registry/v1/providers/`;
  });

  afterAll(async () => {
    await server?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  /** A fresh workspace requiring the provider, with its own HOME and CLI configuration. */
  const workspace = (cliConfig: string, lockFrom?: string): { dir: string; env: NodeJS.ProcessEnv } => {
    const dir = path.join(scratch, `workspace-${workspaceCount++}`);
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'main.tf'), REQUIRED_PROVIDERS);
    writeFileSync(path.join(dir, 'cli.tfrc'), cliConfig);
    if (lockFrom !== undefined) copyFileSync(lockFrom, path.join(dir, '.terraform.lock.hcl'));
    return {
      dir,
      env: { HOME: dir, TF_CLI_CONFIG_FILE: path.join(dir, 'cli.tfrc'), SSL_CERT_FILE: certFile },
    };
  };

  /** `terraform init` in a fresh workspace; throws with the output when it fails. Returns the lock file. */
  const init = async (cliConfig: string, lockFrom?: string): Promise<string> => {
    const { dir, env } = workspace(cliConfig, lockFrom);
    const result = await terraform(['init', '-input=false'], dir, env);
    if (result.code !== 0) throw new Error(`terraform init failed:\n${result.stdout}${result.stderr}`);
    return path.join(dir, '.terraform.lock.hcl');
  };

  it('GIVEN the packed filesystem mirror WHEN terraform init runs THEN the lock file holds the h1: hash the release computed', async () => {
    const lock = await init(filesystemMirrorConfig(first.filesystemMirror));
    expect(lockedHashes(lock)).toEqual([first.hashes[PLATFORM][0]]);
  });

  // Terraform records zh: hashes only for packages whose checksums a registry signed with GPG; from
  // a mirror (filesystem or network) it records the h1: of what it installed.
  it('GIVEN the network mirror over HTTPS, trusted through SSL_CERT_FILE, WHEN terraform init runs THEN the lock file holds the h1: hash the mirror published', async () => {
    const lock = await init(networkMirrorConfig(networkMirrorUrl));
    expect(lockedHashes(lock)).toEqual([first.hashes[PLATFORM][0]]);
  });

  it('GIVEN the network mirror and no SSL_CERT_FILE WHEN terraform init runs THEN the self-signed certificate is refused', async () => {
    const { dir, env } = workspace(networkMirrorConfig(networkMirrorUrl));
    const result = await terraform(['init', '-input=false'], dir, { ...env, SSL_CERT_FILE: undefined });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('certificate');
  });

  it('GIVEN a lock file with the zh: and h1: hashes of the release WHEN a workspace installs from the release made at another path THEN init verifies it and keeps both', async () => {
    const { dir, env } = workspace(filesystemMirrorConfig(second.filesystemMirror));
    const hashes = first.hashes[PLATFORM].map((hash) => `    "${hash}",\n`).join('');
    const lock = path.join(dir, '.terraform.lock.hcl');
    writeFileSync(lock, `provider "${SOURCE}" {\n  version = "${VERSION}"\n  hashes = [\n${hashes}  ]\n}\n`);
    const result = await terraform(['init', '-input=false'], dir, env);
    expect(result).toMatchObject({ code: 0 });
    expect(lockedHashes(lock)).toEqual([...first.hashes[PLATFORM]].sort());
  });

  it('GIVEN the signed registry over HTTPS WHEN terraform init runs THEN the lock file holds the h1: and the zh: of every platform', async () => {
    const lock = await init(registryConfig(registryUrl));
    const hashes = lockedHashes(lock);
    expect(hashes).toContain(first.hashes[PLATFORM][0]);
    for (const platform of [PLATFORM, OTHER_PLATFORM])
      expect(hashes).toContain(zhOf(path.join(first.outDir, first.zips[platform])));
  });

  it('GIVEN the signed registry WHEN terraform providers lock runs with no mirror flag THEN it locks the zh: of both platforms', async () => {
    const { dir, env } = workspace(registryConfig(registryUrl));
    const result = await terraform(
      ['providers', 'lock', `-platform=${PLATFORM}`, `-platform=${OTHER_PLATFORM}`],
      dir,
      env,
    );
    expect(result).toMatchObject({ code: 0 });
    const hashes = lockedHashes(path.join(dir, '.terraform.lock.hcl'));
    for (const platform of [PLATFORM, OTHER_PLATFORM])
      expect(hashes).toContain(zhOf(path.join(first.outDir, first.zips[platform])));
  });

  it('GIVEN a registry whose SHA256SUMS signature does not check WHEN terraform init runs THEN terraform refuses the package', async () => {
    const tampered = path.join(scratch, 'tampered');
    cpSync(first.outDir, tampered, { recursive: true });
    const signature = path.join(
      tampered,
      'registry',
      'v1',
      'providers',
      'apono',
      'apono',
      VERSION,
      `${releaseNames.sums(VERSION)}.sig`,
    );
    const bytes = readFileSync(signature);
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(signature, bytes);
    const { dir, env } = workspace(registryConfig(`${origin}/tampered/registry/v1/providers/`));
    const result = await terraform(['init', '-input=false'], dir, env);
    expect(result.code).toBe(1);
    expect(result.stderr.replace(/\s+/g, ' ')).toContain('error checking signature');
  });

  it.each([
    ['the filesystem mirror', (release: Release) => filesystemMirrorConfig(release.filesystemMirror)],
    ['the network mirror', () => networkMirrorConfig(networkMirrorUrl)],
    ['the signed registry', () => registryConfig(registryUrl)],
  ])(
    'GIVEN a lock file written from %s WHEN a second workspace installs from the release made at another path THEN init verifies it unchanged',
    async (_mirror, config) => {
      const lock = await init(config(first));
      const before = readFileSync(lock, 'utf8');
      const again = await init(filesystemMirrorConfig(second.filesystemMirror), lock);
      expect(readFileSync(again, 'utf8')).toBe(before);
    },
  );

  it('GIVEN a lock file naming another package WHEN init installs the release THEN terraform refuses it', async () => {
    const { dir, env } = workspace(filesystemMirrorConfig(second.filesystemMirror));
    const foreign = `zh:${'0'.repeat(64)}`;
    writeFileSync(
      path.join(dir, '.terraform.lock.hcl'),
      `provider "${SOURCE}" {\n  version = "${VERSION}"\n  hashes = [\n    "${foreign}",\n  ]\n}\n`,
    );
    const result = await terraform(['init', '-input=false'], dir, env);
    expect(result.code).toBe(1);
    expect(result.stderr.replace(/\s+/g, ' ')).toContain("doesn't match any of the checksums");
  });

  // The zips of every platform hold the same bundle, so one h1: fits them all: a lock file written
  // on Linux verifies on a Mac.
  it('GIVEN a release for two platforms WHEN providers lock -fs-mirror locks both THEN the lock holds one h1: for both', async () => {
    const both = await writeRelease({
      outDir: path.join(scratch, 'two-platforms'),
      platforms: ['darwin_arm64', 'linux_amd64'],
      runtime: 'node',
    });
    const { dir, env } = workspace('');
    const result = await terraform(
      [
        'providers',
        'lock',
        `-fs-mirror=${both.filesystemMirror}`,
        '-platform=linux_amd64',
        '-platform=darwin_arm64',
      ],
      dir,
      env,
    );
    expect(result).toMatchObject({ code: 0 });
    expect(lockedHashes(path.join(dir, '.terraform.lock.hcl'))).toEqual([both.hashes.linux_amd64[0]]);
    expect(both.hashes.darwin_arm64[0]).toBe(both.hashes.linux_amd64[0]);
  });

  it('GIVEN the filesystem mirror WHEN terraform providers lock -fs-mirror runs THEN it writes the lock file init wrote', async () => {
    const fromInit = await init(filesystemMirrorConfig(first.filesystemMirror));
    const { dir, env } = workspace('');
    const result = await terraform(
      ['providers', 'lock', `-fs-mirror=${second.filesystemMirror}`, `-platform=${PLATFORM}`],
      dir,
      env,
    );
    expect(result).toMatchObject({ code: 0 });
    expect(readFileSync(path.join(dir, '.terraform.lock.hcl'), 'utf8')).toBe(readFileSync(fromInit, 'utf8'));
  });
});

describe('the released node-script executable against the sandbox', () => {
  const suite = useSandboxSuite();
  let scratch: string;
  let release: Release;

  beforeAll(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'apono-release-plan-'));
    release = await writeRelease({ outDir: path.join(scratch, 'release'), runtime: 'node' });
  });

  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it('GIVEN a workspace installed from the filesystem mirror WHEN a user is applied and planned again THEN the plan shows no changes', async () => {
    const ws = suite.workspace();
    writeFileSync(ws.env.TF_CLI_CONFIG_FILE as string, filesystemMirrorConfig(release.filesystemMirror));
    ws.write(
      'resource "apono_user" "u" {\n  email     = "released.executable@example.com"\n  full_name = "Released Executable"\n}\n',
    );
    const init = await ws.run(['init', '-input=false', '-no-color']);
    expect(init).toMatchObject({ code: 0 });
    expect(init.stdout).toContain(`Installed ${SOURCE} v${VERSION}`);
    await ws.apply();
    expect(await suite.usersWithEmails('released.executable@example.com')).toHaveLength(1);
    expect((await ws.plan()).code).toBe(0);
  });
});
