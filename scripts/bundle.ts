/**
 * Part of `npm run build`: bundles the compiled provider (dist/provider) and its dependencies with
 * esbuild into one self-contained executable, dist/bundle/terraform-provider-apono. The .proto files
 * travel inside as protobufjs JSON descriptors (parsed here, once, not at every launch) and the JSON
 * Schemas of schema/api/ as parsed objects; the bundle registers them through provider/embedded.ts.
 * Nothing of the build machine (checkout path, node_modules) is left in the file, so its bytes, and
 * the lock-file hashes of the release made from it, are the same wherever it is built.
 *
 * The executable also carries a V8 code cache of the bundled code (see executableSource): compiling
 * the ~1 MB of JavaScript is a large part of each of the three launches of a plan. Node checks the
 * cache against its own version and flags and, when it was built by another one, compiles the code
 * as usual.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import * as protobuf from 'protobufjs';
import { packageInfo } from '../provider/client/package-info';
import type { EmbeddedAssets } from '../provider/embedded';
import { PROTO_FILES, PROTO_LOADER_OPTIONS } from '../provider/protocol/proto';

/** Where `npm run build` writes the bundled executable, relative to the package root. */
export const BUNDLE_FILE = path.join('dist', 'bundle', 'terraform-provider-apono');

/** The protobufjs JSON descriptor of one .proto file, parsed as proto-loader would parse it. */
export function protoDescriptor(file: string): object {
  const root = new protobuf.Root();
  root.loadSync(file, { keepCase: PROTO_LOADER_OPTIONS.keepCase === true });
  root.resolveAll();
  return root.toJSON();
}

/** The assets the bundle embeds, read from the package at `root` (all but the executable's path). */
export function assetsToEmbed(root: string): Omit<EmbeddedAssets, 'executable' | 'codeCache'> {
  const protos: Record<string, object> = {};
  for (const relativePath of Object.values(PROTO_FILES))
    protos[relativePath] = protoDescriptor(path.join(root, relativePath));
  return {
    version: packageInfo().version,
    protos,
  };
}

/**
 * The bundle's entry: registers the embedded assets, then does what bin/terraform-provider-apono
 * does. The assets go in as one JSON string (JSON.parse of a string starts faster than a literal).
 */
export function bundleEntrySource(assets: Omit<EmbeddedAssets, 'executable' | 'codeCache'>): string {
  return [
    "require('./dist/provider/transport/server-key.js').prewarmServerKey();",
    `const assets = JSON.parse(${JSON.stringify(JSON.stringify(assets))});`,
    // codeCacheStatus: a parameter of the function executableSource runs this code in.
    "const codeCache = typeof codeCacheStatus === 'string' ? codeCacheStatus : 'absent';",
    "require('./dist/provider/embedded.js').embedAssets({ ...assets, executable: __filename, codeCache });",
    "require('./dist/provider/main.js').main();",
    '',
  ].join('\n');
}

/**
 * The parameters of the function the bundled code runs in: CommonJS's five, then how the code
 * cache fared ('accepted', 'rejected' or 'absent'), which the entry hands to provider/embedded.ts.
 */
const CODE_PARAMETERS = 'exports, require, module, __filename, __dirname, codeCacheStatus';

/** The bundled code as the source of one function expression, the unit the code cache is made of. */
export function wrapForCodeCache(code: string): string {
  return `(function (${CODE_PARAMETERS}) {${code}\n})`;
}

/**
 * Node's code cache of `wrappedSource` (a wrapForCodeCache result), made in a child `node` with
 * every function compiled eagerly, so that the cache covers the code that runs after the top level.
 * The child runs with a fixed random seed: V8 then writes the same bytes at every build (the release
 * must be reproducible), and only the flags' hash, which the seed is not part of, decides whether a
 * launch accepts the cache. Eager compilation is switched off again before the cache is written, so
 * the cache names the default flags, those of a plain launch.
 */
export function produceCodeCache(wrappedSource: string): Buffer {
  const producer = [
    "const v8 = require('node:v8');",
    "const vm = require('node:vm');",
    "const source = require('node:fs').readFileSync(0, 'utf8');",
    "v8.setFlagsFromString('--no-lazy');",
    "const script = new vm.Script(source, { filename: 'terraform-provider-apono' });",
    "v8.setFlagsFromString('--lazy');",
    'process.stdout.write(script.createCachedData());',
  ].join('\n');
  // NODE_OPTIONS could carry V8 flags into the flags' hash: a cache for a launch with those only.
  const env = { ...process.env };
  delete env['NODE_OPTIONS'];
  const result = spawnSync(process.execPath, ['--random-seed=1', '-e', producer], {
    input: wrappedSource,
    env,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`code cache: node exited ${result.status}: ${result.stderr.toString('utf8')}`);
  }
  return result.stdout;
}

/**
 * The text of the executable: a few lines that compile `wrappedSource` with `codeCache` (empty: none)
 * through node:vm, then run it as the main module. The code and the cache travel as string
 * literals, so the executable stays one plain CommonJS file (what a Node single executable
 * application embeds too). A cache V8 rejects (another Node version or V8 flags) costs only the
 * compilation it would have saved.
 */
export function executableSource(wrappedSource: string, codeCache: Buffer): string {
  return [
    '#!/usr/bin/env node',
    "'use strict';",
    `const code = ${JSON.stringify(wrappedSource)};`,
    `const codeCache = ${JSON.stringify(codeCache.toString('base64'))};`,
    'const cachedData = codeCache === "" ? undefined : Buffer.from(codeCache, "base64");',
    "const script = new (require('node:vm').Script)(code, { filename: __filename, cachedData });",
    "const status = cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'accepted';",
    'script.runInThisContext()(exports, require, module, __filename, __dirname, status);',
    '',
  ].join('\n');
}

/** The bundled code of the package at `root` (esbuild's output, not yet an executable). */
export async function bundledCode(root: string = packageInfo().root): Promise<string> {
  const result = await build({
    stdin: {
      contents: bundleEntrySource(assetsToEmbed(root)),
      resolveDir: root,
      sourcefile: 'bundle-entry.js',
      loader: 'js',
    },
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // Minified: no source-path comments (nothing of the checkout inside) and less to parse at launch;
    // names kept so that stack traces and error class names stay readable.
    minify: true,
    keepNames: true,
    write: false,
    logLevel: 'error',
  });
  return result.outputFiles[0]!.text;
}

/** Bundles the built provider of the package at `root` into `outFile` (mode 0755) and returns it. */
export async function bundleProvider(
  root: string = packageInfo().root,
  outFile: string = path.join(root, BUNDLE_FILE),
): Promise<string> {
  mkdirSync(path.dirname(outFile), { recursive: true });
  const wrapped = wrapForCodeCache(await bundledCode(root));
  writeFileSync(outFile, executableSource(wrapped, produceCodeCache(wrapped)));
  chmodSync(outFile, 0o755);
  return outFile;
}

if (require.main === module) {
  bundleProvider().catch((error: unknown) => {
    process.stderr.write(`bundle failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
