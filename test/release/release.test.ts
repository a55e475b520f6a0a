import { createHash } from 'node:crypto';
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { packageInfo } from '../../provider/client/package-info';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../../provider/transport/handshake';
import { BUNDLE_FILE, bundleProvider } from '../../scripts/bundle';
import { releaseNames, writeRelease, type Release } from '../../scripts/release';
import { firstStdoutLine } from './launch';
import { readZip } from './zip-reader';

// The release as `npm run release` writes it, from the bundle `npm run build` (pretest) made.
const ROOT = packageInfo().root;
const VERSION = packageInfo().version;
const BUNDLE = path.join(ROOT, BUNDLE_FILE);
const PLATFORMS = ['darwin_arm64', 'linux_amd64'];

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

describe('npm run release', () => {
  let scratch: string;
  let first: Release;
  let second: Release;

  beforeAll(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'apono-release-'));
    first = await writeRelease({
      outDir: path.join(scratch, 'first'),
      platforms: PLATFORMS,
      runtime: 'node',
    });
    second = await writeRelease({
      outDir: path.join(scratch, 'elsewhere', 'second'),
      platforms: PLATFORMS,
      runtime: 'node',
    });
  });

  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  /** Every file of a release, relative to its folder, sorted. */
  const filesOf = (release: Release): string[] =>
    (readdirSync(release.outDir, { recursive: true }) as string[])
      .filter((file) => statSync(path.join(release.outDir, file)).isFile())
      .sort();

  it('GIVEN the release WHEN its folder is listed THEN it holds the registry files and both mirror layouts', () => {
    const provider = path.join('terraform.local', 'apono', 'apono');
    expect(filesOf(first)).toEqual(
      [
        releaseNames.manifest(VERSION),
        releaseNames.sums(VERSION),
        ...PLATFORMS.map((platform) => releaseNames.zip(VERSION, platform)),
        'terraform-registry-manifest.json',
        ...PLATFORMS.map((platform) =>
          path.join('mirror', 'filesystem', provider, releaseNames.zip(VERSION, platform)),
        ),
        path.join('mirror', 'network', provider, `${VERSION}.json`),
        path.join('mirror', 'network', provider, 'index.json'),
        ...PLATFORMS.map((platform) =>
          path.join('mirror', 'network', provider, releaseNames.zip(VERSION, platform)),
        ),
      ].sort(),
    );
  });

  it.each(PLATFORMS)(
    'GIVEN the %s zip WHEN read THEN it holds only the executable, mode 0755, with the bundle bytes',
    (platform) => {
      const entries = readZip(readFileSync(path.join(first.outDir, releaseNames.zip(VERSION, platform))));
      expect(entries.map((entry) => [entry.name, entry.mode.toString(8)])).toEqual([
        [releaseNames.executable(VERSION), '100755'],
      ]);
      expect(entries[0].data.equals(readFileSync(BUNDLE))).toBe(true);
    },
  );

  it('GIVEN the bundled executable WHEN searched THEN it names neither the checkout nor node_modules', () => {
    const text = readFileSync(BUNDLE, 'utf8');
    expect(text.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(text).not.toContain(ROOT);
    expect(text).not.toContain('node_modules');
    expect(statSync(BUNDLE).mode & 0o777).toBe(0o755);
  });

  it('GIVEN two releases made at different paths WHEN compared THEN every file has the same bytes', () => {
    expect(filesOf(second)).toEqual(filesOf(first));
    const differing = filesOf(first).filter(
      (file) =>
        !readFileSync(path.join(first.outDir, file)).equals(readFileSync(path.join(second.outDir, file))),
    );
    expect(differing).toEqual([]);
  });

  it('GIVEN a copy of the checkout at another path WHEN bundled there THEN the executable has the same bytes', async () => {
    const checkout = path.join(scratch, 'another', 'checkout');
    for (const part of [path.join('dist', 'provider'), 'provider', path.join('schema', 'api')])
      cpSync(path.join(ROOT, part), path.join(checkout, part), { recursive: true });
    copyFileSync(path.join(ROOT, 'package.json'), path.join(checkout, 'package.json'));
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(checkout, 'node_modules'));
    const bundled = await bundleProvider(checkout, path.join(checkout, BUNDLE_FILE));
    expect(readFileSync(bundled).equals(readFileSync(BUNDLE))).toBe(true);
  });

  it('GIVEN the SHA256SUMS WHEN checked THEN it lists every zip and the manifest with their digests', () => {
    const named = [releaseNames.manifest(VERSION), ...PLATFORMS.map((p) => releaseNames.zip(VERSION, p))];
    const expected = named
      .sort()
      .map((name) => `${sha256(readFileSync(path.join(first.outDir, name)))}  ${name}\n`)
      .join('');
    expect(readFileSync(path.join(first.outDir, releaseNames.sums(VERSION)), 'utf8')).toBe(expected);
  });

  it.each([['terraform-registry-manifest.json'], [releaseNames.manifest(VERSION)]])(
    'GIVEN %s WHEN parsed THEN it declares plugin protocol 6.0',
    (name) => {
      expect(JSON.parse(readFileSync(path.join(first.outDir, name), 'utf8'))).toEqual({
        version: 1,
        metadata: { protocol_versions: ['6.0'] },
      });
    },
  );

  it('GIVEN the network mirror WHEN read THEN index.json lists the version and each archive beside has its zh: hash', () => {
    const providerDir = path.join(first.networkMirror, 'terraform.local', 'apono', 'apono');
    expect(JSON.parse(readFileSync(path.join(providerDir, 'index.json'), 'utf8'))).toEqual({
      versions: { [VERSION]: {} },
    });
    const { archives } = JSON.parse(readFileSync(path.join(providerDir, `${VERSION}.json`), 'utf8')) as {
      archives: Record<string, { url: string; hashes: string[] }>;
    };
    expect(Object.keys(archives).sort()).toEqual(PLATFORMS);
    for (const platform of PLATFORMS) {
      const zip = readFileSync(path.join(providerDir, archives[platform].url));
      expect(archives[platform].hashes).toContain(`zh:${sha256(zip)}`);
    }
  });

  it('GIVEN an earlier release in the folder WHEN released again THEN the folder holds only the new release', async () => {
    const folder = path.join(scratch, 'again');
    await writeRelease({ outDir: folder, platforms: PLATFORMS, runtime: 'node' });
    const again = await writeRelease({ outDir: folder, platforms: ['linux_arm64'], runtime: 'node' });
    expect(filesOf(again).filter((file) => file.endsWith('.zip'))).toEqual(
      [
        releaseNames.zip(VERSION, 'linux_arm64'),
        path.join(
          'mirror',
          'filesystem',
          'terraform.local',
          'apono',
          'apono',
          releaseNames.zip(VERSION, 'linux_arm64'),
        ),
        path.join(
          'mirror',
          'network',
          'terraform.local',
          'apono',
          'apono',
          releaseNames.zip(VERSION, 'linux_arm64'),
        ),
      ].sort(),
    );
  });

  it('GIVEN a folder holding other files WHEN released into THEN the release is refused and the files stay', async () => {
    const folder = path.join(scratch, 'not-a-release');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'keep.txt'), 'precious');
    await expect(writeRelease({ outDir: folder })).rejects.toThrow('holds no earlier release');
    expect(readdirSync(folder)).toEqual(['keep.txt']);
  });

  it('GIVEN the executable alone in an empty folder WHEN Terraform would launch it THEN it prints the handshake', async () => {
    const lonely = path.join(scratch, 'lonely');
    mkdirSync(lonely);
    const executable = path.join(lonely, releaseNames.executable(VERSION));
    copyFileSync(BUNDLE, executable);
    const line = await firstStdoutLine(executable, lonely, {
      PATH: process.env.PATH,
      [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
      PLUGIN_PROTOCOL_VERSIONS: '6',
    });
    expect(line).toMatch(/^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc/);
  });
});
