/**
 * `npm run release`: from the bundled executable of `npm run build`, writes into dist/release/ what
 * Terraform's registry protocol expects (one zip per platform holding only
 * terraform-provider-apono_v<version>, the SHA256SUMS, the registry manifest) and two mirrors a
 * team can host: a packed filesystem mirror and a provider network mirror (index.json and
 * <version>.json with `zh:` and `h1:` hashes, archives beside). The zips are reproducible: fixed
 * timestamps and modes, so the same bundle gives the same bytes and the same lock-file hashes.
 */
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
  readonly outDir: string;
  /** Zip file name by platform (linux_amd64, ...). */
  readonly zips: Readonly<Record<string, string>>;
  /** The packed filesystem mirror: point `filesystem_mirror { path = ... }` here. */
  readonly filesystemMirror: string;
  /** The network mirror's root: serve it over HTTPS and point `network_mirror { url = ... }` here. */
  readonly networkMirror: string;
  /** The `zh:` and `h1:` hashes of each platform's package. */
  readonly hashes: Readonly<Record<string, readonly string[]>>;
}

/** Options of writeRelease. */
export interface ReleaseOptions {
  /** The bundled executable (default: the package's dist/bundle/terraform-provider-apono). */
  readonly bundle?: string;
  /** Where to write (emptied first; default: the package's dist/release). */
  readonly outDir?: string;
  /** Terraform platforms to package (default: this machine's). The bundle needs only `node`. */
  readonly platforms?: readonly string[];
  readonly version?: string;
}

/**
 * Empties `outDir` when it holds an earlier release (it has terraform-registry-manifest.json);
 * refuses any other folder that is not empty, so that a mistyped --out deletes nothing.
 */
export function clearPreviousRelease(outDir: string): void {
  if (!existsSync(outDir) || readdirSync(outDir).length === 0) return;
  if (!existsSync(path.join(outDir, 'terraform-registry-manifest.json')))
    throw new Error(`${outDir} is not empty and holds no earlier release: choose an empty folder`);
  rmSync(outDir, { recursive: true, force: true });
}

/** Writes the release files and both mirror layouts; returns what was written. */
export async function writeRelease(options: ReleaseOptions = {}): Promise<Release> {
  const root = packageInfo().root;
  const version = options.version ?? packageInfo().version;
  const outDir = options.outDir ?? path.join(root, 'dist', 'release');
  const platforms = [...new Set(options.platforms ?? [terraformPlatform()])].sort();
  const executable = readFileSync(options.bundle ?? path.join(root, BUNDLE_FILE));

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
  for (const platform of platforms) {
    const name = releaseNames.zip(version, platform);
    const zip = await zipExecutable(executable, releaseNames.executable(version));
    writeFileSync(path.join(outDir, name), zip);
    copyFileSync(path.join(outDir, name), path.join(fsProviderDir, name));
    copyFileSync(path.join(outDir, name), path.join(netProviderDir, name));
    summed.set(name, zip);
    zips[platform] = name;
    hashes[platform] = [h1, zipHash(zip)];
    archives[platform] = { url: name, hashes: hashes[platform] };
  }
  writeFileSync(path.join(outDir, releaseNames.manifest(version)), manifest);
  writeFileSync(path.join(outDir, 'terraform-registry-manifest.json'), manifest);
  writeFileSync(path.join(outDir, releaseNames.sums(version)), sha256Sums(summed));
  writeFileSync(
    path.join(netProviderDir, 'index.json'),
    `${JSON.stringify({ versions: { [version]: {} } }, null, 2)}\n`,
  );
  writeFileSync(path.join(netProviderDir, `${version}.json`), `${JSON.stringify({ archives }, null, 2)}\n`);
  return { version, outDir, zips, filesystemMirror, networkMirror, hashes };
}

/** Usage of `node dist/scripts/release.js`. */
const RELEASE_USAGE =
  'Usage: npm run release -- [--out DIR] [--platform OS_ARCH]...\n' +
  '  --out DIR           where to write (default: dist/release)\n' +
  "  --platform OS_ARCH  a Terraform platform to package, repeatable (default: this machine's)\n";

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      platform: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help === true) {
    process.stdout.write(RELEASE_USAGE);
  } else {
    writeRelease({
      outDir: values.out === undefined ? undefined : path.resolve(values.out),
      platforms: values.platform,
    }).then(
      (release) => {
        process.stdout.write(
          `Release ${release.version} in ${release.outDir}:\n` +
            Object.entries(release.zips)
              .map(([platform, zip]) => `  ${zip}  ${release.hashes[platform].join(' ')}\n`)
              .join('') +
            `  filesystem mirror: ${release.filesystemMirror}\n  network mirror:    ${release.networkMirror}\n`,
        );
      },
      (error: unknown) => {
        process.stderr.write(`release failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      },
    );
  }
}
