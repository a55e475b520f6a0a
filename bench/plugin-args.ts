/**
 * The `--plugin LABEL=PATH` arguments the start-up benches share: which provider executables to
 * measure side by side (bin/, the bundle, a release executable, another build).
 */
import * as path from 'node:path';

/** One provider executable under a label. */
export interface LabelledPlugin {
  readonly label: string;
  readonly path: string;
}

/** The executables named by `--plugin LABEL=PATH` arguments, in order (none: an empty list). */
export function pluginArgs(argv: readonly string[]): LabelledPlugin[] {
  const plugins: LabelledPlugin[] = [];
  argv.forEach((arg, index) => {
    if (arg !== '--plugin') return;
    const value = argv[index + 1] ?? '';
    const equals = value.indexOf('=');
    if (equals < 1) throw new Error('--plugin needs LABEL=PATH');
    plugins.push({ label: value.slice(0, equals), path: path.resolve(value.slice(equals + 1)) });
  });
  return plugins;
}
