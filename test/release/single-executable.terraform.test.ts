/**
 * The release executable as a Node single executable application, as `npm run release` makes it by
 * default: one native file that runs with no `node` on PATH, launched by the real terraform CLI
 * from the packed filesystem mirror against the sandbox. One release is built for the whole file
 * (building one takes seconds and ~100 MB), a second one at another path for the reproducibility check.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { packageInfo } from '../../provider/client/package-info';
import { terraformPlatform } from '../../provider/install';
import { NOT_A_PLUGIN_MESSAGE } from '../../provider/transport/handshake';
import { BUNDLE_FILE } from '../../scripts/bundle';
import { CODE_CACHE_REJECTED_MESSAGE, SEA_SCRATCH_PREFIX } from '../../scripts/single-executable';
import { releaseNames, writeRelease, type Release } from '../../scripts/release';
import { useSandboxSuite } from '../e2e/harness';
import { findOnPath, firstStdoutLine, pathWithTerraformOnly, PLUGIN_ENV, runToExit } from './launch';
import { readZip } from './zip-reader';

jest.setTimeout(180_000);

const ROOT = packageInfo().root;
const VERSION = packageInfo().version;
const PLATFORM = terraformPlatform();
const SOURCE = 'terraform.local/apono/apono';

/** The first bytes of a native executable of each OS Node builds single executables for. */
const NATIVE_MAGIC: Readonly<Record<string, Buffer>> = {
  linux: Buffer.from([0x7f, 0x45, 0x4c, 0x46]), // ELF
  darwin: Buffer.from([0xcf, 0xfa, 0xed, 0xfe]), // Mach-O, 64-bit, little-endian
};

/** CLI configuration that installs this provider only from a filesystem mirror. */
const filesystemMirrorConfig = (mirror: string): string =>
  `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["${SOURCE}"]\n  }\n}\n`;

describe('the single-executable release', () => {
  const suite = useSandboxSuite();
  let scratch: string;
  let release: Release;
  /** The executable of the release's zip, unpacked alone into a folder of its own. */
  let executable: string;
  /** A PATH that has terraform and no node. */
  let noNodePath: string;

  beforeAll(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'apono-release-sea-'));
    release = await writeRelease({ outDir: path.join(scratch, 'release') });
    const [entry] = readZip(readFileSync(path.join(release.outDir, release.zips[PLATFORM])));
    const unpacked = path.join(scratch, 'unpacked');
    mkdirSync(unpacked);
    executable = path.join(unpacked, entry.name);
    writeFileSync(executable, entry.data, { mode: 0o755 });
    noNodePath = pathWithTerraformOnly(path.join(scratch, 'terraform-only'));
  });

  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it("GIVEN the zip WHEN read THEN it holds only the executable, mode 0755, a native executable of this machine's OS", () => {
    const entries = readZip(readFileSync(path.join(release.outDir, release.zips[PLATFORM])));
    expect(entries.map((entry) => [entry.name, entry.mode.toString(8)])).toEqual([
      [releaseNames.executable(VERSION), '100755'],
    ]);
    const magic = NATIVE_MAGIC[process.platform];
    expect(entries[0].data.subarray(0, magic.length)).toEqual(magic);
  });

  it('GIVEN the executable WHEN searched THEN it carries the code of the bundle of npm run build and names neither the checkout, the release folder nor the scratch folder of the build', () => {
    const bytes = readFileSync(executable);
    const bundle = readFileSync(path.join(ROOT, BUNDLE_FILE));
    const codeAfterShebang = bundle.subarray(bundle.indexOf('\n') + 1);
    expect(bytes.indexOf(codeAfterShebang)).toBeGreaterThan(0);
    expect(bytes.indexOf(ROOT)).toBe(-1);
    expect(bytes.indexOf(scratch)).toBe(-1);
    expect(bytes.indexOf(SEA_SCRATCH_PREFIX)).toBe(-1);
  });

  it('GIVEN a PATH without node WHEN Terraform would launch the executable THEN it prints the handshake', async () => {
    expect(findOnPath('node', noNodePath)).toBeUndefined();
    const line = await firstStdoutLine(executable, path.dirname(executable), {
      PATH: noNodePath,
      ...PLUGIN_ENV,
    });
    expect(line).toMatch(/^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc/);
  });

  it('GIVEN a PATH without node WHEN a person runs the executable THEN it says it is a plugin and nothing else (its code cache accepted, no experimental warning)', async () => {
    const exited = await runToExit(executable, [], scratch, { PATH: noNodePath });
    expect(exited).toEqual({ code: 1, stdout: '', stderr: NOT_A_PLUGIN_MESSAGE });
  });

  it('GIVEN a V8 flag in NODE_OPTIONS WHEN a person runs the executable THEN it says that V8 rejected its code cache, and still starts', async () => {
    const exited = await runToExit(executable, [], scratch, {
      PATH: noNodePath,
      NODE_OPTIONS: '--expose-gc',
    });
    expect(exited).toEqual({
      code: 1,
      stdout: '',
      stderr: CODE_CACHE_REJECTED_MESSAGE + NOT_A_PLUGIN_MESSAGE,
    });
  });

  // The control of the PATH tests: the same PATH does stop an executable that needs node.
  it('GIVEN a PATH without node WHEN the node-script bundle is launched THEN it cannot start', async () => {
    const exited = await runToExit(path.join(ROOT, BUNDLE_FILE), [], scratch, {
      PATH: noNodePath,
      ...PLUGIN_ENV,
    });
    expect(exited.code).not.toBe(0);
    expect(exited.stdout).toBe('');
  });

  it('GIVEN a PATH without node WHEN the executable installs itself THEN the mirror holds a copy of its bytes', async () => {
    const mirror = path.join(scratch, 'installed');
    const exited = await runToExit(executable, ['install', '--dir', mirror], scratch, { PATH: noNodePath });
    expect(exited).toMatchObject({ code: 0 });
    const installed = path.join(mirror, SOURCE, VERSION, PLATFORM, releaseNames.executable(VERSION));
    expect(existsSync(installed) && readFileSync(installed).equals(readFileSync(executable))).toBe(true);
  });

  // TF_LOG would make a launch log, other code for the cache training to compile: the build ignores it.
  it('GIVEN a second release made at another path with TF_LOG set WHEN compared THEN the zip and SHA256SUMS have the same bytes', async () => {
    const before = process.env.TF_LOG;
    process.env.TF_LOG = 'trace';
    let second: Release;
    try {
      second = await writeRelease({ outDir: path.join(scratch, 'another', 'path', 'release') });
    } finally {
      if (before === undefined) delete process.env.TF_LOG;
      else process.env.TF_LOG = before;
    }
    const differing = [release.zips[PLATFORM], releaseNames.sums(VERSION)].filter(
      (name) =>
        !readFileSync(path.join(second.outDir, name)).equals(readFileSync(path.join(release.outDir, name))),
    );
    expect(differing).toEqual([]);
  });

  it('GIVEN terraform with a PATH without node WHEN it installs from the filesystem mirror, applies a user and plans again THEN the plan shows no changes', async () => {
    const ws = suite.workspace({ PATH: noNodePath });
    writeFileSync(ws.env.TF_CLI_CONFIG_FILE as string, filesystemMirrorConfig(release.filesystemMirror));
    ws.write(
      'resource "apono_user" "u" {\n  email     = "single.executable@example.com"\n  full_name = "Single Executable"\n}\n',
    );
    const init = await ws.run(['init', '-input=false', '-no-color']);
    expect(init).toMatchObject({ code: 0 });
    expect(init.stdout).toContain(`Installed ${SOURCE} v${VERSION}`);
    await ws.apply();
    expect(await suite.usersWithEmails('single.executable@example.com')).toHaveLength(1);
    expect((await ws.plan()).code).toBe(0);
  });
});
