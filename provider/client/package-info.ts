/** Where this package lives on disk, and its version: found by walking up to package.json. */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { embeddedAssets } from '../embedded';

const PACKAGE_NAME = 'terraform-provider-apono';

interface PackageInfo {
  readonly root: string;
  readonly version: string;
}

let cached: PackageInfo | undefined;

/**
 * The package root and version. Walking up (rather than a fixed `../..`) works both from the
 * TypeScript sources under ts-jest and from the compiled files under dist/.
 */
export function packageInfo(): PackageInfo {
  if (cached) return cached;
  const embedded = embeddedAssets();
  // The bundled executable has no package folder: its root is the folder it sits in.
  if (embedded) return (cached = { root: path.dirname(embedded.executable), version: embedded.version });
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) {
      const manifest: unknown = JSON.parse(fs.readFileSync(candidate, 'utf8'));
      if (
        typeof manifest === 'object' &&
        manifest !== null &&
        'name' in manifest &&
        manifest.name === PACKAGE_NAME
      ) {
        const version =
          'version' in manifest && typeof manifest.version === 'string' ? manifest.version : '0.0.0';
        cached = { root: dir, version };
        return cached;
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package.json of ${PACKAGE_NAME} not found above ${__dirname}`);
    dir = parent;
  }
}
