/** Sizes on the command line, such as `--compact-threshold 32M`. */
const SIZE_UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

/** Parses a size such as `4096`, `64K`, `32M` or `1G` (binary units) into bytes; null if malformed. */
export function parseByteSize(text: string): number | null {
  const match = /^(\d+)([KMG]?)$/i.exec(text.trim());
  if (!match) return null;
  const bytes = Number(match[1]) * SIZE_UNITS[match[2].toUpperCase()];
  return Number.isSafeInteger(bytes) ? bytes : null;
}
