/**
 * Part of `npm run release`: turns the bundle of `npm run build` into a Node single executable
 * application (SEA), a copy of the node binary carrying the bundle, so the release executable runs
 * with no `node` on PATH. Node 20's recipe: `node --experimental-sea-config` writes a preparation
 * blob, postject injects it into a copy of the node binary and flips the SEA fuse.
 *
 * The SEA's main script is a small loader; the bundle travels as an asset (the bundle's code wrapped
 * in a function, as CommonJS does) with, by default, V8's code cache of it. Node's own `useCodeCache`
 * caches only the code compiled before a script runs (its top level); this cache is written after
 * a training run of the bundle, launched as Terraform launches it (magic cookie, AutoMTLS client
 * certificate; it listens on 127.0.0.1 for that moment) until it prints the handshake line, so it
 * also holds every function a launch runs up to the handshake, which a launch then neither parses
 * nor compiles.
 *
 * The bytes are reproducible: the same node binary and bundle give the same executable. V8 writes
 * a code cache with random hash seeds unless its random seed is fixed, which the cache's validity
 * check at launch ignores: the training runs with --random-seed, and with Terraform's variables
 * only (none of the build machine's).
 *
 * A SEA is built on the platform it is for, from that platform's node binary: the blob is made by
 * running that binary, and a macOS binary must be signed again after injection.
 */
import { execFile } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { packageInfo } from '../provider/client/package-info';
import { terraformPlatform } from '../provider/install';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../provider/transport/handshake';
import { generateServerCertificate } from '../provider/transport/tls';
import { BUNDLE_FILE } from './bundle';

const execFileAsync = promisify(execFile);

/** The fuse string Node 20 looks for to know it carries a SEA blob (postject flips its last byte). */
export const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

/** The name of the resource (ELF note, Mach-O section, PE resource) Node reads the blob from. */
export const SEA_RESOURCE = 'NODE_SEA_BLOB';

/** The Mach-O segment Node reads the blob from on macOS. */
const MACHO_SEGMENT = 'NODE_SEA';

/**
 * V8's random seed while the code cache is written: fixed, so it has the same bytes at every build.
 * V8 leaves this flag out of the check that accepts a code cache at launch.
 */
export const CODE_CACHE_RANDOM_SEED = 1;

/** The SEA assets: the wrapped bundle and its code cache. */
export const SEA_ASSETS = { code: 'provider.js', codeCache: 'provider.cache' } as const;

/** What the executable prints on stderr when V8 rejects its code cache. */
export const CODE_CACHE_REJECTED_MESSAGE =
  'terraform-provider-apono: V8 rejected the embedded code cache; starting without it\n';

/** The file name V8 gives the bundle's code (stack traces show it). */
const CODE_FILENAME = 'terraform-provider-apono.js';

/** The start of go-plugin's handshake line, which ends the training run. */
const HANDSHAKE_PREFIX = '1|6|tcp|';

/** The name prefix of the scratch folder a single executable is built in. */
export const SEA_SCRATCH_PREFIX = 'apono-sea-';

/** The operating systems this script makes single executables for. */
const SEA_OPERATING_SYSTEMS: readonly string[] = ['linux', 'darwin'];

/** Options of buildSingleExecutable. */
export interface SingleExecutableOptions {
  /** The bundled provider (carried as an asset, run by the SEA's loader). */
  readonly bundle: string;
  /** The node binary to copy (default: the one running this script). */
  readonly nodeBinary?: string;
  /** Embed V8's code cache of the bundle, from a training run (default true). */
  readonly codeCache?: boolean;
}

/**
 * The sea-config.json of Node 20: `main` run from a blob written to `output`, carrying `assets`
 * (asset name to file). Node's useCodeCache is off: the loader is a few lines.
 */
export function seaConfig(
  main: string,
  output: string,
  assets: Readonly<Record<string, string>>,
): Record<string, unknown> {
  return { main, output, disableExperimentalSEAWarning: true, useCodeCache: false, assets };
}

/**
 * The bundle's code as the SEA compiles it: without its `#!` line, wrapped in a function of the
 * CommonJS module variables (which the loader passes on).
 */
export function wrappedBundle(bundleSource: string): string {
  const code = bundleSource.startsWith('#!')
    ? bundleSource.slice(bundleSource.indexOf('\n') + 1)
    : bundleSource;
  return `(function (exports, require, module, __filename, __dirname) {\n${code}\n})`;
}

/**
 * The SEA's main script: compiles the wrapped bundle asset (with its code cache when there is one)
 * and runs it with the SEA's module variables (`__filename` is the executable).
 */
export function seaLoaderSource(withCodeCache: boolean): string {
  const cachedData = withCodeCache
    ? `Buffer.from(getAsset(${JSON.stringify(SEA_ASSETS.codeCache)}))`
    : 'undefined';
  return [
    "const { getAsset } = require('node:sea');",
    "const { Script } = require('node:vm');",
    `const code = getAsset(${JSON.stringify(SEA_ASSETS.code)}, 'utf8');`,
    `const script = new Script(code, { filename: ${JSON.stringify(CODE_FILENAME)}, cachedData: ${cachedData} });`,
    // A rejected cache (another V8 flag set, e.g. through NODE_OPTIONS) only slows the start: say so.
    'if (script.cachedDataRejected === true)',
    `  process.stderr.write(${JSON.stringify(CODE_CACHE_REJECTED_MESSAGE)});`,
    'script.runInThisContext()(exports, require, module, __filename, __dirname);',
    '',
  ].join('\n');
}

/**
 * The training run: compiles the wrapped bundle of `codeFile` as the loader does and runs it; it
 * exits once the handshake line is written (or when the bundle exits), and on exit writes V8's
 * code cache of everything compiled by then to `cacheFile`.
 */
export function codeCacheTrainingSource(codeFile: string, cacheFile: string): string {
  return [
    "const { readFileSync, writeFileSync } = require('node:fs');",
    "const { Script } = require('node:vm');",
    `const script = new Script(readFileSync(${JSON.stringify(codeFile)}, 'utf8'), { filename: ${JSON.stringify(CODE_FILENAME)} });`,
    `process.on('exit', () => writeFileSync(${JSON.stringify(cacheFile)}, script.createCachedData()));`,
    'const write = process.stdout.write.bind(process.stdout);',
    'process.stdout.write = (chunk, ...rest) => {',
    '  const written = write(chunk, ...rest);',
    `  if (String(chunk).startsWith(${JSON.stringify(HANDSHAKE_PREFIX)})) process.exit(0);`,
    '  return written;',
    '};',
    'script.runInThisContext()(exports, require, module, process.execPath, __dirname);',
    '',
  ].join('\n');
}

/**
 * The whole environment of the training run: what Terraform sets, with a fresh AutoMTLS client
 * certificate, and nothing of the build machine's (a provider setting there could take other code
 * paths, and the cache would differ from machine to machine).
 */
async function trainingEnv(): Promise<NodeJS.ProcessEnv> {
  const client = await generateServerCertificate();
  return {
    [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
    PLUGIN_PROTOCOL_VERSIONS: '6',
    PLUGIN_CLIENT_CERT: client.certPem,
  };
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

/**
 * Runs a build tool and returns its output; a failure throws with its stderr. Its environment is
 * `env` when given, else this process's without NODE_OPTIONS (options meant for the caller's node,
 * a debugger or --require hooks, must not reach the build).
 */
async function run(
  file: string,
  args: readonly string[],
  cwd: string,
  env?: NodeJS.ProcessEnv,
): Promise<{ stdout: string; stderr: string }> {
  const inherited = { ...process.env };
  delete inherited.NODE_OPTIONS;
  try {
    return await execFileAsync(file, [...args], {
      cwd,
      env: env ?? inherited,
      maxBuffer: 16 * 1024 * 1024,
      timeout: 120_000,
    });
  } catch (error: unknown) {
    const failed = error as { stderr?: string; message?: string };
    throw new Error(`${path.basename(file)} ${args.join(' ')} failed: ${failed.stderr || failed.message}`, {
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
  const codeCache = options.codeCache ?? true;
  try {
    // Relative names only: nothing of the build folders goes into the blob.
    writeFileSync(path.join(work, SEA_ASSETS.code), wrappedBundle(readFileSync(options.bundle, 'utf8')));
    writeFileSync(path.join(work, 'loader.js'), seaLoaderSource(codeCache));
    const assets: Record<string, string> = { [SEA_ASSETS.code]: SEA_ASSETS.code };
    if (codeCache) {
      writeFileSync(
        path.join(work, 'train.js'),
        codeCacheTrainingSource(SEA_ASSETS.code, SEA_ASSETS.codeCache),
      );
      const trained = await run(
        nodeBinary,
        [`--random-seed=${CODE_CACHE_RANDOM_SEED}`, 'train.js'],
        work,
        await trainingEnv(),
      );
      if (!trained.stdout.startsWith(HANDSHAKE_PREFIX) || !existsSync(path.join(work, SEA_ASSETS.codeCache)))
        throw new Error(`the training run of the bundle did not reach the handshake: ${trained.stderr}`);
      assets[SEA_ASSETS.codeCache] = SEA_ASSETS.codeCache;
    }
    writeFileSync(
      path.join(work, 'sea-config.json'),
      JSON.stringify(seaConfig('loader.js', 'sea.blob', assets)),
    );
    await run(nodeBinary, ['--experimental-sea-config', 'sea-config.json'], work);
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
        mkdirSync(path.dirname(outFile), { recursive: true });
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
