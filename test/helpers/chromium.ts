/**
 * Where the browser tests find Chromium: the Debian package's executable (CI installs it, see
 * .ci/run), or CHROMIUM_PATH. A missing browser is an error that says how to install it, never a
 * reason to skip.
 */
import { existsSync } from 'node:fs';

/** The executables the Debian (and older Ubuntu) chromium packages install, in order of preference. */
export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'] as const;

/** The Chromium executable to launch: CHROMIUM_PATH when set, else the first candidate present. */
export function chromiumExecutable(
  env: NodeJS.ProcessEnv = process.env,
  exists: (file: string) => boolean = existsSync,
): string {
  const configured = env.CHROMIUM_PATH;
  if (configured !== undefined && configured !== '') {
    if (!exists(configured)) throw new Error(`CHROMIUM_PATH is ${configured}, which does not exist`);
    return configured;
  }
  const found = CHROMIUM_CANDIDATES.find((candidate) => exists(candidate));
  if (found === undefined) {
    throw new Error(
      `Chromium is not installed (looked for ${CHROMIUM_CANDIDATES.join(', ')}): the browser tests need it. ` +
        'Install the Debian package (apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium executable.',
    );
  }
  return found;
}

/**
 * Flags for a headless Chromium in a test: root (as in CI) needs --no-sandbox, and a container's
 * small /dev/shm is no place for the renderer's shared memory.
 */
export function chromiumArgs(isRoot: boolean = process.getuid?.() === 0): string[] {
  return [...(isRoot ? ['--no-sandbox'] : []), '--disable-dev-shm-usage'];
}
