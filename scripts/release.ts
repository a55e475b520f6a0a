/**
 * `npm run release`: from the bundled executable of `npm run build`, writes into dist/release/ what
 * Terraform's registry protocol expects (one zip per platform holding only
 * terraform-provider-apono_v<version>, the SHA256SUMS, the registry manifest) and two mirrors a
 * team can host: a packed filesystem mirror and a provider network mirror (index.json and
 * <version>.json with `zh:` and `h1:` hashes, archives beside); given a GPG key (--sign), also a
 * static provider registry whose signed SHA256SUMS let `terraform init` and `terraform providers
 * lock` record the `zh:` hashes of every platform. The zips are reproducible: fixed timestamps and
 * modes, so the same bundle (and, for a single executable, the same node binary) gives the same
 * bytes and the same lock-file hashes.
 *
 * The executable is, by default, a Node single executable application (scripts/single-executable.ts:
 * node and the bundle in one native file, for this machine's platform only); with the `node`
 * runtime it is the bundle itself, a script that needs `node` on PATH and fits every platform.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ZipFile } from 'yazl';
import { packageInfo } from '../provider/client/package-info';
import { terraformPlatform } from '../provider/install';
import { BUNDLE_FILE } from './bundle';
import { buildSingleExecutable, singleExecutableProblem } from './single-executable';

/** The source address the provider is published under (as `install` and the README use it). */
export const PROVIDER_ADDRESS = { hostname: 'terraform.local', namespace: 'apono', type: 'apono' } as const;

/** The plugin protocol versions this provider speaks, for the registry manifest. */
export const REGISTRY_MANIFEST = { version: 1, metadata: { protocol_versions: ['6.0'] } } as const;

/** The file names of one release, after Terraform's registry conventions. */
export const releaseNames = {
  executable: (version: string): string => `terraform-provider-apono_v${version}`,
  zip: (version: string, platform: string): string => `terraform-provider-apono_${version}_${platform}.zip`,
  sums: (version: string): string => `terraform-provider-apono_${version}_SHA256SUMS`,
  manifest: (version: string): string => `terraform-provider-apono_${version}_manifest.json`,
};

/**
 * The timestamp of every zip entry. yazl writes DOS times in local time, so the date is built from
 * local fields: the same bytes in every time zone.
 */
const ZIP_ENTRY_TIME = new Date(2000, 0, 1, 0, 0, 0);

/** A zip holding only `executable`, named `name`, mode 0755, at a fixed time. */
export function zipExecutable(executable: Buffer, name: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const zip = new ZipFile();
    zip.addBuffer(executable, name, {
      mtime: ZIP_ENTRY_TIME,
      mode: 0o100755,
      compress: true,
      forceDosTimestamp: true,
    });
    zip.end();
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

/** Hex SHA-256 of `bytes`. */
export function sha256Hex(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The lock file's `zh:` hash of a provider zip: the SHA-256 of the archive. */
export function zipHash(zip: Buffer): string {
  return `zh:${sha256Hex(zip)}`;
}

/**
 * The lock file's `h1:` hash of an unpacked provider package (Go's dirhash Hash1): the SHA-256 of
 * one line `<sha256 hex>  <path>` per file, sorted by path, in base64.
 */
export function packageHash(files: ReadonlyMap<string, Buffer>): string {
  const lines = [...files.keys()]
    .sort()
    .map((name) => `${sha256Hex(files.get(name) as Buffer)}  ${name}\n`)
    .join('');
  return `h1:${createHash('sha256').update(lines).digest('base64')}`;
}

/** The SHA256SUMS text: `<hex>  <file name>` per file, sorted by name. */
export function sha256Sums(files: ReadonlyMap<string, Buffer>): string {
  return [...files.keys()]
    .sort()
    .map((name) => `${sha256Hex(files.get(name) as Buffer)}  ${name}\n`)
    .join('');
}

/** What one release was made of, and where it went. */
export interface Release {
  readonly version: string;
  readonly runtime: ReleaseRuntime;
  readonly outDir: string;
  /** Zip file name by platform (linux_amd64, ...). */
  readonly zips: Readonly<Record<string, string>>;
  /** The packed filesystem mirror: point `filesystem_mirror { path = ... }` here. */
  readonly filesystemMirror: string;
  /** The network mirror's root: serve it over HTTPS and point `network_mirror { url = ... }` here. */
  readonly networkMirror: string;
  /** The `zh:` and `h1:` hashes of each platform's package. */
  readonly hashes: Readonly<Record<string, readonly string[]>>;
  /**
   * With a signing key: the root of a static provider registry (the registry protocol's
   * providers.v1 service, as `<root>/v1/providers/`), whose signed SHA256SUMS give lock files the
   * `zh:` hashes of every platform. Undefined without a key.
   */
  readonly registry?: string;
}

/**
 * What the release executable is: `sea`, a single executable application carrying its own node
 * (built for this machine's platform only); `node`, the bundle, a script run by the `node` on PATH.
 */
export type ReleaseRuntime = 'sea' | 'node';

/** The runtimes, as `--runtime` accepts them. */
export const RELEASE_RUNTIMES: readonly ReleaseRuntime[] = ['sea', 'node'];

/** Options of writeRelease. */
export interface ReleaseOptions {
  /** The bundled executable (default: the package's dist/bundle/terraform-provider-apono). */
  readonly bundle?: string;
  /** Where to write (emptied first; default: the package's dist/release). */
  readonly outDir?: string;
  /** Terraform platforms to package (default: this machine's; `sea` builds only this machine's). */
  readonly platforms?: readonly string[];
  /** What the executable is (default `sea`). */
  readonly runtime?: ReleaseRuntime;
  /** `sea`: the node binary to build from (default: the one running the release). */
  readonly nodeBinary?: string;
  /** `sea`: embed V8's code cache of the bundle (default true). */
  readonly codeCache?: boolean;
  readonly version?: string;
  /** A GPG key (id or fingerprint) to sign the SHA256SUMS with; enables the registry layout. */
  readonly signingKey?: string;
  /** The GnuPG home holding that key (default: gpg's own, or $GNUPGHOME). */
  readonly gnupgHome?: string;
}

/** A detached GPG signature and the armored public key that checks it. */
interface Signature {
  readonly signature: Buffer;
  readonly keyId: string;
  readonly publicKey: string;
}

/** Signs `document` with the GPG key `key` (the gpg CLI, as Terraform's registry expects). */
export function gpgSign(document: Buffer, key: string, gnupgHome?: string): Signature {
  const env = gnupgHome === undefined ? process.env : { ...process.env, GNUPGHOME: gnupgHome };
  const gpg = (args: readonly string[], input?: Buffer): Buffer =>
    execFileSync('gpg', ['--batch', '--no-tty', ...args], { env, input, stdio: ['pipe', 'pipe', 'pipe'] });
  const signature = gpg(['--local-user', key, '--detach-sign', '--output', '-'], document);
  const publicKey = gpg(['--armor', '--export', key]).toString('utf8');
  const keyId = gpg(['--with-colons', '--list-keys', key])
    .toString('utf8')
    .split('\n')
    .find((line) => line.startsWith('pub:'))
    ?.split(':')[4];
  if (keyId === undefined || publicKey === '') throw new Error(`gpg has no public key ${key}`);
  return { signature, keyId, publicKey };
}

/**
 * The files of a static provider registry (protocol providers.v1) for one version, relative to its
 * root: `versions` and one `download/<os>/<arch>` answer per platform, whose relative URLs point
 * at the archives, SHA256SUMS and signature stored beside under `<version>/`.
 */
export function registryFiles(
  version: string,
  zips: Readonly<Record<string, Buffer>>,
  sums: Buffer,
  signed: Signature,
): Map<string, Buffer> {
  const providerDir = ['v1', 'providers', PROVIDER_ADDRESS.namespace, PROVIDER_ADDRESS.type];
  const files = new Map<string, Buffer>();
  const put = (relative: string[], bytes: Buffer | string): void => {
    files.set(path.join(...providerDir, ...relative), Buffer.from(bytes));
  };
  const platforms = Object.keys(zips).sort();
  const osArch = (platform: string): { os: string; arch: string } => {
    const [os, ...arch] = platform.split('_');
    return { os, arch: arch.join('_') };
  };
  put(
    ['versions'],
    `${JSON.stringify({ versions: [{ version, protocols: ['6.0'], platforms: platforms.map(osArch) }] }, null, 2)}\n`,
  );
  // download/<os>/<arch> sits three levels below <version>/: its URLs climb back up two.
  const beside = (name: string): string => `../../${name}`;
  for (const platform of platforms) {
    const { os, arch } = osArch(platform);
    const filename = releaseNames.zip(version, platform);
    put([version, filename], zips[platform]);
    const answer = {
      protocols: ['6.0'],
      os,
      arch,
      filename,
      download_url: beside(filename),
      shasums_url: beside(releaseNames.sums(version)),
      shasums_signature_url: beside(`${releaseNames.sums(version)}.sig`),
      shasum: sha256Hex(zips[platform]),
      signing_keys: { gpg_public_keys: [{ key_id: signed.keyId, ascii_armor: signed.publicKey }] },
    };
    put([version, 'download', os, arch], `${JSON.stringify(answer, null, 2)}\n`);
  }
  put([version, releaseNames.sums(version)], sums);
  put([version, `${releaseNames.sums(version)}.sig`], signed.signature);
  return files;
}

/**
 * Empties `outDir` when it holds an earlier release (it has terraform-registry-manifest.json);
 * refuses any other folder that is not empty, so that a mistyped --out deletes nothing.
 */
export function clearPreviousRelease(outDir: string): void {
  if (!holdsEarlierRelease(outDir)) return;
  rmSync(outDir, { recursive: true, force: true });
}

/**
 * Whether `outDir` holds an earlier release (false when it is missing or empty); throws when it
 * holds anything else, so that a mistyped --out is refused before any work and deletes nothing.
 */
function holdsEarlierRelease(outDir: string): boolean {
  if (!existsSync(outDir) || readdirSync(outDir).length === 0) return false;
  if (!existsSync(path.join(outDir, 'terraform-registry-manifest.json')))
    throw new Error(`${outDir} is not empty and holds no earlier release: choose an empty folder`);
  return true;
}

/** Writes the release files and both mirror layouts; returns what was written. */
export async function writeRelease(options: ReleaseOptions = {}): Promise<Release> {
  const root = packageInfo().root;
  const version = options.version ?? packageInfo().version;
  const outDir = options.outDir ?? path.join(root, 'dist', 'release');
  const platforms = [...new Set(options.platforms ?? [terraformPlatform()])].sort();
  const bundle = options.bundle ?? path.join(root, BUNDLE_FILE);
  const runtime = options.runtime ?? 'sea';
  holdsEarlierRelease(outDir);
  if (runtime === 'sea') {
    const problems = platforms
      .map((platform) => singleExecutableProblem(platform))
      .filter((p) => p !== undefined);
    if (problems.length > 0) throw new Error(`${problems.join('; ')} (--runtime node packages any platform)`);
  }
  const executable =
    runtime === 'sea'
      ? await buildSingleExecutable({ bundle, nodeBinary: options.nodeBinary, codeCache: options.codeCache })
      : readFileSync(bundle);

  clearPreviousRelease(outDir);
  const addressPath = [PROVIDER_ADDRESS.hostname, PROVIDER_ADDRESS.namespace, PROVIDER_ADDRESS.type];
  const filesystemMirror = path.join(outDir, 'mirror', 'filesystem');
  const networkMirror = path.join(outDir, 'mirror', 'network');
  const fsProviderDir = path.join(filesystemMirror, ...addressPath);
  const netProviderDir = path.join(networkMirror, ...addressPath);
  for (const dir of [outDir, fsProviderDir, netProviderDir]) mkdirSync(dir, { recursive: true });

  const manifest = `${JSON.stringify(REGISTRY_MANIFEST, null, 2)}\n`;
  const summed = new Map<string, Buffer>([[releaseNames.manifest(version), Buffer.from(manifest)]]);
  const h1 = packageHash(new Map([[releaseNames.executable(version), executable]]));
  const zips: Record<string, string> = {};
  const hashes: Record<string, string[]> = {};
  const archives: Record<string, { url: string; hashes: string[] }> = {};
  const zipBytes: Record<string, Buffer> = {};
  for (const platform of platforms) {
    const name = releaseNames.zip(version, platform);
    const zip = await zipExecutable(executable, releaseNames.executable(version));
    writeFileSync(path.join(outDir, name), zip);
    copyFileSync(path.join(outDir, name), path.join(fsProviderDir, name));
    copyFileSync(path.join(outDir, name), path.join(netProviderDir, name));
    summed.set(name, zip);
    zips[platform] = name;
    zipBytes[platform] = zip;
    hashes[platform] = [h1, zipHash(zip)];
    archives[platform] = { url: name, hashes: hashes[platform] };
  }
  writeFileSync(path.join(outDir, releaseNames.manifest(version)), manifest);
  writeFileSync(path.join(outDir, 'terraform-registry-manifest.json'), manifest);
  const sums = Buffer.from(sha256Sums(summed));
  writeFileSync(path.join(outDir, releaseNames.sums(version)), sums);
  let registry: string | undefined;
  if (options.signingKey !== undefined) {
    const signed = gpgSign(sums, options.signingKey, options.gnupgHome);
    writeFileSync(path.join(outDir, `${releaseNames.sums(version)}.sig`), signed.signature);
    registry = path.join(outDir, 'registry');
    for (const [relative, bytes] of registryFiles(version, zipBytes, sums, signed)) {
      mkdirSync(path.dirname(path.join(registry, relative)), { recursive: true });
      writeFileSync(path.join(registry, relative), bytes);
    }
  }
  writeFileSync(
    path.join(netProviderDir, 'index.json'),
    `${JSON.stringify({ versions: { [version]: {} } }, null, 2)}\n`,
  );
  writeFileSync(path.join(netProviderDir, `${version}.json`), `${JSON.stringify({ archives }, null, 2)}\n`);
  return { version, runtime, outDir, zips, filesystemMirror, networkMirror, hashes, registry };
}

/** How the summary of `npm run release` names each runtime. */
const RUNTIME_DESCRIPTIONS: Readonly<Record<ReleaseRuntime, string>> = {
  sea: 'single executable, no node needed',
  node: 'bundle, needs node on PATH',
};

/** Whether `value` names a release runtime. */
export function isReleaseRuntime(value: string): value is ReleaseRuntime {
  return (RELEASE_RUNTIMES as readonly string[]).includes(value);
}

/** Usage of `node dist/scripts/release.js`. */
const RELEASE_USAGE =
  'Usage: npm run release -- [--out DIR] [--runtime sea|node] [--platform OS_ARCH]... [--sign KEY]\n' +
  '  --out DIR           where to write (default: dist/release)\n' +
  '  --runtime sea       a single executable carrying its own node, for this machine only (default)\n' +
  '  --runtime node      the bundle, a small script that needs node on PATH, for any platform\n' +
  "  --platform OS_ARCH  a Terraform platform to package, repeatable (default: this machine's)\n" +
  '  --node PATH         sea: the node binary to build from (default: the node running this)\n' +
  "  --no-code-cache     sea: leave out V8's code cache of the bundle\n" +
  '  --sign KEY          sign the SHA256SUMS with this GPG key and write the registry layout\n';

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      platform: { type: 'string', multiple: true },
      runtime: { type: 'string' },
      node: { type: 'string' },
      'no-code-cache': { type: 'boolean' },
      sign: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  const runtime = values.runtime ?? 'sea';
  if (values.help === true) {
    process.stdout.write(RELEASE_USAGE);
  } else if (!isReleaseRuntime(runtime)) {
    process.stderr.write(`release: --runtime is sea or node, not ${runtime}\n\n${RELEASE_USAGE}`);
    process.exitCode = 2;
  } else {
    writeRelease({
      outDir: values.out === undefined ? undefined : path.resolve(values.out),
      platforms: values.platform,
      runtime,
      nodeBinary: values.node === undefined ? undefined : path.resolve(values.node),
      codeCache: values['no-code-cache'] !== true,
      signingKey: values.sign,
    }).then(
      (release) => {
        process.stdout.write(
          `Release ${release.version} (${RUNTIME_DESCRIPTIONS[release.runtime]}) in ${release.outDir}:\n` +
            Object.entries(release.zips)
              .map(([platform, zip]) => `  ${zip}  ${release.hashes[platform].join(' ')}\n`)
              .join('') +
            `  filesystem mirror: ${release.filesystemMirror}\n  network mirror:    ${release.networkMirror}\n` +
            (release.registry === undefined
              ? '  registry:          none (pass --sign KEY to sign the SHA256SUMS and write one)\n'
              : `  registry:          ${release.registry} (providers.v1 = <its URL>/v1/providers/)\n`),
        );
      },
      (error: unknown) => {
        process.stderr.write(`release failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      },
    );
  }
}
