/**
 * Part of `npm run release`: turns the bundle of `npm run build` into a Node single executable
 * application (SEA), a copy of the node binary carrying the bundle, so the release executable runs
 * with no `node` on PATH. Node 20's recipe: `node --experimental-sea-config` writes a preparation
 * blob, postject injects it into a copy of the node binary and flips the SEA fuse.
 *
 * The bytes are reproducible: the same node binary and bundle give the same executable. The blob
 * is the bundle plus, with the code cache, V8's compiled code of its top level; V8 writes that with
 * random hash seeds unless its random seed is fixed, which the cache's validity check ignores.
 *
 * A SEA is built on the platform it is for, from that platform's node binary: the blob is made by
 * running that binary, and a macOS binary must be signed again after injection.
 */
import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { packageInfo } from '../provider/client/package-info';
import { terraformPlatform } from '../provider/install';
import { BUNDLE_FILE } from './bundle';

const execFileAsync = promisify(execFile);

/** The fuse string Node 20 looks for to know it carries a SEA blob (postject flips its last byte). */
export const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

/** The name of the resource (ELF note, Mach-O section, PE resource) Node reads the blob from. */
export const SEA_RESOURCE = 'NODE_SEA_BLOB';

/** The Mach-O segment Node reads the blob from on macOS. */
const MACHO_SEGMENT = 'NODE_SEA';

/**
 * V8's random seed while the blob is written: fixed, so the code cache has the same bytes at every
 * build. V8 leaves this flag out of the check that accepts a code cache at launch.
 */
export const BLOB_RANDOM_SEED = 1;

/** The name prefix of the scratch folder a single executable is built in. */
export const SEA_SCRATCH_PREFIX = 'apono-sea-';

/** The operating systems this script makes single executables for. */
const SEA_OPERATING_SYSTEMS: readonly string[] = ['linux', 'darwin'];

/** Options of buildSingleExecutable. */
export interface SingleExecutableOptions {
  /** The bundled provider (the SEA's main script). */
  readonly bundle: string;
  /** The node binary to copy (default: the one running this script). */
  readonly nodeBinary?: string;
  /** Embed V8's code cache of the bundle's top level (default true). */
  readonly codeCache?: boolean;
}

/** The sea-config.json of Node 20 for `main`, writing the blob to `output`. */
export function seaConfig(main: string, output: string, codeCache: boolean): Record<string, unknown> {
  return { main, output, disableExperimentalSEAWarning: true, useCodeCache: codeCache };
}

/**
 * Why a single executable cannot be built here for the Terraform platform `platform` (e.g.
 * darwin_arm64), or undefined when it can: only this machine's platform, on Linux or macOS.
 */
export function singleExecutableProblem(
  platform: string,
  hostPlatform: string = terraformPlatform(),
  hostOs: string = process.platform,
): string | undefined {
  if (!SEA_OPERATING_SYSTEMS.includes(hostOs))
    return `single executables are built on Linux or macOS only, not on ${hostOs}`;
  if (platform !== hostPlatform)
    return `a single executable for ${platform} is built on ${platform}, from its node binary (this machine is ${hostPlatform})`;
  return undefined;
}

/** Runs a build tool; on failure, the error carries its output. */
async function run(file: string, args: readonly string[], cwd: string): Promise<void> {
  const env = { ...process.env };
  // Options meant for the caller's node (a debugger, --require hooks) must not reach the blob.
  delete env.NODE_OPTIONS;
  try {
    await execFileAsync(file, [...args], { cwd, env, maxBuffer: 16 * 1024 * 1024 });
  } catch (error: unknown) {
    const output = error as { stdout?: string; stderr?: string; message?: string };
    throw new Error(`${path.basename(file)} ${args.join(' ')} failed: ${output.stderr || output.message}`, {
      cause: error,
    });
  }
}

/** The postject command-line entry (run as a child: it holds several copies of the binary in memory). */
function postjectCli(): string {
  return require.resolve('postject/dist/cli.js');
}

/**
 * The bytes of the single executable of `bundle`: writes the blob with the node binary itself,
 * copies that binary and injects the blob, in a scratch folder removed after.
 */
export async function buildSingleExecutable(options: SingleExecutableOptions): Promise<Buffer> {
  const nodeBinary = options.nodeBinary ?? process.execPath;
  if (!readFileSync(nodeBinary).includes(`${SEA_FUSE}:0`))
    throw new Error(
      `${nodeBinary} cannot become a single executable (no unused ${SEA_FUSE}): use an official ` +
        'Node.js 20 binary (--node PATH), or --runtime node',
    );
  const work = mkdtempSync(path.join(tmpdir(), SEA_SCRATCH_PREFIX));
  const outFile = path.join(work, 'terraform-provider-apono');
  try {
    // Relative names only: nothing of the build folders goes into the blob.
    copyFileSync(options.bundle, path.join(work, 'main.js'));
    writeFileSync(
      path.join(work, 'sea-config.json'),
      JSON.stringify(seaConfig('main.js', 'sea.blob', options.codeCache ?? true)),
    );
    await run(
      nodeBinary,
      [`--random-seed=${BLOB_RANDOM_SEED}`, '--experimental-sea-config', 'sea-config.json'],
      work,
    );
    copyFileSync(nodeBinary, outFile);
    chmodSync(outFile, 0o755);
    const macOS = process.platform === 'darwin';
    if (macOS) await run('codesign', ['--remove-signature', outFile], work);
    await run(
      process.execPath,
      [
        postjectCli(),
        outFile,
        SEA_RESOURCE,
        path.join(work, 'sea.blob'),
        '--sentinel-fuse',
        SEA_FUSE,
        ...(macOS ? ['--macho-segment-name', MACHO_SEGMENT] : []),
      ],
      work,
    );
    if (macOS) await run('codesign', ['--sign', '-', outFile], work);
    return readFileSync(outFile);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Usage of `node dist/scripts/single-executable.js` (for benchmarks: the release zips the same bytes). */
const SINGLE_EXECUTABLE_USAGE =
  'Usage: node dist/scripts/single-executable.js --out FILE [--no-code-cache] [--node PATH]\n' +
  '  writes the single executable of dist/bundle/terraform-provider-apono to FILE\n';

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      node: { type: 'string' },
      'no-code-cache': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help === true || values.out === undefined) {
    process.stdout.write(SINGLE_EXECUTABLE_USAGE);
    if (values.help !== true) process.exitCode = 2;
  } else {
    const outFile = path.resolve(values.out);
    buildSingleExecutable({
      bundle: path.join(packageInfo().root, BUNDLE_FILE),
      nodeBinary: values.node === undefined ? undefined : path.resolve(values.node),
      codeCache: values['no-code-cache'] !== true,
    }).then(
      (bytes) => {
        writeFileSync(outFile, bytes, { mode: 0o755 });
        process.stdout.write(`${outFile}\n`);
      },
      (error: unknown) => {
        process.stderr.write(
          `single executable failed: ${error instanceof Error ? error.message : String(error)}\n`,
        );
        process.exitCode = 1;
      },
    );
  }
}
