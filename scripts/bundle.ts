/**
 * Part of `npm run build`: bundles the compiled provider (dist/provider) and its dependencies with
 * esbuild into one self-contained executable, dist/bundle/terraform-provider-apono. The .proto files
 * travel inside as protobufjs JSON descriptors (parsed here, once, not at every launch) and the JSON
 * Schemas of schema/api/ as parsed objects; the bundle registers them through provider/embedded.ts.
 * Nothing of the build machine (checkout path, node_modules) is left in the file, so its bytes, and
 * the lock-file hashes of the release made from it, are the same wherever it is built.
 */
import { chmodSync, mkdirSync } from 'node:fs';
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
export function assetsToEmbed(root: string): Omit<EmbeddedAssets, 'executable'> {
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
export function bundleEntrySource(assets: Omit<EmbeddedAssets, 'executable'>): string {
  return [
    "require('./dist/provider/transport/server-key.js').prewarmServerKey();",
    `const assets = JSON.parse(${JSON.stringify(JSON.stringify(assets))});`,
    "require('./dist/provider/embedded.js').embedAssets({ ...assets, executable: __filename });",
    "require('./dist/provider/main.js').main();",
    '',
  ].join('\n');
}

/** Bundles the built provider of the package at `root` into `outFile` (mode 0755) and returns it. */
export async function bundleProvider(
  root: string = packageInfo().root,
  outFile: string = path.join(root, BUNDLE_FILE),
): Promise<string> {
  mkdirSync(path.dirname(outFile), { recursive: true });
  await build({
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
    banner: { js: '#!/usr/bin/env node' },
    outfile: outFile,
    logLevel: 'error',
  });
  chmodSync(outFile, 0o755);
  return outFile;
}

if (require.main === module) {
  bundleProvider().catch((error: unknown) => {
    process.stderr.write(`bundle failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
